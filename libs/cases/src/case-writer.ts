import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseEntity } from '@app/database';
import type { CurrentUser } from '@app/identity';
import type { CompiledSop } from '@app/sop-registry';
import type { AuditEntry } from '@app/audit';
import { CaseAudit } from './case-audit';
import { CaseEventHooks } from './case-hooks';
import { CaseSnapshots, type KnownRecords } from './case-snapshots';
import { DeadlineSync } from './deadline-sync';
import { CaseRecordsRepository, NewCaseEvent } from './repositories/case-records.repository';
import { CasesRepository } from './repositories/cases.repository';

/**
 * The one way a case change is committed (inside the caller's transaction, case row locked):
 * write the row with the optimistic version check, recompute deadlines from the new state, append
 * the events to the timeline, then let hooks react. Either all of it happens or none.
 */
@Injectable()
export class CaseWriter {
  constructor(
    private readonly cases: CasesRepository,
    private readonly records: CaseRecordsRepository,
    private readonly deadlines: DeadlineSync,
    private readonly hooks: CaseEventHooks,
    private readonly audit: CaseAudit,
    private readonly snapshots: CaseSnapshots,
  ) {}

  async commit(
    em: EntityManager,
    sop: CompiledSop,
    input: {
      caseId: string;
      expectedVersion: number | null;
      patch: Partial<CaseEntity>;
      events: NewCaseEvent[];
      now: Date;
      actorId: string;
      /** The acting user: each of `events` is recorded in the audit log in this transaction. */
      actor: CurrentUser;
      /**
       * Changes to several cases in one transaction: the audit entries are collected here instead of
       * written, and the caller writes them all with one `CaseAudit.recordMany`, last (docs/adr/0004).
       */
      auditInto?: AuditEntry[];
      /** The case was inserted in this transaction: it has no stored deadlines yet. */
      isNew?: boolean;
      /** The case's records after this change, when the caller holds them: they are not read back for the deadlines. */
      known?: KnownRecords;
      /**
       * The case's row as the caller inserted or locked and read it in this transaction, when nothing
       * but `patch` changes it before this commit: it is not read again.
       */
      current?: CaseEntity;
    },
  ): Promise<CaseEntity> {
    let version: number | null = null;
    if (input.expectedVersion !== null) {
      version = await this.cases.update(em, input.caseId, input.expectedVersion, { ...input.patch, updatedAt: input.now });
    }
    const row =
      input.current?.id === input.caseId
        ? version === null
          ? input.current
          : { ...input.current, ...input.patch, updatedAt: input.now, version }
        : (await this.cases.findById(input.caseId, em))!;
    // Only deadlines are judged here (guards and effects were judged by the caller, on its own snapshot).
    // A case changed, not created: its referrals and stored deadlines in one read (a new case has neither).
    const stored = input.isNew ? undefined : await this.records.deadlineInputs(row.id, em);
    const snapshot = await this.snapshots.of(row, sop, input.now, em, { for: 'deadlines', known: input.known, referrals: stored?.referrals });
    const deadlineEvents = await this.deadlines.sync(em, sop.pack, snapshot, input.now, input.actorId, sop.engine.operators, input.isNew, stored?.deadlines);
    const events = [...input.events, ...deadlineEvents];
    await this.records.appendEvents(em, events);
    const hookEntries: AuditEntry[] = [];
    // The row as the caller locked it is the case before this change (a new case has no before).
    const rowBefore = !input.isNew && input.current?.id === input.caseId ? input.current : undefined;
    for (const e of events) {
      const own = e.caseId === row.id;
      await this.hooks.dispatch({ ...e, sop, em, auditInto: hookEntries, row: own ? row : undefined, rowBefore: own ? rowBefore : undefined });
    }
    // Last: the audit append holds the chain lock until commit, so nothing may wait on other locks after it.
    const entries: AuditEntry[] = input.events.map((e) => {
      const form = typeof e.data.form === 'string' ? e.data.form : null;
      const fields = form && Array.isArray(e.data.fields) ? (e.data.fields as string[]).map((f) => `${form}.${f}`) : [];
      return this.audit.entry(input.actor, `case.${e.type}`, e.caseId, fields, e.data);
    });
    entries.push(...hookEntries);
    if (input.auditInto) input.auditInto.push(...entries);
    else await this.audit.recordMany(entries, em);
    return row;
  }
}
