import { registerErrorCodes } from '@app/core';

export enum Dhis2ErrorCode {
  NotConfigured = 'dhis2_not_configured',
  ServerNotConfigured = 'dhis2_server_not_configured',
  BadPeriod = 'dhis2_bad_period',
  NotPermitted = 'dhis2_not_permitted',
}

registerErrorCodes({
  [Dhis2ErrorCode.NotConfigured]: { status: 404, title: 'This SOP does not report to DHIS2' },
  [Dhis2ErrorCode.ServerNotConfigured]: { status: 409, title: 'No DHIS2 server is configured' },
  [Dhis2ErrorCode.BadPeriod]: { status: 400, title: 'Not a DHIS2 period of this SOP' },
  [Dhis2ErrorCode.NotPermitted]: { status: 403, title: 'Your role may not see the DHIS2 reporting' },
});
