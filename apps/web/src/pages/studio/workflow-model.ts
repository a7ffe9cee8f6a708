/**
 * The workflow editor's view of a draft: steps, transitions, roles, and the answers a guard can test
 * (each with its label, its kind and its options), plus the JSON Patch operations of its edits.
 * Pure (no React), like draft-model.ts.
 */
import { DraftChange, draftForms, Label, PatchOperation } from './draft-model';
import type { FieldKind } from './guard-logic';

type Files = Record<string, any>;

/** A form offered at a step: `required` before leaving it (unless a transition says otherwise), `optional`, or `repeatable` (entries). */
export interface StepForm {
  form: string;
  use: 'required' | 'optional' | 'repeatable';
  minEntries?: number;
}

export const FORM_USES: StepForm['use'][] = ['required', 'optional', 'repeatable'];

export interface StepDef {
  id: string;
  label: Label;
  kind: 'normal' | 'terminal' | 'paused';
  forms?: StepForm[];
}

export interface GuardDef {
  rule: unknown;
  message: Label;
}

export interface TransitionDef {
  id: string;
  label: Label;
  from: string[] | '*';
  to: string;
  roles: string[];
  guards?: GuardDef[];
  approval?: { roles: string[] };
  [other: string]: unknown;
}

export const STEP_KINDS: StepDef['kind'][] = ['normal', 'terminal', 'paused'];
/** `to` of a transition that returns to the step before (resume from a pause). */
export const PREVIOUS_STEP = '@previous';
/** The pack format's identifiers (common.schema.json). */
export const PACK_ID = /^[A-Za-z][A-Za-z0-9_.-]*$/;

export const workflowSteps = (files: Files): StepDef[] => files['workflow.json']?.steps ?? [];
export const workflowTransitions = (files: Files): TransitionDef[] => files['workflow.json']?.transitions ?? [];
export const packRoles = (files: Files): Array<{ id: string; label: Label }> => files['roles.json']?.roles ?? [];

export const stepPointer = (i: number) => `/workflow.json/steps/${i}`;
export const transitionPointer = (i: number) => `/workflow.json/transitions/${i}`;

export const addStep = (step: StepDef): PatchOperation[] => [{ op: 'add', path: '/workflow.json/steps/-', value: step }];
// Each change of an existing element first tests it is the one shown (another administrator's change
// to it refuses the edit rather than landing on another element), and names it in the change log.
export const renameStep = (i: number, step: StepDef, label: Label): PatchOperation[] => [
  { op: 'test', path: `${stepPointer(i)}/id`, value: step.id },
  { op: 'replace', path: `${stepPointer(i)}/label`, value: label },
];
/** The forms a step offers, all at once (their order is the order the case page shows them in). */
export const setStepForms = (i: number, step: StepDef, forms: StepForm[]): PatchOperation[] => [
  { op: 'test', path: `${stepPointer(i)}/id`, value: step.id },
  step.forms ? { op: 'replace', path: `${stepPointer(i)}/forms`, value: forms } : { op: 'add', path: `${stepPointer(i)}/forms`, value: forms },
];
export const removeStep = (i: number, step: StepDef): PatchOperation[] => [
  { op: 'test', path: stepPointer(i), value: step },
  { op: 'remove', path: stepPointer(i) },
];
export const addTransition = (t: TransitionDef): PatchOperation[] => [{ op: 'add', path: '/workflow.json/transitions/-', value: t }];
/** The whole transition at once: its from, to, roles and guards are checked together. */
export const replaceTransition = (i: number, before: TransitionDef, after: TransitionDef): PatchOperation[] => [
  { op: 'test', path: transitionPointer(i), value: before },
  { op: 'replace', path: transitionPointer(i), value: after },
];
export const removeTransition = (i: number, before: TransitionDef): PatchOperation[] => [
  { op: 'test', path: transitionPointer(i), value: before },
  { op: 'remove', path: transitionPointer(i) },
];

/** Transitions that lead to a step or leave it: removing the step leaves them pointing at nothing. */
export const transitionsAt = (files: Files, step: string): TransitionDef[] =>
  workflowTransitions(files).filter((t) => t.to === step || (Array.isArray(t.from) && t.from.includes(step)));

