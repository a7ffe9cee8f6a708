import { Injectable } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { Clock, DAY_MS, DomainError } from '@app/core';
import { withBeforeCommit } from '@app/database';
import type { CurrentUser } from '@app/identity';
import { CaseFormsService, CaseQueriesService, CaseRegistrationService, CaseWorkflowService, isUuid } from '@app/cases';
import { SopRegistry } from '@app/sop-registry';
import { mergeFields } from './field-merge';
import { OfflineSyncErrorCode } from './offline-sync.errors';
import { SyncChangesRepository } from './sync-changes.repository';
import type { HeldChange, HeldReason, QueuedChange, SyncOutcome } from './sync.types';

/** A concurrent online save between reading the case and saving the merge: read and merge again, a few times. */
const MERGE_ATTEMPTS = 3;

const isUniqueViolation = (e: unknown) =>
  (e as { code?: string; driverError?: { code?: string } })?.driverError?.code === '23505' || (e as { code?: string })?.code === '23505';

/**
 * Applies what a device queued offline, in order, as the same requests made online would be: the
 * engine, permissions, validation, guards, deadlines and audit all apply again. Each change is
 * recorded by its idempotency key in its own transaction, so one sent twice is applied once; a
 * change that cannot apply (a conflict, a refusal) is held with its reason for review, never dropped.
 */
@Injectable()
export class OfflineSyncService {
  constructor(
    private readonly changes: SyncChangesRepository,
    private readonly registration: CaseRegistrationService,
    private readonly forms: CaseFormsService,
    private readonly workflow: CaseWorkflowService,
    private readonly queries: CaseQueriesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly registry: SopRegistry,
  ) {}

  async sync(user: CurrentUser, queue: QueuedChange[], locale: string): Promise<SyncOutcome[]> {
    const outcomes: SyncOutcome[] = [];
    // A case (or temporary id) with a held change: its later changes wait behind it, in order.
    const heldCases = new Set<string>();
    for (const change of queue) {
      const caseRef = change.kind === 'register' ? change.tempId : change.case;
      const outcome = heldCases.has(caseRef)
        ? await this.hold(user, change, null, { code: OfflineSyncErrorCode.AfterHeldChange, message: 'An earlier change of this case is waiting for review.' })
        : await this.once(user, change, locale);
      if (outcome.outcome === 'held') heldCases.add(caseRef);
      outcomes.push(outcome);
    }
    return outcomes;
  }

  async held(user: CurrentUser): Promise<HeldChange[]> {
    return this.changes.held(user.id);
  }

  /** The user gives up a held change (they redid it, or it no longer matters): kept, marked, audited. */
  async discard(user: CurrentUser, key: string): Promise<void> {
    if (!isUuid(key)) throw new DomainError(OfflineSyncErrorCode.HeldChangeNotFound, 'You have no held change with this key.');
    const now = this.clock.now();
    await this.changes.transaction(async (em) => {
      if (!(await this.changes.resolve(em, user.id, key, user.id, 'discarded', now))) {
        throw new DomainError(OfflineSyncErrorCode.HeldChangeNotFound, 'You have no held change with this key.');
      }
      await this.audit.record({ actorId: user.id, actorRoles: user.roles, action: 'sync.held_discarded', details: { key } }, em);
    });
  }

  /** The change's first outcome when its key was seen before; else applies it, or holds it with the reason. */
  private async once(user: CurrentUser, change: QueuedChange, locale: string): Promise<SyncOutcome> {
    const seen = await this.changes.find(user.id, change.key);
    if (seen) return this.replay(change.key, seen);
    const { maxDays } = (await this.registry.current()).pack.security.offline;
    if (change.madeAt && this.clock.now().getTime() - Date.parse(change.madeAt) > maxDays * DAY_MS) {
      const caseId = change.kind === 'register' ? null : await this.caseIdOf(user, change.case);
      return this.hold(user, change, caseId, {
        code: OfflineSyncErrorCode.MadeTooLongAgo,
        message: `Made offline more than ${maxDays} days before it reached the server: the procedure asks for a review.`,
        details: { maxDays, madeAt: change.madeAt },
      });
    }
    try {
      return await this.apply(user, change, locale);
    } catch (e) {
      if (isUniqueViolation(e)) {
        // The same key arrived twice at once: the other attempt applied it, this one was undone.
        const other = await this.changes.find(user.id, change.key);
        if (other) return this.replay(change.key, other);
      }
      if (e instanceof DomainError) return this.hold(user, change, change.kind === 'register' ? null : await this.caseIdOf(user, change.case), reasonOf(e));
      throw e;
    }
  }

  private replay(key: string, seen: NonNullable<Awaited<ReturnType<SyncChangesRepository['find']>>>): SyncOutcome {
    if (seen.outcome === 'held') return { key, outcome: 'held', reason: seen.reason!, caseId: seen.caseId, replayed: true };
    return { key, outcome: 'applied', caseId: seen.caseId!, ...(seen.result ?? {}), ...(seen.tempId ? { tempId: seen.tempId } : {}), replayed: true };
  }

