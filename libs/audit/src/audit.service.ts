import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock, SystemClock } from '@app/core';
import { chainForEntry, DEFAULT_AUDIT_CHAINS, LEGACY_CHAIN, MAX_AUDIT_CHAINS } from './audit-chains';
import { ChainChecker, entryHash, GENESIS_HASH } from './audit-hash';
import { AuditGroupCommit } from './audit-group-commit';
import { AuditRepository, CaseCursor, TrailCursor } from './audit.repository';
import type { AuditEntry, AuditPage, AuditPageQuery, AuditRecord, AuditTrailPage, AuditTrailQuery, ChainHead, ChainVerification } from './audit.types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEFAULT_PAGE = 50;
const MAX_PAGE = 500;

/** Injection token: the number of chains new entries are spread over (AuditModule: CMIS_AUDIT_CHAINS; else 16). */
export const AUDIT_CHAINS = Symbol('AUDIT_CHAINS');

type Draft = Omit<AuditRecord, 'chain' | 'seq' | 'prevHash' | 'hash'>;

/**
 * The append-only audit log: several independent hash chains (docs/adr/0004-audit-log.md).
 *
 * An entry goes to the chain of its case (else of its actor, else chain 1). Appends take one
 * transaction-level advisory lock per chain, held to commit, so audited transactions on the same
 * chain serialise from their `record` call to their commit. Rules for callers:
 * - call `record` as the **last** statement of a transaction (after the change it audits, taking
 *   no further locks), and only in READ COMMITTED transactions (the default);
 * - within one transaction, audit entries of **one case** (one chain) only, or write all the
 *   entries with **one** `recordMany` (which locks its chains in ascending order). Two transactions
 *   that lock chains one `record` at a time in different orders can deadlock.
 */
@Injectable()
export class AuditService {
  private readonly chains: number;

  constructor(
    private readonly repo: AuditRepository,
    private readonly clock: Clock,
    @Optional() @Inject(AUDIT_CHAINS) chains?: number,
  ) {
    this.chains = chains ?? DEFAULT_AUDIT_CHAINS;
    if (!Number.isInteger(this.chains) || this.chains < 1 || this.chains > MAX_AUDIT_CHAINS) {
      throw new RangeError(`the number of audit chains must be an integer from 1 to ${MAX_AUDIT_CHAINS}, not ${this.chains}`);
    }
  }

  /** How many chains new entries are spread over. */
  get chainCount(): number {
    return this.chains;
  }

  /**
   * Appends one entry. With `em` (a transaction's EntityManager) the entry commits or rolls back
   * with the caller's change; without it the entry is written in its own short transaction.
   */
  async record(entry: AuditEntry, em?: EntityManager): Promise<AuditRecord> {
    const [record] = await this.recordMany([entry], em);
    return record;
  }

  /**
   * Appends several entries at once (a list or search audits every case it shows): the entries are
   * grouped by chain, the chains locked in ascending order, and all rows written by one INSERT.
   * Returns the records in the order of `entries`.
   */
  async recordMany(entries: AuditEntry[], em?: EntityManager): Promise<AuditRecord[]> {
    if (entries.length === 0) return [];
    const at = this.clock.now();
    const drafts = entries.map((e) => normalise(e, at)); // invalid input fails before a lock is taken
    if (em?.queryRunner?.isTransactionActive) return this.append(em, drafts);
    // Outside a transaction (reads, lists): committed together with the other calls waiting (group commit).
    return this.groupCommit.submit(drafts);
  }

  private readonly groupCommit = new AuditGroupCommit<Draft, AuditRecord>((drafts) => this.repo.transaction((tx) => this.append(tx, drafts)));

  /** Locks the drafts' chains in ascending order, reads their heads and inserts the linked records (in `tx`). */
  private async append(tx: EntityManager, drafts: Draft[]): Promise<AuditRecord[]> {
    const chainOfDraft = drafts.map((d) => chainForEntry(d, this.chains));
    const chains = [...new Set(chainOfDraft)].sort((a, b) => a - b);
    const heads = await this.repo.lockAndReadLinks(tx, chains);
    const next = new Map(chains.map((c) => [c, { seq: heads.get(c)?.seq ?? 0, hash: heads.get(c)?.hash ?? GENESIS_HASH }]));
    const records = drafts.map((d, i) => {
      const chain = chainOfDraft[i];
      const link = next.get(chain)!;
      const unsealed = { ...d, chain, seq: link.seq + 1, prevHash: link.hash };
      const record: AuditRecord = { ...unsealed, hash: entryHash(unsealed) };
      next.set(chain, { seq: record.seq, hash: record.hash });
      return record;
    });
    await this.repo.insert(tx, records);
    return records;
  }

