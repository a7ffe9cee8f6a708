import type { SopPack } from '@app/pack-types';
import type { CurrentUser } from '@app/identity';
import type { CompiledSop } from '@app/sop-registry';
import { type CaseAccess, permissionsFor } from './case-access';
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
  /** Write a note (POST .../notes). */
  note: boolean;
  /** Add or remove a flag (POST .../flags). */
  flag: boolean;
  /** Link this case to another (POST .../links); the other case is checked when chosen. */
  link: boolean;
  /** Share the case with a specialist (POST .../shares) and see who it is shared with (GET .../access). */
  share: boolean;
  /** Override missing consent with a written reason (sharing, referrals). */
  overrideConsent: boolean;
  /** Assign the case to a worker (POST /api/cases/assignments): not once it is closed. */
  assign: boolean;
  /** Ask to transfer the case to another worker, team or place (POST .../transfers): not once it is closed. */
  transfer: boolean;
  /** Refer the case to a provider of the service directory (POST .../referrals): not once it is closed. */
  refer: boolean;
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
    note: perms.canOnCase('note', 'case', facts),
    flag: perms.canOnCase('flag', 'case', facts),
    link: perms.canOnCase('link', 'case', facts),
    share: perms.canOnCase('share', 'case', facts),
    overrideConsent: perms.canOnCase('override', 'consent', facts),
    // As CaseAssignmentService.move decides for the case itself (the worker chosen is checked then).
    assign: perms.canOnCase('assign', 'case', facts) && row.status !== 'closed',
    // As CaseTransfersService.request decides for the case itself (a pending transfer is shown with the case's transfers).
    transfer: perms.canOnCase('transfer', 'case', facts) && row.status !== 'closed',
    // As ReferralsService.make decides for the case itself (consent, provider and sections are checked when sent).
    refer: perms.canOnCase('refer', 'case', facts) && row.status !== 'closed',
  };
}

/** Team deadlines (GET /api/me/deadlines?scope=team) are for a supervisor (pack role `supervisesTeam`) of a team. */
export function maySeeTeamDeadlines(pack: SopPack, user: Pick<CurrentUser, 'teamId' | 'roles'>): boolean {
  return !!user.teamId && pack.roles.some((r) => r.supervisesTeam && user.roles.includes(r.id));
}

/** Some rule lets the user open a case outside their reach by break-the-glass (POST /api/cases/{id}/break-glass): offered where a case cannot be read. */
export function mayBreakGlass(sop: CompiledSop, user: CurrentUser): boolean {
  return !!sop.pack.security.breakGlass && permissionsFor(sop, user).rulesFor('break_glass', 'case').length > 0;
}
