import type { ApprovalEntity, CaseEntity, FormSubmissionEntity } from '@app/database';
import type { CaseSnapshot, ReferralSnapshot } from '@app/workflow';

/** The engine's view of a case, built from the rows (the engine never sees entities). */
export function toSnapshot(
  c: CaseEntity,
  submissions: FormSubmissionEntity[],
  pending: ApprovalEntity | null,
  referrals: ReferralSnapshot[] = [],
): CaseSnapshot {
  return {
    id: c.id,
    caseType: c.caseType,
    step: c.step,
    status: c.status,
    registeredAt: new Date(c.registeredAt),
    createdBy: c.createdBy,
    assignedTo: c.assignedTo,
    risk: c.risk,
    location: c.locationCode,
    stepHistory: c.stepHistory.map((v) => ({
      step: v.step,
      enteredAt: new Date(v.enteredAt),
      leftAt: v.leftAt ? new Date(v.leftAt) : null,
    })),
    submissions: submissions.map((s) => ({
      id: s.id,
      formId: s.formId,
      formVersion: s.formVersion,
      status: s.status,
      answers: s.answers,
      completedAt: s.completedAt,
      firstCompletedAt: s.firstCompletedAt,
    })),
    pendingApproval: pending
      ? {
          id: pending.id,
          transitionId: pending.transitionId,
          requestedBy: pending.requestedBy,
          requestedAt: pending.requestedAt,
        }
      : null,
    fields: c.fields,
    transitionsDone: c.transitionsDone.map((t) => ({ transitionId: t.transitionId, at: new Date(t.at) })),
    referrals,
  };
}

/** Serialises the engine's step history back to the jsonb column. */
export function stepHistoryToRow(history: CaseSnapshot['stepHistory']): CaseEntity['stepHistory'] {
  return history.map((v) => ({ step: v.step, enteredAt: v.enteredAt.toISOString(), leftAt: v.leftAt ? v.leftAt.toISOString() : null }));
}
