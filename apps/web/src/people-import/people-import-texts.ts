/**
 * Texts of the people import page (people-import-*.json, falling back to the app's), and the API's
 * answer to an import (see PeopleImportService).
 */
import { Messages, translate } from '../i18n';
import ar from '../locales/people-import-ar.json';
import en from '../locales/people-import-en.json';
import fr from '../locales/people-import-fr.json';
import ro from '../locales/people-import-ro.json';
import { useApp } from '../session';

const MESSAGES: Record<string, Messages> = { en, fr, ar, ro };

export type ImportT = (key: string, vars?: Record<string, string | number>) => string;

export function useImportT(): ImportT {
  const { locale } = useApp();
  return (key, vars) => translate(locale, key, vars, MESSAGES);
}

export interface ImportProblem {
  row: number;
  column: string;
  code: string;
  /** In the language the page asked for. */
  message: string;
}

export interface ImportedCode {
  row: number;
  userId: string;
  username: string;
  displayName: string;
  code: string;
  expiresAt: string;
}

/** POST /api/people/import. */
export interface ImportReport {
  dryRun: boolean;
  rows: number;
  valid: number;
  created: number;
  problems: ImportProblem[];
  passwordCodes: ImportedCode[];
}

const cell = (v: string) => (/[",;\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The codes as a CSV file (UTF-8 with a BOM, so spreadsheets read the letters right); the only copy there is. */
export function codesCsv(codes: readonly ImportedCode[], header: readonly string[], expiry: (iso: string) => string): string {
  const lines = [header, ...codes.map((c) => [c.username, c.displayName, c.code, expiry(c.expiresAt)])].map((r) => r.map(cell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
