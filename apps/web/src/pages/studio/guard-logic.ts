/**
 * A transition guard as the builder shows it (conditions on answers, combined with all / any) and
 * the JSON Logic the engine evaluates, both ways. A rule the builder cannot show exactly (another
 * operator, a field it does not know, a value of the wrong kind) reads as null: it opens in raw mode,
 * so nothing an expert wrote is lost or changed by opening it. Pure, so it is unit-tested alone.
 */

/** What the builder offers for a field: its kind decides the operators and the value picker. */
export type FieldKind = 'text' | 'number' | 'date' | 'yesno' | 'choice' | 'choices';

export type GuardOperator = 'equals' | 'notEquals' | 'answered' | 'notAnswered' | 'oneOf' | 'includes' | 'greaterThan' | 'atLeast' | 'lessThan' | 'atMost';

export type GuardValue = string | number | boolean | string[];

export interface GuardCondition {
  /** The `var` path the engine reads: `forms.<form>.<field>`, or `case.risk`. */
  path: string;
  operator: GuardOperator;
  value?: GuardValue;
}

export interface GuardModel {
  combine: 'all' | 'any';
  conditions: GuardCondition[];
}

/** The operators that fit a kind of field, in the order the picker lists them. */
export const OPERATORS: Record<FieldKind, GuardOperator[]> = {
  text: ['equals', 'notEquals', 'answered', 'notAnswered'],
  number: ['equals', 'notEquals', 'greaterThan', 'atLeast', 'lessThan', 'atMost', 'answered', 'notAnswered'],
  date: ['equals', 'notEquals', 'greaterThan', 'atLeast', 'lessThan', 'atMost', 'answered', 'notAnswered'],
  yesno: ['equals', 'answered', 'notAnswered'],
  choice: ['equals', 'notEquals', 'oneOf', 'answered', 'notAnswered'],
  choices: ['includes', 'answered', 'notAnswered'],
};

/** Operators the value is compared with by a JSON Logic operator: `path OP value`. */
const COMPARISONS: Partial<Record<GuardOperator, string>> = {
  equals: '==',
  notEquals: '!=',
  greaterThan: '>',
  atLeast: '>=',
  lessThan: '<',
  atMost: '<=',
};
const BY_LOGIC = Object.fromEntries(Object.entries(COMPARISONS).map(([k, v]) => [v, k as GuardOperator]));

export const needsValue = (op: GuardOperator): boolean => op !== 'answered' && op !== 'notAnswered';

/** A value of the kind the operator and field take (a number for a number field, a date as YYYY-MM-DD...). */
export function valueFits(kind: FieldKind, op: GuardOperator, value: unknown): boolean {
  if (!needsValue(op)) return value === undefined;
  if (op === 'oneOf') return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string');
  switch (kind) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
    case 'yesno':
      return typeof value === 'boolean';
    default:
      return typeof value === 'string' && value !== '';
  }
}

const varOf = (path: string) => ({ var: path });

export function conditionLogic(c: GuardCondition): unknown {
  const v = varOf(c.path);
  // `!= null` rather than `!!`: a "no" (false) or a 0 is an answer too.
  if (c.operator === 'answered') return { '!=': [v, null] };
  if (c.operator === 'notAnswered') return { '==': [v, null] };
  if (c.operator === 'oneOf') return { in: [v, c.value] };
  if (c.operator === 'includes') return { in: [c.value, v] };
  return { [COMPARISONS[c.operator]!]: [v, c.value] };
}

/** The JSON Logic of the model: one condition alone, several under `and` (all) or `or` (any). */
export function guardLogic(m: GuardModel): unknown {
  const parts = m.conditions.map(conditionLogic);
  return parts.length === 1 ? parts[0] : { [m.combine === 'all' ? 'and' : 'or']: parts };
}

/** `{"var": "forms.x.y"}` (or `["forms.x.y"]`, without a default): the path; else null. */
function pathOf(v: unknown): string | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  const keys = Object.keys(v);
  if (keys.length !== 1 || keys[0] !== 'var') return null;
  const p = (v as { var: unknown }).var;
  const path = Array.isArray(p) && p.length === 1 ? p[0] : p;
  return typeof path === 'string' && path !== '' ? path : null;
}

const isLiteral = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** One condition from JSON Logic, when it is one the builder writes; null otherwise. */
export function parseCondition(rule: unknown): GuardCondition | null {
  if (!rule || typeof rule !== 'object' || Array.isArray(rule)) return null;
  const entries = Object.entries(rule);
  if (entries.length !== 1) return null;
  const [op, args] = entries[0];
  if (!Array.isArray(args) || args.length !== 2) return null;
  const [a, b] = args;
  if (op === 'in') {
    const path = pathOf(a);
    if (path && Array.isArray(b) && b.every((x) => typeof x === 'string')) return { path, operator: 'oneOf', value: [...b] };
    const inside = pathOf(b);
    if (inside && typeof a === 'string') return { path: inside, operator: 'includes', value: a };
    return null;
  }
  const path = pathOf(a);
  const operator = BY_LOGIC[op];
  if (!path || !operator || !isLiteral(b)) return null;
  if (b === null) return operator === 'equals' ? { path, operator: 'notAnswered' } : operator === 'notEquals' ? { path, operator: 'answered' } : null;
  return { path, operator, value: b as GuardValue };
}

/**
 * The builder's model of a rule, or null when the builder cannot show it: every condition must be
 * one it writes, on a field `kindOf` knows, with an operator and value that fit the field.
 */
export function parseGuard(rule: unknown, kindOf: (path: string) => FieldKind | undefined): GuardModel | null {
  let combine: GuardModel['combine'] = 'all';
  let parts: unknown[] = [rule];
  if (rule && typeof rule === 'object' && !Array.isArray(rule) && Object.keys(rule).length === 1) {
    const [op, args] = Object.entries(rule)[0];
    if ((op === 'and' || op === 'or') && Array.isArray(args)) {
      if (args.length === 0) return null;
      combine = op === 'and' ? 'all' : 'any';
      parts = args;
    }
  }
  const conditions: GuardCondition[] = [];
  for (const part of parts) {
    const c = parseCondition(part);
    const kind = c && kindOf(c.path);
    if (!c || !kind || !OPERATORS[kind].includes(c.operator) || !valueFits(kind, c.operator, c.value)) return null;
    conditions.push(c);
  }
  return { combine, conditions };
}

/** What an expert typed: the parsed rule, or why it is not JSON (the parser's words, for the message). */
export function parseRaw(text: string): { ok: true; rule: unknown } | { ok: false; reason: string } {
  if (!text.trim()) return { ok: false, reason: 'empty' };
  try {
    return { ok: true, rule: JSON.parse(text) };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

/** The words of a guard, given how to name a field, a value of it, and an operator sentence. */
export interface GuardWords {
  field(path: string): string;
  value(path: string, value: string | number | boolean): string;
  /** `{field} is {value}`, `{field} is answered`...; `values` for "one of". */
  condition(operator: GuardOperator, field: string, value: string): string;
  list(values: string[]): string;
  join(combine: GuardModel['combine'], parts: string[]): string;
}

export function guardSentence(m: GuardModel, w: GuardWords): string {
  const parts = m.conditions.map((c) => {
    const field = w.field(c.path);
    const value = Array.isArray(c.value) ? w.list(c.value.map((v) => w.value(c.path, v))) : c.value === undefined ? '' : w.value(c.path, c.value);
    return w.condition(c.operator, field, value);
  });
  return parts.length === 1 ? parts[0] : w.join(m.combine, parts);
}
