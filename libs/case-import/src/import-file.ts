import { StringDecoder } from 'node:string_decoder';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { CsvReader, DomainError, type CsvRecord } from '@app/core';
import { CaseImportErrorCode } from './case-import.errors';

export type ImportFileKind = 'csv' | 'xlsx';

/** The kind of an uploaded file by its name (a workbook's bytes start as a ZIP archive's). */
export function kindOf(fileName: string, content: Buffer): ImportFileKind {
  return /\.xlsx$/i.test(fileName) || (content[0] === 0x50 && content[1] === 0x4b) ? 'xlsx' : 'csv';
}

const unreadable = (message: string) => new DomainError(CaseImportErrorCode.Unreadable, message, { errors: [{ path: '/file', message }] });

/** A cell of a workbook as the text a CSV would hold (dates as YYYY-MM-DD, rich text joined, formulas by their result). */
function textOf(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return textOf(value.result as ExcelJS.CellValue);
    return '';
  }
  return String(value);
}

/** The first sheet of a workbook, read as a stream (rows one by one, not the whole sheet in memory). */
async function* xlsxRecords(content: Buffer): AsyncGenerator<CsvRecord> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(content), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
  });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = (row.values as ExcelJS.CellValue[]).slice(1);
        const cells = Array.from(values, (v) => textOf(v));
        if (cells.some((c) => c.trim() !== '')) yield { row: row.number, cells };
      }
      return;
    }
  } catch (e) {
    if (e instanceof DomainError) throw e;
    throw unreadable('not an XLSX workbook');
  }
}

/** The records of a file, header first (row 1), blank rows left out but counted. */
export async function* importRecords(kind: ImportFileKind, content: Buffer): AsyncGenerator<CsvRecord> {
  if (kind === 'xlsx') {
    yield* xlsxRecords(content);
    return;
  }
  // Piece by piece: the file's bytes stay as they are, only a piece's records are parsed at a time.
  const reader = new CsvReader();
  const decoder = new StringDecoder('utf8');
  for (let at = 0; at < content.length; at += CSV_PIECE) yield* reader.push(decoder.write(content.subarray(at, at + CSV_PIECE)));
  yield* reader.push(decoder.end());
  const { records, unclosedQuote } = reader.end();
  if (unclosedQuote !== null) throw unreadable(`a quote opened on row ${unclosedQuote} never closes`);
  yield* records;
}

/** Bytes decoded at a time (the header line must fit in the first piece). */
const CSV_PIECE = 256 * 1024;
