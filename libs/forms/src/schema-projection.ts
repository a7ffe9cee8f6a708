import { deepClone, walkSchema } from './schema-walk';

type Schema = Record<string, any>;

const isObj = (v: unknown): v is Schema => !!v && typeof v === 'object' && !Array.isArray(v);

/** The answers an `if` tests (its properties and required). */
const testedFields = (test: Schema): string[] => [...Object.keys(isObj(test.properties) ? test.properties : {}), ...(Array.isArray(test.required) ? test.required : [])];

export type FieldAccess = 'fill' | 'read' | 'hidden';

/**
 * A form's schema as one user may see it: top-level fields they may not read are removed (with
 * their `required` entries, also inside conditional branches), fields they may read but not fill
 * are `readOnly`. The UI renders exactly this, so it never shows what cannot be read or edited.
 */
export function projectFormSchema(schema: Schema, readable: readonly string[], fillable: readonly string[]): Schema {
  const out = deepClone(schema);
  const visible = new Set([...readable, ...fillable]);
  const editable = new Set(fillable);
  // Top level and the branches that apply to the same object (allOf/if/then/else...) list the form's fields.
  const prune = (node: Schema) => {
    if (node.properties && typeof node.properties === 'object') {
      for (const key of Object.keys(node.properties)) {
        if (!visible.has(key)) delete node.properties[key];
        else if (!editable.has(key) && node === out) node.properties[key] = { ...node.properties[key], readOnly: true };
      }
    }
    if (Array.isArray(node.required)) node.required = node.required.filter((k: string) => editable.has(k));
    for (const k of ['dependentRequired', 'dependentSchemas'] as const) {
      if (node[k] && typeof node[k] === 'object') for (const key of Object.keys(node[k])) if (!visible.has(key)) delete node[k][key];
    }
  };
  // A condition testing an answer the user may not read cannot be judged in their browser: it goes,
  // and the server judges it with the real answers (docs/adr/0011-conditional-questions.md).
  if (Array.isArray(out.allOf)) {
    out.allOf = out.allOf.filter((block: unknown) => !isObj(block) || !isObj(block.if) || testedFields(block.if).every((f) => visible.has(f)));
    if (out.allOf.length === 0) delete out.allOf;
  }
  prune(out);
  walkSchema(out, (node, ctx) => {
    // An `if` only tests answers: its `required` is a test, kept as written.
    if (ctx.combinator && node !== out && !/\/if$/.test(ctx.pointer)) prune(node);
  });
  return out;
}

/** Each top-level field of a form with what the user may do with it. */
export function fieldAccess(allFields: readonly string[], readable: readonly string[], fillable: readonly string[]): Record<string, FieldAccess> {
  const out: Record<string, FieldAccess> = {};
  for (const f of allFields) out[f] = fillable.includes(f) ? 'fill' : readable.includes(f) ? 'read' : 'hidden';
  return out;
}