  /**
   * Walks every chain present in the table (whatever the number of chains was when it was
   * written), each in seq order, `batchSize` entries at a time (constant memory), and reports the
   * first entry whose content, link to its predecessor or position is wrong.
   */
  async verify(batchSize = 5000, from?: readonly ChainHead[]): Promise<ChainVerification> {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a positive integer');
    const chains = await this.repo.chainNumbers();
    const heads: ChainHead[] = [];
    let entries = 0;
    // From verified heads (a checkpoint's): each must still be in the table as it was, then only what follows is walked.
    const start = new Map((from ?? []).map((h) => [h.chain, h]));
    const stored = start.size ? await this.repo.hashesAt([...start.values()]) : new Map<number, string>();
    for (const h of start.values()) {
      if (stored.get(h.chain) !== h.hash) {
        const reason = stored.has(h.chain) ? 'entry changed since it was verified' : 'entry deleted since it was verified';
        return { ok: false, entries, firstBroken: { chain: h.chain, seq: h.seq, id: null, at: null, reason } };
      }
    }
    for (const chain of chains) {
      const checker = new ChainChecker(start.get(chain));
      let after = start.get(chain)?.seq ?? 0;
      for (;;) {
        const batch = await this.repo.chainAfter(chain, after, batchSize);
        for (const record of batch) {
          const reason = checker.check(record);
          if (reason) {
            return { ok: false, entries: entries + checker.entries, firstBroken: { chain, seq: record.seq, id: record.id, at: record.at, reason } };
          }
        }
        if (batch.length < batchSize) break;
        after = batch[batch.length - 1].seq;
      }
      entries += checker.entries;
      if (checker.lastSeq > 0) heads.push({ chain, seq: checker.lastSeq, hash: checker.lastHash });
    }
    return { ok: true, entries, chains: heads.length, heads };
  }

  /**
   * The audit trail of one case, newest first (its chain in seq order, then any legacy chain-0
   * entries). An id that is not a UUID has no trail.
   */
  async trailForCase(caseId: string, page: AuditPageQuery = {}): Promise<AuditPage> {
    const limit = pageSize(page.limit);
    if (!UUID.test(caseId)) return { records: [], nextBeforeSeq: null, nextBefore: null };
    let before: CaseCursor | { beforeSeq: number } | null = null;
    if (page.before != null) before = parseCaseCursor(page.before);
    else if (page.beforeSeq != null) before = { beforeSeq: page.beforeSeq };
    const records = await this.repo.caseNewestFirst(caseId.toLowerCase(), before, limit);
    const last = records.length === limit ? records[records.length - 1] : null;
    return {
      records,
      nextBeforeSeq: last && last.chain !== LEGACY_CHAIN ? last.seq : null,
      nextBefore: last ? `${last.chain}|${last.seq}` : null,
    };
  }

  /**
   * Entries filtered by actor, case, action and time (`from` inclusive, `to` exclusive), across
   * chains, newest first (`at DESC, chain, seq DESC`); page on with `before: nextBefore`.
   */
  async trail(query: AuditTrailQuery = {}): Promise<AuditTrailPage> {
    const limit = pageSize(query.limit);
    if ([query.actorId, query.caseId].some((id) => id !== undefined && !UUID.test(id))) {
      return { records: [], nextBefore: null };
    }
    const records = await this.repo.newestFirst(
      {
        actorId: query.actorId?.toLowerCase(),
        caseId: query.caseId?.toLowerCase(),
        action: query.action,
        from: query.from,
        to: query.to,
        before: query.before != null ? parseTrailCursor(query.before) : null,
      },
      limit,
    );
    const last = records.length === limit ? records[records.length - 1] : null;
    return { records, nextBefore: last ? `${last.at.toISOString()}|${last.chain}|${last.seq}` : null };
  }
}

function pageSize(limit: number | undefined): number {
  const n = Math.trunc(limit ?? DEFAULT_PAGE);
  return Number.isFinite(n) ? Math.min(Math.max(n, 1), MAX_PAGE) : DEFAULT_PAGE;
}

const CHAIN_SEQ = /^(\d{1,3})\|(\d{1,15})$/;
const AT_CHAIN_SEQ = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)\|(\d{1,3})\|(\d{1,15})$/;

function parseCaseCursor(cursor: string): CaseCursor {
  const m = CHAIN_SEQ.exec(cursor);
  if (!m) throw new RangeError(`not a cursor of a case trail: ${JSON.stringify(cursor)}`);
  return { chain: Number(m[1]), seq: Number(m[2]) };
}

function parseTrailCursor(cursor: string): TrailCursor {
  const m = AT_CHAIN_SEQ.exec(cursor);
  const at = m ? new Date(m[1]) : null;
  if (!m || !at || Number.isNaN(at.getTime())) throw new RangeError(`not a cursor of an audit trail: ${JSON.stringify(cursor)}`);
  return { at, chain: Number(m[2]), seq: Number(m[3]) };
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
export function createAuditService(ds: DataSource, clock: Clock = new SystemClock(), options: { chains?: number } = {}): AuditService {
  return new AuditService(new AuditRepository(ds), clock, options.chains);
}
