import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { LINT_CODES } from './lint-codes';

/** The lint codes list is whole: a code a lint file gives without listing it would have no text in the studio. */
describe('lint codes', () => {
  it('lists every code the lint files give', () => {
    const dir = __dirname;
    const given = new Set<string>();
    for (const f of readdirSync(dir).filter((n) => /^lint-.*\.ts$/.test(n) && !n.endsWith('.spec.ts') && n !== 'lint-codes.ts')) {
      const text = readFileSync(path.join(dir, f), 'utf8');
      // `code: 'x'` in object literals, and the code argument of the err/warn/push helpers.
      for (const m of text.matchAll(/code: '([a-z_]+)'/g)) given.add(m[1]);
      for (const m of text.matchAll(/\b(?:err|warn|push)\(\s*(?:[^,()]+|[a-z]+\([^()]*\)),\s*(?:[^,()]+|[a-z]+\([^()]*\)),\s*'([a-z_]+)'/g)) given.add(m[1]);
      for (const m of text.matchAll(/\b(?:err|push)\(\s*(?:[^,()]+|[a-z]+\([^()]*\)),\s*'([a-z_]+)'/g)) given.add(m[1]);
    }
    expect(given.size).toBeGreaterThan(20);
    expect([...given].filter((c) => !(LINT_CODES as string[]).includes(c))).toEqual([]);
  });
});
