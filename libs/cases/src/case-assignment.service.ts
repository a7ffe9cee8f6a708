import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { AuditEntry } from '@app/audit';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, DomainError, validateCommand } from '@app/core';
import type { CaseEntity } from '@app/database';
import { inTransaction } from '@app/database';
import { CurrentUser, toCurrentUser, UsersRepository } from '@app/identity';
import { InboxService } from '@app/notifications';
import { factsOf, permissionsFor } from './case-access';
import { CaseAudit } from './case-audit';
import { invalidField, REASON_SCHEMA } from './command-parts';
import { CaseErrorCode } from './cases.errors';
import { CaseWriter } from './case-writer';
import { CaseGrantsRepository } from './repositories/case-grants.repository';
import { CasesRepository } from './repositories/cases.repository';
import { SopRegistry } from '@app/sop-registry';
import { caseMessage } from './case-messages';

const MAX_CASES = 500;

export const ASSIGN_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['caseIds', 'userId', 'reason'],
  properties: {
    caseIds: { type: 'array', minItems: 1, maxItems: MAX_CASES, uniqueItems: true, items: { type: 'string', format: 'uuid' } },
    userId: { type: 'string', format: 'uuid' },
    reason: REASON_SCHEMA,
  },
};

export const HANDOVER_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['toUserId', 'reason'],
  properties: { toUserId: { type: 'string', format: 'uuid' }, reason: REASON_SCHEMA },
};

/** Why one case cannot be assigned: a stable `code` (said in the user's language by the API) and the English reason. */
interface Refusal {
  caseId: string;
  code: 'case_not_found' | 'not_permitted' | 'case_closed' | 'not_assigned_to_departing' | 'receiver_cannot_read';
  reason: string;
}

/**
 * Assignment: who works a case. A user whose role may `assign` the case gives it (one or many at
 * once, or every open case of a departing worker) to an active user who may read it once assigned.
 * All or nothing: if one case cannot go, none moves, and the answer lists why per case. Each case
 * gets a `case_assigned` timeline event (audited, seen by hooks); the new worker is told in the app.
 * Deadlines follow: reminders go to whoever the case is assigned to when they fire.
 */
@Injectable()
export class CaseAssignmentService {
  constructor(
    private readonly ds: DataSource,
    private readonly cases: CasesRepository,
    private readonly grants: CaseGrantsRepository,
    private readonly users: UsersRepository,
    private readonly registry: SopRegistry,
    private readonly writer: CaseWriter,
    private readonly inbox: InboxService,
    private readonly audit: CaseAudit,
    private readonly clock: Clock,
  ) {}

  async assign(actor: CurrentUser, body: unknown): Promise<{ assigned: number; to: { id: string; name: string } }> {
    const cmd = validateCommand<{ caseIds: string[]; userId: string; reason: string }>(ASSIGN_SCHEMA, body);
    return inTransaction(this.ds, (em) => this.move(em, actor, cmd.caseIds, cmd.userId, cmd.reason.trim(), null));
  }

  /** Every open case assigned to `fromUserId` that the actor may see goes to `toUserId` in one action (a worker leaves). */
  async handover(actor: CurrentUser, fromUserId: string, body: unknown): Promise<{ assigned: number; to: { id: string; name: string } }> {
    const cmd = validateCommand<{ toUserId: string; reason: string }>(HANDOVER_SCHEMA, body);
    // Before anything about the user is looked up: who exists is not for everyone to probe.
    await this.requireAssigner(actor);
    const from = await this.users.findById(fromUserId);
    if (!from) throw new DomainError('not_found', `User ${fromUserId} does not exist.`);
    if (from.id === cmd.toUserId) throw invalid('/toUserId', 'the cases are already assigned to this user', 'already_assigned');
    return inTransaction(this.ds, async (em) => {
      const ids = await this.cases.openAssignedTo(em, from.id);
      if (!ids.length) return { assigned: 0, to: await this.target(cmd.toUserId).then((u) => ({ id: u.id, name: u.displayName })) };
      return this.move(em, actor, ids, cmd.toUserId, cmd.reason.trim(), from.id);
    });
  }

  private async requireAssigner(actor: CurrentUser): Promise<void> {
    if (!permissionsFor(await this.registry.current(), actor).rulesFor('assign', 'case').length) {
      throw new DomainError(CaseErrorCode.AssignmentNotPermitted, 'Your role may not assign cases.');
    }
  }

  private async target(userId: string) {
    const user = await this.users.findById(userId);
    if (!user || !user.active) throw invalid('/userId', 'no active user with this id', 'user_inactive');
    return user;
  }

