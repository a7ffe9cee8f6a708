import { CsvReader, readCsv } from './csv-table';

/** Reads `text` pushed in the given pieces. */
function inPieces(pieces: string[]) {
  const reader = new CsvReader();
  const records = pieces.flatMap((p) => reader.push(p));
  const end = reader.end();
  return { records: [...records, ...end.records], unclosedQuote: end.unclosedQuote };
}

describe('CsvReader: a file read piece by piece reads as the whole text', () => {
  const text = '\uFEFFid;name;note\r\n1;"Popescu; Ana";"say ""hi"""\r\n\r\n2;Ion;"two\r\nlines"\r3;"";x\n4;"end"';

  it('whatever the place a file is cut in two, and one character at a time', () => {
    const whole = readCsv(text);
    expect(whole.records.map((r) => r.row)).toEqual([1, 2, 4, 5, 6]);
    expect(whole.records[1].cells).toEqual(['1', 'Popescu; Ana', 'say "hi"']);
    expect(whole.records[2].cells).toEqual(['2', 'Ion', 'two\r\nlines']);
    // The header (with its delimiter) is in the first piece, as a reader of a file's first kilobytes has it.
    for (let at = 16; at <= text.length; at++) {
      expect(inPieces([text.slice(0, at), text.slice(at)])).toEqual({ records: whole.records, unclosedQuote: null });
    }
    expect(inPieces([text.slice(0, 16), ...text.slice(16).split('')]).records).toEqual(whole.records);
  });

  it('reports a quote that never closes, after the records before it', () => {
    expect(inPieces(['a\nb\n"c', '\nd\n'])).toEqual({
      records: [
        { row: 1, cells: ['a'] },
        { row: 2, cells: ['b'] },
      ],
      unclosedQuote: 3,
    });
  });
});
