/**
 * The kinds of value an environment variable may hold. Each builder returns a spec with a parser that
 * either gives the typed value or says what was expected; loadConfig names the variable and the bad
 * value (unless secret) around it.
 */
export type VariableType = 'string' | 'url' | 'int' | 'boolean' | 'enum' | 'duration';

/** Where a variable is read: the Node processes (through loadConfig) or only the shell scripts and tooling. */
export type VariableScope = 'app' | 'scripts';

export interface VariableSpec<T> {
  type: VariableType;
  description: string;
  /** Shown as `<not shown>` in errors and never logged (URLs with passwords and the like). */
  secret: boolean;
  scope: VariableScope;
  /** The value when unset or blank; undefined: the variable is optional (or has a computed default). */
  default: T;
  /** The default as the docs show it, when it is not the value itself (computed, relative). */
  defaultText?: string;
  /** What a good value looks like, e.g. `a URL (smtp://user:pass@host:port)`. */
  expected: string;
  parse(raw: string): { ok: true; value: T } | { ok: false };
}

interface Common<D> {
  description: string;
  default?: D;
  defaultText?: string;
  secret?: boolean;
  scope?: VariableScope;
}

type Value<T, D> = [D] extends [undefined] ? T | undefined : T;

function spec<T, D>(type: VariableType, o: Common<D>, expected: string, parse: (raw: string) => T | undefined): VariableSpec<Value<T, D>> {
  return {
    type,
    description: o.description,
    secret: o.secret ?? false,
    scope: o.scope ?? 'app',
    default: o.default as Value<T, D>,
    defaultText: o.defaultText,
    expected,
    parse: (raw) => {
      const value = parse(raw);
      return value === undefined ? { ok: false } : { ok: true, value: value as Value<T, D> };
    },
  };
}

export function str<D extends string | undefined = undefined>(
  o: Common<D> & { pattern?: RegExp; expected?: string; check?: (v: string) => boolean },
): VariableSpec<Value<string, D>> {
  const expected = o.expected ?? (o.pattern ? `text matching ${o.pattern}` : 'text');
  return spec('string', o, expected, (raw) => ((o.pattern && !o.pattern.test(raw)) || (o.check && !o.check(raw)) ? undefined : raw));
}

/** A URL with one of the given schemes (`postgres:`); kept as given (a trailing slash is not added). */
export function url<D extends string | undefined = undefined>(o: Common<D> & { protocols: string[]; example: string }): VariableSpec<Value<string, D>> {
  return spec('url', o, `a URL (${o.example})`, (raw) => {
    try {
      return o.protocols.includes(new URL(raw).protocol) ? raw : undefined;
    } catch {
      return undefined;
    }
  });
}

export function int<D extends number | undefined = undefined>(o: Common<D> & { min: number; max: number }): VariableSpec<Value<number, D>> {
  return spec('int', o, `an integer from ${o.min} to ${o.max}`, (raw) => {
    if (!/^-?\d+$/.test(raw)) return undefined;
    const n = Number(raw);
    return Number.isSafeInteger(n) && n >= o.min && n <= o.max ? n : undefined;
  });
}

const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off'];

export function bool<D extends boolean | undefined = undefined>(o: Common<D>): VariableSpec<Value<boolean, D>> {
  return spec('boolean', o, 'on or off (1/0, true/false, yes/no)', (raw) => {
    const v = raw.toLowerCase();
    return TRUE.includes(v) ? true : FALSE.includes(v) ? false : undefined;
  });
}

export function oneOf<V extends string, D extends V | undefined = undefined>(values: readonly V[], o: Common<D>): VariableSpec<Value<V, D>> {
  return spec('enum', o, `one of ${values.join(', ')}`, (raw) => ((values as readonly string[]).includes(raw) ? (raw as V) : undefined));
}

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
export type DurationUnit = keyof typeof UNIT_MS;

/**
 * A duration, held in milliseconds. A bare number is in `unit` (the one the variable's name says:
 * `_MS`, `_HOURS`), or give a unit: `90s`, `5m`, `2h`, `3d`. The default is given in milliseconds.
 */
export function duration<D extends number | undefined = undefined>(o: Common<D> & { unit: DurationUnit; min?: number }): VariableSpec<Value<number, D>> {
  const min = o.min ?? 1;
  return spec('duration', o, `a duration (a number of ${o.unit}, or e.g. 90s, 5m, 2h, 3d), at least ${min} ms`, (raw) => {
    const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(raw);
    if (!m) return undefined;
    const ms = Number(m[1]) * UNIT_MS[(m[2] as DurationUnit | undefined) ?? o.unit];
    return Number.isFinite(ms) && ms >= min ? Math.round(ms) : undefined;
  });
}
