import type { OperatorRegistry } from '../registry';
import { truthy } from '../truthy';

/** if / ?:, and, or, !, !!, equality and comparisons (JSON Logic semantics). */
export function registerLogicOperators(r: OperatorRegistry): void {
  const ifOp = (args: unknown[], ctx: { arg(i: number): unknown }) => {
    let i = 0;
    for (; i < args.length - 1; i += 2) {
      if (truthy(ctx.arg(i))) return ctx.arg(i + 1);
    }
    // An odd count leaves a final "else" value.
    return i === args.length - 1 ? ctx.arg(i) : null;
  };
  r.register('if', ifOp, { lazy: true });
  r.register('?:', ifOp, { lazy: true });

  // and/or short-circuit and return the deciding value, not a boolean.
  r.register(
    'and',
    (args, ctx) => {
      let value: unknown = null;
      for (let i = 0; i < args.length; i++) {
        value = ctx.arg(i);
        if (!truthy(value)) return value;
      }
      return value;
    },
    { lazy: true },
  );
  r.register(
    'or',
    (args, ctx) => {
      let value: unknown = null;
      for (let i = 0; i < args.length; i++) {
        value = ctx.arg(i);
        if (truthy(value)) return value;
      }
      return value;
    },
    { lazy: true },
  );

  r.register('!', ([a]) => !truthy(a));
  r.register('!!', ([a]) => truthy(a));
  // eslint-disable-next-line eqeqeq
  r.register('==', ([a, b]) => a == b);
  r.register('===', ([a, b]) => a === b);
  // eslint-disable-next-line eqeqeq
  r.register('!=', ([a, b]) => a != b);
  r.register('!==', ([a, b]) => a !== b);

  r.register('>', ([a, b]) => lessThan(b, a));
  r.register('>=', ([a, b]) => lessThan(b, a, true));
  // Three arguments: "between" (exclusive for <, inclusive for <=).
  r.register('<', (args) => (args.length >= 3 ? lessThan(args[0], args[1]) && lessThan(args[1], args[2]) : lessThan(args[0], args[1])));
  r.register('<=', (args) => (args.length >= 3 ? lessThan(args[0], args[1], true) && lessThan(args[1], args[2], true) : lessThan(args[0], args[1], true)));
}

/**
 * `x < y` (or `x <= y`) as the rules read it: false when either side is missing (null or undefined),
 * so an unanswered score is neither below nor above anything; otherwise JavaScript's comparison
 * (numbers as numbers, two texts such as ISO dates as text, a number and a numeric text as numbers).
 * Exported for the SOP linter, which must judge comparisons the same way.
 */
export function lessThan(x: unknown, y: unknown, orEqual = false): boolean {
  if (x === null || x === undefined || y === null || y === undefined) return false;
  return orEqual ? (x as number) <= (y as number) : (x as number) < (y as number);
}
