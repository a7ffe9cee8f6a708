export * from './case-import.errors';
export * from './case-import.module';
export * from './case-import.service';
export { CaseImportRunner, IMPORT_BATCH_ROWS } from './case-import.runner';
export type { ImportJob, ImportJobState, SavedMapping } from './case-import.repository';
export { DATE_FORMATS, importFields, type DateFormat, type ImportField, type ImportMapping, type RowProblem } from './import-mapping';
