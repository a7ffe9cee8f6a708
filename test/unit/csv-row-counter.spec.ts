import { countCsvRows, CsvRowCounter, fileNameOf } from '../../apps/web/src/csv-rows';

/**
 * The web app's export progress counts CSV rows as the bytes arrive: a line break inside a quoted
 * field (free text) must not count as a row, whatever the chunks the network delivers.
 */
describe('web app: CSV row counter for export progress', () => {
  const csv =
    'case,notes,closed\r\n' + 'MD-1,"Two\r\nlines",no\r\n' + 'MD-2,"He said ""stop""\nthen left",yes\r\n' + 'MD-3,"",no\r\n' + 'MD-4,"Ion, Maria",no\r\n';

  it('counts data rows, not the header, and not line breaks inside quotes', () => {
    expect(countCsvRows(csv)).toBe(4);
    expect(countCsvRows('a,b\n')).toBe(0);
    expect(countCsvRows('')).toBe(0);
  });

  it('counts a last row without a final line break once the stream has ended', () => {
    const c = new CsvRowCounter();
    c.push('a,b\n1,2\n3,4');
    expect(c.dataRows()).toBe(1);
    expect(c.dataRows(true)).toBe(2);
  });

  it('gives the same count for any chunking, byte by byte included, with multi-byte characters', () => {
    const text = `${csv}MD-5,"Ștefan\n„citat” — ١٢٣",no\n`;
    const bytes = new TextEncoder().encode(text);
    for (const size of [1, 2, 3, 7, 64, bytes.length]) {
      const c = new CsvRowCounter();
      for (let i = 0; i < bytes.length; i += size) c.push(bytes.subarray(i, i + size));
      expect([size, c.dataRows(true)]).toEqual([size, 5]);
    }
  });

  it('reads the file name from Content-Disposition and keeps it safe', () => {
    expect(fileNameOf('attachment; filename="cases-2026-11-23.csv"', 'x.csv')).toBe('cases-2026-11-23.csv');
    expect(fileNameOf('attachment; filename="a.csv"; filename*=UTF-8\'\'cazuri%20%C8%99.csv', 'x.csv')).toBe('cazuri ș.csv');
    expect(fileNameOf('attachment; filename=plain.xlsx', 'x.xlsx')).toBe('plain.xlsx');
    expect(fileNameOf('attachment; filename="../../etc/passwd"', 'x.csv')).toBe('_.._etc_passwd');
    expect(fileNameOf(null, 'export.csv')).toBe('export.csv');
  });
});
