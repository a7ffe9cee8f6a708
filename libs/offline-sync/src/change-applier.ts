import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '@app/core';
import { withBeforeCommit } from '@app/database';
import type { CurrentUser } from '@app/identity';
import { CaseFormsService, CaseQueriesService, CaseRegistrationService, CaseWorkflowService, isUuid } from '@app/cases';
import { mergeFields } from './field-merge';
import { OfflineSyncErrorCode } from './offline-sync.errors';
import { SyncChangesRepository } from './sync-changes.repository';
import type { HeldReason, QueuedChange, SyncOutcome } from './sync.types';

/** A concurrent online save between reading the case and saving the merge: read and merge again, a few times. */
const MERGE_ATTEMPTS = 3;

/**
 * Where a change's fate is written: a first sync inserts its row, a retry or a resolution updates
 * the held row. One path applies changes for all of them, so a retried change meets the same rules.
 */
export interface ChangeLedger {
  /** In the change's own transaction, before it commits: a failure here undoes the change. */
  applied(em: EntityManager, change: QueuedChange, caseId: string): Promise<void>;
  /** After the commit: what the change gave (the case number of a registration, the case's version). */
  result(change: QueuedChange, result: Record<string, unknown>): Promise<void>;
  /** The change cannot apply (a conflict, the case moved on): keep it held with the reason, or refuse. */
  hold(change: QueuedChange, caseId: string | null, reason: HeldReason): Promise<SyncOutcome>;
}

/** Applies one queued change as the same request made online would be: engine, permissions, validation, guards, deadlines, audit. */
@Injectable()
export class ChangeApplier {
  constructor(
    private readonly changes: SyncChangesRepository,
    private readonly registration: CaseRegistrationService,
    private readonly forms: CaseFormsService,
    private readonly workflow: CaseWorkflowService,
    private readonly queries: CaseQueriesService,
  ) {}

  /** Applies the change, or holds it with the reason a refusal gave; errors other than refusals are thrown. */
  async applyOrHold(user: CurrentUser, change: QueuedChange, locale: string, ledger: ChangeLedger): Promise<SyncOutcome> {
    try {
      return await this.apply(user, change, locale, ledger);
    } catch (e) {
      if (e instanceof DomainError) return ledger.hold(change, change.kind === 'register' ? null : await this.caseIdOf(user, change.case), reasonOf(e));
      throw e;
    }
  }

  /** Applies the change; a refusal is thrown as the DomainError it is, a conflict or a moved case goes to `ledger.hold`. */
  async apply(user: CurrentUser, change: QueuedChange, locale: string, ledger: ChangeLedger): Promise<SyncOutcome> {
    if (change.kind === 'register') {
      const created = await withBeforeCommit(
        (em, result) => ledger.applied(em, change, (result as { row: { id: string } }).row.id),
        () => this.registration.register(user, { caseType: change.caseType, answers: change.answers }, locale),
      );
      const result = { caseNumber: created.caseNumber };
      await ledger.result(change, result);
      return { key: change.key, outcome: 'applied', caseId: created.caseId, tempId: change.tempId, ...result };
    }
    const caseId = await this.caseIdOf(user, change.case);
    if (!caseId) return ledger.hold(change, null, { code: OfflineSyncErrorCode.CaseUnknown, message: `No case of yours is known as "${change.case}".` });
    if (change.kind === 'fill') return this.fill(user, change, caseId, locale, ledger);
    if (change.kind === 'entry') return this.entry(user, change, caseId, locale, ledger);
    return this.transition(user, change, caseId, locale, ledger);
  }

  /** A case id, or the case an applied offline registration of the user created under that temporary id. */
  async caseIdOf(user: Pick<CurrentUser, 'id'>, ref: string): Promise<string | null> {
    return isUuid(ref) ? ref : this.changes.caseOfTempId(user.id, ref);
  }

  private async fill(
    user: CurrentUser,
    change: Extract<QueuedChange, { kind: 'fill' }>,
    caseId: string,
    locale: string,
    ledger: ChangeLedger,
  ): Promise<SyncOutcome> {
    for (let attempt = 1; ; attempt++) {
      const view = await this.queries.get(user, caseId, locale);
      const current = view.forms[change.formId]?.[0]?.answers ?? {};
      const { merged, conflicts } = mergeFields(current, change.base, change.answers);
      if (conflicts.length) {
        return ledger.hold(change, caseId, {
          code: OfflineSyncErrorCode.Conflict,
          message: `Changed on the server too since your copy: ${conflicts.map((c) => c.field).join(', ')}.`,
          details: { formId: change.formId, conflicts, version: view.version },
        });
      }
      try {
        const saved = await withBeforeCommit(
          (em) => ledger.applied(em, change, caseId),
          () => this.forms.fill(user, { caseId, formId: change.formId, answers: merged, status: change.status, expectedVersion: view.version, locale }),
        );
        await ledger.result(change, { version: saved.version });
        return { key: change.key, outcome: 'applied', caseId, version: saved.version };
      } catch (e) {
        if (attempt < MERGE_ATTEMPTS && e instanceof DomainError && e.code === 'stale_version') continue;
        throw e;
      }
    }
  }

  /** A new entry of a repeatable form, added at the case's current version (a concurrent save only means reading it again). */
  private async entry(
    user: CurrentUser,
    change: Extract<QueuedChange, { kind: 'entry' }>,
    caseId: string,
    locale: string,
    ledger: ChangeLedger,
  ): Promise<SyncOutcome> {
    for (let attempt = 1; ; attempt++) {
      const view = await this.queries.get(user, caseId, locale);
      try {
        const saved = await withBeforeCommit(
          (em) => ledger.applied(em, change, caseId),
          () =>
            this.forms.fill(user, {
              caseId,
              formId: change.formId,
              answers: change.answers,
              status: 'complete',
              expectedVersion: view.version,
              entry: 'new',
              locale,
            }),
        );
        await ledger.result(change, { version: saved.version });
        return { key: change.key, outcome: 'applied', caseId, version: saved.version };
      } catch (e) {
        if (attempt < MERGE_ATTEMPTS && e instanceof DomainError && e.code === 'stale_version') continue;
        throw e;
      }
    }
  }

  private async transition(
    user: CurrentUser,
    change: Extract<QueuedChange, { kind: 'transition' }>,
    caseId: string,
    locale: string,
    ledger: ChangeLedger,
  ): Promise<SyncOutcome> {
    const view = await this.queries.get(user, caseId, locale);
    if (view.step !== change.fromStep) {
      return ledger.hold(change, caseId, {
        code: OfflineSyncErrorCode.StepMoved,
        message: `The case is now at "${view.step}", not at "${change.fromStep}" where the transition was taken.`,
        details: { step: view.step, fromStep: change.fromStep },
      });
    }
    const done = await withBeforeCommit(
      (em) => ledger.applied(em, change, caseId),
      () => this.workflow.perform(user, { caseId, transitionId: change.transitionId, expectedVersion: view.version, comment: change.comment, locale }),
    );
    const version = (done as { version?: number }).version;
    await ledger.result(change, version === undefined ? {} : { version });
    return { key: change.key, outcome: 'applied', caseId, ...(version === undefined ? {} : { version }) };
  }
}

export function reasonOf(e: DomainError): HeldReason {
  return { code: e.code, message: e.message, ...(Object.keys(e.extra).length ? { details: e.extra } : {}) };
}