export interface GuardOption {
  value: string;
  label: Label;
}

/** An answer a guard can test, at the `var` path the engine reads. */
export interface GuardField {
  path: string;
  /** The form's id, or `case` for the case's own risk. */
  source: string;
  label: Label;
  kind: FieldKind;
  options: GuardOption[];
}

export const CASE_SOURCE = 'case';

function optionsOf(files: Files, schema: any): GuardOption[] | null {
  const list = schema?.['x-optionList'];
  if (typeof list === 'string') return files['option-lists.json']?.optionLists?.[list] ?? [];
  if (Array.isArray(schema?.enum)) return schema.enum.filter((v: unknown) => typeof v === 'string').map((v: string) => ({ value: v, label: { en: v } }));
  return null;
}

/** The kind the builder gives a field's schema, or null when it has no picker for it (objects, lists of texts...). */
export function guardKind(files: Files, schema: any): { kind: FieldKind; options: GuardOption[] } | null {
  if (schema?.type === 'array') {
    const options = optionsOf(files, schema.items);
    return options ? { kind: 'choices', options } : null;
  }
  if (schema?.type === 'boolean') return { kind: 'yesno', options: [] };
  if (schema?.type === 'number' || schema?.type === 'integer') return { kind: 'number', options: [] };
  if (schema?.type !== 'string') return null;
  if (schema.format === 'date') return { kind: 'date', options: [] };
  const options = optionsOf(files, schema);
  return options ? { kind: 'choice', options } : { kind: 'text', options: [] };
}

/** Every answer of the draft's forms a guard can test, and the case's risk (its options: the risk field's). */
export function guardFields(files: Files): GuardField[] {
  const out: GuardField[] = [];
  const riskField: string | undefined = (files['pack.json']?.caseTypes ?? []).find((c: any) => c.riskField)?.riskField;
  for (const form of draftForms(files)) {
    for (const [id, schema] of Object.entries(form.schema.properties ?? {})) {
      const k = guardKind(files, schema);
      if (!k) continue;
      const field: GuardField = { path: `forms.${form.id}.${id}`, source: form.id, label: schema?.['x-label'] ?? { en: schema?.title ?? id }, ...k };
      out.push(field);
      if (riskField === `${form.id}.${id}` && k.kind === 'choice') out.unshift({ ...field, path: 'case.risk', source: CASE_SOURCE });
    }
  }
  return out;
}

const pick = (label: Label | string | undefined, locale: string): string =>
  !label ? '' : typeof label === 'string' ? label : (label[locale] ?? label.en ?? Object.values(label)[0] ?? '');
type T = (key: string, vars?: Record<string, string | number>) => string;
const ELEMENT = /^\/workflow\.json\/(steps|transitions)(?:\/(\d+))?(?:\/|$)/;

/**
 * Names a step or transition by its label from a pointer (a finding's, or a path a change touched);
 * null elsewhere. In the change log an element is named as the change saw it: the one it tested
 * (removed or replaced since), or the one it added; otherwise as the draft has it now.
 */
export function workflowElementOf(files: Files, pointer: string, locale: string, t: T, change?: DraftChange): string | null {
  const m = ELEMENT.exec(pointer);
  if (!m) return null;
  const [, list, index] = m;
  const base = `/workflow.json/${list}`;
  const ops = change?.operations ?? [];
  const value = (o: PatchOperation | undefined): any => (o && 'value' in o ? o.value : undefined);
  const seen =
    index === undefined
      ? (value(ops.find((o) => o.op === 'add' && o.path === `${base}/-`)) ??
        value(ops.find((o) => o.op === 'test' && /^\/\d+$/.test(o.path.slice(base.length)) && o.path.startsWith(base))))
      : (value(ops.find((o) => o.op === 'replace' && o.path === `${base}/${index}`)) ??
        value(ops.find((o) => o.op === 'test' && o.path === `${base}/${index}`)));
  const element = seen ?? (index !== undefined ? files['workflow.json']?.[list]?.[Number(index)] : undefined);
  if (!element?.id) return null;
  const name = pick(element.label, locale) || element.id;
  return list === 'steps' ? t('studio.element.step', { step: name }) : t('studio.element.transition', { transition: name });
}
