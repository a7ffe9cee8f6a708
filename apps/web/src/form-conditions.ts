/**
 * Conditional questions in the browser: the same format and meaning as the server's
 * (libs/forms form-conditions.ts, docs/adr/0011-conditional-questions.md; a unit test keeps both in
 * step). The case page shows a question only while it is asked, and never sends an answer to one
 * that is not; the studio reads and writes the conditions.
 */

type Schema = Record<string, any>;
type Value = string | number | boolean;

const isObj = (v: unknown): v is Schema => !!v && typeof v === 'object' && !Array.isArray(v);

export type ConditionKind = 'askWhen' | 'requiredWhen';

export interface FormCondition {
  kind: ConditionKind;
  field: string;
  when: { field: string; values: Value[] };
}

export interface LocatedCondition extends FormCondition {
  index: number;
}

function testOf(node: unknown): FormCondition['when'] | undefined {
  if (!isObj(node) || !isObj(node.properties)) return undefined;
  const names = Object.keys(node.properties);
  const field = names[0];
  const test = node.properties[field];
  if (names.length !== 1 || !isObj(test) || !Array.isArray(node.required) || node.required.length !== 1 || node.required[0] !== field) return undefined;
  if ('const' in test && Object.keys(test).length === 1) return { field, values: [test.const] };
  if (Array.isArray(test.enum) && Object.keys(test).length === 1 && test.enum.length > 0) return { field, values: test.enum };
  return undefined;
}

export function conditionOf(block: unknown): FormCondition | undefined {
  if (!isObj(block)) return undefined;
  const when = testOf(block.if);
  if (!when) return undefined;
  const keys = Object.keys(block).sort().join(',');
  if (keys === 'else,if' && isObj(block.else) && Object.keys(block.else).join() === 'properties' && isObj(block.else.properties)) {
    const fields = Object.keys(block.else.properties);
    if (fields.length === 1 && block.else.properties[fields[0]] === false) return { kind: 'askWhen', field: fields[0], when };
  }
  if (keys === 'if,then' && isObj(block.then) && Object.keys(block.then).join() === 'required' && Array.isArray(block.then.required)) {
    if (block.then.required.length === 1 && typeof block.then.required[0] === 'string') return { kind: 'requiredWhen', field: block.then.required[0], when };
  }
  return undefined;
}

export function formConditions(schema: Schema | undefined): LocatedCondition[] {
  const blocks: unknown[] = Array.isArray(schema?.allOf) ? schema!.allOf : [];
  return blocks.flatMap((b, index) => {
    const c = conditionOf(b);
    return c ? [{ ...c, index }] : [];
  });
}

export function conditionBlock(c: FormCondition): Schema {
  const test = c.when.values.length === 1 ? { const: c.when.values[0] } : { enum: [...c.when.values] };
  const ifPart = { properties: { [c.when.field]: test }, required: [c.when.field] };
  return c.kind === 'askWhen' ? { if: ifPart, else: { properties: { [c.field]: false } } } : { if: ifPart, then: { required: [c.field] } };
}

export function conditionHolds(when: FormCondition['when'], answers: Record<string, unknown>): boolean {
  return Object.prototype.hasOwnProperty.call(answers, when.field) && when.values.some((v) => v === answers[when.field]);
}

/** The questions not asked with these answers, chains included (as the server judges them). */
export function questionsNotAsked(schema: Schema | undefined, answers: Record<string, unknown>): string[] {
  const asks = formConditions(schema).filter((c) => c.kind === 'askWhen');
  const left: Record<string, unknown> = { ...answers };
  const out = new Set<string>();
  for (let changed = asks.length > 0; changed;) {
    changed = false;
    for (const c of asks) {
      if (out.has(c.field) || conditionHolds(c.when, left)) continue;
      out.add(c.field);
      delete left[c.field];
      changed = true;
    }
  }
  return [...out];
}

/** The answers without those to questions not asked (what the case page keeps and sends). */
export function askedAnswers(schema: Schema | undefined, answers: Record<string, unknown>): Record<string, unknown> {
  const gone = new Set(questionsNotAsked(schema, answers));
  if (gone.size === 0) return answers;
  return Object.fromEntries(Object.entries(answers).filter(([k]) => !gone.has(k)));
}

/**
 * The form as asked with these answers, for the renderer: questions not asked removed, those
 * required by a condition that holds added to `required`, the conditions themselves gone (the
 * renderer need not know the format), any other `allOf` kept.
 */
export function askedSchema(schema: Schema, answers: Record<string, unknown>): Schema {
  const conditions = formConditions(schema);
  if (conditions.length === 0) return schema;
  const gone = new Set(questionsNotAsked(schema, answers));
  const left = askedAnswers(schema, answers);
  const required = new Set<string>(Array.isArray(schema.required) ? schema.required : []);
  for (const c of conditions) if (c.kind === 'requiredWhen' && !gone.has(c.field) && conditionHolds(c.when, left)) required.add(c.field);
  const properties = Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([k]) => !gone.has(k)));
  const indexes = new Set(conditions.map((c) => c.index));
  const others = (schema.allOf as unknown[]).filter((_, i) => !indexes.has(i));
  const { allOf: _allOf, ...rest } = schema;
  return { ...rest, properties, required: [...required].filter((k) => k in properties), ...(others.length ? { allOf: others } : {}) };
}

/** The form with every question and no conditions (a preview of the whole form, before any answer). */
export function everyQuestionSchema(schema: Schema): Schema {
  const indexes = new Set(formConditions(schema).map((c) => c.index));
  if (indexes.size === 0) return schema;
  const others = (schema.allOf as unknown[]).filter((_, i) => !indexes.has(i));
  const { allOf: _allOf, ...rest } = schema;
  return { ...rest, ...(others.length ? { allOf: others } : {}) };
}
