import type { OperatorRegistry } from '../registry';

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Reads a dot path (`forms.assessment.risk_level`, `formEntries.visit.0.date`); undefined if absent. */
export function readPath(data: unknown, path: unknown): unknown {
  if (path === null || path === undefined || path === '') return data;
  let cur: unknown = data;
  for (const key of String(path).split('.')) {
    if (cur === null || cur === undefined) return undefined;
    if (typeof cur === 'string' && key === 'length') cur = cur.length;
    // Own properties only: rules must not reach prototypes (`constructor`, `__proto__`).
    else if (typeof cur === 'object' && hasOwn(cur, key)) cur = (cur as Record<string, unknown>)[key];
    else return undefined;
  }
  return cur;
}

function missing(keys: unknown[], data: unknown): unknown[] {
  return keys.filter((key) => {
    const value = readPath(data, key);
    return value === undefined || value === null || value === '';
  });
}

export function registerDataOperators(r: OperatorRegistry): void {
  // The default also replaces null (an unanswered question reads as the default).
  r.register('var', ([path, fallback], ctx) => {
    const value = readPath(ctx.data, path);
    return value === undefined || value === null ? (fallback ?? null) : value;
  });
  r.register('missing', (args, ctx) => missing(Array.isArray(args[0]) ? args[0] : args, ctx.data));
  r.register('missing_some', ([need, keys], ctx) => {
    const list = Array.isArray(keys) ? keys : [];
    const absent = missing(list, ctx.data);
    return list.length - absent.length >= Number(need) ? [] : absent;
  });
}
