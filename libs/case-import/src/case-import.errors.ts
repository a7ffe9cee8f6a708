import { registerErrorCodes } from '@app/core';

export enum CaseImportErrorCode {
  /** The mapping names an unknown case type or field, or the registrar is no active user allowed to register that case type (`errors[]`). */
  MappingInvalid = 'case_import_mapping_invalid',
  MappingNotFound = 'case_import_mapping_not_found',
  JobNotFound = 'case_import_job_not_found',
  /** The file cannot be read: no header, a mapped column missing from it, an unclosed quote, not an XLSX workbook (`errors[]`). */
  Unreadable = 'case_import_unreadable',
  /** Larger than CASE_IMPORT_LIMITS. */
  TooLarge = 'case_import_too_large',
}

registerErrorCodes({
  [CaseImportErrorCode.MappingInvalid]: { status: 422, title: 'The import mapping does not fit the case type' },
  [CaseImportErrorCode.MappingNotFound]: { status: 404, title: 'No such import mapping' },
  [CaseImportErrorCode.JobNotFound]: { status: 404, title: 'No such import job' },
  [CaseImportErrorCode.Unreadable]: { status: 422, title: 'The file cannot be read with this mapping' },
  [CaseImportErrorCode.TooLarge]: { status: 413, title: 'The file is too large to import' },
});

/** The largest file one import takes (the file is kept with its job until the job ends). */
export const CASE_IMPORT_LIMITS = { bytes: 40 * 1024 * 1024 } as const;
