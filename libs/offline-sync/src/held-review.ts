import { errorCodeInfo } from '@app/core';
import { OfflineSyncErrorCode } from './offline-sync.errors';
import type { TeamHeldRow } from './sync-changes.repository';
import type { FieldConflict } from './field-merge';
import type { HeldReason, TeamHeldChange } from './sync.types';

/**
 * What a supervisor sees of a team member's held change. A supervisor may not read every answer of
 * every case (per-field permissions), so answers are shown by field name only, never by value: the
 * reason keeps the details that hold no answers (conflicts named by field, the steps, the offline
 * period), and a refusal from elsewhere (a validation message may quote an answer) keeps only its
 * code and title. The supervisor decides to discard; the member, once back, resolves with values.
 */
export function reviewerView(row: TeamHeldRow): TeamHeldChange {
  const { change } = row;
  return {
    key: row.key,
    kind: row.kind,
    userId: row.userId,
    userName: row.userName,
    userActive: row.userActive,
    caseId: row.caseId,
    caseNumber: row.caseNumber,
    reason: reasonWithoutAnswers(row.reason),
    ...(change.kind === 'fill' || change.kind === 'entry' ? { formId: change.formId } : {}),
    ...(change.kind === 'transition' ? { transitionId: change.transitionId } : {}),
    fields: change.kind === 'transition' ? [] : Object.keys(change.answers).sort(),
    madeAt: row.madeAt,
    receivedAt: row.receivedAt,
  };
}

/** Details kept per reason: none of them carries an answer's value. */
const SAFE_DETAILS: Partial<Record<string, (details: Record<string, unknown>) => Record<string, unknown>>> = {
  [OfflineSyncErrorCode.Conflict]: (d) => ({
    formId: d.formId,
    conflicts: ((d.conflicts as FieldConflict[] | undefined) ?? []).map((c) => ({ field: c.field })),
  }),
  [OfflineSyncErrorCode.StepMoved]: (d) => ({ step: d.step, fromStep: d.fromStep }),
  [OfflineSyncErrorCode.MadeTooLongAgo]: (d) => ({ maxDays: d.maxDays, madeAt: d.madeAt }),
};

/** The server's own sync reasons say nothing of answers; any other refusal is told by its code's title. */
function reasonWithoutAnswers(reason: HeldReason): HeldReason {
  const ours = Object.values<string>(OfflineSyncErrorCode).includes(reason.code);
  const safe = SAFE_DETAILS[reason.code];
  return {
    code: reason.code,
    message: ours ? reason.message : errorCodeInfo(reason.code).title,
    ...(safe && reason.details ? { details: safe(reason.details) } : {}),
  };
}
