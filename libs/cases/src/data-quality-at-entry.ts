import { DomainError, FieldError, pickLabel } from '@app/core';
import type { SopPack } from '@app/pack-types';
import { buildRuleData, dataQualityFailures, withFormAnswers, type CaseSnapshot, type DataQualityFailure } from '@app/workflow';
import { CaseErrorCode } from './cases.errors';

/** A failing check as the person entering the data reads it (in their language). */
export interface DataQualityNotice {
  id: string;
  field: string | null;
  message: string;
  /** The check could not be evaluated (a pack problem): it warns instead of refusing. */
  evaluationError?: string;
}

export interface EnteredAnswers {
  formId: string;
  formVersion: number;
  /** The merged answers about to be stored. */
  answers: Record<string, unknown>;
  /** The submission they replace (an update), or null for a new one. */
  replaces: string | null;
  status: 'draft' | 'complete';
}

/**
 * Runs the data-quality checks of the entered form on the case as it would be once the answers are
 * saved. A failing `error` check refuses the answers (`data_quality_failed`: call this before
 * writing anything, inside the transaction); `warning` checks are returned for the response. A
 * draft runs only the warnings: it may be incomplete, and refusing work in progress would lose it.
 */
export function checkAtEntry(pack: SopPack, current: CaseSnapshot, entered: EnteredAnswers, now: Date, locale: string): DataQualityNotice[] {
  const data = withFormAnswers(buildRuleData(pack, snapshotAfter(current, entered, now), now), entered.formId, entered.answers);
  const failures = dataQualityFailures(pack, data, {
    caseType: current.caseType,
    formId: entered.formId,
    severities: entered.status === 'draft' ? ['warning'] : undefined,
  });
  const errors = failures.filter((f) => f.severity === 'error');
  const warnings = failures.filter((f) => f.severity === 'warning').map((f) => notice(f, locale));
  if (errors.length) {
    const checks = errors.map((f) => notice(f, locale));
    const form = pack.forms.find((f) => f.id === entered.formId && f.version === entered.formVersion);
    const fieldErrors: FieldError[] = checks.map((c) => ({
      path: c.field ? `/${c.field.split('.').join('/')}` : '',
      message: c.message,
      keyword: 'data_quality',
      ...labelsOf(form?.schema, c.field),
    }));
    throw new DomainError(
      CaseErrorCode.DataQualityFailed,
      `The answers to "${entered.formId}" fail data-quality checks; nothing was saved. ${checks.map((c) => c.message).join(' ')}`,
      { checks, errors: fieldErrors, ...(warnings.length ? { warnings } : {}) },
    );
  }
  return warnings;
}

/** A case about to be registered, as the engine would see it once saved with its start form. */
export function newCaseSnapshot(
  c: Pick<CaseSnapshot, 'caseType' | 'step' | 'status' | 'createdBy' | 'assignedTo' | 'risk' | 'location'>,
  now: Date,
): CaseSnapshot {
  return {
    id: 'new',
    ...c,
    registeredAt: now,
    stepHistory: [{ step: c.step, enteredAt: now, leftAt: null }],
    submissions: [],
    pendingApproval: null,
    fields: {},
    transitionsDone: [],
    referrals: [],
  };
}

function snapshotAfter(current: CaseSnapshot, e: EnteredAnswers, now: Date): CaseSnapshot {
  const before = e.replaces ? current.submissions.find((s) => s.id === e.replaces) : undefined;
  const complete = e.status === 'complete';
  const saved = {
    id: e.replaces ?? 'entered',
    formId: e.formId,
    formVersion: e.formVersion,
    status: e.status,
    answers: e.answers,
    completedAt: complete ? now : null,
    firstCompletedAt: before?.firstCompletedAt ?? (complete ? now : null),
  };
  return { ...current, submissions: [...current.submissions.filter((s) => s.id !== saved.id), saved] };
}

/** The field's `x-label` by locale, so the API names the field in the user's language (never sent as such). */
function labelsOf(schema: Record<string, any> | undefined, field: string | null): Pick<FieldError, 'labels'> {
  let node = schema;
  for (const key of field?.split('.') ?? []) node = node?.properties?.[key];
  const label: unknown = field ? node?.['x-label'] : undefined;
  return typeof label === 'string' ? { labels: { en: label } } : label && typeof label === 'object' ? { labels: label as Record<string, string> } : {};
}

function notice(f: DataQualityFailure, locale: string): DataQualityNotice {
  return { id: f.checkId, field: f.field, message: pickLabel(f.message, locale), ...(f.evaluationError ? { evaluationError: f.evaluationError } : {}) };
}
