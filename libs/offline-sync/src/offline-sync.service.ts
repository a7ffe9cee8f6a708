import { Injectable } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { Clock, DAY_MS } from '@app/core';
import type { CurrentUser } from '@app/identity';
import { SopRegistry } from '@app/sop-registry';
import { ChangeApplier, ChangeLedger } from './change-applier';
import { OfflineSyncErrorCode } from './offline-sync.errors';
import { SyncChangeRow, SyncChangesRepository } from './sync-changes.repository';
import type { HeldReason, OfflinePolicy, QueuedChange, SyncOutcome } from './sync.types';

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
    private readonly applier: ChangeApplier,
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
        ? await this.hold(user, change, change.kind === 'register' ? null : await this.applier.caseIdOf(user, change.case), {
            code: OfflineSyncErrorCode.AfterHeldChange,
            message: 'An earlier change of this case is waiting for review.',
          })
        : await this.once(user, change, locale);
      if (outcome.outcome === 'held') heldCases.add(caseRef);
      outcomes.push(outcome);
    }
    return outcomes;
  }

  /** How long a device may stay offline and when it locks: the current pack's security.json `offline`. */
  async policy(): Promise<OfflinePolicy> {
    const { maxDays, lockAfterMinutes } = (await this.registry.current()).pack.security.offline;
    return { maxDays, lockAfterMinutes };
  }

  /** The change's first outcome when its key was seen before; else applies it, or holds it with the reason. */
  private async once(user: CurrentUser, change: QueuedChange, locale: string): Promise<SyncOutcome> {
    const seen = await this.changes.find(user.id, change.key);
    if (seen) return replay(change.key, seen);
    const { maxDays } = await this.policy();
    if (change.madeAt && this.clock.now().getTime() - Date.parse(change.madeAt) > maxDays * DAY_MS) {
      const caseId = change.kind === 'register' ? null : await this.applier.caseIdOf(user, change.case);
      return this.hold(user, change, caseId, {
        code: OfflineSyncErrorCode.MadeTooLongAgo,
        message: `Made offline more than ${maxDays} days before it reached the server: the procedure asks for a review.`,
        details: { maxDays, madeAt: change.madeAt },
      });
    }
    try {
      return await this.applier.applyOrHold(user, change, locale, this.firstSync(user));
    } catch (e) {
      if (isUniqueViolation(e)) {
        // The same key arrived twice at once: the other attempt applied it, this one was undone.
        const other = await this.changes.find(user.id, change.key);
        if (other) return replay(change.key, other);
      }
      throw e;
    }
  }

  /** A change seen for the first time: its row is inserted with it. */
  private firstSync(user: CurrentUser): ChangeLedger {
    return {
      applied: (em, change, caseId) => this.changes.insertApplied(em, user.id, change, caseId, this.clock.now()),
      result: (change, result) => this.changes.setResult(user.id, change.key, result),
      hold: (change, caseId, reason) => this.hold(user, change, caseId, reason),
    };
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
      if (seen) return replay(change.key, seen);
    }
    return { key: change.key, outcome: 'held', reason, caseId };
  }
}

/** A key seen before answers with its recorded outcome (a held change resolved or retried since is applied). */
export function replay(key: string, seen: SyncChangeRow): SyncOutcome {
  if (seen.outcome === 'held') return { key, outcome: 'held', reason: seen.reason!, caseId: seen.caseId, replayed: true };
  return { key, outcome: 'applied', caseId: seen.caseId!, ...(seen.result ?? {}), ...(seen.tempId ? { tempId: seen.tempId } : {}), replayed: true };
}
