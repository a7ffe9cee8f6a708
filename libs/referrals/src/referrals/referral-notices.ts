import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { pickLabel } from '@app/core';
import type { UserEntity } from '@app/database';
import { toCurrentUser, UsersRepository } from '@app/identity';
import { Messenger } from '@app/notifications';
import type { ServiceProviderDef, SopPack } from '@app/pack-types';
import { CaseAccess, permissionsFor, readsIdentity, sendWithReason, sharesIdentity, CaseRecipients, type Referral } from '@app/cases';

/** Who is told about a referral step, and with which template. */
export type ReferralAudience = 'provider' | 'authorisers' | 'referrer';

const TEMPLATE: Record<ReferralAudience, string> = {
  provider: 'referral_received',
  authorisers: 'referral_to_authorise',
  referrer: 'referral_answered',
};

/** The facts a referral rule is evaluated on: the case, with the referral's receiving agency. */
export function referralFacts(a: Pick<CaseAccess, 'facts'>, r: Pick<Referral, 'providerAgencyId'>) {
  return { ...a.facts, referredTo: r.providerAgencyId ? [r.providerAgencyId] : [] };
}

/**
 * Tells the people a referral concerns: the receiving agency's users whose roles receive referrals,
 * the authorities who may authorise it, or the worker who made it. In-app and by the pack's channels,
 * with the case number and a link only (a decline or revocation reason only in message bodies).
 */
@Injectable()
export class ReferralNotices {
  constructor(
    private readonly messenger: Messenger,
    private readonly users: UsersRepository,
    private readonly recipients: CaseRecipients,
  ) {}

  async tell(
    em: EntityManager,
    audience: ReferralAudience,
    input: {
      pack: SopPack;
      a: CaseAccess;
      referral: Referral;
      provider: ServiceProviderDef | undefined;
      actorName: string;
      event: string;
      status: string;
      reason: string | null;
      at: Date;
      /** Default per audience; a provider told of a revocation gets `referral_answered`. */
      templateId?: string;
    },
  ): Promise<number> {
    const { a, referral: r } = input;
    const told = await this.audience(em, audience, a, r);
    if (told.length === 0) return 0;
    const serviceType =
      input.pack.services.serviceTypes.find((t) => t.id === r.serviceType) ?? a.sop.pack.services.serviceTypes.find((t) => t.id === r.serviceType);
    const templateId = input.templateId ?? TEMPLATE[audience];
    // "X referred case N": the worker who made it, even when the authority's decision sent it.
    const actorName = templateId === 'referral_received' ? r.createdBy.name : input.actorName;
    // A reason (decline, revocation, refusal) only to those who may read who the child is: the
    // provider when the referral shares it, others when they may read it on the case.
    const mayRead = audience === 'provider' ? () => sharesIdentity(a.sop, a.row.caseType, r.sharedFields) : readsIdentity(a.sop, a.facts);
    await sendWithReason(
      this.messenger,
      em,
      input.pack,
      told,
      mayRead,
      input.reason,
      (reason) => ({
        kind: 'referral',
        templateId,
        templateFallback: a.sop.pack,
        caseId: a.row.id,
        dedupeKey: `referral:${r.id}:${input.event}:${audience}`,
        context: (locale: string) => ({
          case: { number: a.row.caseNumber, link: this.messenger.link(`/cases/${a.row.id}`) },
          actor: { name: actorName },
          referral: {
            service: serviceType ? pickLabel(serviceType.label, locale) : r.serviceType,
            provider: input.provider ? pickLabel(input.provider.name, locale) : r.providerId,
            status: input.status,
            respondBy: r.respondBy,
            link: this.messenger.link(`/referrals/${r.id}`),
          },
          reason,
        }),
      }),
      input.at,
    );
    return told.length;
  }

  private async audience(em: EntityManager, audience: ReferralAudience, a: CaseAccess, r: Referral): Promise<UserEntity[]> {
    if (audience === 'referrer') {
      const ids = [...new Set([r.createdBy.id, a.row.assignedTo].filter((x): x is string => !!x))];
      const found: Array<UserEntity | null> = [];
      for (const id of ids) found.push(await this.users.findById(id, em)); // one query at a time on the transaction
      // The worker who made it, and the case's current owner if someone else, while they may still read the case.
      return found.filter((u): u is UserEntity => !!u && u.active && permissionsFor(a.sop, toCurrentUser(u)).canOnCase('read', 'case', a.facts));
    }
    if (audience === 'provider') {
      if (!r.providerAgencyId) return [];
      const facts = referralFacts(a, r);
      return (await this.users.findActiveInAgency(r.providerAgencyId, em)).filter((u) =>
        permissionsFor(a.sop, toCurrentUser(u)).canOnCase('read', 'referral', facts),
      );
    }
    const roles = a.sop.pack.roles
      .filter((role) =>
        role.rules.some((rule) => rule.subject === 'referral' && (Array.isArray(rule.action) ? rule.action : [rule.action]).includes('authorise')),
      )
      .map((role) => role.id);
    return (await this.recipients.users(a.row, a.sop, roles, em)).filter((u) =>
      permissionsFor(a.sop, toCurrentUser(u)).canOnCase('authorise', 'referral', a.facts),
    );
  }
}
