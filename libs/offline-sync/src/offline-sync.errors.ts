import { registerErrorCodes } from '@app/core';

export enum OfflineSyncErrorCode {
  /** The same field was changed on the device and on the server: the user chooses. */
  Conflict = 'sync_conflict',
  /** The case left the step the device took the transition from. */
  StepMoved = 'sync_step_moved',
  /** The change names a temporary case id no applied registration of this user created. */
  CaseUnknown = 'sync_case_unknown',
  /** An earlier change of the same case in the queue was held: this one waits with it, in order. */
  AfterHeldChange = 'sync_after_held_change',
  HeldChangeNotFound = 'sync_held_change_not_found',
  /** Made offline longer ago than the pack allows a device to stay offline (security.json offline.maxDays). */
  MadeTooLongAgo = 'sync_made_too_long_ago',
}

registerErrorCodes({
  [OfflineSyncErrorCode.Conflict]: { status: 409, title: 'The same answer was changed elsewhere' },
  [OfflineSyncErrorCode.StepMoved]: { status: 409, title: 'The case moved on while you were offline' },
  [OfflineSyncErrorCode.CaseUnknown]: { status: 422, title: 'The change names a case the server does not know' },
  [OfflineSyncErrorCode.AfterHeldChange]: { status: 409, title: 'An earlier change of this case is waiting for review' },
  [OfflineSyncErrorCode.HeldChangeNotFound]: { status: 404, title: 'Held change not found' },
  [OfflineSyncErrorCode.MadeTooLongAgo]: { status: 409, title: 'The change was made offline too long ago' },
});
