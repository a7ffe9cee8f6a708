import type { SopPack } from '@app/pack-types';
import type { CurrentUser } from '@app/identity';
import type { CaseAccess } from './case-access';
import { onIntakeTeam } from './intake/intake-queue';
import type { IntakeEntry } from './intake/intake.repository';

/**
 * What the user may do on one case, given with the case (GET /api/cases/{id} `may`), so the web app
 * asks only for the sections the user may read and offers only what the server would accept. The
 * server still checks each call; these are the same rules, not a second copy of them.
 */
export interface CaseAbilities {
  /** Read the consent records (GET /api/cases/{id}/consents). */
  readConsent: boolean;
  /** Take the case from the intake queue of the user's team (POST /api/cases/{id}/take). */
  take: boolean;
  /** Forms of the case's SOP version the user may read or fill (their schema: GET .../forms/{formId}/schema). */
  forms: string[];
}

export function caseAbilities(access: CaseAccess, user: CurrentUser, intake: IntakeEntry | null): CaseAbilities {
  const { perms, facts, row, sop } = access;
  return {
    readConsent: perms.canOnCase('read', 'consent', facts),
    // As CaseIntakeService.take decides: still waiting, on the queue's team, and a `take` rule.
    take: !!intake && !intake.takenAt && !row.assignedTo && row.status !== 'closed' && onIntakeTeam(user, intake) && perms.canOnCase('take', 'case', facts),
    forms: sop.pack.forms
      .map((f) => f.id)
      .filter((formId) => perms.formFields('read', formId, facts).length > 0 || perms.formFields('fill', formId, facts).length > 0),
  };
}

/** Team deadlines (GET /api/me/deadlines?scope=team) are for a supervisor (pack role `supervisesTeam`) of a team. */
export function maySeeTeamDeadlines(pack: SopPack, user: Pick<CurrentUser, 'teamId' | 'roles'>): boolean {
  return !!user.teamId && pack.roles.some((r) => r.supervisesTeam && user.roles.includes(r.id));
}
