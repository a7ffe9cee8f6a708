import { registerErrorCodes } from '@app/core';

export enum IdentityErrorCode {
  InvalidCredentials = 'invalid_credentials',
  SessionExpired = 'session_expired',
  PasswordTooWeak = 'password_too_weak',
  PasswordIncorrect = 'password_incorrect',
  TooManyAttempts = 'too_many_attempts',
  TwoFactorRequired = 'two_factor_required',
  TwoFactorInvalid = 'two_factor_invalid',
  TwoFactorCodeRejected = 'two_factor_code_rejected',
  TwoFactorEnrolmentRequired = 'two_factor_enrolment_required',
  TwoFactorRequiredByRole = 'two_factor_required_by_role',
  TwoFactorAlreadyEnabled = 'two_factor_already_enabled',
  TwoFactorNotPending = 'two_factor_not_pending',
  TwoFactorNotEnabled = 'two_factor_not_enabled',
  UserNotFound = 'user_not_found',
}

registerErrorCodes({
  [IdentityErrorCode.InvalidCredentials]: { status: 401, title: 'Wrong username or password' },
  [IdentityErrorCode.SessionExpired]: { status: 401, title: 'Session expired' },
  [IdentityErrorCode.PasswordTooWeak]: { status: 422, title: 'Password too weak' },
  [IdentityErrorCode.PasswordIncorrect]: { status: 403, title: 'Current password is wrong' },
  [IdentityErrorCode.TooManyAttempts]: { status: 429, title: 'Too many sign-in attempts' },
  [IdentityErrorCode.TwoFactorRequired]: { status: 401, title: 'Two-factor code required' },
  [IdentityErrorCode.TwoFactorInvalid]: { status: 401, title: 'Wrong or already used two-factor code' },
  [IdentityErrorCode.TwoFactorCodeRejected]: { status: 422, title: 'Wrong or already used two-factor code' },
  [IdentityErrorCode.TwoFactorEnrolmentRequired]: { status: 403, title: 'Two-factor enrolment required' },
  [IdentityErrorCode.TwoFactorRequiredByRole]: { status: 403, title: 'Two-factor authentication is mandatory for your role' },
  [IdentityErrorCode.TwoFactorAlreadyEnabled]: { status: 409, title: 'Two-factor authentication is already enabled' },
  [IdentityErrorCode.TwoFactorNotPending]: { status: 409, title: 'No two-factor set-up to confirm' },
  [IdentityErrorCode.TwoFactorNotEnabled]: { status: 409, title: 'Two-factor authentication is not enabled' },
  [IdentityErrorCode.UserNotFound]: { status: 404, title: 'User not found' },
});
