import { registerErrorCodes } from '@app/core';

export enum ServiceDirectoryErrorCode {
  ProviderExists = 'provider_exists',
}

registerErrorCodes({
  [ServiceDirectoryErrorCode.ProviderExists]: { status: 409, title: 'A provider with this id exists already' },
});
