import { PluginError } from '@app/plugin-sdk';

/** A position in a list ordered by (recordedAt desc, id desc). */
export interface Cursor {
  at: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.at, c.id]), 'utf8').toString('base64url');
}

/** Null when absent; 400 `validation_failed` when it cannot be read (cursors are opaque to clients). */
export function decodeCursor(raw: string | undefined): Cursor | null {
  if (raw === undefined || raw === '') return null;
  try {
    const [at, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (typeof at === 'string' && !Number.isNaN(Date.parse(at)) && isUuid(id)) return { at, id };
  } catch {
    // fall through
  }
  throw new PluginError('validation_failed', 400, 'The cursor is not valid.', { errors: [{ path: '/cursor', message: 'is not a cursor of this list' }] });
}

/** `?limit=`: a whole number from 1 to max (default when absent). */
export function parseLimit(raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new PluginError('validation_failed', 400, `limit must be a whole number from 1 to ${max}.`, {
      errors: [{ path: '/limit', message: `must be from 1 to ${max}` }],
    });
  }
  return n;
}

export interface Page<T> {
  items: T[];
  /** Where to continue; null when the list is exhausted. A short (even empty) page with a cursor means: keep going. */
  nextCursor: string | null;
}

/**
 * Fills a page from a list whose visibility is decided item by item (cases the user may read),
 * scanning at most `maxBatches` batches so one request stays bounded whatever the user may see.
 */
export async function collectVisible<T extends { recordedAt: Date; id: string }>(input: {
  limit: number;
  batchSize: number;
  maxBatches: number;
  after: Cursor | null;
  fetch: (after: Cursor | null, size: number) => Promise<T[]>;
  visible: (rows: T[]) => Promise<(row: T) => boolean>;
}): Promise<{ items: T[]; next: Cursor | null }> {
  const items: T[] = [];
  let after = input.after;
  for (let batch = 0; batch < input.maxBatches; batch++) {
    const rows = await input.fetch(after, input.batchSize);
    const shown = await input.visible(rows);
    for (const row of rows) {
      after = { at: row.recordedAt.toISOString(), id: row.id };
      if (!shown(row)) continue;
      items.push(row);
      if (items.length === input.limit) {
        // Full: continue after this row, unless it was the very last one.
        const last = rows.length < input.batchSize && row === rows[rows.length - 1];
        return { items, next: last ? null : after };
      }
    }
    if (rows.length < input.batchSize) return { items, next: null };
  }
  return { items, next: after };
}
