import { registerErrorCodes } from '@app/core';

export enum SopDraftErrorCode {
  DraftNotFound = 'sop_draft_not_found',
  DraftExists = 'sop_draft_exists',
  DraftClosed = 'sop_draft_closed',
  DraftConflict = 'sop_draft_conflict',
  DraftRevisionUnknown = 'sop_draft_revision_unknown',
  DraftPatchInvalid = 'sop_draft_patch_invalid',
  DraftHasErrors = 'sop_draft_has_errors',
  DraftChanged = 'sop_draft_changed',
}

registerErrorCodes({
  [SopDraftErrorCode.DraftNotFound]: { status: 404, title: 'SOP draft not found' },
  [SopDraftErrorCode.DraftExists]: { status: 409, title: 'The pack already has an open draft' },
  [SopDraftErrorCode.DraftClosed]: { status: 409, title: 'The SOP draft is closed' },
  [SopDraftErrorCode.DraftConflict]: { status: 409, title: 'Someone else changed the same part of the draft' },
  [SopDraftErrorCode.DraftRevisionUnknown]: { status: 422, title: 'The draft has no such revision' },
  [SopDraftErrorCode.DraftPatchInvalid]: { status: 422, title: 'The edit cannot be applied to the draft' },
  [SopDraftErrorCode.DraftHasErrors]: { status: 422, title: 'The draft has errors and cannot be published' },
  [SopDraftErrorCode.DraftChanged]: { status: 409, title: 'The draft changed since you read it' },
});
