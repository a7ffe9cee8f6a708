import { Injectable } from '@nestjs/common';
import { DomainError, pickLabel } from '@app/core';
import { CurrentUser, toCurrentUser, UsersRepository } from '@app/identity';
import { CaseAccessService, permissionsFor } from './case-access';
import { CaseErrorCode } from './cases.errors';

/** Why the user picks someone: to share the case with them, or to assign it to them. */
export const PEOPLE_PURPOSES = ['share', 'assign'] as const;
export type PeoplePurpose = (typeof PEOPLE_PURPOSES)[number];

const LIMIT = 200;

export interface CasePerson {
  id: string;
  name: string;
  /** The person's roles by the pack's labels, so the user tells a doctor from a teacher. */
  roles: string[];
  /** Already shared with them (share), or already theirs (assign). */
  current: boolean;
}

/**
 * The people a user may choose when sharing or assigning a case, by name and role, so nobody types
 * an id: for sharing, those whose roles reach a case through sharing (as CaseGrantsService.share
 * requires); for assignment, those who could read the case once it is theirs (as
 * CaseAssignmentService requires). Only people working at the case's place or around it.
 */
@Injectable()
export class CasePeopleService {
  constructor(
    private readonly access: CaseAccessService,
    private readonly users: UsersRepository,
  ) {}

  async candidates(user: CurrentUser, caseId: string, purpose: PeoplePurpose, locale: string): Promise<CasePerson[]> {
    const a = await this.access.readable(user, caseId);
    if (purpose === 'share' && !a.perms.canOnCase('share', 'case', a.facts)) {
      throw new DomainError(CaseErrorCode.ShareNotPermitted, 'Your role may not share this case.');
    }
    if (purpose === 'assign' && !a.perms.canOnCase('assign', 'case', a.facts)) {
      throw new DomainError(CaseErrorCode.AssignmentNotPermitted, 'Your role may not assign this case.');
    }
    const pack = a.sop.pack;
    // Sharing reaches roles whose rules use it; assignment, roles that read cases by rules of their own (not specialists).
    const byGrant = (c: object | undefined) => !!c && ('sharedWith' in c || 'breakGlass' in c);
    const roles = pack.roles
      .filter((r) =>
        purpose === 'share'
          ? r.rules.some((rule) => !!rule.conditions && 'sharedWith' in rule.conditions)
          : r.rules.some((rule) => rule.subject === 'case' && [rule.action].flat().includes('read') && !byGrant(rule.conditions)),
      )
      .map((r) => r.id);
    // The community's district: a case in a village is worked and shared within its district.
    const path = a.row.locationPath;
    const area = path.slice(0, path.lastIndexOf('/', path.length - 2) + 1) || path;
    const found = await this.users.findActiveNear(roles, path, area, LIMIT);
    const out: CasePerson[] = [];
    for (const u of found) {
      // One may take a case oneself, not share it with oneself.
      if (purpose === 'share' && u.id === user.id) continue;
      const perms = permissionsFor(a.sop, toCurrentUser(u));
      const current = purpose === 'share' ? a.facts.sharedWith.includes(u.id) : a.row.assignedTo === u.id;
      const facts = purpose === 'share' ? { ...a.facts, sharedWith: [...a.facts.sharedWith, u.id] } : { ...a.facts, assignedTo: u.id };
      const usesShares = perms.rules.some((g) => g.rule.conditions?.sharedWith);
      if (purpose === 'share' && !usesShares) continue;
      if (!perms.canOnCase('read', 'case', facts)) continue;
      const labels = u.roles.map((id) => pack.roles.find((r) => r.id === id)).map((r, i) => (r ? pickLabel(r.label, locale) : u.roles[i]));
      out.push({ id: u.id, name: u.displayName, roles: labels, current });
    }
    return out;
  }
}
