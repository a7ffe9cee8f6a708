import { CaseErrorCode } from '@app/cases';
import { DomainError } from '@app/core';
import type { CaseEntity } from '@app/database';
import type { CaseTransfer } from './case-transfers.repository';
import type { ReceiverRefusal } from './transfer-receiver-rule';
import { TransferErrorCode } from '../referrals.errors';

/** The refusals of a transfer's steps, each with its stable code. */
export function notPermitted(message: string): DomainError {
  return new DomainError(TransferErrorCode.TransferNotPermitted, message);
}

export function notFound(id: string): DomainError {
  return new DomainError(TransferErrorCode.TransferNotFound, `Transfer ${id} does not exist or you may not see it.`);
}

export function notPending(t: CaseTransfer): DomainError {
  return new DomainError(TransferErrorCode.TransferNotPending, `This transfer was already ${t.status === 'pending' ? 'answered' : t.status}.`, {
    transferStatus: t.status,
  });
}

export function targetInvalid(path: string, message: string, messageKey?: string): DomainError {
  return new DomainError(TransferErrorCode.TransferTargetInvalid, `Cannot transfer the case: ${message}.`, {
    errors: [{ path, message, ...(messageKey ? { messageKey } : {}) }],
  });
}

/** A receiver who could not read the case (422 `transfer_target_invalid`) or not work it (422 `transfer_receiver_cannot_work`) once it is theirs. */
export function receiverRefused(refusal: NonNullable<ReceiverRefusal>): DomainError {
  if (refusal.code === 'cannot_read') return targetInvalid('/toUserId', refusal.message);
  return new DomainError(TransferErrorCode.TransferReceiverCannotWork, `Cannot transfer the case: ${refusal.message}.`, {
    errors: [{ path: '/toUserId', message: refusal.message }],
  });
}

/** A closed case is not moved: 409 `transition_blocked` with the reason, like any change its state does not allow. */
export function caseClosed(row: CaseEntity): DomainError {
  return new DomainError(CaseErrorCode.TransitionBlocked, `Case ${row.caseNumber} is closed; a closed case is not transferred.`, {
    reasons: ['the case is closed'],
  });
}
