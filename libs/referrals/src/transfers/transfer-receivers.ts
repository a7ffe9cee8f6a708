import { Injectable } from '@nestjs/common';
import { pickLabel } from '@app/core';
import { CurrentUser, UsersRepository } from '@app/identity';
import { CaseAccessService } from '@app/cases';
import { caseTypeWork, destinationOf } from './transfer-rules';
import { receiverRefusal } from './transfer-receiver-rule';
import { notPermitted } from './transfer-refusals';

const LIMIT = 50;

export interface TransferReceiver {
  id: string;
  name: string;
  /** Role labels in the user's language. */
  roles: string[];
  /** Where the case would be once they accept (the case's place if within their area, else theirs). */
  place: { code: string; name: string };
}

/**
 * The workers a case may be transferred to, by name, role and the place it would go, so the user
 * picks a person instead of typing an id: active holders of a role that reads cases by its own
 * rules (not through a share), who could read and work the case once it is theirs
 * (transfer-receiver-rule.ts), as CaseTransfersService.request and accept require. Anywhere in the
 * country; `name` narrows the list.
 */
@Injectable()
export class TransferReceivers {
  constructor(
    private readonly access: CaseAccessService,
    private readonly users: UsersRepository,
  ) {}

  async list(user: CurrentUser, caseId: string, name: string | undefined, locale: string): Promise<TransferReceiver[]> {
    const a = await this.access.readable(user, caseId);
    if (!a.perms.canOnCase('transfer', 'case', a.facts)) throw notPermitted('Your role may not transfer this case.');
    const pack = a.sop.pack;
    const byGrant = (c: object | undefined) => !!c && ('sharedWith' in c || 'breakGlass' in c || 'referredTo' in c);
    // Only roles that move a case of this type through its workflow, so the limit is not spent on readers who cannot work it.
    const movers = caseTypeWork(pack, a.row.caseType).transitionRoles;
    const roles = pack.roles
      .filter((r) => movers.includes(r.id))
      .filter((r) => r.rules.some((rule) => rule.subject === 'case' && [rule.action].flat().includes('read') && !byGrant(rule.conditions)))
      .map((r) => r.id);
    const out: TransferReceiver[] = [];
    for (const u of await this.users.findActiveWithAnyRole(roles, name?.trim() || undefined, LIMIT)) {
      if (u.id === a.row.assignedTo) continue;
      const place = destinationOf(pack, a.row, u, undefined)!;
      if (receiverRefusal(a.sop, u, a.facts, place)) continue;
      const roleLabels = u.roles.map((id) => pack.roles.find((r) => r.id === id)).map((r, i) => (r ? pickLabel(r.label, locale) : u.roles[i]));
      out.push({ id: u.id, name: u.displayName, roles: roleLabels, place: { code: place.code, name: pickLabel(place.name, locale) } });
    }
    return out;
  }
}
