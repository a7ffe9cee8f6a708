import type { NewFieldRule, ResolvedPlan } from './migration-plan';

/** A case as the planner sees it: the row's workflow state and its form submissions. */
export interface CaseToMove {
  id: string;
  caseNumber: string;
  status: 'open' | 'paused' | 'closed';
  step: string;
  stepHistory: Array<{ step: string; enteredAt: string; leftAt: string | null }>;
  /** Latest answers per (non-repeatable) form id, as on the case row. */
  answers: Record<string, Record<string, unknown>>;
  submissions: Array<{ id: string; formId: string; answers: Record<string, unknown> }>;
}

export type CannotMoveReason = 'case_closed' | 'step_not_mapped' | 'form_removed' | 'answer_invalid';

export interface CaseMove {
  caseId: string;
  caseNumber: string;
  outcome: 'move';
  step: { from: string; to: string };
  /** `form.field → form.field` for each answer carried over under a new name. */
  renamed: string[];
  defaults: Array<{ form: string; field: string; value: unknown }>;
  /** New required answers left for the caseworker (flagged on the case). */
  tasks: Array<{ form: string; field: string }>;
  /** What the case row and its submissions become. */
  row: Pick<CaseToMove, 'step' | 'stepHistory' | 'answers'>;
  submissions: Array<{ id: string; formId: string; formVersion: number; answers: Record<string, unknown> }>;
}

export interface CaseStays {
  caseId: string;
  caseNumber: string;
  outcome: 'cannot_move';
  reason: CannotMoveReason;
  detail: string;
}

export type CaseMoveDecision = CaseMove | CaseStays;

/**
 * What the plan does to one case, decided without writing anything: the dry run shows it and the run
 * applies it, so both say the same. Pure: no database, no clock.
 */
export function planCaseMove(plan: ResolvedPlan, c: CaseToMove): CaseMoveDecision {
  const stays = (reason: CannotMoveReason, detail: string): CaseStays => ({ caseId: c.id, caseNumber: c.caseNumber, outcome: 'cannot_move', reason, detail });
  if (c.status === 'closed') return stays('case_closed', 'closed cases stay on the version they were closed under');
  const step = plan.step(c.step);
  if (!step) return stays('step_not_mapped', `the step "${c.step}" has no place in version ${plan.to.version}: map it in "steps"`);

  const answeredForms = new Set([...Object.keys(c.answers), ...c.submissions.map((s) => s.formId)]);
  for (const form of answeredForms) {
    if (!plan.form(form))
      return stays('form_removed', `the case has answers on the form "${form}", which version ${plan.to.version} does not have: map it in "forms"`);
  }

  const renamed = new Set<string>();
  const defaults: CaseMove['defaults'] = [];
  const tasks: CaseMove['tasks'] = [];
  const carry = (oldForm: string, answers: Record<string, unknown>, note: boolean): Record<string, unknown> => {
    const newForm = plan.form(oldForm)!;
    const out: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(answers)) {
      const to = plan.field(oldForm, field);
      out[to] = value;
      if (note && (to !== field || newForm !== oldForm)) renamed.add(`${oldForm}.${field} → ${newForm}.${to}`);
    }
    for (const { field, rule } of plan.newFields.get(newForm) ?? []) {
      if (out[field] !== undefined) continue;
      if (isDefault(rule)) {
        out[field] = structuredClone(rule.default);
        if (note) defaults.push({ form: newForm, field, value: rule.default });
      } else if (note) tasks.push({ form: newForm, field });
    }
    return out;
  };

  const answers: Record<string, Record<string, unknown>> = {};
  for (const [form, given] of Object.entries(c.answers)) {
    const newForm = plan.form(form)!;
    answers[newForm] = carry(form, given, true);
    // Present answers must fit the new form (required ones are the caseworker's to give, as on a draft).
    const errors = plan.to.forms.validate(newForm, answers[newForm], 'draft');
    if (errors.length) {
      return stays('answer_invalid', `${newForm}: ${errors.map((e) => `${e.path || '/'} ${e.message}`).join('; ')}`);
    }
  }
  const submissions = c.submissions.map((s) => {
    const newForm = plan.form(s.formId)!;
    // Repeatable forms' entries are only in submissions: their renames count once per form in `renamed`.
    return { id: s.id, formId: newForm, formVersion: plan.formVersion.get(newForm)!, answers: carry(s.formId, s.answers, !(s.formId in c.answers)) };
  });
  const stepHistory = c.stepHistory.map((v) => ({ ...v, step: plan.step(v.step) ?? v.step }));
  return {
    caseId: c.id,
    caseNumber: c.caseNumber,
    outcome: 'move',
    step: { from: c.step, to: step },
    renamed: [...renamed],
    defaults: dedupe(defaults),
    tasks: dedupe(tasks),
    row: { step, stepHistory, answers },
    submissions,
  };
}

function isDefault(rule: NewFieldRule): rule is { default: unknown } {
  return 'default' in rule;
}

function dedupe<T extends { form: string; field: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => !seen.has(`${i.form}.${i.field}`) && !!seen.add(`${i.form}.${i.field}`));
}
