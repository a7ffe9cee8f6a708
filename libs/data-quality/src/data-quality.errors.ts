import { registerErrorCodes } from '@app/core';

export enum DataQualityErrorCode {
  DataQualityCheckUnknown = 'data_quality_check_unknown',
}

registerErrorCodes({
  [DataQualityErrorCode.DataQualityCheckUnknown]: { status: 404, title: 'No such data-quality check' },
});
