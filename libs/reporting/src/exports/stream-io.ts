import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * Writing to the destination (an HTTP response, a file, the benchmark's counter) with backpressure:
 * when its buffer is full, wait for it to drain before producing more, and give up as soon as
 * `signal` aborts (the client went away), so an abandoned export stops querying.
 */
export async function writeOut(out: Writable, chunk: string | Buffer, signal: AbortSignal): Promise<void> {
  if (signal.aborted) throw signal.reason ?? new Error('export aborted');
  if (!out.write(chunk)) await once(out, 'drain', { signal });
}

/** Ends the destination and waits until everything was handed on (or the abort). */
export async function endOut(out: Writable, signal: AbortSignal): Promise<void> {
  if (signal.aborted) throw signal.reason ?? new Error('export aborted');
  if (out.writableFinished) return;
  const finished = once(out, 'finish', { signal });
  out.end();
  await finished;
}
