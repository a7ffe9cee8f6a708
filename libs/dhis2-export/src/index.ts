export { Dhis2ExportModule } from './dhis2-export.module';
export { Dhis2Export, type Dhis2Preview } from './dhis2-export.service';
export { Dhis2ErrorCode } from './dhis2-export.errors';
export type { Dhis2DeliveryRow } from './dhis2-deliveries.repository';
export type { DataValueSet, DataValue, PreviewRow } from './data-value-sets';
export { parsePeriodId, previousPeriod, periodOf, type Dhis2Period } from './dhis2-periods';
export { Dhis2Cron } from './dhis2-cron';
