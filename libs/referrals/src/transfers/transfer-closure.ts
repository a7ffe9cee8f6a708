import { Injectable, OnModuleInit } from '@nestjs/common';
import { CaseEventContext, CaseEventHooks, CaseWriter } from '@app/cases';
import { toCurrentUser, UsersRepository } from '@app/identity';
import { CaseTransfersRepository } from './case-transfers.repository';
import { TransferNotices } from './transfer-notices';
import { placesOf } from './transfer-rules';

/** The reason recorded on a transfer cancelled because its case was closed (on the event, the transfer and the message). */
export const CLOSED_CASE_REASON = 'The case was closed.';

/**
 * A case that is closed (a transition into a terminal step: status `closed`) is not transferred: its
 * pending transfer is cancelled in the same transaction, with a `transfer_cancelled` event
 * (`cause: case_closed`) and the same message as any cancellation, to the receiver and the receiving
 * team's supervisors, and to the requester when someone else closed the case. Without this a case
 * closed and reopened could be taken later on a request made before it was closed.
 */
@Injectable()
export class TransferClosure implements OnModuleInit {
  constructor(
    private readonly hooks: CaseEventHooks,
    private readonly transfers: CaseTransfersRepository,
    private readonly users: UsersRepository,
    private readonly writer: CaseWriter,
    private readonly notices: TransferNotices,
  ) {}

  onModuleInit(): void {
    this.hooks.on('transition_performed', (e) => this.onTransition(e));
  }

  async onTransition(e: CaseEventContext): Promise<void> {
    if (e.data.status !== 'closed') return;
    const { em } = e;
    // The transition holds the case row's lock: the transfer's is taken after it, the order of every writer.
    const pending = await this.transfers.pendingFor(em, e.caseId);
    const t = pending ? await this.transfers.lock(em, pending.id) : null;
    // Transitions are performed by a user (the closer, or the approver of a closure).
    const closer = e.actorId ? await this.users.findById(e.actorId, em) : null;
    if (!t || t.status !== 'pending' || !closer) return;
    const actor = toCurrentUser(closer);
    if (!(await this.transfers.decide(em, t.id, { status: 'cancelled', by: actor.id, at: e.at, reason: CLOSED_CASE_REASON }))) return;
    const row = await this.writer.commit(em, e.sop, {
      caseId: e.caseId,
      expectedVersion: null,
      patch: {},
      now: e.at,
      actorId: actor.id,
      actor,
      auditInto: e.auditInto,
      current: e.row,
      events: [
        {
          caseId: e.caseId,
          type: 'transfer_cancelled',
          actorId: actor.id,
          at: e.at,
          data: { transferId: t.id, toUserId: t.toUserId, reason: CLOSED_CASE_REASON, cause: 'case_closed' },
        },
      ],
    });
    const told = [
      ...(await this.notices.usersByIds(em, [t.toUserId, t.requestedBy], actor.id)),
      ...(await this.notices.teamSupervisors(em, e.sop.pack, t.toTeamId)).filter((u) => u.id !== actor.id && u.id !== t.toUserId && u.id !== t.requestedBy),
    ];
    const place = placesOf(e.sop.pack).get(t.toLocationCode) ?? { code: t.toLocationCode, path: '', name: { en: t.toLocationCode } };
    // The reason is the system's, not free text about the child: everyone told may read it.
    await this.notices.tell(
      em,
      e.sop.pack,
      e.sop.pack,
      told,
      'transfer_answered',
      actor,
      e.at,
      { id: t.id, status: 'cancelled', row, place, reason: CLOSED_CASE_REASON },
      () => true,
    );
  }
}
