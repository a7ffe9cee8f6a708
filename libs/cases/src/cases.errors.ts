import { registerErrorCodes } from '@app/core';

export enum CaseErrorCode {
  CaseNotFound = 'case_not_found',
  UnknownCaseType = 'unknown_case_type',
  CaseTypeNotPermitted = 'case_type_not_permitted',
  UnknownForm = 'unknown_form',
  FormNotPermitted = 'form_not_permitted',
  FormNotAvailable = 'form_not_available',
  FieldNotPermitted = 'field_not_permitted',
  AnswersInvalid = 'answers_invalid',
  EntryNotFound = 'entry_not_found',
  TransitionNotFound = 'transition_not_found',
  TransitionForbidden = 'transition_forbidden',
  TransitionBlocked = 'transition_blocked',
  ApprovalForbidden = 'approval_forbidden',
  NoPendingApproval = 'no_pending_approval',
  LinkTargetNotFound = 'link_target_not_found',
}

registerErrorCodes({
  [CaseErrorCode.CaseNotFound]: { status: 404, title: 'Case not found' },
  [CaseErrorCode.UnknownCaseType]: { status: 400, title: 'Unknown case type' },
  [CaseErrorCode.CaseTypeNotPermitted]: { status: 403, title: 'Your role may not register this type of case' },
  [CaseErrorCode.UnknownForm]: { status: 404, title: 'Unknown form' },
  [CaseErrorCode.FormNotPermitted]: { status: 403, title: 'Your role may not fill this form' },
  [CaseErrorCode.FormNotAvailable]: { status: 409, title: 'This form cannot be filled at the current step' },
  [CaseErrorCode.FieldNotPermitted]: { status: 403, title: 'Your role may not change some of these fields' },
  [CaseErrorCode.AnswersInvalid]: { status: 422, title: 'The answers are not valid' },
  [CaseErrorCode.EntryNotFound]: { status: 404, title: 'Form entry not found' },
  [CaseErrorCode.TransitionNotFound]: { status: 404, title: 'Unknown transition' },
  [CaseErrorCode.TransitionForbidden]: { status: 403, title: 'Your role may not perform this transition' },
  [CaseErrorCode.TransitionBlocked]: { status: 409, title: 'The transition is not possible now' },
  [CaseErrorCode.ApprovalForbidden]: { status: 403, title: 'You may not decide this approval' },
  [CaseErrorCode.NoPendingApproval]: { status: 409, title: 'Nothing is waiting for approval' },
  [CaseErrorCode.LinkTargetNotFound]: { status: 400, title: 'A linked case does not exist or is not visible to you' },
});
