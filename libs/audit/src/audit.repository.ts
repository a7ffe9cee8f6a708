import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuditRecord } from './audit.types';

/** Key of the transaction-level advisory lock that serialises appends to the chain ("cmisaudt"). */
export const AUDIT_CHAIN_LOCK_KEY = '7164793832413651060';

const COLUMNS = `id, seq, at, actor_id, actor_roles, action, case_id, fields, outcome, details, ip, user_agent, prev_hash, hash`;
const INSERT_CHUNK = 1000;

export interface AuditRowFilter {
  actorId?: string;
  caseId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  beforeSeq?: number | null;
}

/** The only place that reads and writes `audit_log` (raw SQL; the table has no entity). */
@Injectable()
export class AuditRepository {
  constructor(private readonly ds: DataSource) {}

  /** Runs `work` in a new transaction. */
  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  /** Blocks until this transaction is the only appender; released at commit or rollback. */
  async lockChain(em: EntityManager): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY})`);
  }

  /** The newest entry's seq and hash (call after lockChain, in READ COMMITTED, to see the latest commit). */
  async lastLink(em: EntityManager): Promise<{ seq: number; hash: string } | null> {
    const rows: Array<{ seq: string; hash: string }> = await em.query(
      `SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`);
    return rows.length ? { seq: Number(rows[0].seq), hash: rows[0].hash } : null;
  }

  async insert(em: EntityManager, records: AuditRecord[]): Promise<void> {
    for (let start = 0; start < records.length; start += INSERT_CHUNK) {
      const chunk = records.slice(start, start + INSERT_CHUNK);
      const params: unknown[] = [];
      const tuples = chunk.map((r) => {
        const values = [r.id, r.seq, r.at, r.actorId, r.actorRoles, r.action, r.caseId, r.fields, r.outcome,
          JSON.stringify(r.details), r.ip, r.userAgent, r.prevHash, r.hash];
        const placeholders = values.map((v) => { params.push(v); return `$${params.length}`; });
        return `(${placeholders.join(',')})`;
      });
      try {
        await em.query(`INSERT INTO audit_log (${COLUMNS}) VALUES ${tuples.join(',')}`, params);
      } catch (e) {
        if (e?.code === '23505' && /audit_log_seq/.test(String(e?.constraint ?? e?.driverError?.constraint ?? e?.message))) {
          throw new Error('audit_log: the chain head moved under this transaction; AuditService.record must run in a READ COMMITTED transaction');
        }
        throw e;
      }
    }
  }

  /** Entries with seq > afterSeq (null: from the very first, whatever its seq), oldest first. */
  async after(afterSeq: number | null, limit: number, em: EntityManager = this.ds.manager): Promise<AuditRecord[]> {
    const rows = afterSeq === null
      ? await em.query(`SELECT ${COLUMNS} FROM audit_log ORDER BY seq LIMIT $1`, [limit])
      : await em.query(`SELECT ${COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`, [afterSeq, limit]);
    return rows.map(toRecord);
  }

  /** Entries matching the filter, newest first. */
  async newestFirst(filter: AuditRowFilter, limit: number, em: EntityManager = this.ds.manager): Promise<AuditRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => { params.push(value); where.push(sql.replace('?', `$${params.length}`)); };
    if (filter.caseId !== undefined) add('case_id = ?', filter.caseId);
    if (filter.actorId !== undefined) add('actor_id = ?', filter.actorId);
    if (filter.action !== undefined) add('action = ?', filter.action);
    if (filter.from !== undefined) add('at >= ?', filter.from);
    if (filter.to !== undefined) add('at < ?', filter.to);
    if (filter.beforeSeq != null) add('seq < ?', filter.beforeSeq);
    params.push(limit);
    const rows = await em.query(
      `SELECT ${COLUMNS} FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY seq DESC LIMIT $${params.length}`, params);
    return rows.map(toRecord);
  }
}

function toRecord(row: any): AuditRecord {
  return {
    id: row.id,
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
