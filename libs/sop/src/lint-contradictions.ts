/**
 * Lint: conjunctions that can never be true. The conditions joined by `and` (and a transition's
 * guards, which must all hold) are grouped by the `var` they test; a group no value can satisfy
 * makes the conjunction false on every case. The judgement follows the rules library's own
 * semantics (loose `==`, `in` by strict membership, JavaScript comparisons that are false when a
 * side is missing, as `lessThan` decides), and says "never" only
 * when no value at all could pass: it never guesses.
 */
import { lessThan, truthy } from '@app/rules';
import { jp, PackIssue } from './pack-issue';
import type { LintContext } from './lint-context';
import { isOp, opArgs, ruleSites, varOf, walkRule } from './lint-rule-sites';

type Lit = string | number;
type Atom =
  | { kind: 'eq'; value: Lit; strict: boolean; text: string }
  | { kind: 'neq'; value: Lit; strict: boolean; text: string }
  | { kind: 'in'; values: unknown[]; text: string }
  | { kind: 'cmp'; test: (x: unknown) => boolean; bound: [lo: number, loStrict: boolean, hi: number, hiStrict: boolean]; text: string }
  | { kind: 'truthy'; text: string }
  | { kind: 'falsy'; text: string };

const isLit = (v: unknown): v is Lit => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
const keyOf = (node: unknown): string | null => {
  const v = varOf(node);
  return v ? JSON.stringify([v.path, v.hasFallback ? v.fallback : null]) : null;
};

/** The atoms one condition puts on the vars it tests (none when it is not a simple test). */
function atomsOf(node: unknown): Array<[string, Atom]> {
  const text = JSON.stringify(node);
  const bare = keyOf(node);
  if (bare) return [[bare, { kind: 'truthy', text }]];
  if (!isOp(node)) return [];
  const [name, args] = opArgs(node);
  if ((name === '!' || name === '!!') && args.length === 1) {
    const k = keyOf(args[0]);
    return k ? [[k, { kind: name === '!' ? 'falsy' : 'truthy', text }]] : [];
  }
  if (['==', '===', '!=', '!=='].includes(name) && args.length === 2) {
    const [a, b] = args;
    const k = keyOf(a) ?? keyOf(b);
    const lit = keyOf(a) ? b : a;
    if (!k || !isLit(lit)) return [];
    return [[k, { kind: name.startsWith('!') ? 'neq' : 'eq', value: lit, strict: name.length === 3, text }]];
  }
  if (name === 'in' && args.length === 2 && Array.isArray(args[1])) {
    const k = keyOf(args[0]);
    return k && args[1].every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v)) ? [[k, { kind: 'in', values: args[1], text }]] : [];
  }
  if (['<', '<=', '>', '>='].includes(name) && (args.length === 2 || (args.length === 3 && (name === '<' || name === '<=')))) {
    const strict = name === '<' || name === '>';
    // The rules' own comparison: a missing value (null) passes no bound.
    const lt = (x: unknown, y: unknown) => lessThan(x, y, !strict);
    // Normalise to "lower ≤ var ≤ upper" where the var stands.
    const chain = name === '>' || name === '>=' ? [args[1], args[0]] : args;
    const out: Array<[string, Atom]> = [];
    chain.forEach((c, i) => {
      const k = keyOf(c);
      if (!k) return;
      const lo = i > 0 ? chain[i - 1] : undefined;
      const hi = i < chain.length - 1 ? chain[i + 1] : undefined;
      if (lo !== undefined && typeof lo === 'number') out.push([k, { kind: 'cmp', test: (x) => lt(lo, x), bound: [lo, strict, Infinity, false], text }]);
      if (hi !== undefined && typeof hi === 'number') out.push([k, { kind: 'cmp', test: (x) => lt(x, hi), bound: [-Infinity, false, hi, strict], text }]);
    });
    return out;
  }
  return [];
}

// Two constants some value is loosely equal to both of: the same, or the same number (the number itself is then equal to both).
const sameNumber = (a: Lit, b: Lit) => Number(a) === Number(b) && !Number.isNaN(Number(a));
// eslint-disable-next-line eqeqeq
const looseEq = (a: unknown, b: unknown) => a == b;

/** Why no value satisfies these atoms together, or null when some value might. */
function conflict(atoms: Atom[]): [Atom, Atom] | null {
  for (let i = 0; i < atoms.length; i++) {
    for (let j = 0; j < atoms.length; j++) {
      if (i !== j && pairConflicts(atoms[i], atoms[j])) return [atoms[Math.min(i, j)], atoms[Math.max(i, j)]];
    }
  }
  // Numeric bounds together.
  let lo = -Infinity,
    loStrict = false,
    hi = Infinity,
    hiStrict = false;
  const cmps = atoms.filter((a): a is Extract<Atom, { kind: 'cmp' }> => a.kind === 'cmp');
  for (const c of cmps) {
    const [l, ls, h, hs] = c.bound;
    if (l > lo || (l === lo && ls)) [lo, loStrict] = [l, ls];
    if (h < hi || (h === hi && hs)) [hi, hiStrict] = [h, hs];
  }
  if (cmps.length > 1 && (lo > hi || (lo === hi && (loStrict || hiStrict)))) return [cmps[0], cmps[cmps.length - 1]];
  return null;
}

