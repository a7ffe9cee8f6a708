import { DomainError, type FieldError } from '@app/core';
import type { FormDef, SopPack } from '@app/pack-types';
import { CaseMigrationErrorCode } from './case-migration.errors';

/** What to do with a field that is new (and usually required) in the new version, on cases that already answered its form. */
export type NewFieldRule = { default: unknown } | { task: true };

/**
 * An administrator's plan for moving open cases from one published version of the pack to a later
 * one (docs/case-migration.md). Form and field ids on the left are the old version's, on the right the new one's.
 */
export interface MigrationPlan {
  fromVersion: number;
  toVersion: number;
  /** Old step → new step. A step not listed keeps its id when the new version still has it. */
  steps?: Record<string, string>;
  /** Old form id → new form id (a form not listed keeps its id). */
  forms?: Record<string, string>;
  /** Per old form id: old field → new field. */
  fields?: Record<string, Record<string, string>>;
  /** Per new form id: new field → its default value, or `{ "task": true }` (the case moves and the missing answer is flagged). */
  newFields?: Record<string, Record<string, NewFieldRule>>;
  /** recompute: open deadlines follow the new version's rules from the same anchors; keep: their due dates stay. */
  deadlines: 'recompute' | 'keep';
  note?: string;
}

const ID_MAP = { type: 'object', additionalProperties: { type: 'string', minLength: 1 } };

export const MIGRATION_PLAN_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['fromVersion', 'toVersion', 'deadlines'],
  properties: {
    fromVersion: { type: 'integer', minimum: 1 },
    toVersion: { type: 'integer', minimum: 1 },
    steps: ID_MAP,
    forms: ID_MAP,
    fields: { type: 'object', additionalProperties: ID_MAP },
    newFields: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: {
          oneOf: [
            { type: 'object', additionalProperties: false, required: ['default'], properties: { default: {} } },
            { type: 'object', additionalProperties: false, required: ['task'], properties: { task: { const: true } } },
          ],
        },
      },
    },
    deadlines: { enum: ['recompute', 'keep'] },
    note: { type: 'string', maxLength: 500 },
  },
};

/** Checks answers against a form version (FormCatalogue does; tests may pass their own). */
export interface FormValidator {
  validate(formId: string, answers: unknown, mode: 'draft' | 'complete'): FieldError[];
}

/** One side of a migration: a published version with its pack and its compiled forms. */
export interface PlanSide {
  versionId: number;
  version: number;
  pack: SopPack;
  forms: FormValidator;
}

/** A plan checked against both versions, with every mapping resolved for the per-case planner. */
export interface ResolvedPlan {
  plan: MigrationPlan;
  from: PlanSide;
  to: PlanSide;
  /** Old step → new step, or null when the old step has no place in the new version. */
  step(old: string): string | null;
  /** Old form id → new form id, or null when the new version has no such form. */
  form(old: string): string | null;
  /** Old field → new field of an old form (unchanged when not renamed). */
  field(oldForm: string, oldField: string): string;
  /** Per new form: the new fields with what to do about them. */
  newFields: Map<string, Array<{ field: string; rule: NewFieldRule }>>;
  /** The new version's form version of each of its forms. */
  formVersion: Map<string, number>;
}

const properties = (f: FormDef): Record<string, unknown> => (f.schema.properties ?? {}) as Record<string, unknown>;
const requiredOf = (f: FormDef): string[] => (Array.isArray(f.schema.required) ? (f.schema.required as string[]) : []);
const pointer = (...parts: string[]) => '/' + parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/**
 * Validates a plan (its shape, then every id against the two versions) and resolves it. Every problem
 * is reported at once, each with the JSON pointer of the plan entry and the reason.
 */
