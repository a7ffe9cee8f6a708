/**
 * Texts of the case import page (case-import-*.json, falling back to the app's) and the shapes of
 * /api/case-imports (docs/import.md).
 */
import type { ApiResponse, ApiSchemas } from '../api-types';
import { Messages, translate } from '../i18n';
import ar from '../locales/case-import-ar.json';
import en from '../locales/case-import-en.json';
import fr from '../locales/case-import-fr.json';
import ro from '../locales/case-import-ro.json';
import { useApp } from '../session';

const MESSAGES: Record<string, Messages> = { en, fr, ar, ro };

export type CaseImportT = (key: string, vars?: Record<string, string | number>) => string;

export function caseImportTranslate(locale: string, key: string, vars: Record<string, string | number> = {}): string {
  return translate(locale, key, vars, MESSAGES);
}

export function useCaseImportT(): CaseImportT {
  const { locale } = useApp();
  return (key, vars) => translate(locale, key, vars, MESSAGES);
}

export type ImportCaseType = ApiSchemas['CaseImportCaseType'];
export type ImportField = ApiSchemas['ImportField'];
export type SavedMapping = ApiSchemas['SavedMapping'];
export type ImportJob = ApiSchemas['ImportJob'];
export type DryRun = ApiResponse<'CaseImportController_dryRun'>;
export type RowProblem = ApiSchemas['RowProblem'];

export const DATE_FORMATS = ['YYYY-MM-DD', 'DD.MM.YYYY', 'DD/MM/YYYY', 'MM/DD/YYYY'] as const;

/** The header names of a CSV file's first line (`,` or `;`, quotes); none for a workbook (typed by hand then). */
export function csvHeader(text: string): string[] {
  const line = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r\n|\n|\r/)[0] ?? '';
  const delimiter = (line.match(/;/g)?.length ?? 0) > (line.match(/,/g)?.length ?? 0) ? ';' : ',';
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch !== '"') cell += ch;
      else if (line[i + 1] === '"') cell += line[i++];
      else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells.filter(Boolean);
}

/** A file's bytes as base64 (the API takes the file inside JSON). */
export async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
