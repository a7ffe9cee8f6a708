/**
 * The studio's view of a draft's files: the forms and deadlines it edits, the JSON Patch operations
 * an edit sends (paths start with the file), and elements named by their labels from a pointer.
 * Pure (no React), so the wording of a finding or a change does not depend on the screen.
 */
import type { ApiSchemas } from '../../api-types';
import type { WorkflowPack } from '../../components/workflow-graph/workflow-graph-model';

export type DraftView = ApiSchemas['SopDraftView'];
export type DraftFinding = ApiSchemas['DraftFinding'];
export type DraftChange = ApiSchemas['SopDraftChange'];
export type PatchOperation = DraftChange['operations'][number];
export type Label = Record<string, string>;

/** A label in the language, else English, else any (as sop.ts's pick, which this pure module cannot import: it loads the API client). */
const pick = (label: Label | string | undefined, locale: string): string =>
  !label ? '' : typeof label === 'string' ? label : (label[locale] ?? label.en ?? Object.values(label)[0] ?? '');
type Files = Record<string, any>;

/** `/forms~1registration.v1.json`: a file's name as the first segment of a pointer (RFC 6901 escapes). */
export const fileSegment = (file: string): string => '/' + escape(file);
const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const unescape = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');

export const formFile = (id: string, version: number) => `forms/${id}.v${version}.json`;

export interface DraftForm {
  id: string;
  version: number;
  file: string;
  /** Its place in pack.json's `forms`. */
  index: number;
  title: Label;
  schema: { properties?: Record<string, any>; required?: string[] };
  uiSchema?: { 'ui:order'?: string[] };
}

export function draftForms(files: Files): DraftForm[] {
  const listed: Array<{ id: string; version: number }> = files['pack.json']?.forms ?? [];
  return listed.flatMap((f, index) => {
    const content = files[formFile(f.id, f.version)];
    return content
      ? [
          {
            id: f.id,
            version: f.version,
            file: formFile(f.id, f.version),
            index,
            title: content.title ?? {},
            schema: content.schema ?? {},
            uiSchema: content.uiSchema,
          },
        ]
      : [];
  });
}

export const packLocales = (files: Files): string[] => files['pack.json']?.locales ?? ['en'];
export const optionListIds = (files: Files): string[] => Object.keys(files['option-lists.json']?.optionLists ?? {});

/** What the workflow graph draws, from the draft's files. */
export function draftWorkflow(files: Files): WorkflowPack {
  return {
    manifest: { caseTypes: files['pack.json']?.caseTypes ?? [] },
    workflow: { steps: files['workflow.json']?.steps ?? [], transitions: files['workflow.json']?.transitions ?? [] },
    deadlines: files['deadlines.json']?.deadlines ?? [],
  };
}

/**
 * A form file published before this draft cannot change (a published form version is immutable): the
 * first edit moves it to the next version, in the same patch. A file this draft added (or moved to)
 * is its own to change.
 */
export function isNewInDraft(file: string, changes: readonly DraftChange[]): boolean {
  const path = fileSegment(file);
  return changes.some((c) => c.operations.some((o) => ['add', 'move', 'copy'].includes(o.op) && o.path === path));
}

/** The operations of one form edit: `edit` gets the pointer of the form file it should change. */
export function formEdit(form: DraftForm, newInDraft: boolean, edit: (file: string) => PatchOperation[]): PatchOperation[] {
  if (newInDraft) return edit(fileSegment(form.file));
  const next = fileSegment(formFile(form.id, form.version + 1));
  return [
    { op: 'move', from: fileSegment(form.file), path: next },
    { op: 'replace', path: `${next}/version`, value: form.version + 1 },
    { op: 'replace', path: `/pack.json/forms/${form.index}/version`, value: form.version + 1 },
    ...edit(next),
  ];
}

export type FieldType = 'text' | 'number' | 'date' | 'yesno' | 'choice';
export const FIELD_TYPES: FieldType[] = ['text', 'number', 'date', 'yesno', 'choice'];

