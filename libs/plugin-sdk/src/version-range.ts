/**
 * Semantic-version ranges as plugins state them: `^1.2.0`, `~1.2.0`, `1.2.3`, `1.x`, `*`, and
 * comparator sets such as `>=1.0.0 <2.0.0`. Pre-release versions are not supported.
 */
type Version = [number, number, number];

function parse(v: string): Version | null {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

function comparator(token: string, v: Version): boolean | null {
  if (token === '*' || token === 'x') return true;
  const x = /^(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?$/.exec(token);
  if (x && (x[2] === undefined || x[3] === undefined || /[x*]/.test(x[2] + x[3]))) {
    if (v[0] !== Number(x[1])) return false;
    return x[2] === undefined || /[x*]/.test(x[2]) || v[1] === Number(x[2]);
  }
  const m = /^(\^|~|>=|<=|>|<|=)?(.+)$/.exec(token);
  const base = m ? parse(m[2]) : null;
  if (!m || !base) return null;
  const c = compare(v, base);
  switch (m[1]) {
    case '^':
      return c >= 0 && (base[0] > 0 ? v[0] === base[0] : base[1] > 0 ? v[0] === 0 && v[1] === base[1] : compare(v, base) === 0);
    case '~':
      return c >= 0 && v[0] === base[0] && v[1] === base[1];
    case '>=':
      return c >= 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '<':
      return c < 0;
    default:
      return c === 0;
  }
}

/** Whether `version` satisfies `range`; null when either cannot be read. */
export function satisfiesRange(version: string, range: string): boolean | null {
  const v = parse(version);
  const tokens = range.trim().split(/\s+/).filter(Boolean);
  if (!v || tokens.length === 0) return null;
  let ok = true;
  for (const t of tokens) {
    const r = comparator(t, v);
    if (r === null) return null;
    ok = ok && r;
  }
  return ok;
}
