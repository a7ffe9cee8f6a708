import type { OperatorRegistry } from '../registry';
import { truthy } from '../truthy';

/** in, cat, substr, merge and the array iterators (map, filter, reduce, all, none, some). */
export function registerArrayOperators(r: OperatorRegistry): void {
  r.register('in', ([needle, haystack]) => {
    // A missing needle is in no text (not even "annulled", which holds "null").
    if (typeof haystack === 'string') return needle !== null && needle !== undefined && haystack.includes(String(needle));
    if (Array.isArray(haystack)) return haystack.includes(needle);
    return false;
  });
  r.register('cat', (args) => args.map((a) => (a === null || a === undefined ? '' : String(a))).join(''));
  r.register('substr', ([source, start, length]) => {
    const s = String(source ?? '');
    const from = Number(start) || 0;
    const begin = from < 0 ? Math.max(s.length + from, 0) : from;
    const rest = s.slice(begin);
    if (length === undefined || length === null) return rest;
    const n = Number(length);
    // A negative length drops characters from the end.
    return n < 0 ? rest.slice(0, Math.max(rest.length + n, 0)) : rest.slice(0, n);
  });
  r.register('merge', (args) => args.flatMap((a) => (Array.isArray(a) ? a : [a])));

  const items = (ctx: { arg(i: number): unknown }): unknown[] | null => {
    const list = ctx.arg(0);
    return Array.isArray(list) ? list : null;
  };
  // Inside map/filter/all/none/some, `var` reads the current item.
  r.register('map', (_a, ctx) => (items(ctx) ?? []).map((item) => ctx.arg(1, item)), { lazy: true });
  r.register('filter', (_a, ctx) => (items(ctx) ?? []).filter((item) => truthy(ctx.arg(1, item))), { lazy: true });
  // Inside reduce, `var` reads {current, accumulator}.
  r.register(
    'reduce',
    (_a, ctx) => {
      const list = items(ctx);
      const initial = ctx.arg(2) ?? null;
      if (!list) return initial;
      return list.reduce((accumulator, current) => ctx.arg(1, { current, accumulator }), initial);
    },
    { lazy: true },
  );
  r.register(
    'all',
    (_a, ctx) => {
      const list = items(ctx);
      // JSON Logic: `all` of an empty list is false.
      return !!list && list.length > 0 && list.every((item) => truthy(ctx.arg(1, item)));
    },
    { lazy: true },
  );
  r.register('some', (_a, ctx) => (items(ctx) ?? []).some((item) => truthy(ctx.arg(1, item))), { lazy: true });
  r.register('none', (_a, ctx) => !(items(ctx) ?? []).some((item) => truthy(ctx.arg(1, item))), { lazy: true });
}
