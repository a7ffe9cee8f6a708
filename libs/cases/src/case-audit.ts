import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditEntry, AuditService, entryBy } from '@app/audit';
import type { CurrentUser } from '@app/identity';

/**
 * Records case reads and changes in the tamper-evident audit log: who, what, which case, which
 * fields, from where. Changes are recorded inside their transaction (both commit or neither);
 * reads are recorded before the answer leaves, so an unrecorded read is never served.
 */
@Injectable()
export class CaseAudit {
  constructor(private readonly audit: AuditService) {}

  /** The entry `record` would write, for callers that write several cases' entries with one `recordMany`. */
  entry(user: CurrentUser, action: string, caseId: string | null, fields: string[] = [], details: Record<string, unknown> = {}): AuditEntry {
    return entryBy(user, { action, caseId, fields, details, outcome: 'allowed' });
  }

  /** Entries of several cases in one append (chains locked in order): call last in the transaction. */
  async recordMany(entries: AuditEntry[], em: EntityManager): Promise<void> {
    if (entries.length) await this.audit.recordMany(entries, em);
  }

  /** A read's entry (CaseViews), committed with other requests' reads before the answer leaves (group commit). */
  async recordRead(entry: AuditEntry): Promise<void> {
    await this.audit.recordMany([entry]);
  }

  async record(
    user: CurrentUser,
    action: string,
    caseId: string | null,
    fields: string[] = [],
    details: Record<string, unknown> = {},
    em?: EntityManager,
    outcome: 'allowed' | 'denied' = 'allowed',
  ): Promise<void> {
    await this.audit.record(entryBy(user, { action, caseId, fields, details, outcome }), em);
  }

  /** A page of a list or search: one entry per case shown, written together. */
  async recordList(user: CurrentUser, action: string, caseIds: string[], details: Record<string, unknown>): Promise<void> {
    await this.audit.recordMany([
      entryBy(user, { action, caseId: null, details: { ...details, cases: caseIds.length } }),
      ...caseIds.map((caseId) => entryBy(user, { action: `${action}.result`, caseId })),
    ]);
  }
}
