export * from './data-quality.errors';
export * from './data-quality.module';
export { DataQualityReportService, DATA_QUALITY_MAX_ITEMS, type DataQualityReport, type DataQualityReportItem } from './data-quality-report.service';