  private async apply(user: CurrentUser, change: QueuedChange, locale: string): Promise<SyncOutcome> {
    const now = this.clock.now();
    if (change.kind === 'register') {
      const created = await withBeforeCommit(
        (em, result) => this.changes.insertApplied(em, user.id, change, (result as { row: { id: string } }).row.id, now),
        () => this.registration.register(user, { caseType: change.caseType, answers: change.answers }, locale),
      );
      const result = { caseNumber: created.caseNumber };
      await this.changes.setResult(user.id, change.key, result);
      return { key: change.key, outcome: 'applied', caseId: created.caseId, tempId: change.tempId, ...result };
    }
    const caseId = await this.caseIdOf(user, change.case);
    if (!caseId) return this.hold(user, change, null, { code: OfflineSyncErrorCode.CaseUnknown, message: `No case of yours is known as "${change.case}".` });
    return change.kind === 'fill' ? this.fill(user, change, caseId, locale) : this.transition(user, change, caseId, locale);
  }

  private async fill(user: CurrentUser, change: Extract<QueuedChange, { kind: 'fill' }>, caseId: string, locale: string): Promise<SyncOutcome> {
    for (let attempt = 1; ; attempt++) {
      const view = await this.queries.get(user, caseId, locale);
      const current = view.forms[change.formId]?.[0]?.answers ?? {};
      const { merged, conflicts } = mergeFields(current, change.base, change.answers);
      if (conflicts.length) {
        return this.hold(user, change, caseId, {
          code: OfflineSyncErrorCode.Conflict,
          message: `Changed on the server too since your copy: ${conflicts.map((c) => c.field).join(', ')}.`,
          details: { formId: change.formId, conflicts, version: view.version },
        });
      }
      try {
        const saved = await withBeforeCommit(
          (em) => this.changes.insertApplied(em, user.id, change, caseId, this.clock.now()),
          () => this.forms.fill(user, { caseId, formId: change.formId, answers: merged, status: change.status, expectedVersion: view.version, locale }),
        );
        await this.changes.setResult(user.id, change.key, { version: saved.version });
        return { key: change.key, outcome: 'applied', caseId, version: saved.version };
      } catch (e) {
        if (attempt < MERGE_ATTEMPTS && e instanceof DomainError && e.code === 'stale_version') continue;
        throw e;
      }
    }
  }

  private async transition(user: CurrentUser, change: Extract<QueuedChange, { kind: 'transition' }>, caseId: string, locale: string): Promise<SyncOutcome> {
    const view = await this.queries.get(user, caseId, locale);
    if (view.step !== change.fromStep) {
      return this.hold(user, change, caseId, {
        code: OfflineSyncErrorCode.StepMoved,
        message: `The case is now at "${view.step}", not at "${change.fromStep}" where the transition was taken.`,
        details: { step: view.step, fromStep: change.fromStep },
      });
    }
    const done = await withBeforeCommit(
      (em) => this.changes.insertApplied(em, user.id, change, caseId, this.clock.now()),
      () => this.workflow.perform(user, { caseId, transitionId: change.transitionId, expectedVersion: view.version, comment: change.comment, locale }),
    );
    const version = (done as { version?: number }).version;
    await this.changes.setResult(user.id, change.key, version === undefined ? {} : { version });
    return { key: change.key, outcome: 'applied', caseId, ...(version === undefined ? {} : { version }) };
  }

  /** A case id, or the case an applied offline registration of the user created under that temporary id. */
  private async caseIdOf(user: CurrentUser, ref: string): Promise<string | null> {
    return isUuid(ref) ? ref : this.changes.caseOfTempId(user.id, ref);
  }

  private async hold(user: CurrentUser, change: QueuedChange, caseId: string | null, reason: HeldReason): Promise<SyncOutcome> {
    const now = this.clock.now();
    const kept = await this.changes.transaction(async (em) => {
      const inserted = await this.changes.insertHeld(user.id, change, caseId, reason, now, em);
      if (inserted) {
        await this.audit.record(
          {
            actorId: user.id,
            actorRoles: user.roles,
            action: 'sync.change_held',
            caseId,
            details: { key: change.key, kind: change.kind, reason: reason.code },
          },
          em,
        );
      }
      return inserted;
    });
    if (!kept) {
      const seen = await this.changes.find(user.id, change.key);
      if (seen) return this.replay(change.key, seen);
    }
    return { key: change.key, outcome: 'held', reason, caseId };
  }
}

function reasonOf(e: DomainError): HeldReason {
  return { code: e.code, message: e.message, ...(Object.keys(e.extra).length ? { details: e.extra } : {}) };
}
