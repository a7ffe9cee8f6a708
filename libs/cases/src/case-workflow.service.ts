import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, DomainError } from '@app/core';
import { CaseEntity, inTransaction } from '@app/database';
import type { CurrentUser } from '@app/identity';
import type { CompiledSop } from '@app/sop-registry';
import { decideApproval, decideTransition, listTransitions, reason, Reason, TransitionDecision } from '@app/workflow';
import { CaseAccessService, notFound, onlyByEmergencyAccess, staleVersion } from './case-access';
import { stepHistoryToRow, toSnapshot } from './case-snapshot';
import { CaseSnapshots } from './case-snapshots';
import { CaseWriter } from './case-writer';
import { CaseErrorCode } from './cases.errors';
import { CaseRecordsRepository, NewCaseEvent } from './repositories/case-records.repository';
import { CasesRepository } from './repositories/cases.repository';

export type TransitionOutcome =
  | { outcome: 'moved'; toStep: string; version: number }
  | { outcome: 'approval_requested'; approvalId: string; version: number }
  | { outcome: 'rejected'; version: number };

/** Moving cases through the SOP's workflow, and the approvals some transitions wait for. */
@Injectable()
export class CaseWorkflowService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: CaseAccessService,
    private readonly cases: CasesRepository,
    private readonly records: CaseRecordsRepository,
    private readonly snapshots: CaseSnapshots,
    private readonly writer: CaseWriter,
    private readonly clock: Clock,
  ) {}

  /** Transitions leaving the current step, each with whether this user can take it and why not. */
  async available(user: CurrentUser, caseId: string, locale: string) {
    const access = await this.access.readable(user, caseId);
    const { row, sop } = access;
    const now = this.clock.now();
    const snapshot = await this.snapshots.of(row, sop, now);
    const emergency = onlyByEmergencyAccess(access, user.id) ? [reason('emergency_access_read_only', locale)] : [];
    return listTransitions(sop.pack, snapshot, { userId: user.id, roles: user.roles }, { now, locale, operators: sop.engine.operators }).map((o) => ({
      id: o.transition.id,
      label: o.transition.label[locale] ?? o.transition.label.en,
      to: o.transition.to,
      available: o.available && emergency.length === 0,
      needsApproval: o.needsApproval,
      reasons: [...emergency, ...o.reasons],
    }));
  }

  /** Readable, and not only through the user's own emergency access (which is for reading). */
  private async actable(user: CurrentUser, caseId: string, locale: string) {
    const access = await this.access.readable(user, caseId);
    if (onlyByEmergencyAccess(access, user.id)) {
      const why = reason('emergency_access_read_only', locale);
      throw new DomainError(CaseErrorCode.TransitionForbidden, why.message, { reasons: [why] });
    }
    return access;
  }

  async perform(
    user: CurrentUser,
    cmd: { caseId: string; transitionId: string; expectedVersion: number; comment?: string; locale: string },
  ): Promise<TransitionOutcome> {
    const { sop } = await this.actable(user, cmd.caseId, cmd.locale);
    const now = this.clock.now();
    return inTransaction(this.ds, async (em) => {
      const { row, snapshot } = await this.lockedSnapshot(em, sop, cmd.caseId, cmd.expectedVersion, now);
      const decision = decideTransition(
        sop.pack,
        snapshot,
        { userId: user.id, roles: user.roles },
        cmd.transitionId,
        { now, locale: cmd.locale, operators: sop.engine.operators },
        sop.engine.effects,
      );
      if (!decision.allowed) throw refusal(decision.reasons, cmd.transitionId);
      if (decision.outcome === 'approval_requested') {
        const approval = await this.records.insertApproval(em, {
          caseId: row.id,
          transitionId: cmd.transitionId,
          status: 'pending',
          requestedBy: user.id,
          requestedAt: now,
          comment: cmd.comment ?? null,
        });
        const committed = await this.writer.commit(em, sop, {
          caseId: row.id,
          expectedVersion: cmd.expectedVersion,
          patch: {},
          now,
          actorId: user.id,
          actor: user,
          events: [
            {
              caseId: row.id,
              type: 'approval_requested',
              actorId: user.id,
              at: now,
              data: {
                transition: cmd.transitionId,
                approvalId: approval.id,
                approverRoles: decision.transition.approval?.roles ?? [],
                comment: cmd.comment ?? null,
              },
            },
          ],
        });
        return { outcome: 'approval_requested', approvalId: approval.id, version: committed.version };
      }
      const committed = await this.applyMove(em, sop, row, decision, user, now, cmd.comment);
      return { outcome: 'moved', toStep: committed.step, version: committed.version };
    });
  }

  async decide(
    user: CurrentUser,
    cmd: { caseId: string; decision: 'approve' | 'reject'; expectedVersion: number; comment?: string; locale: string },
  ): Promise<TransitionOutcome> {
    const { sop } = await this.actable(user, cmd.caseId, cmd.locale);
    if (cmd.decision !== 'approve' && cmd.decision !== 'reject') {
      throw new DomainError('validation_failed', 'decision must be "approve" or "reject".', {
        errors: [{ path: '/decision', message: 'must be one of: approve, reject' }],
      });
    }
    const now = this.clock.now();
    return inTransaction(this.ds, async (em) => {
      const { row, snapshot } = await this.lockedSnapshot(em, sop, cmd.caseId, cmd.expectedVersion, now);
      const pending = snapshot.pendingApproval;
      const decision = decideApproval(
        sop.pack,
        snapshot,
        { userId: user.id, roles: user.roles },
        cmd.decision,
        { now, locale: cmd.locale, operators: sop.engine.operators },
        sop.engine.effects,
      );
      if (!decision.allowed) {
        const none = decision.reasons.some((r) => r.code === 'no_pending_approval');
        throw new DomainError(none ? CaseErrorCode.NoPendingApproval : CaseErrorCode.ApprovalForbidden, decision.reasons.map((r) => r.message).join(' '), {
          reasons: decision.reasons,
        });
      }
      await this.records.decideApproval(em, pending!.id, {
        status: cmd.decision === 'approve' ? 'approved' : 'rejected',
        decidedBy: user.id,
        decidedAt: now,
        comment: cmd.comment ?? null,
      });
      const decidedEvent: NewCaseEvent = {
        caseId: row.id,
        type: cmd.decision === 'approve' ? 'approval_granted' : 'approval_rejected',
        actorId: user.id,
        at: now,
        data: { transition: pending!.transitionId, approvalId: pending!.id, comment: cmd.comment ?? null },
      };
      if (decision.outcome !== 'moved') {
        const committed = await this.writer.commit(em, sop, {
          caseId: row.id,
          expectedVersion: cmd.expectedVersion,
          patch: {},
          now,
          actorId: user.id,
          actor: user,
          events: [decidedEvent],
        });
        return { outcome: 'rejected', version: committed.version };
      }
      const committed = await this.applyMove(em, sop, row, decision, user, now, cmd.comment, [decidedEvent]);
      return { outcome: 'moved', toStep: committed.step, version: committed.version };
    });
  }

  private async lockedSnapshot(em: EntityManager, sop: CompiledSop, caseId: string, expectedVersion: number, now: Date) {
    const row = await this.cases.lock(em, caseId);
    if (!row) throw notFound(caseId);
    if (row.version !== expectedVersion) throw staleVersion(row);
    const snapshot = await this.snapshots.of(row, sop, now, em);
    return { row, snapshot };
  }

  private applyMove(
    em: EntityManager,
    sop: CompiledSop,
    row: CaseEntity,
    decision: Extract<TransitionDecision, { outcome: 'moved' }>,
    actor: CurrentUser,
    now: Date,
    comment: string | undefined,
    before: NewCaseEvent[] = [],
  ): Promise<CaseEntity> {
    const actorId = actor.id;
    const history = toSnapshot(row, [], null).stepHistory;
    history[history.length - 1].leftAt = now;
    history.push({ step: decision.toStep, enteredAt: now, leftAt: null });
    const fields = { ...row.fields };
    for (const [k, v] of Object.entries(decision.fieldChanges)) {
      if (v === undefined || v === null) delete fields[k];
      else fields[k] = v;
    }
    const events: NewCaseEvent[] = [
      ...before,
      {
        caseId: row.id,
        type: 'transition_performed',
        actorId,
        at: now,
        data: {
          transition: decision.transition.id,
          from: decision.fromStep,
          to: decision.toStep,
          status: decision.status,
          comment: comment ?? null,
          fieldChanges: decision.fieldChanges,
        },
      },
      ...decision.emits.map((e) => ({ caseId: row.id, type: e.type, actorId, at: now, data: e.data })),
    ];
    return this.writer.commit(em, sop, {
      caseId: row.id,
      expectedVersion: row.version,
      now,
      actorId,
      actor,
      events,
      patch: {
        step: decision.toStep,
        status: decision.status,
        fields,
        stepHistory: stepHistoryToRow(history),
        transitionsDone: [...row.transitionsDone, { transitionId: decision.transition.id, at: now.toISOString() }],
        closedAt: decision.status === 'closed' ? now : null,
      },
    });
  }
}

function refusal(reasons: Reason[], transitionId: string): DomainError {
  const message = reasons.map((r) => r.message).join(' ');
  if (reasons.some((r) => r.code === 'unknown_transition')) {
    return new DomainError(CaseErrorCode.TransitionNotFound, `Transition "${transitionId}" does not exist in this SOP.`, { reasons });
  }
  const byRole = reasons.some((r) => r.code === 'role_not_allowed');
  return new DomainError(byRole ? CaseErrorCode.TransitionForbidden : CaseErrorCode.TransitionBlocked, message, { reasons });
}
