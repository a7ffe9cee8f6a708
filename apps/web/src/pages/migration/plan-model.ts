/**
 * The migration plan as the editor holds it, and the plan JSON it becomes (docs/case-migration.md):
 * pure, so the choices pre-filled from the two versions can be reasoned about without the page.
 */
import type { ApiResponse, ApiSchemas } from '../../api-types';

export type MigrationOutline = ApiResponse<'SopMigrationsController_outline'>;
export type OutlineSide = ApiSchemas['OutlineSide'];
export type OutlineForm = OutlineSide['forms'][number];
export type MigrationPlan = ApiSchemas['MigrationPlan'];
export type DryRunReport = ApiResponse<'SopMigrationsController_dryRun'>;
export type DryRunItem = DryRunReport['items'][number];
export type MigrationRunStatus = ApiResponse<'SopMigrationsController_status'>;
export type MigrationRunSummary = ApiSchemas['MigrationRunSummary'];

/** A field of a form's JSON Schema, as the editor needs it. */
export interface FieldInfo {
  id: string;
  label: string;
  schema: Record<string, any>;
}

/** What to do with a field new and required in the new version: a default value, or a task for the caseworker. */
export type NewFieldChoice = { kind: 'default'; value: unknown } | { kind: 'task' };

export interface PlanDraft {
  fromVersion: number;
  toVersion: number;
  /** Old step → new step ('' = no place in the new version). */
  steps: Record<string, string>;
  /** Old form (missing in the new version) → new form ('' = none). */
  forms: Record<string, string>;
  /** Old form → old field (missing in its new form) → new field ('' = not carried over). */
  fields: Record<string, Record<string, string>>;
  /** Renames pre-filled from the changes, until the administrator chooses: `form.field`. */
  suggested: string[];
  /** New form → new required field → the choice. */
  newFields: Record<string, Record<string, NewFieldChoice>>;
  deadlines: 'recompute' | 'keep';
  note: string;
}

export function fieldsOf(form: OutlineForm | undefined): FieldInfo[] {
  const props = (form?.schema.properties ?? {}) as Record<string, Record<string, any>>;
  return Object.entries(props).map(([id, schema]) => ({ id, label: typeof schema.title === 'string' && schema.title ? schema.title : id, schema }));
}

const requiredOf = (form: OutlineForm): string[] => (Array.isArray(form.schema.required) ? (form.schema.required as string[]) : []);
const typeOf = (s: Record<string, any>) => [s.type, s.format, s.items?.type].join('/');
const words = (id: string) =>
  new Set(
    id
      .toLowerCase()
      .split(/[_\W]+/)
      .filter(Boolean),
  );

/** How likely a new field is the old one renamed: the same label first, then shared words of the ids. */
function likeness(old: FieldInfo, candidate: FieldInfo): number {
  if (typeOf(old.schema) !== typeOf(candidate.schema)) return -1;
  const shared = [...words(old.id)].filter((w) => words(candidate.id).has(w)).length;
  return (old.label === candidate.label ? 10 : 0) + shared;
}

/** The new form a form of the old version goes to: renamed in the draft, else the same id if it still exists. */
export function counterpart(draft: Pick<PlanDraft, 'forms'>, outline: MigrationOutline, oldForm: string): OutlineForm | undefined {
  const id = draft.forms[oldForm] ?? oldForm;
  return outline.to.forms.find((f) => f.id === id);
}

