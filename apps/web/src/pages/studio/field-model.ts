/**
 * A field's type, identifier and options as JSON Patch. A rename also updates, in the same patch,
 * every reference to the field elsewhere in the pack (rules' `forms.<form>.<field>`, role and report
 * field lists `<form>.<field>`, `{form, field}` objects, demo cases' answers), each listed to the user first.
 * Pure, like draft-model.ts.
 */
import { fieldSchema, FieldType, fileSegment, type DraftForm, type Label, type PatchOperation } from './draft-model';

type Files = Record<string, any>;
const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** The field's schema with another type: its label and sensitivity kept, the old type's constraints dropped. */
export function retypedSchema(schema: any, type: FieldType, optionList: string): Record<string, unknown> {
  const label: Label = schema?.['x-label'] ?? {};
  const next = fieldSchema({ id: '', type, label, required: false, sensitive: !!schema?.['x-sensitive'], optionList });
  return { ...next, title: schema?.title ?? next.title };
}

export const changeType =
  (id: string, schema: any, type: FieldType, optionList: string) =>
  (file: string): PatchOperation[] => [{ op: 'replace', path: `${file}/schema/properties/${escape(id)}`, value: retypedSchema(schema, type, optionList) }];

/** One place outside the form that names the field, and what it becomes after the rename. */
export interface FieldReference {
  /** JSON pointer of the value (a string, or an object's key holding answers). */
  pointer: string;
  operation: PatchOperation;
}

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every reference to `form.field` in the draft's files other than the form files and templates. */
export function fieldReferences(files: Files, form: string, field: string, to: string): FieldReference[] {
  const dotted = `${form}.${field}`;
  const variable = `forms.${form}.${field}`;
  const out: FieldReference[] = [];
  const renamed = (s: string): string | null => {
    if (s === dotted) return `${form}.${to}`;
    if (s === variable || s.startsWith(variable + '.')) return `forms.${form}.${to}` + s.slice(variable.length);
    return null;
  };
  // A demo case's own answers are those of its case type's start form.
  const startForms = new Map(((files['pack.json']?.caseTypes ?? []) as Array<{ id: string; startForm?: string }>).map((c) => [c.id, c.startForm]));
  const answersOf = (v: Record<string, any>) => v.form ?? (typeof v.caseType === 'string' ? startForms.get(v.caseType) : undefined);
  const walk = (v: unknown, at: string) => {
    if (typeof v === 'string') {
      const next = renamed(v);
      if (next !== null) out.push({ pointer: at, operation: { op: 'replace', path: at, value: next } });
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}/${i}`));
    else if (isObject(v)) {
      for (const [k, x] of Object.entries(v)) {
        const here = `${at}/${escape(k)}`;
        // `{ form, field }` and `{ form, dateField }`: the field by its bare id, beside its form.
        if (v.form === form && (k === 'field' || k === 'dateField') && x === field)
          out.push({ pointer: here, operation: { op: 'replace', path: here, value: to } });
        else if (k === 'answers' && answersOf(v) === form && isObject(x) && field in x) {
          out.push({ pointer: `${here}/${escape(field)}`, operation: { op: 'move', from: `${here}/${escape(field)}`, path: `${here}/${escape(to)}` } });
          walk(x, here);
        } else walk(x, here);
      }
    }
  };
  for (const [name, content] of Object.entries(files)) {
    if (name.startsWith('forms/') || name.startsWith('templates/')) continue;
    walk(content, fileSegment(name));
  }
  return out;
}

/** The rename inside the form file: its property, its place in `required` and in the ui schema. */
export const renameInForm =
  (form: DraftForm, content: any, from: string, to: string) =>
  (file: string): PatchOperation[] => {
    const ops: PatchOperation[] = [{ op: 'move', from: `${file}/schema/properties/${escape(from)}`, path: `${file}/schema/properties/${escape(to)}` }];
    const required = (form.schema.required ?? []).indexOf(from);
    if (required >= 0) ops.push({ op: 'replace', path: `${file}/schema/required/${required}`, value: to });
    const ui = content?.uiSchema;
    const order: string[] = ui?.['ui:order'] ?? [];
    if (order.includes(from)) ops.push({ op: 'replace', path: `${file}/uiSchema/ui:order/${order.indexOf(from)}`, value: to });
    if (ui && from in ui) ops.push({ op: 'move', from: `${file}/uiSchema/${escape(from)}`, path: `${file}/uiSchema/${escape(to)}` });
    return ops;
  };

/** An option list's entries: value and label in each language. */
export interface OptionEntry {
  value: string;
  label: Label;
}

export const optionsOf = (files: Files, list: string): OptionEntry[] => files['option-lists.json']?.optionLists?.[list] ?? [];

/** How many fields of the draft's forms use the list (a change of its options reaches them all). */
export function fieldsUsingList(files: Files, list: string): number {
  const listed: Array<{ id: string; version: number }> = files['pack.json']?.forms ?? [];
  return listed.reduce((n, f) => {
    const props = files[`forms/${f.id}.v${f.version}.json`]?.schema?.properties ?? {};
    return n + Object.values(props).filter((s: any) => s?.['x-optionList'] === list || s?.items?.['x-optionList'] === list).length;
  }, 0);
}

const listPath = (list: string) => `/option-lists.json/optionLists/${escape(list)}`;
/** At its index, as a new deadline (deadline-model.ts). */
export const addOption = (list: string, entry: OptionEntry, index: number): PatchOperation[] => [
  { op: 'add', path: `${listPath(list)}/${index}`, value: entry },
];
export const changeOptionLabel = (list: string, index: number, label: Label): PatchOperation[] => [
  { op: 'replace', path: `${listPath(list)}/${index}/label`, value: label },
];

export const FORM_USES = ['required', 'optional', 'repeatable'] as const;
export type FormUse = (typeof FORM_USES)[number];

export interface NewForm {
  id: string;
  title: Label;
  /** The step where it is filled (the workflow's steps serve every case type). */
  step: string;
  use: FormUse;
}

/** A new form: its version 1 (no field yet), listed in pack.json and filled at a step of the workflow. */
export function addForm(files: Files, f: NewForm): PatchOperation[] {
  const file = fileSegment(`forms/${f.id}.v1.json`);
  const listed = (files['pack.json']?.forms ?? []).length;
  const steps: Array<{ id: string; forms?: unknown[] }> = files['workflow.json']?.steps ?? [];
  const at = steps.findIndex((s) => s.id === f.step);
  const entry = { form: f.id, use: f.use };
  const ops: PatchOperation[] = [
    { op: 'add', path: file, value: { id: f.id, version: 1, title: f.title, schema: { type: 'object', properties: {} } } },
    { op: 'add', path: `/pack.json/forms/${listed}`, value: { id: f.id, version: 1 } },
  ];
  if (at >= 0) {
    const forms = steps[at].forms;
    ops.push(
      forms
        ? { op: 'add', path: `/workflow.json/steps/${at}/forms/${forms.length}`, value: entry }
        : { op: 'add', path: `/workflow.json/steps/${at}/forms`, value: [entry] },
    );
  }
  return ops;
}
