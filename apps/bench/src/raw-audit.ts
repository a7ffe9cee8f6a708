import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { AuditRecord, entryHash, GENESIS_HASH } from '@app/audit';

/** An audit entry a raw counterpart appends (the API's entry, less what the source says). */
export interface AuditDraft {
  action: string;
  caseId: string | null;
  fields?: string[];
  details?: Record<string, unknown>;
}

const AUDIT_COLUMNS = `id, chain, seq, at, actor_id, actor_roles, action, case_id, fields, outcome, details, ip, user_agent, prev_hash, hash`;

/** Who raw audit rows name: a user through HTTP (the API bench's clients), or the scheduler (no actor, no address). */
export interface RawAuditSource {
  actorId: string | null;
  actorRoles: string[];
  ip: string | null;
  userAgent: string | null;
}

/**
 * Reads the head of `chain` and appends `drafts` linked to it, in one INSERT, shaped as the API
 * writes them so the log still verifies. The chain must be the caller's alone (no lock is taken).
 */
export async function appendRawAudit(c: PoolClient, chain: number, source: RawAuditSource, drafts: AuditDraft[]): Promise<void> {
  const [head] = (await c.query(`SELECT seq, hash FROM audit_log WHERE chain = $1 ORDER BY seq DESC LIMIT 1`, [chain])).rows;
  let seq = head ? Number(head.seq) : 0;
  let prevHash: string = head?.hash ?? GENESIS_HASH;
  const at = new Date();
  const params: unknown[] = [];
  const tuples = drafts.map((d) => {
    const unsealed: Omit<AuditRecord, 'hash'> = {
      id: randomUUID(),
      chain,
      seq: ++seq,
      at,
      actorId: source.actorId,
      actorRoles: source.actorRoles,
      action: d.action,
      caseId: d.caseId,
      fields: d.fields ?? [],
      outcome: 'allowed',
      details: d.details ?? {},
      ip: source.ip,
      userAgent: source.userAgent,
      prevHash,
    };
    const hash = entryHash(unsealed);
    prevHash = hash;
    const u = unsealed;
    const values = [
      u.id,
      chain,
      u.seq,
      at,
      u.actorId,
      u.actorRoles,
      u.action,
      u.caseId,
      u.fields,
      u.outcome,
      JSON.stringify(u.details),
      u.ip,
      u.userAgent,
      u.prevHash,
      hash,
    ];
    return `(${values.map((v) => `$${params.push(v)}`).join(',')})`;
  });
  await c.query(`INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES ${tuples.join(',')}`, params);
}