export interface NewField {
  id: string;
  type: FieldType;
  label: Label;
  required: boolean;
  sensitive: boolean;
  optionList: string;
}

export function fieldSchema(f: NewField): Record<string, unknown> {
  const base: Record<string, unknown> =
    f.type === 'number'
      ? { type: 'number' }
      : f.type === 'date'
        ? { type: 'string', format: 'date' }
        : f.type === 'yesno'
          ? { type: 'boolean' }
          : f.type === 'choice'
            ? { type: 'string', 'x-optionList': f.optionList }
            : { type: 'string' };
  return { ...base, title: f.label.en ?? Object.values(f.label)[0] ?? f.id, 'x-label': f.label, ...(f.sensitive ? { 'x-sensitive': true } : {}) };
}

export function fieldType(schema: any): FieldType {
  if (schema?.type === 'boolean') return 'yesno';
  if (schema?.type === 'number' || schema?.type === 'integer') return 'number';
  if (schema?.format === 'date') return 'date';
  return schema?.['x-optionList'] || schema?.enum ? 'choice' : 'text';
}

export const addField =
  (form: DraftForm, f: NewField) =>
  (file: string): PatchOperation[] => {
    const ops: PatchOperation[] = [{ op: 'add', path: `${file}/schema/properties/${escape(f.id)}`, value: fieldSchema(f) }];
    if (f.required) ops.push(requireOp(form, file, f.id));
    // A form that orders its fields must list the new one too (the form renderer refuses an order missing a field): before '*', else last.
    const order = form.uiSchema?.['ui:order'];
    if (Array.isArray(order)) ops.push({ op: 'add', path: `${file}/uiSchema/ui:order/${order.includes('*') ? order.indexOf('*') : '-'}`, value: f.id });
    return ops;
  };

const requireOp = (form: DraftForm, file: string, id: string): PatchOperation =>
  form.schema.required ? { op: 'add', path: `${file}/schema/required/-`, value: id } : { op: 'add', path: `${file}/schema/required`, value: [id] };

export const setRequired =
  (form: DraftForm, id: string, required: boolean) =>
  (file: string): PatchOperation[] => {
    const at = (form.schema.required ?? []).indexOf(id);
    if (required) return at >= 0 ? [] : [requireOp(form, file, id)];
    return at >= 0 ? [{ op: 'remove', path: `${file}/schema/required/${at}` }] : [];
  };

export const removeField =
  (form: DraftForm, id: string) =>
  (file: string): PatchOperation[] => {
    const ordered = form.uiSchema?.['ui:order']?.indexOf(id) ?? -1;
    return [
      ...setRequired(form, id, false)(file),
      { op: 'remove', path: `${file}/schema/properties/${escape(id)}` },
      // Nor may the order name a field the form no longer has.
      ...(ordered >= 0 ? [{ op: 'remove' as const, path: `${file}/uiSchema/ui:order/${ordered}` }] : []),
    ];
  };

/** New labels (the English one also as the schema's title) and sensitivity of an existing field. */
export const changeField =
  (id: string, schema: any, label: Label, sensitive: boolean) =>
  (file: string): PatchOperation[] => {
    const at = `${file}/schema/properties/${escape(id)}`;
    const ops: PatchOperation[] = [
      { op: 'add', path: `${at}/x-label`, value: label },
      { op: 'add', path: `${at}/title`, value: label.en ?? Object.values(label)[0] ?? id },
    ];
    if (sensitive && !schema?.['x-sensitive']) ops.push({ op: 'add', path: `${at}/x-sensitive`, value: true });
    if (!sensitive && schema?.['x-sensitive']) ops.push({ op: 'remove', path: `${at}/x-sensitive` });
    return ops;
  };

export const changeFieldOptionList =
  (id: string, list: string) =>
  (file: string): PatchOperation[] => [{ op: 'replace', path: `${file}/schema/properties/${escape(id)}/x-optionList`, value: list }];

