/**
 * JSON pointers (RFC 6901) over a draft's files map: the first segment names a file
 * (`/workflow.json/steps/0/id`, `/forms~1registration.v1.json/schema`), the rest a place inside it.
 */

/** The segments of a pointer, unescaped; null when it is not a pointer (`""` is the whole document). */
export function parsePointer(pointer: string): string[] | null {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return null;
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function toPointer(segments: ReadonlyArray<string | number>): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/**
 * Whether two pointers concern the same data: equal, or one inside the other (a parent and its
 * child). `/a/b` and `/a/bc` do not overlap; `/a` and `/a/b` do.
 */
export function pointersOverlap(a: string, b: string): boolean {
  const pa = parsePointer(a);
  const pb = parsePointer(b);
  if (!pa || !pb) return true;
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) if (pa[i] !== pb[i]) return false;
  return true;
}

/**
 * A finding's location (file and JSONPath as the linter writes it, `$.transitions[3].to`,
 * `$['x-label']`) as a pointer into the files map, `/workflow.json/transitions/3/to`; the file's
 * pointer when the path cannot be read.
 */
export function findingPointer(file: string, jsonPath: string): string {
  const segments: Array<string | number> = [file];
  const rest = jsonPath.trim();
  if (!rest.startsWith('$')) return toPointer(segments);
  let i = 1;
  while (i < rest.length) {
    if (rest[i] === '.') {
      const m = /^[A-Za-z_$][A-Za-z0-9_$-]*/.exec(rest.slice(i + 1));
      if (!m) return toPointer(segments);
      segments.push(m[0]);
      i += 1 + m[0].length;
    } else if (rest.startsWith("['", i)) {
      let j = i + 2;
      let key = '';
      while (j < rest.length && rest[j] !== "'") {
        if (rest[j] === '\\' && j + 1 < rest.length) j++;
        key += rest[j++];
      }
      if (rest[j + 1] !== ']') return toPointer(segments);
      segments.push(key);
      i = j + 2;
    } else if (rest[i] === '[') {
      const m = /^\[(\d+)\]/.exec(rest.slice(i));
      if (!m) return toPointer(segments);
      segments.push(Number(m[1]));
      i += m[0].length;
    } else return toPointer(segments);
  }
  return toPointer(segments);
}
