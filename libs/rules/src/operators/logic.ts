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
  r.register('and', (args, ctx) => {
    let value: unknown = null;
    for (let i = 0; i < args.length; i++) {
      value = ctx.arg(i);
      if (!truthy(value)) return value;
    }
    return value;
  }, { lazy: true });
  r.register('or', (args, ctx) => {
    let value: unknown = null;
    for (let i = 0; i < args.length; i++) {
      value = ctx.arg(i);
      if (truthy(value)) return value;
    }
    return value;
  }, { lazy: true });

  r.register('!', ([a]) => !truthy(a));
  r.register('!!', ([a]) => truthy(a));
  // eslint-disable-next-line eqeqeq
  r.register('==', ([a, b]) => a == b);
  r.register('===', ([a, b]) => a === b);
  // eslint-disable-next-line eqeqeq
  r.register('!=', ([a, b]) => a != b);
  r.register('!==', ([a, b]) => a !== b);

  type Cmp = (x: any, y: any) => boolean;
  const lt: Cmp = (x, y) => x < y;
  const le: Cmp = (x, y) => x <= y;
  r.register('>', ([a, b]) => lt(b, a));
  r.register('>=', ([a, b]) => le(b, a));
  // Three arguments: "between" (exclusive for <, inclusive for <=).
  r.register('<', (args) => (args.length >= 3 ? lt(args[0], args[1]) && lt(args[1], args[2]) : lt(args[0], args[1])));
  r.register('<=', (args) => (args.length >= 3 ? le(args[0], args[1]) && le(args[1], args[2]) : le(args[0], args[1])));
}
