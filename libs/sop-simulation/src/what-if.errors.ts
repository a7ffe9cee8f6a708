import { registerErrorCodes } from '@app/core';

export enum WhatIfErrorCode {
  /** `from` or `to` is not a calendar day, or `from` is after `to`. */
  PeriodInvalid = 'what_if_period_invalid',
  /** The location code names no place of the published pack. */
  LocationUnknown = 'what_if_location_unknown',
}

registerErrorCodes({
  [WhatIfErrorCode.PeriodInvalid]: { status: 422, title: 'The period of the "what if" is not valid' },
  [WhatIfErrorCode.LocationUnknown]: { status: 422, title: 'The pack has no such location' },
});
