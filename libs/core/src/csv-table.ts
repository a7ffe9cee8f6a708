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
 * Reads CSV text (RFC 4180 with what spreadsheets write: a UTF-8 BOM, `,` or `;`, CRLF, LF or CR, quoted
 * cells with `""` and line breaks inside). Records whose cells are all blank are left out, but keep
 * their number so later rows are numbered as in the file. `unclosedQuote` is the record where a quote
 * opens and never closes (the rest of the file would be one cell). Pure.
 */
export function readCsv(input: string): { records: CsvRecord[]; delimiter: ',' | ';'; unclosedQuote: number | null } {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const delimiter = delimiterOf(text);
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let row = 1;
  let quoteOpenedAt = 0;
  const endRecord = () => {
    cells.push(cell);
    if (cells.some((c) => c.trim() !== '')) records.push({ row, cells });
    cells = [];
    cell = '';
    row++;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch !== '"') cell += ch;
      else if (text[i + 1] === '"') cell += text[i++];
      else quoted = false;
    } else if (ch === '"') {
      quoted = true;
      quoteOpenedAt = row;
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
    } else cell += ch;
  }
  if (quoted) return { records, delimiter, unclosedQuote: quoteOpenedAt };
  if (cell !== '' || cells.length > 0) endRecord();
  return { records, delimiter, unclosedQuote: null };
}