/** The plan pre-filled: steps kept where their id still exists, renames suggested where a field went and a like one came, deadlines recomputed. */
export function initialDraft(outline: MigrationOutline): PlanDraft {
  const newSteps = new Set(outline.to.steps.map((s) => s.id));
  const newForms = new Set(outline.to.forms.map((f) => f.id));
  const draft: PlanDraft = {
    fromVersion: outline.from.version,
    toVersion: outline.to.version,
    steps: Object.fromEntries(outline.from.steps.map((s) => [s.id, newSteps.has(s.id) ? s.id : ''])),
    forms: Object.fromEntries(outline.from.forms.filter((f) => !newForms.has(f.id)).map((f) => [f.id, ''])),
    fields: {},
    suggested: [],
    newFields: {},
    deadlines: 'recompute',
    note: '',
  };
  for (const oldForm of outline.from.forms) {
    const newForm = counterpart(draft, outline, oldForm.id);
    if (!newForm) continue;
    const oldFields = fieldsOf(oldForm);
    const newFields = fieldsOf(newForm);
    const oldIds = new Set(oldFields.map((f) => f.id));
    const added = newFields.filter((f) => !oldIds.has(f.id));
    const taken = new Set<string>();
    for (const gone of oldFields.filter((f) => !newFields.some((n) => n.id === f.id))) {
      const best = added
        .filter((a) => !taken.has(a.id))
        .map((a) => ({ a, score: likeness(gone, a) }))
        .filter((c) => c.score > 0)
        .sort((x, y) => y.score - x.score)[0];
      draft.fields[oldForm.id] = { ...draft.fields[oldForm.id], [gone.id]: best?.a.id ?? '' };
      if (best) {
        taken.add(best.a.id);
        draft.suggested.push(`${oldForm.id}.${gone.id}`);
      }
    }
  }
  return withNewFields(draft, outline);
}

/** The fields new and required in each new form after the renames: each needs a choice (kept when already made). */
export function newRequiredFields(draft: PlanDraft, outline: MigrationOutline): Array<{ form: OutlineForm; field: FieldInfo }> {
  const out: Array<{ form: OutlineForm; field: FieldInfo }> = [];
  for (const oldForm of outline.from.forms) {
    const newForm = counterpart(draft, outline, oldForm.id);
    if (!newForm) continue;
    const carried = new Set(fieldsOf(oldForm).map((f) => draft.fields[oldForm.id]?.[f.id] || f.id));
    for (const field of fieldsOf(newForm)) if (requiredOf(newForm).includes(field.id) && !carried.has(field.id)) out.push({ form: newForm, field });
  }
  return out;
}

export function withNewFields(draft: PlanDraft, outline: MigrationOutline): PlanDraft {
  const newFields: PlanDraft['newFields'] = {};
  for (const { form, field } of newRequiredFields(draft, outline)) {
    newFields[form.id] = { ...newFields[form.id], [field.id]: draft.newFields[form.id]?.[field.id] ?? { kind: 'default', value: undefined } };
  }
  return { ...draft, newFields };
}

const nonEmpty = <T>(o: Record<string, T>): Record<string, T> | undefined => (Object.keys(o).length ? o : undefined);

/** The plan as the API and the CLI take it: only what differs from the defaults (a step or form not listed keeps its id). */
export function toPlan(draft: PlanDraft): MigrationPlan {
  const steps = Object.fromEntries(Object.entries(draft.steps).filter(([from, to]) => to && to !== from));
  const forms = Object.fromEntries(Object.entries(draft.forms).filter(([from, to]) => to && to !== from));
  const fields: Record<string, Record<string, string>> = {};
  for (const [form, renames] of Object.entries(draft.fields)) {
    const kept = Object.fromEntries(Object.entries(renames).filter(([from, to]) => to && to !== from));
    if (Object.keys(kept).length) fields[form] = kept;
  }
  const newFields: NonNullable<MigrationPlan['newFields']> = {};
  for (const [form, rules] of Object.entries(draft.newFields)) {
    const given = Object.entries(rules)
      .filter(([, c]) => c.kind === 'task' || c.value !== undefined)
      .map(([field, c]) => [field, c.kind === 'task' ? { task: true as const } : { default: c.value }]);
    if (given.length) newFields[form] = Object.fromEntries(given);
  }
  return {
    fromVersion: draft.fromVersion,
    toVersion: draft.toVersion,
    steps: nonEmpty(steps),
    forms: nonEmpty(forms),
    fields: nonEmpty(fields),
    newFields: nonEmpty(newFields),
    deadlines: draft.deadlines,
    note: draft.note.trim() || undefined,
  };
}

/** The problems of a refused plan whose JSON pointer is at or under `pointer` (e.g. `/steps/initial_assessment`). */
export function problemsAt(errors: Array<{ path: string; message: string }>, ...pointer: string[]): string[] {
  const at = '/' + pointer.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
  return errors.filter((e) => e.path === at || e.path.startsWith(at + '/')).map((e) => e.message);
}
