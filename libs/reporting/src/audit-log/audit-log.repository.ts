import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What the auditor searches by; every member narrows the result. */
export interface AuditLogFilter {
  caseId?: string;
  /** A case number (e.g. CH-2026-000012): the entries of that case. */
  caseNumber?: string;
  actorId?: string;
  /** Entries whose action starts with this (`case.` or `case.read`). */
  actionPrefix?: string;
  outcome?: 'allowed' | 'denied';
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

/** A position in the newest-first order `at DESC, chain, seq DESC` (exclusive). */
export interface AuditLogCursor {
  at: Date;
  chain: number;
  seq: number;
}

/** One audit entry with the names a reader needs beside the ids. */
export interface AuditLogRow {
  id: string;
  chain: number;
  seq: number;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  actorUsername: string | null;
  actorRoles: string[];
  action: string;
  caseId: string | null;
  caseNumber: string | null;
  fields: string[];
  outcome: 'allowed' | 'denied';
  details: Record<string, unknown>;
  ip: string | null;
  userAgent: string | null;
  hash: string;
}

export interface ActorChoice {
  id: string;
  displayName: string;
  username: string;
}

/**
 * Reads the audit log for auditors, joined to the names of users and the numbers of cases. The
 * order and every filter are served by the audit_log indexes (at; case_id, at; actor_id, at;
 * action prefix), so a page costs the same over millions of entries.
 */
@Injectable()
export class AuditLogRepository {
  constructor(private readonly ds: DataSource) {}

  async page(filter: AuditLogFilter, before: AuditLogCursor | null, limit: number): Promise<AuditLogRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.caseId !== undefined) where.push(`a.case_id = ${p(filter.caseId)}`);
    // A number that names no case finds nothing (the subquery yields NULL).
    if (filter.caseNumber !== undefined) where.push(`a.case_id = (SELECT id FROM cases WHERE case_number = ${p(filter.caseNumber)})`);
    if (filter.actorId !== undefined) where.push(`a.actor_id = ${p(filter.actorId)}`);
    if (filter.actionPrefix !== undefined) where.push(`a.action LIKE ${p(`${filter.actionPrefix.replace(/[\\%_]/g, '\\$&')}%`)}`);
    if (filter.outcome !== undefined) where.push(`a.outcome = ${p(filter.outcome)}`);
    if (filter.from !== undefined) where.push(`a.at >= ${p(filter.from)}`);
    if (filter.to !== undefined) where.push(`a.at < ${p(filter.to)}`);
    if (before) {
      const at = p(before.at);
      const chain = p(before.chain);
      const seq = p(before.seq);
      // `at <= …` bounds the index scan; the rest is the keyset condition of the mixed-direction order.
      where.push(`a.at <= ${at} AND (a.at < ${at} OR a.chain > ${chain} OR (a.chain = ${chain} AND a.seq < ${seq}))`);
    }
    const rows = await this.ds.query(
      `SELECT a.id, a.chain, a.seq, a.at, a.actor_id, u.display_name AS actor_name, u.username AS actor_username, a.actor_roles, a.action,
              a.case_id, c.case_number, a.fields, a.outcome, a.details, a.ip, a.user_agent, a.hash
       FROM audit_log a
       LEFT JOIN users u ON u.id = a.actor_id
       LEFT JOIN cases c ON c.id = a.case_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY a.at DESC, a.chain, a.seq DESC
       LIMIT ${p(limit)}`,
      params,
    );
    return rows.map(toRow);
  }

  /** Users whose name or username contains `text` (for the auditor's user picker), by name. */
  async actorsNamed(text: string, limit: number): Promise<ActorChoice[]> {
    const like = `%${text.replace(/[\\%_]/g, '\\$&')}%`;
    const rows: Array<{ id: string; display_name: string; username: string }> = await this.ds.query(
      `SELECT id, display_name, username FROM users WHERE display_name ILIKE $1 OR username ILIKE $1 ORDER BY display_name, username LIMIT $2`,
      [like, limit],
    );
    return rows.map((r) => ({ id: r.id, displayName: r.display_name, username: r.username }));
  }
}

function toRow(row: any): AuditLogRow {
  return {
    id: row.id,
    chain: Number(row.chain),
    seq: Number(row.seq),
    at: row.at instanceof Date ? row.at : new Date(row.at),
    actorId: row.actor_id,
    actorName: row.actor_name ?? null,
    actorUsername: row.actor_username ?? null,
    actorRoles: row.actor_roles ?? [],
    action: row.action,
    caseId: row.case_id,
    caseNumber: row.case_number ?? null,
    fields: row.fields ?? [],
    outcome: row.outcome,
    details: row.details ?? {},
    ip: row.ip,
    userAgent: row.user_agent,
    hash: row.hash,
  };
}
