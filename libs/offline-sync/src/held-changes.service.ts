import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { Clock, DomainError } from '@app/core';
import type { CurrentUser } from '@app/identity';
import { casePredicate, isUuid, maySeeTeamDeadlines } from '@app/cases';
import { SopRegistry } from '@app/sop-registry';
import { ChangeApplier, ChangeLedger } from './change-applier';
import { conflictFields, resolvedBase } from './held-resolution';
import { reviewerView } from './held-review';
import { OfflineSyncErrorCode } from './offline-sync.errors';
import { SyncChangesRepository } from './sync-changes.repository';
import type { HeldChange, HeldResolution, QueuedChange, SyncOutcome, TeamHeldChange } from './sync.types';

const notFound = () => new DomainError(OfflineSyncErrorCode.HeldChangeNotFound, 'There is no held change with this key for you.');

/**
 * The work list of changes that could not apply: the user's own (resolve a conflict by choosing,
 * retry, discard) and their team's for a supervisor (see who is stuck, discard). Each decision is
 * written in the same transaction as what it applies, and audited with who made it.
 */
@Injectable()
export class HeldChangesService {
  constructor(
    private readonly changes: SyncChangesRepository,
    private readonly applier: ChangeApplier,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly registry: SopRegistry,
  ) {}

  async own(user: CurrentUser): Promise<HeldChange[]> {
    return this.changes.held(user.id);
  }

  /** The held changes of the caller's team: the same team and supervisors as the team's workload (pack role `supervisesTeam`). */
  async team(user: CurrentUser): Promise<TeamHeldChange[]> {
    await this.assertSupervisor(user);
    const readable = await casePredicate(this.registry, user, this.clock.now(), 'read', 'case', { prefix: 'heldread' });
    const held = (await this.changes.teamHeld(user.teamId!, user.id, readable)).map(reviewerView);
    // Who looked at whose stuck work: one entry per look, with the changes shown.
    await this.audit.record({
      actorId: user.id,
      actorRoles: user.roles,
      action: 'sync.team_held_read',
      details: { teamId: user.teamId, keys: held.map((h) => h.key) },
    });
    return held;
  }

  /** Gives up a held change: the user's own, or (`ownerId`) a member's of the team the caller supervises. Kept, marked, audited with who. */
  async discard(user: CurrentUser, key: string, ownerId: string = user.id): Promise<void> {
    if (!isUuid(key) || !isUuid(ownerId)) throw notFound();
    // Someone else's held change is as unknown as a missing one, unless the caller supervises its user.
    if (ownerId !== user.id && !((await this.supervises(user)) && (await this.changes.isMemberOf(ownerId, user.teamId!)))) throw notFound();
    const now = this.clock.now();
    await this.changes.transaction(async (em) => {
      if (!(await this.changes.discard(em, ownerId, key, user.id, now))) throw notFound();
      const details = ownerId === user.id ? { key } : { key, userId: ownerId };
      await this.audit.record({ actorId: user.id, actorRoles: user.roles, action: 'sync.held_discarded', details }, em);
    });
  }

  /**
   * A held conflict resolved: the user's chosen values (theirs or the server's) applied as a fill of
   * the same form, merged per field as a sync is; should the server have changed again since, a new
   * 409 sync_conflict with fresh details, and nothing saved.
   */
  async resolve(user: CurrentUser, key: string, resolution: HeldResolution, locale: string): Promise<SyncOutcome> {
    const held = await this.heldOwn(user, key);
    const original = held.change;
    if (held.reason.code !== OfflineSyncErrorCode.Conflict || original.kind !== 'fill') {
      throw new DomainError(OfflineSyncErrorCode.NotAConflict, 'Only a held conflict is resolved by choosing values: retry or discard this one.');
    }
    const change: QueuedChange = { ...original, base: resolvedBase(original.base, resolution.base, conflictFields(held)), answers: resolution.answers };
    const ledger: ChangeLedger = {
      applied: (em, applied, caseId) => this.markApplied(em, user, applied, caseId, 'resolved', { fields: Object.keys(resolution.answers).sort() }),
      result: (applied, result) => this.changes.setResult(user.id, applied.key, result),
      hold: (_change, _caseId, reason) => {
        throw new DomainError(reason.code, reason.message, reason.details ?? {});
      },
    };
    return this.applier.apply(user, change, locale, ledger);
  }

  /** The held change applied again now, by the same path as a sync: applied, or held again with the new reason. */
  async retry(user: CurrentUser, key: string, locale: string): Promise<SyncOutcome> {
    const held = await this.heldOwn(user, key);
    const ledger: ChangeLedger = {
      applied: (em, change, caseId) => this.markApplied(em, user, change, caseId, 'retried', {}),
      result: (change, result) => this.changes.setResult(user.id, change.key, result),
      hold: async (change, caseId, reason) => {
        await this.changes.transaction(async (em) => {
          if (!(await this.changes.reason(em, user.id, change.key, caseId, reason))) throw notFound();
          await this.audit.record(
            {
              actorId: user.id,
              actorRoles: user.roles,
              action: 'sync.held_retried',
              caseId,
              details: { key: change.key, outcome: 'held', reason: reason.code },
            },
            em,
          );
        });
        return { key: change.key, outcome: 'held', reason, caseId };
      },
    };
    return this.applier.applyOrHold(user, held.change, locale, ledger);
  }

  private async heldOwn(user: CurrentUser, key: string): Promise<HeldChange> {
    const held = isUuid(key) ? await this.changes.heldOne(user.id, key) : null;
    if (!held) throw notFound();
    return held;
  }

  /** In the transaction that applied it: the held row applied (a second attempt at once finds it gone and is undone), audited. */
  private async markApplied(
    em: EntityManager,
    user: CurrentUser,
    change: QueuedChange,
    caseId: string,
    resolution: 'resolved' | 'retried',
    details: Record<string, unknown>,
  ): Promise<void> {
    if (!(await this.changes.markApplied(em, user.id, change, caseId, user.id, resolution, this.clock.now()))) throw notFound();
    const action = resolution === 'resolved' ? 'sync.held_resolved' : 'sync.held_retried';
    await this.audit.record({ actorId: user.id, actorRoles: user.roles, action, caseId, details: { key: change.key, outcome: 'applied', ...details } }, em);
  }

  private async supervises(user: CurrentUser): Promise<boolean> {
    return maySeeTeamDeadlines((await this.registry.current()).pack, user);
  }

  private async assertSupervisor(user: CurrentUser): Promise<void> {
    if (!(await this.supervises(user))) {
      throw new DomainError(OfflineSyncErrorCode.TeamReviewNotPermitted, "Only a supervisor of a team sees the team's held changes.");
    }
  }
}
