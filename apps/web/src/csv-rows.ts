/**
 * The pure parts of downloading an export: counting CSV rows as bytes arrive, and reading the file
 * name the server gives. No DOM here, so the unit tests (test/unit/csv-row-counter.spec.ts) and the
 * server-side type check can import it.
 */

const QUOTE = 0x22;
const NEWLINE = 0x0a;

/**
 * Counts CSV records as bytes arrive, in any chunking. A newline ends a record only outside quotes
 * (a free-text field may hold line breaks); a doubled quote inside a field toggles twice, so it
 * needs no special case. Works on UTF-8 bytes directly: '"' and '\n' never occur inside a multi-byte
 * character, so nothing has to be decoded. "\r\n" endings count once (the '\r' is ignored).
 */
export class CsvRowCounter {
  private inQuotes = false;
  /** Bytes seen since the last record ended (a last record without a final newline still counts). */
  private pending = false;
  private records = 0;

  push(chunk: Uint8Array | string): void {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (b === QUOTE) this.inQuotes = !this.inQuotes;
      else if (b === NEWLINE && !this.inQuotes) {
        this.records++;
        this.pending = false;
        continue;
      }
      this.pending = true;
    }
  }

  /** Records complete so far, the unterminated last one included when `final`. */
  recordCount(final = false): number {
    return this.records + (final && this.pending ? 1 : 0);
  }

  /** Data rows: records less the header line. */
  dataRows(final = false): number {
    return Math.max(0, this.recordCount(final) - 1);
  }
}

/** Data rows of a whole CSV text (header excluded). */
export function countCsvRows(text: string): number {
  const c = new CsvRowCounter();
  c.push(text);
  return c.dataRows(true);
}

/**
 * The file name of a Content-Disposition header: RFC 5987 `filename*=UTF-8''…` first, then
 * `filename="…"`; reduced to safe characters (the name comes from the network).
 */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  let name: string | undefined;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (star) {
    try {
      name = decodeURIComponent(star[1].trim());
    } catch {
      name = undefined;
    }
  }
  if (!name) name = /filename\s*=\s*"([^"]*)"/.exec(disposition)?.[1] ?? /filename\s*=\s*([^;\s]+)/.exec(disposition)?.[1];
  const safe = (name ?? '')
    .replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_')
    .replace(/^\.+/, '')
    .slice(0, 150);
  return safe || fallback;
}
