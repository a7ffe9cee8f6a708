import type { Writable } from 'node:stream';
import { CSV_BOM, csvLine } from './csv';
import { XlsxTableWriter } from './xlsx-writer';
import { endOut, writeOut } from './stream-io';
import type { Cell, TableWriter } from './table-types';

export type ExportFormat = 'csv' | 'xlsx';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'xlsx'];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function createTableWriter(format: ExportFormat, out: Writable, signal: AbortSignal, sheetName = 'Export'): TableWriter {
  return format === 'csv' ? new CsvTableWriter(out, signal) : new XlsxTableWriter(out, signal, sheetName);
}

class CsvTableWriter implements TableWriter {
  constructor(
    private readonly out: Writable,
    private readonly signal: AbortSignal,
  ) {}

  header(labels: string[]): Promise<void> {
    return writeOut(this.out, CSV_BOM + csvLine(labels), this.signal);
  }

  async rows(rows: Cell[][]): Promise<void> {
    if (rows.length) await writeOut(this.out, rows.map(csvLine).join(''), this.signal);
  }

  async notes(lines: string[]): Promise<void> {
    if (lines.length) await writeOut(this.out, `\r\n${lines.map((l) => csvLine([l])).join('')}`, this.signal);
  }

  end(): Promise<void> {
    return endOut(this.out, this.signal);
  }
}
