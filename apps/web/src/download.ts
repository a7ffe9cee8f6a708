/**
 * Exports as files: fetched with the user's token (a plain link cannot send it), read as a stream so
 * the page can say how far it has got, then saved from memory. CSV progress counts rows against the
 * server's X-Export-Rows; XLSX (zipped, not countable while it arrives) shows the bytes received.
 * The counting itself is in csv-rows.ts (no DOM: unit-tested under Node).
 */

import { CsvRowCounter, fileNameOf } from './csv-rows';

export interface DownloadProgress {
  /** rows: `done` data rows of `total` (null when the server did not say); bytes: `done` bytes received. */
  unit: 'rows' | 'bytes';
  done: number;
  total: number | null;
}

export interface DownloadResult {
  fileName: string;
  rows: number | null;
  bytes: number;
}

/** A refused or failed export: the server's problem message, its code and status. */
export class DownloadError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface DownloadOptions {
  format: 'csv' | 'xlsx';
  locale: string;
  fallbackName: string;
  signal?: AbortSignal;
  onProgress(p: DownloadProgress): void;
}

// The key api.ts keeps the token under (api.ts does not hand the token out, and its api() reads
// whole bodies as text, which cannot show progress).
const TOKEN_KEY = 'cmis.token';
const PROGRESS_EVERY_MS = 100;

/** Fetches an export as a stream, reporting progress, and saves it as a file. */
export async function downloadExport(path: string, opts: DownloadOptions): Promise<DownloadResult> {
  const url = path + (path.includes('?') ? '&' : '?') + `locale=${encodeURIComponent(opts.locale)}`;
  const token = sessionStorage.getItem(TOKEN_KEY);
  const headers: Record<string, string> = { Accept: opts.format === 'csv' ? 'text/csv, application/json' : '*/*' };
  if (token) headers.Authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(url, { headers, signal: opts.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new DownloadError(0, 'offline', '');
  }
  if (!res.ok) throw await problemOf(res);

  const header = res.headers.get('X-Export-Rows');
  const total = header !== null && /^\d+$/.test(header.trim()) ? Number(header) : null;
  const length = Number(res.headers.get('Content-Length') ?? '') || null;
  const counter = opts.format === 'csv' ? new CsvRowCounter() : null;
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let last = 0;
  const report = (final: boolean) =>
    opts.onProgress(counter ? { unit: 'rows', done: counter.dataRows(final), total } : { unit: 'bytes', done: bytes, total: length });

  report(false);
  if (res.body) {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      bytes += value.length;
      counter?.push(value);
      // A re-render per chunk would be wasted work: a few updates a second are enough to see it move.
      const now = Date.now();
      if (now - last >= PROGRESS_EVERY_MS) {
        last = now;
        report(false);
      }
    }
  } else {
    const whole = new Uint8Array(await res.arrayBuffer());
    chunks.push(whole);
    bytes = whole.length;
    counter?.push(whole);
  }
  report(true);

  const fileName = fileNameOf(res.headers.get('Content-Disposition'), opts.fallbackName);
  const type = res.headers.get('Content-Type') ?? 'application/octet-stream';
  saveBlob(new Blob(chunks as BlobPart[], { type }), fileName);
  return { fileName, rows: counter ? counter.dataRows(true) : null, bytes };
}

async function problemOf(res: Response): Promise<DownloadError> {
  let body: Record<string, unknown> = {};
  try {
    body = await res.json();
  } catch {
    /* not a problem document: the status says enough */
  }
  const message = String(body.detail ?? body.title ?? res.statusText ?? '');
  return new DownloadError(res.status, String(body.code ?? 'error'), message);
}

/** Hands the file to the browser as a download: an object URL on a temporary <a download>. */
function saveBlob(blob: Blob, fileName: string): void {
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked later: some browsers start reading the URL only after the click handler returns.
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
