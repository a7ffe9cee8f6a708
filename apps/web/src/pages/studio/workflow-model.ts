/**
 * The workflow editor's view of a draft: steps, transitions, roles, and the answers a guard can test
 * (each with its label, its kind and its options), plus the JSON Patch operations of its edits.
 * Pure (no React), like draft-model.ts.
 */
import { draftForms, Label, PatchOperation } from './draft-model';
import type { FieldKind } from './guard-logic';

type Files = Record<string, any>;

export interface StepDef {
  id: string;
  label: Label;
  kind: 'normal' | 'terminal' | 'paused';
  forms?: unknown[];
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
export const renameStep = (i: number, label: Label): PatchOperation[] => [{ op: 'replace', path: `${stepPointer(i)}/label`, value: label }];
export const removeStep = (i: number): PatchOperation[] => [{ op: 'remove', path: stepPointer(i) }];
export const addTransition = (t: TransitionDef): PatchOperation[] => [{ op: 'add', path: '/workflow.json/transitions/-', value: t }];
/** The whole transition at once: its from, to, roles and guards are checked together. */
export const replaceTransition = (i: number, t: TransitionDef): PatchOperation[] => [{ op: 'replace', path: transitionPointer(i), value: t }];
export const removeTransition = (i: number): PatchOperation[] => [{ op: 'remove', path: transitionPointer(i) }];

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
