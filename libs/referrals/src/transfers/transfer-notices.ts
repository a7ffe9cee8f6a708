import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { pickLabel } from '@app/core';
import type { CaseEntity, UserEntity } from '@app/database';
import { CurrentUser, UsersRepository } from '@app/identity';
import { Messenger } from '@app/notifications';
import type { SopPack } from '@app/pack-types';
import { CaseAccess, readsIdentity, sendWithReason } from '@app/cases';
import type { CaseTransfer } from './case-transfers.repository';
import { factsOnceTransferred, Place, placesOf, supervises, supervisorRoles, TransferStatus } from './transfer-rules';

/** Who is told of a transfer's steps, and the messages they get (the pack's templates). */
@Injectable()
export class TransferNotices {
  constructor(
    private readonly users: UsersRepository,
    private readonly messenger: Messenger,
  ) {}

  /** Active supervisors of a team (in the transaction: no second pool connection while locks are held). */
  async teamSupervisors(em: EntityManager, pack: SopPack, teamId: string | null): Promise<UserEntity[]> {
    const roles = supervisorRoles(pack);
    if (!teamId || !roles.length) return [];
    return (await this.users.findTeamMembersWithRole(teamId, roles, em)).filter((u) => u.active);
  }

  async usersByIds(em: EntityManager, ids: Array<string | null>, except: string): Promise<UserEntity[]> {
    const out: UserEntity[] = [];
    for (const id of new Set(ids)) {
      if (!id || id === except) continue;
      const u = await this.users.findById(id, em);
      if (u?.active) out.push(u);
    }
    return out;
  }

  /**
   * Messages carry the case number and links, never the child's name; the reason only in bodies
   * (templates' rule), and only to recipients who may read it (`readsReasons`).
   */
  async tell(
    em: EntityManager,
    pack: SopPack,
    fallback: SopPack,
    users: UserEntity[],
    templateId: 'transfer_requested' | 'transfer_answered',
    actor: CurrentUser,
    now: Date,
    t: { id: string; status: TransferStatus; row: CaseEntity; place: Place; reason: string | null },
    mayRead: (u: UserEntity) => boolean,
  ) {
    if (!users.length) return;
    await sendWithReason(
      this.messenger,
      em,
      pack,
      users,
      mayRead,
      t.reason,
      (reason) => ({
        kind: templateId,
        templateId,
        templateFallback: fallback,
        caseId: t.row.id,
        dedupeKey: `${templateId}:${t.id}:${t.status}`,
        context: (locale: string) => {
          // The web app has no page per transfer: the case page shows its transfers (and the home page the incoming ones).
          const link = this.messenger.link(`/cases/${t.row.id}`);
          return {
            case: { number: t.row.caseNumber, link },
            actor: { name: actor.displayName },
            transfer: { status: t.status, location: pickLabel(t.place.name, locale) || t.place.code, link },
            reason,
          };
        },
      }),
      now,
    );
  }
}

/**
 * Who may read a transfer's reasons (request, decline, cancellation): whoever may read the child's
 * identity on the case (case-disclosure.ts), and the transfer's addressees (the receiver and the
 * receiving team's supervisors, for whom the requester wrote it) if they would read it once the case
 * is theirs. Others see the transfer with `reasonHidden: true`.
 */
export function readsReasons(a: Pick<CaseAccess, 'sop' | 'facts'>, t: Pick<CaseTransfer, 'toUserId' | 'toTeamId' | 'toAgencyId' | 'toLocationCode'>) {
  const now = readsIdentity(a.sop, a.facts);
  const place = placesOf(a.sop.pack).get(t.toLocationCode);
  const receiver = { id: t.toUserId, teamId: t.toTeamId, agencyId: t.toAgencyId, roles: [], locationCode: t.toLocationCode, locationPath: place?.path ?? '' };
  const once = place ? readsIdentity(a.sop, factsOnceTransferred(a.facts, receiver, place)) : () => false;
  return (u: CurrentUser | UserEntity) => now(u) || ((u.id === t.toUserId || supervises(a.sop.pack, u, t.toTeamId)) && once(u));
}
