import { createHash } from 'node:crypto';
import type { AuditRecord, ChainBreakReason } from './audit.types';

/** prev_hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Canonical JSON: object keys sorted (by UTF-16 code units, recursively), no whitespace, values
 * serialised as JSON.stringify does (so Dates become ISO-8601 strings via toJSON, undefined object
 * members are left out and undefined array items become null). For the values the audit log stores
 * this is the JSON Canonicalization Scheme (RFC 8785). Throws on values JSON cannot represent
 * faithfully (non-finite numbers, bigint, functions, symbols, invalid dates, cycles).
 */
export function canonicalJson(value: unknown): string {
  const out = write(value, new Set());
  if (out === undefined) throw new TypeError('canonicalJson: the value is not representable in JSON');
  return out;
}

function write(value: unknown, seen: Set<object>): string | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    if (value instanceof Date && Number.isNaN(value.getTime())) throw new TypeError('canonicalJson: invalid Date');
    value = (value as { toJSON(): unknown }).toJSON();
  }
  switch (typeof value) {
    case 'undefined':
      return undefined;
    case 'function':
    case 'symbol':
    case 'bigint':
      throw new TypeError(`canonicalJson: cannot serialise a ${typeof value}`);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: cannot serialise ${value}`);
      return JSON.stringify(value);
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
  }
  if (value === null) return 'null';
  const obj = value as object;
  if (seen.has(obj)) throw new TypeError('canonicalJson: cyclic structure');
  seen.add(obj);
  try {
    if (Array.isArray(obj)) {
      return `[${obj.map((item) => write(item, seen) ?? 'null').join(',')}]`;
    }
    const parts: string[] = [];
    for (const key of Object.keys(obj).sort()) {
      const v = write((obj as Record<string, unknown>)[key], seen);
      if (v !== undefined) parts.push(`${JSON.stringify(key)}:${v}`);
    }
    return `{${parts.join(',')}}`;
  } finally {
    seen.delete(obj);
  }
}

/**
 * The hash of an audit entry: hex sha256 of `prevHash` followed by the canonical JSON of every
 * stored field except `hash` itself (camelCase names as in AuditRecord; `at` as an ISO string,
 * `seq` and `chain` as numbers). Changing any field, the entry before it, or (for chains 1..N) the
 * chain it sits in changes the hash.
 *
 * The legacy chain 0 (entries written before per-chain appends, migration 1765300000000) was
 * hashed without a `chain` member: for chain 0 (or a record without `chain`) the member is left out.
 */
export function entryHash(record: Omit<AuditRecord, 'hash' | 'chain'> & { chain?: number; hash?: string }): string {
  const { hash: _ignored, ...content } = record;
  if (content.chain === 0) delete content.chain;
  return createHash('sha256').update(record.prevHash).update(canonicalJson(content)).digest('hex');
}

/**
 * Checks one chain entry by entry, in seq order, with constant memory: feed every record of the
 * chain to `check`; the first non-null answer is the first broken entry. Every chain starts at
 * seq 1 with prev_hash GENESIS_HASH.
 */
export class ChainChecker {
  private expectedSeq: number;
  private prevHash: string;
  private count = 0;

  /** `from`: a verified entry (seq and hash) to continue after; the chain's start by default. */
  constructor(from: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH }) {
    this.expectedSeq = from.seq + 1;
    this.prevHash = from.hash;
  }

  /** Entries checked and found intact so far. */
  get entries(): number {
    return this.count;
  }

  get lastHash(): string {
    return this.prevHash;
  }

  /** Seq of the last intact entry (0 before the first). */
  get lastSeq(): number {
    return this.expectedSeq - 1;
  }

  check(record: AuditRecord): ChainBreakReason | null {
    if (entryHash(record) !== record.hash) return 'hash does not match content';
    if (record.prevHash !== this.prevHash) return 'prev_hash does not match previous entry';
    if (record.seq !== this.expectedSeq) return 'seq gap';
    this.prevHash = record.hash;
    this.expectedSeq = record.seq + 1;
    this.count++;
    return null;
  }
}
