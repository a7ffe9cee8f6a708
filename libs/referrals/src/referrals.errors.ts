import { registerErrorCodes } from '@app/core';

export enum ReferralErrorCode {
  ReferralNotPermitted = 'referral_not_permitted',
  ReferralInvalid = 'referral_invalid',
  ReferralNotFound = 'referral_not_found',
  ReferralStatusConflict = 'referral_status_conflict',
}

registerErrorCodes({
  [ReferralErrorCode.ReferralNotPermitted]: { status: 403, title: 'Your role may not do this with this referral' },
  [ReferralErrorCode.ReferralInvalid]: { status: 422, title: 'This referral cannot be made' },
  [ReferralErrorCode.ReferralNotFound]: { status: 404, title: 'Referral not found' },
  [ReferralErrorCode.ReferralStatusConflict]: { status: 409, title: 'The referral is no longer in a state that allows this' },
});

export enum TransferErrorCode {
  TransferNotPermitted = 'transfer_not_permitted',
  TransferTargetInvalid = 'transfer_target_invalid',
  TransferReceiverCannotWork = 'transfer_receiver_cannot_work',
  TransferPending = 'transfer_pending',
  TransferNotFound = 'transfer_not_found',
  TransferNotPending = 'transfer_not_pending',
}

registerErrorCodes({
  [TransferErrorCode.TransferNotPermitted]: { status: 403, title: 'You may not do this with this transfer' },
  [TransferErrorCode.TransferTargetInvalid]: { status: 422, title: 'The case cannot be transferred to this user or place' },
  [TransferErrorCode.TransferReceiverCannotWork]: { status: 422, title: 'The receiver could read the case but not work it once it is theirs' },
  [TransferErrorCode.TransferPending]: { status: 409, title: 'A transfer of this case is already waiting for an answer' },
  [TransferErrorCode.TransferNotFound]: { status: 404, title: 'Transfer not found' },
  [TransferErrorCode.TransferNotPending]: { status: 409, title: 'The transfer was already decided or cancelled' },
});
