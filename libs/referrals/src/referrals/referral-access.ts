import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '@app/core';
import type { CurrentUser } from '@app/identity';
import { CaseAccess, CaseAccessService, CasesRepository, Referral, ReferralsRepository } from '@app/cases';
import { referralFacts } from './referral-notices';
import { ReferralErrorCode } from '../referrals.errors';

/**
 * `referring`: may read the case (the workers, their supervisors, authorities of the area);
 * `receiving`: a user of the provider's agency whose roles receive referrals (reads only what is shared);
 * `authorising`: may authorise it while it waits, without otherwise reading the case.
 */
export type ReferralSide = 'referring' | 'receiving' | 'authorising';

export function referralInvalid(path: string, message: string, messageKey?: string): DomainError {
  return new DomainError(ReferralErrorCode.ReferralInvalid, `The referral cannot be made: ${message}. Nothing was saved.`, {
    errors: [{ path, message, ...(messageKey ? { messageKey } : {}) }],
  });
}

export function referralNotFound(id: string): DomainError {
  return new DomainError(ReferralErrorCode.ReferralNotFound, `Referral ${id} does not exist or you may not see it.`);
}

/** Who may see a referral, and from which side; unknown and unreachable referrals get the same 404. */
@Injectable()
export class ReferralAccess {
  constructor(
    private readonly access: CaseAccessService,
    private readonly cases: CasesRepository,
    private readonly referrals: ReferralsRepository,
  ) {}

  side(a: CaseAccess, r: Referral): ReferralSide | null {
    const reads = a.perms.canOnCase('read', 'case', a.facts);
    if (reads && a.perms.canOnCase('refer', 'case', a.facts)) return 'referring';
    // A provider's user who also reads the case (a doctor it is shared with) answers the referral as the provider.
    if (this.receives(a, r, 'read')) return 'receiving';
    if (reads) return 'referring';
    if (r.status === 'awaiting_authorisation' && a.perms.canOnCase('authorise', 'referral', a.facts)) return 'authorising';
    return null;
  }

  /**
   * The provider's side: a referral that reached the user's own agency, on a case still open, and a
   * role that receives (or answers) it. The agency is checked here too, whatever the pack's rules say.
   */
  receives(a: CaseAccess, r: Referral, action: 'read' | 'respond'): boolean {
    return (
      r.providerAgencyId !== null &&
      r.sentAt !== null &&
      a.row.status !== 'closed' &&
      a.perms.user.agencyId === r.providerAgencyId &&
      a.perms.canOnCase(action, 'referral', referralFacts(a, r))
    );
  }

  async sideOf(user: CurrentUser, r: Referral): Promise<ReferralSide | null> {
    return this.side(await this.access.load(user, r.caseId), r);
  }

  async visible(user: CurrentUser, id: string): Promise<{ r: Referral; a: CaseAccess; side: ReferralSide }> {
    const r = await this.referrals.find(id);
    if (!r) throw referralNotFound(id);
    const a = await this.access.load(user, r.caseId);
    const side = this.side(a, r);
    if (!side) throw referralNotFound(id);
    return { r, a, side };
  }

  /** In a transaction: locks the case row, then the referral (the order every writer uses), as the user sees them. */
  async lock(em: EntityManager, user: CurrentUser, id: string): Promise<{ r: Referral; a: CaseAccess; side: ReferralSide }> {
    const found = await this.referrals.find(id, em);
    if (!found) throw referralNotFound(id);
    const row = await this.cases.lock(em, found.caseId);
    const r = await this.referrals.lock(em, id);
    if (!row || !r) throw referralNotFound(id);
    const a = await this.access.accessTo(user, row, em);
    const side = this.side(a, r);
    if (!side) throw referralNotFound(id);
    return { r, a, side };
  }
}
