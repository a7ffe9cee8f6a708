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
  /** Handed over by a device whose session had ended (user deactivated or signed out): never applied, a reviewer looks at it. */
  HandedOver = 'sync_handed_over',
  /** The device id or secret of a handover is unknown, revoked or wrong (one code for all, so none is revealed). */
  DeviceUnauthorized = 'sync_device_unauthorized',
  /** Only a held conflict is resolved by choosing values; other held changes are retried or discarded. */
  NotAConflict = 'sync_held_not_a_conflict',
  /** No device of the user's with this id (or already revoked). */
  DeviceNotFound = 'sync_device_not_found',
  /** The held changes of a team are for a supervisor of the team (pack role `supervisesTeam`). */
  TeamReviewNotPermitted = 'sync_team_review_not_permitted',
}

registerErrorCodes({
  [OfflineSyncErrorCode.Conflict]: { status: 409, title: 'The same answer was changed elsewhere' },
  [OfflineSyncErrorCode.StepMoved]: { status: 409, title: 'The case moved on while you were offline' },
  [OfflineSyncErrorCode.CaseUnknown]: { status: 422, title: 'The change names a case the server does not know' },
  [OfflineSyncErrorCode.AfterHeldChange]: { status: 409, title: 'An earlier change of this case is waiting for review' },
  [OfflineSyncErrorCode.HeldChangeNotFound]: { status: 404, title: 'Held change not found' },
  [OfflineSyncErrorCode.MadeTooLongAgo]: { status: 409, title: 'The change was made offline too long ago' },
  [OfflineSyncErrorCode.HandedOver]: { status: 409, title: 'Handed over after the session had ended' },
  [OfflineSyncErrorCode.DeviceUnauthorized]: { status: 401, title: 'Device not recognised' },
  [OfflineSyncErrorCode.DeviceNotFound]: { status: 404, title: 'Device not found' },
  [OfflineSyncErrorCode.NotAConflict]: { status: 409, title: 'This held change is not a conflict' },
  [OfflineSyncErrorCode.TeamReviewNotPermitted]: { status: 403, title: "Only a supervisor of a team reviews the team's held changes" },
});