/** Can no value satisfy both a and b? (Checked both ways round by the caller.) */
function pairConflicts(a: Atom, b: Atom): boolean {
  switch (a.kind) {
    case 'eq':
      if (a.strict) return !satisfies(a.value, b);
      if (b.kind === 'eq' && !b.strict) return a.value !== b.value && !sameNumber(a.value, b.value);
      if (b.kind === 'neq') return b.strict === a.strict && a.value === b.value;
      // Every value loosely equal to a string or number has that number (NaN fails every comparison).
      if (b.kind === 'cmp') return !b.test(Number(a.value));
      if (b.kind === 'falsy') return Number(a.value) !== 0;
      return false;
    case 'in':
      // The value is one of the list's items: try each.
      return a.values.every((v) => !satisfies(v, b));
    case 'truthy':
      return b.kind === 'falsy';
    default:
      return false;
  }
}

/** Does this very value satisfy the atom? */
function satisfies(v: unknown, atom: Atom): boolean {
  switch (atom.kind) {
    case 'eq':
      return atom.strict ? v === atom.value : looseEq(v, atom.value);
    case 'neq':
      return atom.strict ? v !== atom.value : !looseEq(v, atom.value);
    case 'in':
      return atom.values.includes(v);
    case 'cmp':
      return atom.test(v);
    case 'truthy':
      return truthy(v);
    case 'falsy':
      return !truthy(v);
  }
}

/** The conditions a conjunction joins, with nested `and`s flattened. */
function conjuncts(node: unknown, path: string): Array<{ node: unknown; path: string }> {
  if (isOp(node) && 'and' in node && Array.isArray(node.and)) return node.and.flatMap((n, i) => conjuncts(n, jp(path, 'and', i)));
  return [{ node, path }];
}

function never(items: Array<{ node: unknown; path: string }>): { atoms: [Atom, Atom]; key: string } | null {
  const byVar = new Map<string, Atom[]>();
  for (const it of items) for (const [k, atom] of atomsOf(it.node)) byVar.set(k, [...(byVar.get(k) ?? []), atom]);
  for (const [k, atoms] of byVar) {
    const c = conflict(atoms);
    if (c) return { atoms: c, key: JSON.parse(k)[0] };
  }
  return null;
}

export function lintContradictions(ctx: LintContext): PackIssue[] {
  const issues: PackIssue[] = [];
  const report = (file: string, path: string, what: string, found: NonNullable<ReturnType<typeof never>>, whole: boolean) =>
    issues.push({
      file,
      path,
      code: 'conjunction_never_true',
      severity: whole ? 'error' : 'warning',
      params: { key: found.key },
      message:
        `${what} can never be true: ${found.atoms[0].text === found.atoms[1].text ? `${found.atoms[0].text} holds for no value of` : `${found.atoms[0].text} and ${found.atoms[1].text} cannot both hold for`} "${found.key}"` +
        (whole ? '' : ' (this part of the rule is dead)'),
    });
  const sites = ruleSites(ctx.pack);
  // A transition's guards must all hold: together they are one conjunction.
  ctx.pack.workflow.transitions.forEach((t, i) => {
    const guards = (t.guards ?? []).flatMap((g, j) => conjuncts(g.rule, jp('$.transitions', i, 'guards', j, 'rule')));
    const found = never(guards);
    if (found)
      report(
        'workflow.json',
        t.guards!.length > 1 ? jp('$.transitions', i, 'guards') : jp('$.transitions', i, 'guards', 0, 'rule'),
        `the guards of transition "${t.id}"`,
        found,
        true,
      );
  });
  for (const site of sites) {
    walkRule(site.rule, site.path, (node, path) => {
      if (!('and' in node) || !Array.isArray(node.and)) return;
      // Nested ands were flattened into the outermost one.
      const parentIsAnd = path !== site.path && /\.and\[\d+\]$/.test(path);
      if (parentIsAnd) return;
      const found = never(conjuncts(node, path));
      if (!found) return;
      const whole = path === site.path;
      // The whole guard was already reported with the transition's other guards.
      if (whole && site.kind === 'guard') return;
      report(site.file, path, site.what, found, whole && site.kind !== 'effect');
    });
  }
  return issues;
}
