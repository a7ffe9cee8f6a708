/**
 * Texts of the people import page (people-import-*.json, falling back to the app's), the API's answer
 * to an import, and the codes file.
 */
import type { ApiSchemas } from '../api-types';
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

/** POST /api/people/import (see PeopleImportService); problems' messages in the language the page asked for. */
export type ImportReport = ApiSchemas['PeopleImportReport'];
export type ImportProblem = ApiSchemas['ImportProblem'];
export type ImportedCode = ApiSchemas['ImportedPasswordCode'];

/** A cell as spreadsheets read it: quoted when needed, and never a formula (a name starting with `=` stays text). */
function cell(value: string): string {
  const v = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",;\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The codes as a CSV file (UTF-8 with a BOM, so spreadsheets read the letters right); the only copy there is. */
export function codesCsv(codes: readonly ImportedCode[], header: readonly string[], expiry: (iso: string) => string): string {
  const lines = [header, ...codes.map((c) => [c.username, c.displayName, c.code, expiry(c.expiresAt)])].map((r) => r.map(cell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
