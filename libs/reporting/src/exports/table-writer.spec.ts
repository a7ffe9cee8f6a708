import { PassThrough, Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { csvField, csvLine, neutralise } from './csv';
import { createTableWriter, ExportFormat } from './table-writer';
import type { Cell } from './table-types';
import { columnName, xmlText } from './xlsx-writer';
import { crc32 } from './zip-stream';

/** Collects what a writer sends. */
function sink(): { out: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk, _e, cb) {
      chunks.push(Buffer.from(chunk));
      cb();
    },
  });
  return { out, bytes: () => Buffer.concat(chunks) };
}

async function write(format: ExportFormat, header: string[], rows: Cell[][], notes: string[] = []): Promise<Buffer> {
  const { out, bytes } = sink();
  const w = createTableWriter(format, out, new AbortController().signal, 'Cases');
  await w.header(header);
  await w.rows(rows);
  await w.notes(notes);
  await w.end();
  return bytes();
}

async function readXlsx(buf: Buffer): Promise<Cell[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as any);
  const sheet = wb.worksheets[0];
  const out: Cell[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const values = Array.from((row.values as any[]).slice(1), (v) => (v === undefined ? null : v));
    out[n - 1] = values;
  });
  return Array.from(out, (r) => r ?? []);
}

describe('CSV', () => {
  it('quotes what RFC 4180 requires and nothing else', () => {
    expect(csvLine(['a', 'b c', 'd,e', 'say "hi"', 'two\nlines', null, 3])).toBe('a,b c,"d,e","say ""hi""","two\nlines",,3\r\n');
  });

  it('neutralises what a spreadsheet would run as a formula, but not numbers', () => {
    for (const v of ['=1+1', '+33', '-x', '@SUM(A1)', '\tx', '\rx']) expect(neutralise(v)).toBe(`'${v}`);
    expect(neutralise('-12.5')).toBe('-12.5');
    expect(neutralise('Ion')).toBe('Ion');
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField(-3)).toBe('-3');
  });

  it('starts with a byte order mark and ends notes after a blank line', async () => {
    const text = (await write('csv', ['A', 'B'], [['x', 1]], ['* note'])).toString('utf8');
    expect(text).toBe('\uFEFFA,B\r\nx,1\r\n\r\n* note\r\n');
  });
});

describe('XLSX', () => {
  it('names columns and cleans text for XML', () => {
    expect([0, 25, 26, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA']);
    expect(xmlText('a<b>&"c"\u0001')).toBe('a&lt;b&gt;&amp;&quot;c&quot;');
  });

  it('computes the ZIP CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.from('6789'), crc32(Buffer.from('12345')))).toBe(0xcbf43926);
  });

  it('writes a workbook a spreadsheet library reads back, cell for cell', async () => {
    const rows: Cell[][] = [
      ['Ion', 'Ștefan ăîșț', 3],
      ['=1+1', null, 2.5],
      ['line\nbreak', '<tag> & "q"', null],
    ];
    const back = await readXlsx(await write('xlsx', ['Name', 'Other', 'N'], rows, ['* suppressed']));
    expect(back).toEqual([['Name', 'Other', 'N'], ...rows.map((r) => r.slice(0, r[2] === null ? 2 : 3)), [], ['* suppressed']]);
  });

  it('streams many rows with backpressure through a slow reader', async () => {
    const slow = new PassThrough({ highWaterMark: 1024 });
    const chunks: Buffer[] = [];
    const w = createTableWriter('xlsx', slow, new AbortController().signal);
    const reading = (async () => {
      for await (const c of slow) {
        chunks.push(c);
        await new Promise((r) => setImmediate(r));
      }
    })();
    await w.header(['i', 'text']);
    for (let b = 0; b < 5; b++) await w.rows(Array.from({ length: 2000 }, (_, i) => [b * 2000 + i, `row ${b * 2000 + i}`]));
    await w.end();
    await reading;
    const back = await readXlsx(Buffer.concat(chunks));
    expect(back.length).toBe(10_001);
    expect(back[10_000]).toEqual([9999, 'row 9999']);
  });

  it('stops when the destination goes away', async () => {
    const out = new PassThrough({ highWaterMark: 16 });
    const abort = new AbortController();
    const w = createTableWriter('csv', out, abort.signal);
    await w.header(['a']);
    const pending = w.rows(Array.from({ length: 1000 }, (_, i) => [`value ${i}`]));
    abort.abort(new Error('client went away'));
    await expect(pending).rejects.toThrow();
    await expect(w.rows([['x']])).rejects.toThrow('client went away');
  });
});
