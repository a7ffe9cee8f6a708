import type { Writable } from 'node:stream';
import type { Cell, TableWriter } from './table-types';
import { ZipStream } from './zip-stream';
import { endOut } from './stream-io';

/** Rows an XLSX sheet can hold (the header included). */
export const XLSX_MAX_ROWS = 1_048_576;
const MAX_CELL_TEXT = 32_767;

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const CONTENT_TYPES_XML =
  `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
  '</Types>';
const ROOT_RELS_XML =
  `${XML}<Relationships xmlns="${PKG_REL}">` + `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK_RELS_XML =
  `${XML}<Relationships xmlns="${PKG_REL}">` +
  `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
  `<Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/></Relationships>`;
// Style 0: normal; style 1: bold (the header row).
const STYLES_XML =
  `${XML}<styleSheet xmlns="${MAIN}">` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';
const SHEET_START =
  `${XML}<worksheet xmlns="${MAIN}"><sheetViews><sheetView workbookViewId="0">` +
  '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>';
const SHEET_END = '</sheetData></worksheet>';

// Characters XML 1.0 cannot carry at all (control characters other than tab, line feed, return).
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// One test per cell in the usual case (nothing to escape or remove): a large export has millions.
const NEEDS_WORK = /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

export function xmlText(s: string): string {
  if (s.length <= MAX_CELL_TEXT && !NEEDS_WORK.test(s)) return s;
  const clean = s.replace(INVALID_XML, '');
  return (clean.length > MAX_CELL_TEXT ? clean.slice(0, MAX_CELL_TEXT) : clean)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnName(i: number): string {
  let n = i + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/**
 * One worksheet written as it comes. Text goes in inline strings (no shared-strings table, which
 * would have to be held in memory to the end); an inline string is never read as a formula, so
 * values are written as they are. Numbers are numbers. Null cells are left out.
 */
export class XlsxTableWriter implements TableWriter {
  private readonly zip: ZipStream;
  private row = 0;
  private readonly letters: string[] = [];

  constructor(
    private readonly out: Writable,
    private readonly signal: AbortSignal,
    private readonly sheetName = 'Export',
  ) {
    this.zip = new ZipStream(out, signal);
  }

  async header(labels: string[]): Promise<void> {
    const name = xmlText(this.sheetName.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Export');
    await this.zip.file('[Content_Types].xml', CONTENT_TYPES_XML);
    await this.zip.file('_rels/.rels', ROOT_RELS_XML);
    await this.zip.file(
      'xl/workbook.xml',
      `${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>` + `<sheet name="${name}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    );
    await this.zip.file('xl/_rels/workbook.xml.rels', WORKBOOK_RELS_XML);
    await this.zip.file('xl/styles.xml', STYLES_XML);
    await this.zip.openEntry('xl/worksheets/sheet1.xml');
    await this.zip.write(SHEET_START + this.rowXml(labels, 1));
  }

  async rows(rows: Cell[][]): Promise<void> {
    if (this.row + rows.length > XLSX_MAX_ROWS) throw new Error(`an XLSX sheet holds at most ${XLSX_MAX_ROWS} rows`);
    if (rows.length) await this.zip.write(rows.map((r) => this.rowXml(r)).join(''));
  }

  async notes(lines: string[]): Promise<void> {
    if (lines.length) await this.rows([[], ...lines.map((l) => [l])]);
  }

  async end(): Promise<void> {
    await this.zip.write(SHEET_END);
    await this.zip.closeEntry();
    await this.zip.finish();
    await endOut(this.out, this.signal);
  }

  private rowXml(values: Cell[], style = 0): string {
    const r = ++this.row;
    let xml = `<row r="${r}">`;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === null || v === undefined || v === '') continue;
      const ref = (this.letters[i] ??= columnName(i)) + r;
      const s = style ? ` s="${style}"` : '';
      xml +=
        typeof v === 'number' && Number.isFinite(v)
          ? `<c r="${ref}"${s}><v>${v}</v></c>`
          : `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${xmlText(String(v))}</t></is></c>`;
    }
    return `${xml}</row>`;
  }
}