/** The findings about an element: those on its pointer or inside it. */
export function findingsAt(findings: readonly DraftFinding[], pointer: string): DraftFinding[] {
  return findings.filter((f) => f.pointer === pointer || f.pointer.startsWith(pointer + '/'));
}

/** Names an element by its labels from a pointer into the draft's files (`field “Age” of form “Registration”`). */
export interface ElementWords {
  field(field: string, form: string): string;
  form(form: string): string;
  deadline(deadline: string): string;
  step(step: string): string;
  file(file: string): string;
}

const FORM_FILE = /^forms\/(.+)\.v(\d+)\.json$/;
const currentForm = (files: Files, id: string) => {
  const form = draftForms(files).find((f) => f.id === id);
  return form ? files[form.file] : undefined;
};

/** The labels of fields the draft's changes added, by id: a field removed since is still named by its label. */
export function addedFieldLabels(changes: readonly DraftChange[]): Record<string, Label> {
  const out: Record<string, Label> = {};
  for (const c of changes)
    for (const o of c.operations) {
      const m = /\/schema\/properties\/([^/]+)$/.exec(o.path);
      const label = o.op === 'add' ? (o.value as any)?.['x-label'] : undefined;
      if (m && label) out[unescape(m[1])] = label;
    }
  return out;
}

export function elementOf(files: Files, pointer: string, locale: string, words: ElementWords, added: Record<string, Label> = {}): string {
  const [file = '', ...rest] = pointer.split('/').slice(1).map(unescape);
  let content = files[file];
  // A form's earlier version (moved to the next one) and its entry in pack.json name the form as it is now.
  const moved = FORM_FILE.exec(file);
  if (moved && !content) content = currentForm(files, moved[1]);
  if (file === 'pack.json' && rest[0] === 'forms' && rest[1] !== undefined) {
    const entry = files['pack.json']?.forms?.[Number(rest[1])];
    const form = entry && currentForm(files, entry.id);
    if (form) return words.form(pick(form.title, locale) || form.id);
  }
  if (moved && content) {
    const title = pick(content.title, locale) || content.id || file;
    if (rest[0] === 'schema' && rest[1] === 'properties' && rest[2]) {
      const field = content.schema?.properties?.[rest[2]];
      return words.field(pick(field?.['x-label'] ?? added[rest[2]], locale) || field?.title || rest[2], title);
    }
    return words.form(title);
  }
  if (file === 'deadlines.json' && rest[0] === 'deadlines' && rest[1] !== undefined) {
    const d = content?.deadlines?.[Number(rest[1])];
    if (d) return words.deadline(pick(d.label, locale) || d.id);
  }
  if (file === 'workflow.json' && rest[0] === 'steps' && rest[1] !== undefined) {
    const s = content?.steps?.[Number(rest[1])];
    if (s) return words.step(pick(s.label, locale) || s.id);
  }
  return words.file(file);
}

export type Duration = { days?: number; hours?: number; workingDays?: boolean };
export type Unit = 'hours' | 'days';

/** An offset as one number and unit, the way the editor shows it. */
export function offsetOf(d: Duration | undefined): { n: number; unit: Unit } {
  if (d?.days && !d.hours) return { n: d.days, unit: 'days' };
  return { n: (d?.hours ?? 0) + (d?.days ?? 0) * 24, unit: 'hours' };
}

/** The offset to store; counted in working days still when it was (`before`). */
export const durationOf = (n: number, unit: Unit, before?: Duration): Duration =>
  unit === 'days' ? { days: n, ...(before?.workingDays ? { workingDays: true } : {}) } : { hours: n };

/** The risk level a due offset applies to, from its `when` (`{"==": [{"var": "case.risk"}, "high"]}`); null: otherwise. */
export function riskOf(when: unknown): string | null | undefined {
  if (when === undefined) return null;
  const eq = (when as any)?.['=='];
  if (Array.isArray(eq) && eq[0]?.var === 'case.risk' && typeof eq[1] === 'string') return eq[1];
  return undefined;
}
