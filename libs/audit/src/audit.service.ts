import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock, SystemClock } from '@app/core';
import { ChainChecker, entryHash, GENESIS_HASH } from './audit-hash';
import { AuditRepository } from './audit.repository';
import type {
  AuditEntry, AuditPage, AuditPageQuery, AuditRecord, AuditTrailQuery, ChainVerification,
} from './audit.types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEFAULT_PAGE = 50;
const MAX_PAGE = 500;

type Draft = Omit<AuditRecord, 'seq' | 'prevHash' | 'hash'>;

/**
 * The append-only, hash-chained audit log (docs/adr/0004-audit-log.md).
 *
 * Appends take a transaction-level advisory lock, so every audited transaction serialises from its
 * `record` call to its commit: call `record` as the **last** statement of a transaction (after the
 * change it audits, taking no further locks), and only in READ COMMITTED transactions (the default).
 */
@Injectable()
export class AuditService {
  constructor(private readonly repo: AuditRepository, private readonly clock: Clock) {}

  /**
   * Appends one entry. With `em` (a transaction's EntityManager) the entry commits or rolls back
   * with the caller's change; without it the entry is written in its own short transaction.
   */
  async record(entry: AuditEntry, em?: EntityManager): Promise<AuditRecord> {
    const [record] = await this.recordMany([entry], em);
    return record;
  }

  /** Appends several entries at once (one lock, one INSERT): a list or search audits every case it shows. */
  async recordMany(entries: AuditEntry[], em?: EntityManager): Promise<AuditRecord[]> {
    if (entries.length === 0) return [];
    const at = this.clock.now();
    const drafts = entries.map((e) => normalise(e, at)); // invalid input fails before the lock is taken
    const append = async (tx: EntityManager): Promise<AuditRecord[]> => {
      await this.repo.lockChain(tx);
      const last = await this.repo.lastLink(tx);
      let seq = last?.seq ?? 0;
      let prevHash = last?.hash ?? GENESIS_HASH;
      const records = drafts.map((d) => {
        const unsealed = { ...d, seq: ++seq, prevHash };
        const record: AuditRecord = { ...unsealed, hash: entryHash(unsealed) };
        prevHash = record.hash;
        return record;
      });
      await this.repo.insert(tx, records);
      return records;
    };
    // An advisory *transaction* lock outside a transaction would be released at once: open one.
    return em?.queryRunner?.isTransactionActive ? append(em) : this.repo.transaction(append);
  }

  /**
   * Walks the whole chain in seq order, `batchSize` entries at a time (constant memory), and
   * reports the first entry whose content, link to its predecessor or position is wrong.
   */
  async verify(batchSize = 5000): Promise<ChainVerification> {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a positive integer');
    const checker = new ChainChecker();
    let after: number | null = null;
    for (;;) {
      const batch = await this.repo.after(after, batchSize);
      for (const record of batch) {
        const reason = checker.check(record);
        if (reason) {
          return { ok: false, entries: checker.entries, firstBroken: { seq: record.seq, id: record.id, at: record.at, reason } };
        }
      }
      if (batch.length < batchSize) break;
      after = batch[batch.length - 1].seq;
    }
    return { ok: true, entries: checker.entries, lastHash: checker.lastHash };
  }

  /** The audit trail of one case, newest first. An id that is not a UUID has no trail. */
  async trailForCase(caseId: string, page: AuditPageQuery = {}): Promise<AuditPage> {
    if (!UUID.test(caseId)) return { records: [], nextBeforeSeq: null };
    return this.trail({ ...page, caseId });
  }

  /** Entries filtered by actor, case, action and time (`from` inclusive, `to` exclusive), newest first. */
  async trail(query: AuditTrailQuery = {}): Promise<AuditPage> {
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? DEFAULT_PAGE), 1), MAX_PAGE);
    if ([query.actorId, query.caseId].some((id) => id !== undefined && !UUID.test(id))) {
      return { records: [], nextBeforeSeq: null };
    }
    const records = await this.repo.newestFirst({
      actorId: query.actorId?.toLowerCase(), caseId: query.caseId?.toLowerCase(), action: query.action,
      from: query.from, to: query.to, beforeSeq: query.beforeSeq ?? null,
    }, limit);
    return { records, nextBeforeSeq: records.length === limit ? records[records.length - 1].seq : null };
  }
}

/**
 * Makes an entry storable exactly as hashed: UUIDs lower-cased (as PostgreSQL returns them), details
 * passed through JSON (as jsonb stores them), strings PostgreSQL would refuse (NUL, lone
 * surrogates) replaced. A non-UUID actor or case reference is kept in details (actorRef, caseRef).
 */
function normalise(e: AuditEntry, at: Date): Draft {
  if (typeof e.action !== 'string' || !e.action.trim()) throw new TypeError('audit entry: action is required');
  if (e.outcome !== undefined && e.outcome !== 'allowed' && e.outcome !== 'denied') {
    throw new TypeError(`audit entry: outcome must be 'allowed' or 'denied', not ${JSON.stringify(e.outcome)}`);
  }
  const details: Record<string, unknown> = toJsonObject(e.details ?? {});
  const uuidOrRef = (value: string | null | undefined, refKey: string): string | null => {
    if (value === undefined || value === null || value === '') return null;
    if (UUID.test(value)) return value.toLowerCase();
    details[refKey] = clean(String(value));
    return null;
  };
  const actorId = uuidOrRef(e.actorId, 'actorRef');
  const caseId = uuidOrRef(e.caseId, 'caseRef');
  return {
    id: randomUUID(),
    at: new Date(at.getTime()),
    actorId,
    actorRoles: (e.actorRoles ?? []).map((r) => clean(String(r))),
    action: clean(e.action),
    caseId,
    fields: (e.fields ?? []).map((f) => clean(String(f))),
    outcome: e.outcome ?? 'allowed',
    details,
    ip: e.ip ? clean(e.ip).slice(0, 100) : null,
    userAgent: e.userAgent ? clean(e.userAgent).slice(0, 1000) : null,
  };
}

function toJsonObject(value: unknown): Record<string, unknown> {
  const parsed = JSON.parse(JSON.stringify(value ?? {}), (_k, v) => (typeof v === 'string' ? clean(v) : v));
  const obj = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : { value: parsed };
  return cleanKeys(obj);
}

function cleanKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cleanKeys) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [clean(k), cleanKeys(v)])) as T;
}

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
function clean(s: string): string {
  return s.replace(UNSTORABLE, '\uFFFD');
}

/** An AuditService outside Nest (the CLI, scripts) over an initialised DataSource. */
export function createAuditService(ds: DataSource, clock: Clock = new SystemClock()): AuditService {
  return new AuditService(new AuditRepository(ds), clock);
}
