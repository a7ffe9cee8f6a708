import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuditRecord } from './audit.types';

/**
 * First key of the two-int transaction-level advisory locks that serialise appends to each chain
 * (`pg_advisory_xact_lock(AUDIT_LOCK_CLASS, chain)`; "audt"). The two-int key space is separate from
 * the one-bigint key space other locks use.
 */
export const AUDIT_LOCK_CLASS = 0x61756474;

const COLUMNS = `id, chain, seq, at, actor_id, actor_roles, action, case_id, fields, outcome, details, ip, user_agent, prev_hash, hash`;
const INSERT_CHUNK = 1000;

/** A position in the newest-first order of a case's trail: chains 1..N by seq, then legacy chain 0. */
export interface CaseCursor {
  chain: number;
  seq: number;
}

/** A position in the newest-first order of the cross-chain trail: `at DESC, chain, seq DESC`. */
export interface TrailCursor {
  at: Date;
  chain: number;
  seq: number;
}

export interface AuditRowFilter {
  actorId?: string;
  caseId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  before?: TrailCursor | null;
}

/** The only place that reads and writes `audit_log` (raw SQL; the table has no entity). */
@Injectable()
export class AuditRepository {
  constructor(private readonly ds: DataSource) {}

  /** Runs `work` in a new transaction. */
  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  /**
   * Blocks until this transaction is the only appender to each of `chains` (released at commit or
   * rollback; locked one after the other in the ascending order callers pass), then returns their
   * heads as lastLinks does, in one round trip: the function cmis_audit_lock_heads (migration
   * AuditLockHeads1766298000000) reads them in a query of its own after the locks are granted.
   */
  async lockAndReadLinks(em: EntityManager, chains: number[]): Promise<Map<number, { seq: number; hash: string }>> {
    const list = chains.map((c) => Number(c));
    if (list.some((c, i) => !Number.isInteger(c) || (i > 0 && c <= list[i - 1]))) {
      throw new Error(`audit: chains to lock must be distinct integers in ascending order, not ${JSON.stringify(chains)}`);
    }
    const rows: Array<{ chain: number; seq: string; hash: string }> = await em.query(
      `SELECT chain, seq, hash FROM public.cmis_audit_lock_heads(${AUDIT_LOCK_CLASS}, $1::int[])`,
      [list],
    );
    return new Map(rows.map((r) => [Number(r.chain), { seq: Number(r.seq), hash: r.hash }]));
  }

  /**
   * The newest entry's seq and hash of each of `chains` (no entry: absent from the map). To append,
   * use lockAndReadLinks: a head read without the chain's lock may move before the append.
   */
  async lastLinks(em: EntityManager, chains: number[]): Promise<Map<number, { seq: number; hash: string }>> {
    const rows: Array<{ chain: number; seq: string; hash: string }> =
      chains.length === 1
        ? await em.query(`SELECT chain, seq, hash FROM audit_log WHERE chain = $1 ORDER BY seq DESC LIMIT 1`, [chains[0]])
        : await em.query(
            `SELECT h.chain, h.seq, h.hash FROM unnest($1::smallint[]) AS c(chain)
         CROSS JOIN LATERAL (SELECT chain, seq, hash FROM audit_log WHERE chain = c.chain ORDER BY seq DESC LIMIT 1) h`,
            [chains],
          );
    return new Map(rows.map((r) => [Number(r.chain), { seq: Number(r.seq), hash: r.hash }]));
  }

  async insert(em: EntityManager, records: AuditRecord[]): Promise<void> {
    for (let start = 0; start < records.length; start += INSERT_CHUNK) {
      const chunk = records.slice(start, start + INSERT_CHUNK);
      const params: unknown[] = [];
      const tuples = chunk.map((r) => {
        const values = [
          r.id,
          r.chain,
          r.seq,
          r.at,
          r.actorId,
          r.actorRoles,
          r.action,
          r.caseId,
          r.fields,
          r.outcome,
          JSON.stringify(r.details),
          r.ip,
          r.userAgent,
          r.prevHash,
          r.hash,
        ];
        const placeholders = values.map((v) => {
          params.push(v);
          return `$${params.length}`;
        });
        return `(${placeholders.join(',')})`;
      });
      try {
        await em.query(`INSERT INTO audit_log (${COLUMNS}) VALUES ${tuples.join(',')}`, params);
      } catch (e) {
        if (e?.code === '23505' && /audit_log_chain_seq/.test(String(e?.constraint ?? e?.driverError?.constraint ?? e?.message))) {
          throw new Error('audit_log: a chain head moved under this transaction; AuditService.record must run in a READ COMMITTED transaction');
        }
        throw e;
      }
    }
  }

  /** The chain numbers present in the table, ascending (a skip scan over the (chain, seq) index). */
  async chainNumbers(em: EntityManager = this.ds.manager): Promise<number[]> {
    const rows: Array<{ chain: number | null }> = await em.query(`
      WITH RECURSIVE c(chain) AS (
        SELECT min(chain) FROM audit_log
        UNION ALL
        SELECT (SELECT min(a.chain) FROM audit_log a WHERE a.chain > c.chain) FROM c WHERE c.chain IS NOT NULL
      )
      SELECT chain FROM c WHERE chain IS NOT NULL ORDER BY chain`);
    return rows.map((r) => Number(r.chain));
  }

