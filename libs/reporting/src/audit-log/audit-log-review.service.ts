import { Injectable } from '@nestjs/common';
import { AuditCheckpoints, AuditService, CheckpointCheck, entryBy } from '@app/audit';
import { Clock, DomainError } from '@app/core';
import type { CurrentUser } from '@app/identity';
import { rulesGranting } from '@app/sop';
import { SopRegistry } from '@app/sop-registry';
import { streamExport, type ExportTarget } from '../exports/export-stream';
import { AuditLogErrorCode } from './audit-log.errors';
import { cursorAfter, parseAuditLogSearch, type AuditLogSearchParams } from './audit-log-query';
import { ActorChoice, AuditLogRepository, AuditLogRow } from './audit-log.repository';

export type AuditLogAction = 'read' | 'export';

/** One entry as the auditor reads it: names beside ids, details as stored. */
export interface AuditLogEntryView {
  id: string;
  at: Date;
  chain: number;
  seq: number;
  actor: { id: string; name: string | null; username: string | null } | null;
  actorRoles: string[];
  action: string;
  case: { id: string; number: string | null } | null;
  fields: string[];
  outcome: 'allowed' | 'denied';
  details: Record<string, unknown>;
  ip: string | null;
  userAgent: string | null;
}

export interface AuditLogPage {
  /** Newest first. */
  entries: AuditLogEntryView[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: string | null;
}

/**
 * Whether the log verifies. `scheduled`: the full verification the scheduler ran when it wrote the
 * newest checkpoint (a full walk takes minutes over millions of entries), with its time; `full`:
 * run just now. Either way the table is compared with the newest checkpoint now.
 */
export interface AuditChainStatus {
  state: 'intact' | 'broken' | 'unknown';
  mode: 'scheduled' | 'full';
  checkedAt: Date;
  verification: {
    at: string;
    ok: boolean;
    entries: number;
    firstBroken: { chain: number; seq: number; reason: string } | null;
  } | null;
  checkpoint: {
    state: CheckpointCheck['state'];
    writtenAt: string | null;
    /** One sentence per problem: rows deleted since the checkpoint, a tampered or unsigned checkpoint. */
    problems: string[];
  };
}

const EXPORT_BATCH = 1000;
const CSV_COLUMNS = [
  'at',
  'chain',
  'seq',
  'actor_username',
  'actor_name',
  'actor_id',
  'actor_roles',
  'action',
  'outcome',
  'case_number',
  'case_id',
  'fields',
  'details',
  'ip',
  'user_agent',
  'hash',
];

/**
 * The auditor's view of the whole audit log: search, export, and whether it verifies. Only roles
 * whose pack rules grant `audit_log` may; every reading is itself an audit entry.
 */
@Injectable()
export class AuditLogReview {
  constructor(
    private readonly repo: AuditLogRepository,
    private readonly audit: AuditService,
    private readonly checkpoints: AuditCheckpoints,
    private readonly registry: SopRegistry,
    private readonly clock: Clock,
  ) {}

  /** May the user do this to the audit log (pack rules on subject audit_log)? */
  async permits(user: CurrentUser, action: AuditLogAction): Promise<boolean> {
    const sop = await this.registry.current();
    return sop.pack.roles.some((r) => user.roles.includes(r.id) && rulesGranting(r, action, 'audit_log').length > 0);
  }

  async search(user: CurrentUser, params: AuditLogSearchParams): Promise<AuditLogPage> {
    await this.require(user, 'read', 'audit_log.search', { filter: describe(params) });
    const { filter, before, limit } = parseAuditLogSearch(params);
    const rows = await this.repo.page(filter, before, limit);
    await this.audit.record(entryBy(user, { action: 'audit_log.search', details: { filter: describe(params), results: rows.length } }));
    return { entries: rows.map(view), nextBefore: rows.length === limit ? cursorAfter(rows[rows.length - 1]) : null };
  }

  /** Everything the search finds, as CSV, read and written a batch at a time (constant memory). */
  async export(user: CurrentUser, params: AuditLogSearchParams, target: ExportTarget): Promise<{ rows: number; complete: boolean }> {
    await this.require(user, 'export', 'audit_log.export', { filter: describe(params) });
    const { filter } = parseAuditLogSearch({ ...params, before: undefined, limit: undefined });
    const stamp = this.clock.now().toISOString().slice(0, 10);
    return streamExport(
      target,
      'csv',
      { filename: `audit-log-${stamp}.csv`, rows: 0 },
      'Audit log',
      async (w, signal, wrote) => {
        await w.header(CSV_COLUMNS);
        let before = null;
        for (;;) {
          signal.throwIfAborted();
          const rows: AuditLogRow[] = await this.repo.page(filter, before, EXPORT_BATCH);
          await w.rows(rows.map(csvRow));
          wrote(rows.length);
          if (rows.length < EXPORT_BATCH) break;
          const last = rows[rows.length - 1];
          before = { at: last.at, chain: last.chain, seq: last.seq };
        }
      },
      async ({ rows, complete, stoppedBy }) => {
        await this.audit.record(
          entryBy(user, { action: 'audit_log.export', details: { filter: describe(params), rows, complete, ...(stoppedBy ? { stoppedBy } : {}) } }),
        );
      },
    );
  }

