/** Helpers that walk a form's JSON Schema (draft 2020-12). Pure: no ajv. */

type Schema = Record<string, any>;

const isObj = (v: unknown): v is Schema => !!v && typeof v === 'object' && !Array.isArray(v);

/** Subschemas that describe a value of their own (property, item, definition). */
const FIELD_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'] as const;
const FIELD_SINGLE = ['items', 'additionalProperties', 'contains', 'unevaluatedItems', 'propertyNames'] as const;
/** Subschemas that apply to the same value as their parent (combinators). */
const SAME_VALUE_LISTS = ['allOf', 'anyOf', 'oneOf'] as const;
const SAME_VALUE_SINGLE = ['if', 'then', 'else', 'not'] as const;

export interface WalkContext {
  /** JSON pointer of the node inside the schema (e.g. `/properties/risk/items`). */
  pointer: string;
  /** True if the node applies to the same value as its parent (allOf/anyOf/oneOf/if/then/else/not). */
  combinator: boolean;
}

/** Visits every schema object (parents first). */
export function walkSchema(schema: Schema, visit: (node: Schema, ctx: WalkContext) => void, ctx: WalkContext = { pointer: '', combinator: false }): void {
  if (!isObj(schema)) return;
  visit(schema, ctx);
  for (const key of FIELD_MAPS) {
    const map = schema[key];
    if (isObj(map)) for (const [k, sub] of Object.entries(map)) walkSchema(sub, visit, { pointer: `${ctx.pointer}/${key}/${esc(k)}`, combinator: false });
  }
  for (const key of FIELD_SINGLE) {
    if (isObj(schema[key])) walkSchema(schema[key], visit, { pointer: `${ctx.pointer}/${key}`, combinator: false });
  }
  if (Array.isArray(schema.prefixItems)) {
    schema.prefixItems.forEach((sub: Schema, i: number) => walkSchema(sub, visit, { pointer: `${ctx.pointer}/prefixItems/${i}`, combinator: false }));
  }
  for (const key of SAME_VALUE_LISTS) {
    if (Array.isArray(schema[key])) {
      schema[key].forEach((sub: Schema, i: number) => walkSchema(sub, visit, { pointer: `${ctx.pointer}/${key}/${i}`, combinator: true }));
    }
  }
  for (const key of SAME_VALUE_SINGLE) {
    if (isObj(schema[key])) walkSchema(schema[key], visit, { pointer: `${ctx.pointer}/${key}`, combinator: true });
  }
}

function esc(k: string): string {
  return k.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function deepClone<T>(v: T): T {
  return v === undefined ? v : JSON.parse(JSON.stringify(v));
}

export function isObjectSchema(node: Schema): boolean {
  const t = node.type;
  return t === 'object' || (Array.isArray(t) && t.includes('object')) || (t === undefined && isObj(node.properties));
}

/** Property schemas declared on an object schema, including those inside allOf/anyOf/oneOf/then/else. */
export function ownProperties(node: Schema): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  const collect = (n: Schema) => {
    if (!isObj(n)) return;
    if (isObj(n.properties)) for (const [k, v] of Object.entries(n.properties)) if (!(k in out)) out[k] = v as Schema;
    for (const key of SAME_VALUE_LISTS) if (Array.isArray(n[key])) n[key].forEach(collect);
    for (const key of ['then', 'else'] as const) if (isObj(n[key])) collect(n[key]);
  };
  collect(node);
  return out;
}

/** Dotted field paths: top-level names, then nested object properties (`address.district`; array items are transparent). */
export function fieldPathsOf(schema: Schema): string[] {
  const out: string[] = [];
  const visit = (node: Schema, prefix: string, depth: number) => {
    if (!isObj(node) || depth > 20) return;
    const target = node.type === 'array' || (isObj(node.items) && !isObj(node.properties)) ? node.items : node;
    if (!isObj(target)) return;
    for (const [k, sub] of Object.entries(ownProperties(target))) {
      const p = prefix ? `${prefix}.${k}` : k;
      out.push(p);
      visit(sub, p, depth + 1);
    }
  };
  visit(schema, '', 0);
  return out;
}

/** The schema of a dotted field path (`address.district`), or undefined. */
export function fieldSchemaOf(schema: Schema, dotted: string): Schema | undefined {
  let node: Schema | undefined = schema;
  for (const part of dotted.split('.')) {
    if (!isObj(node)) return undefined;
    if (node.type === 'array' && isObj(node.items)) node = node.items;
    node = ownProperties(node!)[part];
  }
  return isObj(node) ? node : undefined;
}