  /** The newest seq of every chain present in the table (committed entries only). */
  async newestSeqs(em: EntityManager = this.ds.manager): Promise<Map<number, number>> {
    const chains = await this.chainNumbers(em);
    if (!chains.length) return new Map();
    const links = await this.lastLinks(em, chains);
    return new Map([...links].map(([chain, link]) => [chain, link.seq]));
  }

  /** The hash of the entry at each (chain, seq) given, where it exists. */
  async hashesAt(positions: Array<{ chain: number; seq: number }>, em: EntityManager = this.ds.manager): Promise<Map<number, string>> {
    if (!positions.length) return new Map();
    const rows: Array<{ chain: number; hash: string }> = await em.query(
      `SELECT a.chain, a.hash FROM unnest($1::smallint[], $2::bigint[]) AS p(chain, seq) JOIN audit_log a ON a.chain = p.chain AND a.seq = p.seq`,
      [positions.map((p) => p.chain), positions.map((p) => p.seq)],
    );
    return new Map(rows.map((r) => [Number(r.chain), r.hash]));
  }

  /** Entries of `chain` with seq > afterSeq, oldest first. */
  async chainAfter(chain: number, afterSeq: number, limit: number, em: EntityManager = this.ds.manager): Promise<AuditRecord[]> {
    const rows = await em.query(`SELECT ${COLUMNS} FROM audit_log WHERE chain = $1 AND seq > $2 ORDER BY seq LIMIT $3`, [chain, afterSeq, limit]);
    return rows.map(toRecord);
  }

  /**
   * The entries of one case, newest first: those of chains 1..N by `seq DESC, chain DESC` (all in the
   * case's one chain while the number of chains is unchanged), then those of the legacy chain 0 by
   * `seq DESC`. `before` is exclusive; `beforeSeq` means "chains 1..N below this seq, then chain 0".
   */
  async caseNewestFirst(
    caseId: string,
    before: CaseCursor | { beforeSeq: number } | null,
    limit: number,
    em: EntityManager = this.ds.manager,
  ): Promise<AuditRecord[]> {
    const out: AuditRecord[] = [];
    const inLegacy = before !== null && 'chain' in before && before.chain === 0;
    if (!inLegacy) {
      const params: unknown[] = [caseId];
      let cond = '';
      if (before && 'chain' in before) {
        params.push(before.seq, before.chain);
        cond = `AND seq <= $2 AND (seq < $2 OR chain < $3)`;
      } else if (before) {
        params.push(before.beforeSeq);
        cond = `AND seq < $2`;
      }
      params.push(limit);
      out.push(
        ...(
          await em.query(
            `SELECT ${COLUMNS} FROM audit_log WHERE case_id = $1 AND chain > 0 ${cond}
         ORDER BY seq DESC, chain DESC LIMIT $${params.length}`,
            params,
          )
        ).map(toRecord),
      );
    }
    if (out.length < limit) {
      const params: unknown[] = [caseId];
      let cond = '';
      if (inLegacy) {
        params.push((before as CaseCursor).seq);
        cond = `AND seq < $2`;
      }
      params.push(limit - out.length);
      out.push(
        ...(
          await em.query(
            `SELECT ${COLUMNS} FROM audit_log WHERE case_id = $1 AND chain = 0 ${cond}
         ORDER BY seq DESC LIMIT $${params.length}`,
            params,
          )
        ).map(toRecord),
      );
    }
    return out;
  }

  /** Entries matching the filter, across chains, newest first: `at DESC, chain, seq DESC`. */
  async newestFirst(filter: AuditRowFilter, limit: number, em: EntityManager = this.ds.manager): Promise<AuditRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.caseId !== undefined) where.push(`case_id = ${p(filter.caseId)}`);
    if (filter.actorId !== undefined) where.push(`actor_id = ${p(filter.actorId)}`);
    if (filter.action !== undefined) where.push(`action = ${p(filter.action)}`);
    if (filter.from !== undefined) where.push(`at >= ${p(filter.from)}`);
    if (filter.to !== undefined) where.push(`at < ${p(filter.to)}`);
    if (filter.before) {
      const at = p(filter.before.at);
      const chain = p(filter.before.chain);
      const seq = p(filter.before.seq);
      // `at <= …` bounds the index scan; the rest is the keyset condition for the mixed-direction order.
      where.push(`at <= ${at} AND (at < ${at} OR chain > ${chain} OR (chain = ${chain} AND seq < ${seq}))`);
    }
    const rows = await em.query(
      `SELECT ${COLUMNS} FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY at DESC, chain, seq DESC LIMIT ${p(limit)}`,
      params,
    );
    return rows.map(toRecord);
  }
}

function toRecord(row: any): AuditRecord {
  return {
    id: row.id,
    chain: Number(row.chain),
    seq: Number(row.seq),
    at: row.at instanceof Date ? row.at : new Date(row.at),
    actorId: row.actor_id,
    actorRoles: row.actor_roles ?? [],
    action: row.action,
    caseId: row.case_id,
    fields: row.fields ?? [],
    outcome: row.outcome,
    details: row.details ?? {},
    ip: row.ip,
    userAgent: row.user_agent,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
