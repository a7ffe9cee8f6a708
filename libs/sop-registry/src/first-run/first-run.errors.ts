import { registerErrorCodes } from '@app/core';

export enum FirstRunErrorCode {
  SetupRequired = 'setup_required',
  SetupComplete = 'setup_complete',
  SetupCodeInvalid = 'setup_code_invalid',
  SetupNoAdministratorRole = 'setup_no_administrator_role',
}

registerErrorCodes({
  [FirstRunErrorCode.SetupRequired]: { status: 503, title: 'Set-up required' },
  [FirstRunErrorCode.SetupComplete]: { status: 409, title: 'Set-up already done' },
  [FirstRunErrorCode.SetupCodeInvalid]: { status: 403, title: 'Wrong or expired set-up code' },
  [FirstRunErrorCode.SetupNoAdministratorRole]: { status: 409, title: 'The pack has no administrator role' },
});
