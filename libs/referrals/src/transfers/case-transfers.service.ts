import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuditEntry } from '@app/audit';
import { Clock, DomainError, validateCommand } from '@app/core';
import type { CaseEntity, UserEntity } from '@app/database';
import { inTransaction } from '@app/database';
import { CurrentUser, UsersRepository } from '@app/identity';
import type { CaseFacts } from '@app/permissions';
import type { SopPack } from '@app/pack-types';
import { CompiledSop, SopRegistry } from '@app/sop-registry';
import { CaseAccess, CaseAccessService, CaseAudit, REASON_SCHEMA, CaseWriter, CaseRecipients, NewCaseEvent, CasesRepository } from '@app/cases';
import { CaseTransfer, CaseTransfersRepository } from './case-transfers.repository';
import { destinationOf, Place, placesOf, supervises, TRANSFER_STATUSES, TransferStatus } from './transfer-rules';
import { toTransferView, TransferView } from './transfer-view';
import { readsReasons, TransferNotices } from './transfer-notices';
import { caseClosed, notFound, notPending, notPermitted, receiverRefused, targetInvalid } from './transfer-refusals';
import { receiverRefusal } from './transfer-receiver-rule';
import { TransferErrorCode } from '../referrals.errors';

export const REQUEST_TRANSFER_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['toUserId', 'reason'],
  properties: {
    toUserId: { type: 'string', format: 'uuid', description: 'The worker who will own the case' },
    locationCode: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      description: "A location code of the pack (e.g. ST01); default: the case's location if within the receiver's area, else the receiver's",
    },
    reason: REASON_SCHEMA,
  },
};

export const DECLINE_TRANSFER_SCHEMA = { type: 'object', additionalProperties: false, required: ['reason'], properties: { reason: REASON_SCHEMA } };
export const CANCEL_TRANSFER_SCHEMA = DECLINE_TRANSFER_SCHEMA;

type Answer = 'accepted' | 'declined' | 'cancelled';

/** A transfer locked for a decision, with the locked case as the actor sees it. */
interface Locked {
  t: CaseTransfer;
  a: CaseAccess;
}

/**
 * Transfers of a case to another worker, and with them to the worker's team, agency and (if asked)
 * location. Nothing changes on request: the case moves only when the receiver, or a supervisor of
 * the receiving team, accepts. Access is then whatever the pack's role rules give on the new facts:
 * the previous owner keeps only what the pack allows, and no grant is added. Each step is a timeline
 * event (hooks see it) and audited; the people concerned are told through the pack's templates.
 * Every writer locks the case row, then the transfer row, so an acceptance and a cancellation of the
 * same transfer are serialised: one wins, the other finds it no longer pending.
 */
