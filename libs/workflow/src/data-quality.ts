import type { DataQualityCheckDef, SopPack, Translated } from '@app/pack-types';
import { defaultOperators, evaluateRule, truthy, type OperatorRegistry } from '@app/rules';
import type { RuleData } from './engine.types';

/** A data-quality check (data-quality.json) that does not hold on a case's data. */
export interface DataQualityFailure {
  checkId: string;
  severity: 'error' | 'warning';
  form: string;
  field: string | null;
  label: Translated;
  message: Translated;
  /**
   * Set when the rule could not be evaluated (an operator failed: a pack problem, not the data's).
   * Such a failure is always a warning: a broken plausibility check must not stop a worker from
   * recording a child's case, but it must be seen, at entry and in the report, so it gets fixed.
   */
  evaluationError?: string;
}

export interface DataQualityOptions {
  /** The case's type: checks listing other `caseTypes` do not apply. */
  caseType: string;
  /** Only the checks run when this form is entered (all the pack's checks otherwise). */
  formId?: string;
  /** Only checks of these severities (a draft runs only the warnings: it may be incomplete). */
  severities?: ReadonlyArray<DataQualityCheckDef['severity']>;
  /** Only this check (the report filtered by check). */
  checkId?: string;
  operators?: OperatorRegistry;
}

/** The checks that apply to a case of `caseType` (and to `formId`, `checkId`, `severities` when given). */
export function applicableChecks(pack: SopPack, opts: DataQualityOptions): DataQualityCheckDef[] {
  return (pack.dataQuality ?? []).filter(
    (c) =>
      (opts.formId === undefined || c.form === opts.formId) &&
      (opts.checkId === undefined || c.id === opts.checkId) &&
      (opts.severities === undefined || opts.severities.includes(c.severity)) &&
      (!c.caseTypes?.length || c.caseTypes.includes(opts.caseType)),
  );
}

/**
 * The checks that fail on `data`, each evaluated against the answers `data.forms[check.form]`.
 * A check is skipped when its form has no answers, or when its `field` has no answer: whether an
 * answer is required is the form's business, and a check that fired on every blank would drown the
 * real problems (and every draft) in noise.
 */
export function dataQualityFailures(pack: SopPack, data: RuleData, opts: DataQualityOptions): DataQualityFailure[] {
  const operators = opts.operators ?? defaultOperators();
  const out: DataQualityFailure[] = [];
  for (const check of applicableChecks(pack, opts)) {
    const answers = data.forms[check.form];
    if (!answers || (check.field !== undefined && isBlank(answerAt(answers, check.field)))) continue;
    const failure = { checkId: check.id, severity: check.severity, form: check.form, field: check.field ?? null, label: check.label, message: check.message };
    try {
      if (!truthy(evaluateRule(check.rule, data, operators))) out.push(failure);
    } catch (err) {
      out.push({ ...failure, severity: 'warning', evaluationError: (err as Error)?.message ?? String(err) });
    }
  }
  return out;
}

/**
 * The rule data as it would be with `answers` as the form's answers: what a check at entry reads
 * (the entry being saved, even when it is an older entry of a repeatable form or a draft).
 */
export function withFormAnswers(data: RuleData, formId: string, answers: Record<string, unknown>): RuleData {
  return { ...data, forms: { ...data.forms, [formId]: answers } };
}

/**
 * Every check failing on a stored case (the data-quality report): each check against the latest
 * complete answers of its form or, for a repeatable form, against each complete entry; one failure
 * per check (the first failing entry).
 */
export function caseDataQualityFailures(pack: SopPack, data: RuleData, opts: DataQualityOptions): DataQualityFailure[] {
  const out: DataQualityFailure[] = [];
  const byForm = new Map<string, DataQualityCheckDef[]>();
  for (const c of applicableChecks(pack, opts)) byForm.set(c.form, [...(byForm.get(c.form) ?? []), c]);
  for (const [formId, checks] of byForm) {
    const entries = isRepeatableForm(pack, formId) ? (data.formEntries[formId] ?? []) : data.forms[formId] ? [data.forms[formId]] : [];
    const seen = new Set<string>();
    for (const answers of entries) {
      for (const f of dataQualityFailures(pack, withFormAnswers(data, formId, answers), { ...opts, formId })) {
        if (seen.has(f.checkId) || !checks.some((c) => c.id === f.checkId)) continue;
        seen.add(f.checkId);
        out.push(f);
      }
    }
  }
  return out;
}

export function isRepeatableForm(pack: SopPack, formId: string): boolean {
  return pack.workflow.steps.some((s) => s.forms?.some((f) => f.form === formId && f.use === 'repeatable'));
}

/** The answer at a field path (`field` or `group.field`). */
function answerAt(answers: Record<string, unknown>, field: string): unknown {
  let value: unknown = answers;
  for (const key of field.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}
