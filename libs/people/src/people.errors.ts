import { registerErrorCodes } from '@app/core';

export enum PeopleErrorCode {
  /** Some field of a user names what the pack does not have, or is malformed (`errors[]` say which). */
  UserInvalid = 'user_invalid',
  UsernameTaken = 'username_taken',
  /** The user, place or role is beyond what the administrator's role lets them administer. */
  OutOfAdministration = 'administration_out_of_scope',
  CannotDeactivateSelf = 'cannot_deactivate_self',
  /** An administrator's own roles, place and agency are changed by another administrator (removing one's own could leave no one to administer). */
  CannotChangeOwnAccess = 'cannot_change_own_access',
  /** A set-password code that is unknown, used or expired (the same answer for all three). */
  PasswordCodeInvalid = 'password_code_invalid',
}

registerErrorCodes({
  [PeopleErrorCode.UserInvalid]: { status: 422, title: 'The user details are not valid' },
  [PeopleErrorCode.UsernameTaken]: { status: 409, title: 'This username is taken' },
  [PeopleErrorCode.OutOfAdministration]: { status: 403, title: 'Outside what you may administer' },
  [PeopleErrorCode.CannotDeactivateSelf]: { status: 409, title: 'You cannot deactivate yourself' },
  [PeopleErrorCode.CannotChangeOwnAccess]: { status: 409, title: 'You cannot change your own roles, place or agency' },
  [PeopleErrorCode.PasswordCodeInvalid]: { status: 400, title: 'This code is not valid or has expired' },
});