  /** The latest scheduled verification and the table against the newest checkpoint (fast). */
  async status(user: CurrentUser): Promise<AuditChainStatus> {
    await this.require(user, 'read', 'audit_log.status', {});
    const check = await this.checkpoints.check();
    const verification =
      check.state === 'checked' && check.verification
        ? { at: check.writtenAt, ok: check.verification.ok, entries: check.verification.entries, firstBroken: check.verification.firstBroken ?? null }
        : null;
    const status = chainStatus('scheduled', this.clock.now(), verification, check);
    await this.audit.record(entryBy(user, { action: 'audit_log.status', details: { state: status.state, problems: status.checkpoint.problems.length } }));
    return status;
  }

  /** Walks every chain now (slow on a large log), and compares with the newest checkpoint. */
  async verifyNow(user: CurrentUser): Promise<AuditChainStatus> {
    await this.require(user, 'read', 'audit_log.verify', {});
    const now = this.clock.now();
    const [result, check] = await Promise.all([this.audit.verify(), this.checkpoints.check()]);
    const verification = result.ok
      ? { at: now.toISOString(), ok: true, entries: result.entries, firstBroken: null }
      : {
          at: now.toISOString(),
          ok: false,
          entries: result.entries,
          firstBroken: { chain: result.firstBroken.chain, seq: result.firstBroken.seq, reason: result.firstBroken.reason },
        };
    const status = chainStatus('full', now, verification, check);
    await this.audit.record(entryBy(user, { action: 'audit_log.verify', details: { state: status.state, problems: status.checkpoint.problems } }));
    return status;
  }

  /** Users by name or username, for choosing whose entries to see. */
  async actors(user: CurrentUser, text: string): Promise<ActorChoice[]> {
    await this.require(user, 'read', 'audit_log.actors', {});
    const t = text.trim();
    return t ? this.repo.actorsNamed(t.slice(0, 100), 20) : [];
  }

  /** Refuses (and records the refusal) unless the user's roles grant `action` on the audit log. */
  private async require(user: CurrentUser, action: AuditLogAction, auditAction: string, details: Record<string, unknown>): Promise<void> {
    if (await this.permits(user, action)) return;
    await this.audit.record(entryBy(user, { action: auditAction, outcome: 'denied', details }));
    throw new DomainError(AuditLogErrorCode.AuditLogNotPermitted, 'Your role may not read the audit log.');
  }
}

function chainStatus(mode: AuditChainStatus['mode'], now: Date, verification: AuditChainStatus['verification'], check: CheckpointCheck): AuditChainStatus {
  const problems = check.state === 'unusable' ? [check.message] : check.state === 'checked' ? check.findings.map((f) => f.message) : [];
  const writtenAt = check.state === 'checked' ? check.writtenAt : check.state === 'unusable' ? check.claimedWrittenAt : null;
  const state = problems.length || verification?.ok === false ? 'broken' : verification ? 'intact' : 'unknown';
  return { state, mode, checkedAt: now, verification, checkpoint: { state: check.state, writtenAt, problems } };
}

/** The filter as given, without the paging parameters, for the audit entry. */
function describe(params: AuditLogSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ['case', 'actor', 'action', 'outcome', 'from', 'to'] as const) if (params[k]) out[k] = String(params[k]);
  return out;
}

function view(r: AuditLogRow): AuditLogEntryView {
  return {
    id: r.id,
    at: r.at,
    chain: r.chain,
    seq: r.seq,
    actor: r.actorId ? { id: r.actorId, name: r.actorName, username: r.actorUsername } : null,
    actorRoles: r.actorRoles,
    action: r.action,
    case: r.caseId ? { id: r.caseId, number: r.caseNumber } : null,
    fields: r.fields,
    outcome: r.outcome,
    details: r.details,
    ip: r.ip,
    userAgent: r.userAgent,
  };
}

function csvRow(r: AuditLogRow): Array<string | number | null> {
  return [
    r.at.toISOString(),
    r.chain,
    r.seq,
    r.actorUsername,
    r.actorName,
    r.actorId,
    r.actorRoles.join(' '),
    r.action,
    r.outcome,
    r.caseNumber,
    r.caseId,
    r.fields.join(' '),
    JSON.stringify(r.details),
    r.ip,
    r.userAgent,
    r.hash,
  ];
}
