import { RE2JS } from 're2js';

/**
 * Form answers are checked against patterns written by pack authors. JavaScript's own RegExp
 * backtracks, so a pattern like `^(a+)+$` turns a 30-character answer into seconds of blocked event
 * loop. Every `pattern` / `patternProperties` key is therefore matched with RE2 (re2js, a pure-JS
 * port), whose matching time is linear in the answer's length. Patterns RE2 cannot express
 * (backreferences, lookaround) are refused when the pack is validated, not at answer time.
 */

/** Compiles a JSON Schema (ECMA-262) pattern for RE2; throws a plain-language Error when it cannot. */
export function compileLinear(pattern: string): RE2JS {
  try {
    return RE2JS.compile(RE2JS.translateRegExp(pattern));
  } catch (e: any) {
    const reason = String(e?.message ?? e).replace(/^error parsing regexp: /, '');
    throw new Error(`pattern ${JSON.stringify(pattern)} is not supported: ${reason} (patterns are matched in linear time, so backreferences and lookaround are not allowed)`);
  }
}

/** Why a pattern cannot be used, or null when it can. */
export function linearPatternProblem(pattern: string): string | null {
  try {
    compileLinear(pattern);
    return null;
  } catch (e: any) {
    return String(e.message);
  }
}

/**
 * ajv's `code.regExp` engine: same call shape as `new RegExp(pattern, 'u')`, matching with RE2.
 * ajv caches compiled patterns by `toString()`, so each must print as its own pattern.
 */
export const linearRegExp = Object.assign((pattern: string, _flags?: string) => {
  const re = compileLinear(pattern);
  return { test: (s: string) => re.test(s), toString: () => `/${pattern}/re2` };
}, { code: 'require("@app/forms").linearRegExp' });
