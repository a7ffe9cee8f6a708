import { Logger } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { CONTENT_TYPES, createTableWriter, ExportFormat } from './table-writer';
import type { TableWriter } from './table-types';

/** What the receiving side learns before the first byte (HTTP: the response headers). */
export interface ExportMeta {
  filename: string;
  contentType: string;
  /** Lines to come after the header, counted just before the export starts (an indicator's notes included). */
  rows: number;
}

/**
 * Where an export goes: an HTTP response, a file, the benchmark's counting sink. `start` is called
 * once the export is allowed and counted, just before the first byte; errors before it are
 * ordinary errors (problem details over HTTP), errors after it destroy `out` (an aborted download).
 */
export interface ExportTarget {
  out: Writable;
  start?(meta: ExportMeta): void;
}

export interface ExportOutcome {
  /** Data rows written. */
  rows: number;
  /** Rows counted before the start (a case registered meanwhile may make them differ). */
  expectedRows: number;
  columns: string[];
  complete: boolean;
}

export interface StreamAudit {
  (o: { rows: number; complete: boolean; stoppedBy?: 'client' | 'error' }): Promise<void>;
}

const logger = new Logger('ReportExport');

/**
 * Runs one export onto its target: watches the destination (closed early = the client went away:
 * stop querying), writes the audit entry once every row is out but before the file is closed (so
 * a complete file always has its entry; an audit failure aborts the download), and records an
 * aborted export with the rows it got to.
 */
export async function streamExport(
  target: ExportTarget,
  format: ExportFormat,
  meta: Omit<ExportMeta, 'contentType'>,
  sheet: string,
  body: (w: TableWriter, signal: AbortSignal, wrote: (n: number) => void) => Promise<void>,
  audit: StreamAudit,
): Promise<{ rows: number; complete: boolean }> {
  const out = target.out;
  const abort = new AbortController();
  const onClose = () => {
    if (!out.writableFinished) abort.abort(new Error('the destination closed before the export ended'));
  };
  const onError = (e: Error) => abort.abort(e);
  out.on('close', onClose);
  out.on('error', onError);
  let rows = 0;
  let audited = false;
  try {
    target.start?.({ ...meta, contentType: CONTENT_TYPES[format] });
    const writer = createTableWriter(format, out, abort.signal, sheet);
    await body(writer, abort.signal, (n) => {
      rows += n;
    });
    await audit({ rows, complete: true });
    audited = true;
    await writer.end();
    return { rows, complete: true };
  } catch (e) {
    const byClient = abort.signal.aborted;
    if (!byClient) logger.error(`export stopped by ${e instanceof Error ? e.name : 'an error'} after ${rows} rows`);
    if (!audited) await audit({ rows, complete: false, stoppedBy: byClient ? 'client' : 'error' }).catch(() => undefined);
    // Past the first byte there is no other way to tell the client than an incomplete response.
    if (!out.destroyed) out.destroy();
    throw e;
  } finally {
    out.off('close', onClose);
    out.off('error', onError);
  }
}
