import { CaseExportService } from './case-export.service';
import { ExportsRepository } from './exports.repository';
import { IndicatorExportService } from './indicator-export.service';

/** Providers of the exports, registered by ReportingModule. */
export const EXPORT_PROVIDERS = [ExportsRepository, CaseExportService, IndicatorExportService];

export { CaseExportService, type CaseExportRequest, DEFAULT_EXPORT_BATCH } from './case-export.service';
export { IndicatorExportService } from './indicator-export.service';
export { ExportsRepository } from './exports.repository';
export type { CaseExportKind } from './export-plans';
export { type CaseExportFilters, CASE_STATUSES } from './export-query';
export type { ExportMeta, ExportOutcome, ExportTarget } from './export-stream';
export { type ExportFormat, EXPORT_FORMATS, CONTENT_TYPES } from './table-writer';