export function resolvePlan(plan: MigrationPlan, from: PlanSide, to: PlanSide): ResolvedPlan {
  const errors: FieldError[] = [];
  // Each reason's keyword lets a screen word it in its reader's language, with the labels of what the path names.
  const fail = (path: string, message: string, keyword: string) => errors.push({ path, message, keyword });
  if (from.pack.manifest.id !== to.pack.manifest.id)
    fail('/toVersion', `version ${to.version} is not a version of the pack "${from.pack.manifest.id}"`, 'migration_other_pack');
  if (to.version <= from.version) fail('/toVersion', `must be a later version than fromVersion (${from.version})`, 'migration_not_later');

  const oldSteps = new Set(from.pack.workflow.steps.map((s) => s.id));
  const newSteps = new Set(to.pack.workflow.steps.map((s) => s.id));
  for (const [oldStep, newStep] of Object.entries(plan.steps ?? {})) {
    if (!oldSteps.has(oldStep)) fail(pointer('steps', oldStep), `version ${from.version} has no step "${oldStep}"`, 'migration_unknown_old_step');
    if (!newSteps.has(newStep)) fail(pointer('steps', oldStep), `version ${to.version} has no step "${newStep}"`, 'migration_unknown_new_step');
  }

  const oldForms = new Map(from.pack.forms.map((f) => [f.id, f]));
  const newForms = new Map(to.pack.forms.map((f) => [f.id, f]));
  for (const [oldForm, newForm] of Object.entries(plan.forms ?? {})) {
    if (!oldForms.has(oldForm)) fail(pointer('forms', oldForm), `version ${from.version} has no form "${oldForm}"`, 'migration_unknown_old_form');
    if (!newForms.has(newForm)) fail(pointer('forms', oldForm), `version ${to.version} has no form "${newForm}"`, 'migration_unknown_new_form');
  }
  const formOf = (old: string): string | null => {
    const mapped = plan.forms?.[old] ?? old;
    return newForms.has(mapped) ? mapped : null;
  };

  for (const [oldForm, renames] of Object.entries(plan.fields ?? {})) {
    const oldDef = oldForms.get(oldForm);
    const newId = formOf(oldForm);
    if (!oldDef || !newId) {
      fail(
        pointer('fields', oldForm),
        oldDef ? `the form "${oldForm}" has no counterpart in version ${to.version}` : `version ${from.version} has no form "${oldForm}"`,
        oldDef ? 'migration_form_without_counterpart' : 'migration_unknown_old_form',
      );
      continue;
    }
    const newProps = properties(newForms.get(newId)!);
    for (const [oldField, newField] of Object.entries(renames)) {
      if (!(oldField in properties(oldDef)))
        fail(
          pointer('fields', oldForm, oldField),
          `the form "${oldForm}" of version ${from.version} has no field "${oldField}"`,
          'migration_unknown_old_field',
        );
      if (!(newField in newProps))
        fail(pointer('fields', oldForm, oldField), `the form "${newId}" of version ${to.version} has no field "${newField}"`, 'migration_unknown_new_field');
    }
  }
  const fieldOf = (oldForm: string, oldField: string) => plan.fields?.[oldForm]?.[oldField] ?? oldField;

  // The new required fields of each form that cases may already have answered: each needs a default or a task.
  const newFields = new Map<string, Array<{ field: string; rule: NewFieldRule }>>();
  const given = plan.newFields ?? {};
  const counterparts = new Map<string, FormDef>();
  for (const oldDef of oldForms.values()) {
    const newId = formOf(oldDef.id);
    if (newId) counterparts.set(newId, oldDef);
  }
  for (const [newId, oldDef] of counterparts) {
    const newDef = newForms.get(newId)!;
    const carried = new Set(Object.keys(properties(oldDef)).map((f) => fieldOf(oldDef.id, f)));
    for (const field of requiredOf(newDef)) {
      if (carried.has(field) || given[newId]?.[field] !== undefined) continue;
      fail(
        pointer('newFields', newId, field),
        `"${field}" is new and required in the form "${newId}" of version ${to.version}: give it a default or { "task": true }`,
        'migration_new_field_unhandled',
      );
    }
  }
  for (const [newId, rules] of Object.entries(given)) {
    const newDef = newForms.get(newId);
    if (!newDef) {
      fail(pointer('newFields', newId), `version ${to.version} has no form "${newId}"`, 'migration_unknown_new_form');
      continue;
    }
    const list: Array<{ field: string; rule: NewFieldRule }> = [];
    for (const [field, rule] of Object.entries(rules)) {
      if (!(field in properties(newDef))) {
        fail(pointer('newFields', newId, field), `the form "${newId}" of version ${to.version} has no field "${field}"`, 'migration_unknown_new_field');
        continue;
      }
      if ('default' in rule) {
        for (const e of to.forms.validate(newId, { [field]: rule.default }, 'draft')) {
          if (e.path === `/${field}` || e.path.startsWith(`/${field}/`))
            fail(pointer('newFields', newId, field, 'default'), e.message, 'migration_default_invalid');
        }
      }
      list.push({ field, rule });
    }
    newFields.set(newId, list);
  }

  if (errors.length) {
    throw new DomainError(CaseMigrationErrorCode.PlanInvalid, errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });
  }
  return {
    plan,
    from,
    to,
    step: (old) => {
      const mapped = plan.steps?.[old] ?? old;
      return newSteps.has(mapped) ? mapped : null;
    },
    form: formOf,
    field: fieldOf,
    newFields,
    formVersion: new Map(to.pack.forms.map((f) => [f.id, f.version])),
  };
}
