/**
 * Conditional questions (docs/adr/0011-conditional-questions.md): plain JSON Schema blocks in the
 * form's top-level `allOf`, in two fixed shapes that ajv enforces as they are and the studio and the
 * case page read back. Every question stays in the top-level `properties`, so field permissions,
 * reports and the studio see every field whatever the answers.
 *
 *   asked only when W is v:   { if: { properties: { W: { const: v } }, required: [W] }, else: { properties: { F: false } } }
 *   required when W is v:     { if: { properties: { W: { const: v } }, required: [W] }, then: { required: [F] } }
 *
 * "is one of" uses `{ enum: [v1, v2] }` instead of `const`. Pure: no ajv.
 */

type Schema = Record<string, any>;

const isObj = (v: unknown): v is Schema => !!v && typeof v === 'object' && !Array.isArray(v);

export type ConditionKind = 'askWhen' | 'requiredWhen';

/** The answer a condition depends on: a top-level question of the same form and the values that make it hold. */
export interface ConditionTest {
  field: string;
  /** One value: "is"; several: "is one of". */
  values: Array<string | number | boolean>;
}

export interface FormCondition {
  kind: ConditionKind;
  /** The question the condition applies to. */
  field: string;
  when: ConditionTest;
}

/** A condition as found in a schema, with its place in the top-level `allOf`. */
export interface LocatedCondition extends FormCondition {
  index: number;
}

/** The test of an `if` in the conditions' shape (one property, `const` or `enum`, required), else undefined. */
function testOf(node: unknown): ConditionTest | undefined {
  if (!isObj(node) || !isObj(node.properties)) return undefined;
  const names = Object.keys(node.properties);
  if (names.length !== 1) return undefined;
  const field = names[0];
  const test = node.properties[field];
  if (!isObj(test) || !Array.isArray(node.required) || node.required.length !== 1 || node.required[0] !== field) return undefined;
  if ('const' in test && Object.keys(test).length === 1) return { field, values: [test.const] };
  if (Array.isArray(test.enum) && Object.keys(test).length === 1 && test.enum.length > 0) return { field, values: test.enum };
  return undefined;
}

/** The condition a block of `allOf` states, or undefined when it is some other JSON Schema. */
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

/** Every condition of a form's schema, in the order of its `allOf`. */
export function formConditions(schema: Schema | undefined): LocatedCondition[] {
  const blocks: unknown[] = Array.isArray(schema?.allOf) ? schema!.allOf : [];
  const out: LocatedCondition[] = [];
  blocks.forEach((b, index) => {
    const c = conditionOf(b);
    if (c) out.push({ ...c, index });
  });
  return out;
}

/** The JSON Schema block that states a condition (what the studio writes). */
export function conditionBlock(c: FormCondition): Schema {
  const test = c.when.values.length === 1 ? { const: c.when.values[0] } : { enum: [...c.when.values] };
  const ifPart = { properties: { [c.when.field]: test }, required: [c.when.field] };
  return c.kind === 'askWhen' ? { if: ifPart, else: { properties: { [c.field]: false } } } : { if: ifPart, then: { required: [c.field] } };
}

/** True when the answer the test names is one of its values (as ajv's `const`/`enum` compare: strictly). */
export function conditionHolds(when: ConditionTest, answers: Record<string, unknown>): boolean {
  if (!Object.prototype.hasOwnProperty.call(answers, when.field)) return false;
  const answer = answers[when.field];
  return when.values.some((v) => v === answer);
}

/**
 * The questions not asked with these answers. A question asked only when another one is answered
 * so is not asked when that one is itself not asked (chains), hence the repeat until nothing changes.
 */
export function questionsNotAsked(schema: Schema | undefined, answers: Record<string, unknown>): string[] {
  const asks = formConditions(schema).filter((c) => c.kind === 'askWhen');
  if (asks.length === 0) return [];
  const left: Record<string, unknown> = { ...answers };
  const out = new Set<string>();
  for (let changed = true; changed; ) {
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
