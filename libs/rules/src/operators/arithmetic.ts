import type { OperatorRegistry } from '../registry';

/** Numbers as JSON Logic reads them: strings are parsed, booleans count 0/1, the rest is NaN. */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return parseFloat(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return NaN;
}

/** NaN and Infinity cannot be stored as JSON; they become null (which compares false). */
const finite = (n: number): number | null => (Number.isFinite(n) ? n : null);

export function registerArithmeticOperators(r: OperatorRegistry): void {
  r.register('+', (args) => finite(args.reduce<number>((sum, a) => sum + toNumber(a), 0)));
  r.register('*', (args) => (args.length ? finite(args.reduce<number>((p, a) => p * toNumber(a), 1)) : null));
  r.register('-', ([a, b]) => finite(b === undefined ? -toNumber(a) : toNumber(a) - toNumber(b)));
  r.register('/', ([a, b]) => finite(toNumber(a) / toNumber(b)));
  r.register('%', ([a, b]) => finite(toNumber(a) % toNumber(b)));
  r.register('max', (args) => (args.length ? finite(Math.max(...args.map(toNumber))) : null));
  r.register('min', (args) => (args.length ? finite(Math.min(...args.map(toNumber))) : null));
}
