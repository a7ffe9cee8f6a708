/**
 * CSV as RFC 4180 (comma separated, CRLF line ends, fields quoted when they hold a quote, comma or
 * line break), UTF-8 with a byte order mark so that spreadsheet programs read accents right.
 */
import type { Cell } from './table-types';

export const CSV_BOM = '\uFEFF';

/** A number written as text by a form (`3`, `-2.5`) is data, never a formula. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
/** What a spreadsheet program could take for the start of a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell a spreadsheet program will show as text: a value starting like a formula gets a leading
 * single quote, since answers are typed by people and `=HYPERLINK(...)` in a name must not run.
 */
export function neutralise(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? String(value) : neutralise(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: Cell[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