  private async move(em: EntityManager, actor: CurrentUser, caseIds: string[], userId: string, reason: string, expectFrom: string | null) {
    await this.requireAssigner(actor);
    const target = await this.target(userId);
    const assignee = toCurrentUser(target);
    const rows = await this.cases.lockMany(em, caseIds);
    const found = new Map(rows.map((r) => [r.id, r]));
    const now = this.clock.now();
    const refusals: Refusal[] = [];
    const moves: Array<{ row: CaseEntity; sop: Awaited<ReturnType<SopRegistry['get']>> }> = [];
    for (const id of caseIds) {
      const row = found.get(id);
      const sop = row ? await this.registry.get(row.sopVersionId) : null;
      const grants = row ? await this.grants.activeFor(row.id, now, em) : null;
      const actorPerms = sop ? permissionsFor(sop, actor) : null;
      const facts = row && grants ? factsOf(row, grants) : null;
      // Unknown and unreadable cases get the same answer, so case ids cannot be probed.
      if (!row || !sop || !facts || !actorPerms!.canOnCase('read', 'case', facts)) {
        // A handover moves the cases the actor may see and says nothing of the others, not even how
        // many there are: they stay with the departing worker for someone who may see them.
        if (!expectFrom) refusals.push({ caseId: id, code: 'case_not_found', reason: 'case not found' });
      } else if (!actorPerms!.canOnCase('assign', 'case', facts))
        refusals.push({ caseId: id, code: 'not_permitted', reason: 'your role may not assign this case' });
      else if (row.status === 'closed') refusals.push({ caseId: id, code: 'case_closed', reason: 'the case is closed' });
      else if (expectFrom && row.assignedTo !== expectFrom)
        refusals.push({ caseId: id, code: 'not_assigned_to_departing', reason: 'no longer assigned to the departing worker' });
      else if (!permissionsFor(sop, assignee).canOnCase('read', 'case', { ...facts, assignedTo: assignee.id })) {
        refusals.push({ caseId: id, code: 'receiver_cannot_read', reason: `${target.displayName} could not read this case (outside their role's reach)` });
      } else moves.push({ row, sop });
    }
    if (refusals.length) {
      const of = expectFrom ? '' : ` of ${caseIds.length}`;
      throw new DomainError(CaseErrorCode.AssignmentRefused, `${refusals.length}${of} case(s) cannot be assigned to ${target.displayName}; none was.`, {
        cases: refusals,
      });
    }
    // Several cases in one transaction: their audit entries are written together, last (docs/adr/0004).
    const audit: AuditEntry[] = [];
    for (const { row, sop } of moves) {
      if (row.assignedTo === target.id) continue;
      // The case goes to the new worker's team (whose supervisor oversees it, and whose rules let them work it).
      const patch = { assignedTo: target.id, ...(target.teamId && target.teamId !== row.teamId ? { teamId: target.teamId } : {}) };
      await this.writer.commit(em, sop, {
        caseId: row.id,
        expectedVersion: row.version,
        patch,
        now,
        actorId: actor.id,
        actor,
        auditInto: audit,
        events: [
          {
            caseId: row.id,
            type: 'case_assigned',
            actorId: actor.id,
            at: now,
            data: { from: row.assignedTo, to: target.id, reason, ...(patch.teamId ? { team: patch.teamId } : {}) },
          },
        ],
      });
    }
    const moved = moves.filter((m) => m.row.assignedTo !== target.id);
    if (moved.length) {
      const digest = createHash('sha256')
        .update(
          moved
            .map((m) => m.row.id)
            .sort()
            .join(','),
        )
        .digest('hex')
        .slice(0, 32);
      await this.inbox.deliver(em, [target.id], {
        kind: 'case_assigned',
        caseId: moved.length === 1 ? moved[0].row.id : null,
        dedupeKey: `assigned:${now.getTime()}:${digest}`,
        ...caseMessage(moved.length === 1 ? 'case_assigned' : 'cases_assigned', target.locale, moved[0].sop.pack.manifest.defaultLocale, {
          case: moved[0].row.caseNumber,
          n: moved.length,
          actor: actor.displayName,
          cases: moved.map((m) => m.row.caseNumber).join(', '),
        }),
      });
    }
    await this.audit.recordMany(audit, em);
    return { assigned: moved.length, to: { id: target.id, name: target.displayName } };
  }
}

function invalid(path: string, message: string, messageKey: string): DomainError {
  return invalidField(path, message, `Cannot assign: ${message}.`, messageKey);
}
