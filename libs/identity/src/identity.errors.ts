import { registerErrorCodes } from '@app/core';

export enum IdentityErrorCode {
  InvalidCredentials = 'invalid_credentials',
  AccountLocked = 'account_locked',
  SessionExpired = 'session_expired',
}

registerErrorCodes({
  [IdentityErrorCode.InvalidCredentials]: { status: 401, title: 'Wrong username or password' },
  [IdentityErrorCode.AccountLocked]: { status: 423, title: 'Account temporarily locked' },
  [IdentityErrorCode.SessionExpired]: { status: 401, title: 'Session expired' },
});
