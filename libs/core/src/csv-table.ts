/** One record of a CSV file with its number as a spreadsheet shows it (the header is record 1). */
export interface CsvRecord {
  row: number;
  cells: string[];
}

/** The delimiter of a header line: the one of `,` and `;` that occurs more often outside quotes (spreadsheets in French or Romanian save with `;`). */
function delimiterOf(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/**
 * Reads CSV (RFC 4180 with what spreadsheets write: a UTF-8 BOM, `,` or `;`, CRLF, LF or CR, quoted
 * cells with `""` and line breaks inside) piece by piece, so a large file is never held parsed whole:
 * `push` each piece of text as it comes (the first must hold the header line, whose delimiter is
 * taken), `end` once. Records whose cells are all blank are left out, but keep their number so later
 * rows are numbered as in the file. `unclosedQuote` is the record where a quote opens and never closes
 * (the rest of the file would be one cell).
 */
export class CsvReader {
  delimiter: ',' | ';' | null = null;
  private cells: string[] = [];
  private cell = '';
  private quoted = false;
  /** A quote seen inside a quoted cell: a second one right after is a literal quote, anything else closes the cell. */
  private closing = false;
  /** A CR ended the record: an LF right after belongs to it. */
  private skipLf = false;
  private row = 1;
  private quoteOpenedAt = 0;
  private started = false;

  push(input: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let text = input;
    if (!this.started && text !== '') {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.delimiter = delimiterOf(text);
    }
    const delimiter = this.delimiter;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (this.skipLf) {
        this.skipLf = false;
        if (ch === '\n') continue;
      }
      if (this.closing) {
        this.closing = false;
        if (ch === '"') {
          this.cell += ch;
          continue;
        }
        this.quoted = false;
      }
      if (this.quoted) {
        if (ch === '"') this.closing = true;
        else this.cell += ch;
      } else if (ch === '"') {
        this.quoted = true;
        this.quoteOpenedAt = this.row;
      } else if (ch === delimiter) {
        this.cells.push(this.cell);
        this.cell = '';
      } else if (ch === '\r' || ch === '\n') {
        this.skipLf = ch === '\r';
        this.endRecord(out);
      } else this.cell += ch;
    }
    return out;
  }

  end(): { records: CsvRecord[]; unclosedQuote: number | null } {
    if (this.closing) this.quoted = this.closing = false;
    if (this.quoted) return { records: [], unclosedQuote: this.quoteOpenedAt };
    const out: CsvRecord[] = [];
    if (this.cell !== '' || this.cells.length > 0) this.endRecord(out);
    return { records: out, unclosedQuote: null };
  }

  private endRecord(out: CsvRecord[]): void {
    this.cells.push(this.cell);
    if (this.cells.some((c) => c.trim() !== '')) out.push({ row: this.row, cells: this.cells });
    this.cells = [];
    this.cell = '';
    this.row++;
  }
}

/** Reads CSV text whole (see CsvReader). Pure. */
export function readCsv(input: string): { records: CsvRecord[]; delimiter: ',' | ';'; unclosedQuote: number | null } {
  const reader = new CsvReader();
  const records = reader.push(input);
  const end = reader.end();
  return { records: [...records, ...end.records], delimiter: reader.delimiter ?? ',', unclosedQuote: end.unclosedQuote };
}