@Injectable()
export class CaseTransfersService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: CaseAccessService,
    private readonly cases: CasesRepository,
    private readonly transfers: CaseTransfersRepository,
    private readonly users: UsersRepository,
    private readonly registry: SopRegistry,
    private readonly writer: CaseWriter,
    private readonly notices: TransferNotices,
    private readonly recipients: CaseRecipients,
    private readonly audit: CaseAudit,
    private readonly clock: Clock,
  ) {}

  async request(user: CurrentUser, caseId: string, body: unknown): Promise<{ id: string; status: 'pending' }> {
    const cmd = validateCommand<{ toUserId: string; locationCode?: string; reason: string }>(REQUEST_TRANSFER_SCHEMA, body);
    const reason = cmd.reason.trim();
    const now = this.clock.now();
    // Read before the case is locked: no second pool connection is awaited while holding the lock.
    const currentPack = await this.recipients.currentPack();
    return inTransaction(this.ds, async (em) => {
      const a = await this.access.lockReadable(em, user, caseId);
      if (!a.perms.canOnCase('transfer', 'case', a.facts)) throw notPermitted('Your role may not transfer this case.');
      if (a.row.status === 'closed') throw caseClosed(a.row);
      const pending = await this.transfers.pendingFor(em, a.row.id);
      if (pending) {
        throw new DomainError(
          TransferErrorCode.TransferPending,
          `Case ${a.row.caseNumber} already has a transfer waiting for an answer; it must be decided or cancelled first.`,
          { transferId: pending.id },
        );
      }
      const receiver = await this.users.findById(cmd.toUserId, em);
      if (!receiver || !receiver.active) throw targetInvalid('/toUserId', 'no active user has this id', 'user_inactive');
      if (receiver.id === a.row.assignedTo) throw targetInvalid('/toUserId', `the case is already assigned to ${receiver.displayName}`, 'already_assigned');
      const place = destinationOf(a.sop.pack, a.row, receiver, cmd.locationCode);
      if (!place) throw targetInvalid('/locationCode', `"${cmd.locationCode}" is not a location of the pack`);
      requireWorker(a.sop, receiver, a.facts, place);

      const id = await this.transfers.insert(em, {
        caseId: a.row.id,
        fromUserId: a.row.assignedTo,
        fromTeamId: a.row.teamId,
        fromAgencyId: a.row.agencyId,
        fromLocationCode: a.row.locationCode,
        toUserId: receiver.id,
        toTeamId: receiver.teamId,
        toAgencyId: receiver.agencyId,
        toLocationCode: place.code,
        reason,
        requestedBy: user.id,
        requestedAt: now,
      });
      const audit: AuditEntry[] = [];
      await this.event(em, a, user, now, audit, 'transfer_requested', {
        transferId: id,
        toUserId: receiver.id,
        toUserName: receiver.displayName,
        toLocation: place.code,
        reason,
      });
      const team = await this.notices.teamSupervisors(em, a.sop.pack, receiver.teamId);
      await this.notices.tell(
        em,
        currentPack ?? a.sop.pack,
        a.sop.pack,
        [receiver, ...team],
        'transfer_requested',
        user,
        now,
        { id, status: 'pending', row: a.row, place, reason },
        readsReasons(a, { toUserId: receiver.id, toTeamId: receiver.teamId, toAgencyId: receiver.agencyId, toLocationCode: place.code }),
      );
      // Last: the audit append holds the chain lock until commit (docs/adr/0004).
      await this.audit.recordMany(audit, em);
      return { id, status: 'pending' as const };
    });
  }

  /** The receiver, or a supervisor of the receiving team, takes the case: owner, team, agency and place change now. */
  async accept(user: CurrentUser, transferId: string): Promise<{ id: string; status: 'accepted'; caseId: string }> {
    const now = this.clock.now();
    const currentPack = await this.recipients.currentPack();
    return inTransaction(this.ds, async (em) => {
      const { t, a } = await this.lockForAnswer(em, user, transferId);
      if (!mayAnswer(a.sop.pack, user, t)) throw notPermitted('Only the receiver or a supervisor of the receiving team may accept this transfer.');
      if (t.status !== 'pending') throw notPending(t);
      if (a.row.status === 'closed') throw caseClosed(a.row);
      const receiver = await this.users.findById(t.toUserId, em);
      if (!receiver || !receiver.active) throw targetInvalid('/toUserId', 'the receiver is no longer an active user', 'user_inactive');
      const place = placesOf(a.sop.pack).get(t.toLocationCode) ?? {
        code: t.toLocationCode,
        path: (await this.transfers.locationPath(em, t.toLocationCode))!,
        name: { en: t.toLocationCode },
      };
      // Checked again on the locked case: the receiver's roles, team or the case may have changed since the request.
      requireWorker(a.sop, receiver, a.facts, place);

      const patch: Partial<CaseEntity> = {
        assignedTo: receiver.id,
        teamId: receiver.teamId,
        agencyId: receiver.agencyId,
        locationCode: place.code,
        locationPath: place.path,
      };
      const audit: AuditEntry[] = [];
      await this.writer.commit(em, a.sop, {
        caseId: a.row.id,
        expectedVersion: a.row.version,
        patch,
        now,
        actorId: user.id,
        actor: user,
        auditInto: audit,
        events: [
          {
            caseId: a.row.id,
            type: 'transfer_accepted',
            actorId: user.id,
            at: now,
            data: {
              transferId: t.id,
              fromUserId: a.row.assignedTo,
              fromTeamId: a.row.teamId,
              fromAgencyId: a.row.agencyId,
              fromLocation: a.row.locationCode,
              toUserId: receiver.id,
              toUserName: receiver.displayName,
              toTeamId: receiver.teamId,
              toAgencyId: receiver.agencyId,
              toLocation: place.code,
            },
          },
        ],
      });
      if (
        !(await this.transfers.decide(em, t.id, {
          status: 'accepted',
          by: user.id,
          at: now,
          reason: null,
          toTeamId: receiver.teamId,
          toAgencyId: receiver.agencyId,
        }))
      ) {
        throw notPending(t);
      }
      const told = await this.notices.usersByIds(em, [t.requestedBy, a.row.assignedTo], user.id);
      await this.notices.tell(
        em,
        currentPack ?? a.sop.pack,
        a.sop.pack,
        told,
        'transfer_answered',
        user,
        now,
        { id: t.id, status: 'accepted', row: a.row, place, reason: null },
        () => false,
      );
      await this.audit.recordMany(audit, em);
      return { id: t.id, status: 'accepted' as const, caseId: a.row.id };
    });
  }

  /** The receiving side refuses, with a reason the requester reads; the case does not change. */
  async decline(user: CurrentUser, transferId: string, body: unknown): Promise<{ id: string; status: 'declined' }> {
    const reason = validateCommand<{ reason: string }>(DECLINE_TRANSFER_SCHEMA, body).reason.trim();
    return this.close(
      user,
      transferId,
      'declined',
      reason,
      (t, a) => {
        if (!mayAnswer(a.sop.pack, user, t)) throw notPermitted('Only the receiver or a supervisor of the receiving team may decline this transfer.');
      },
      (t) => [t.requestedBy],
    );
  }

  /** The requesting side withdraws the request (the requester, or anyone who may transfer the case). */
  async cancel(user: CurrentUser, transferId: string, body: unknown): Promise<{ id: string; status: 'cancelled' }> {
    const reason = validateCommand<{ reason: string }>(CANCEL_TRANSFER_SCHEMA, body).reason.trim();
    return this.close(
      user,
      transferId,
      'cancelled',
      reason,
      (t, a) => {
        if (t.requestedBy !== user.id && !a.perms.canOnCase('transfer', 'case', a.facts)) {
          throw notPermitted('Only the requester or someone who may transfer the case may cancel this transfer.');
        }
      },
      (t) => [t.toUserId],
      true,
    );
  }

  /** Transfers of a case, newest first, for those who may read it. */
  async forCase(user: CurrentUser, caseId: string, locale: string): Promise<TransferView[]> {
    const a = await this.access.readable(user, caseId);
    const rows = await this.transfers.forCase(a.row.id);
    await this.audit.record(user, 'case.transfers_read', a.row.id, [], { transfers: rows.length });
    return rows.map((r) => withReasonsFor(toTransferView(r, a.sop.pack, locale), readsReasons(a, r)(user)));
  }

  /** Transfers to the user, or to the team they supervise: what waits for their answer (`status`) or was answered. */
  async incoming(user: CurrentUser, status: string | undefined, locale: string): Promise<TransferView[]> {
    if (status !== undefined && !TRANSFER_STATUSES.includes(status as TransferStatus)) {
      throw new DomainError('validation_failed', `status must be one of ${TRANSFER_STATUSES.join(', ')}.`, {
        errors: [{ path: '/status', message: `must be one of ${TRANSFER_STATUSES.join(', ')}` }],
      });
    }
    const current = await this.registry.current();
    const team = supervises(current.pack, user, user.teamId) ? user.teamId : null;
    const rows = await this.transfers.incoming(user.id, team, (status as TransferStatus | undefined) ?? null);
    const cases = new Map((await this.cases.findByIds([...new Set(rows.map((r) => r.caseId))])).map((c) => [c.id, c]));
    const views: TransferView[] = [];
    for (const r of rows) {
      const a = await this.access.accessTo(user, cases.get(r.caseId)!);
      views.push(withReasonsFor(toTransferView(r, a.sop.pack, locale), readsReasons(a, r)(user)));
    }
    await this.audit.recordList(user, 'case.transfers_incoming', [...cases.keys()], { status: status ?? 'all' });
    return views;
  }

  /** One transfer, for whoever it concerns or may read its case. */
  async one(user: CurrentUser, transferId: string, locale: string): Promise<TransferView> {
    const t = await this.transfers.listing(transferId);
    const row = t ? await this.cases.findById(t.caseId) : null;
    const a = row ? await this.access.accessTo(user, row) : null;
    if (!t || !a || !concerns(a, user, t)) throw notFound(transferId);
    await this.audit.record(user, 'case.transfer_read', t.caseId, [], { transferId: t.id });
    return withReasonsFor(toTransferView(t, a.sop.pack, locale), readsReasons(a, t)(user));
  }

  /**
   * Declines and cancellations: the transfer is closed with a reason and the case gets the event;
   * `check` decides who may, `tellIds` who is told (plus the receiving team's supervisors if `toTeam`).
   */
  private async close<S extends Exclude<Answer, 'accepted'>>(
    user: CurrentUser,
    transferId: string,
    status: S,
    reason: string,
    check: (t: CaseTransfer, a: CaseAccess) => void,
    tellIds: (t: CaseTransfer) => string[],
    toTeam = false,
  ): Promise<{ id: string; status: S }> {
    const now = this.clock.now();
    const currentPack = await this.recipients.currentPack();
    return inTransaction(this.ds, async (em) => {
      const { t, a } = await this.lockForAnswer(em, user, transferId);
      check(t, a);
      if (t.status !== 'pending' || !(await this.transfers.decide(em, t.id, { status, by: user.id, at: now, reason }))) throw notPending(t);
      const audit: AuditEntry[] = [];
      await this.event(em, a, user, now, audit, `transfer_${status}`, { transferId: t.id, toUserId: t.toUserId, reason });
      const told = [
        ...(await this.notices.usersByIds(em, tellIds(t), user.id)),
        ...(toTeam ? (await this.notices.teamSupervisors(em, a.sop.pack, t.toTeamId)).filter((u) => u.id !== user.id) : []),
      ];
      const place = placesOf(a.sop.pack).get(t.toLocationCode) ?? { code: t.toLocationCode, path: '', name: { en: t.toLocationCode } };
      await this.notices.tell(
        em,
        currentPack ?? a.sop.pack,
        a.sop.pack,
        told,
        'transfer_answered',
        user,
        now,
        { id: t.id, status, row: a.row, place, reason },
        readsReasons(a, t),
      );
      await this.audit.recordMany(audit, em);
      return { id: t.id, status };
    });
  }

  /**
   * Locks the case row first, then the transfer (the order every writer uses), and checks the user
   * may know of the transfer at all: otherwise the same 404 as for an unknown id.
   */
  private async lockForAnswer(em: EntityManager, user: CurrentUser, transferId: string): Promise<Locked> {
    const found = await this.transfers.find(transferId, em);
    const row = found ? await this.cases.lock(em, found.caseId) : null;
    const t = found && row ? await this.transfers.lock(em, found.id) : null;
    if (!t || !row) throw notFound(transferId);
    const a = await this.access.accessTo(user, row, em);
    if (!concerns(a, user, t)) throw notFound(transferId);
    return { t, a };
  }

  private async event(em: EntityManager, a: CaseAccess, user: CurrentUser, now: Date, audit: AuditEntry[], type: string, data: NewCaseEvent['data']) {
    await this.writer.commit(em, a.sop, {
      caseId: a.row.id,
      expectedVersion: null,
      patch: {},
      now,
      actorId: user.id,
      actor: user,
      auditInto: audit,
      events: [{ caseId: a.row.id, type, actorId: user.id, at: now, data }],
    });
  }
}

function withReasonsFor(view: TransferView, visible: boolean): TransferView {
  return visible ? view : { ...view, reason: null, decisionReason: null, reasonHidden: true };
}

/** The receiver must be able to read and work the case through their role's rules once it is theirs (transfer-receiver-rule.ts). */
function requireWorker(sop: CompiledSop, receiver: UserEntity, facts: CaseFacts, place: Place): void {
  const refusal = receiverRefusal(sop, receiver, facts, place);
  if (refusal) throw receiverRefused(refusal);
}

/** Who may know of a transfer: its requester, receiver, the receiving team's supervisors, and the case's readers. */
function concerns(a: CaseAccess, user: CurrentUser, t: Pick<CaseTransfer, 'requestedBy' | 'toUserId' | 'toTeamId'>): boolean {
  return user.id === t.requestedBy || user.id === t.toUserId || supervises(a.sop.pack, user, t.toTeamId) || a.perms.canOnCase('read', 'case', a.facts);
}

/** Who may accept or decline: the receiver, or a supervisor of the team the case would go to. */
function mayAnswer(pack: SopPack, user: CurrentUser, t: CaseTransfer): boolean {
  return user.id === t.toUserId || supervises(pack, user, t.toTeamId);
}
