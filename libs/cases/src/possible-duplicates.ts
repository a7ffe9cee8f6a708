import type { CurrentUser } from '@app/identity';
import type { CaseAccessService } from './case-access';
import { derivedVisibility } from './case-view';
import type { CasesRepository } from './repositories/cases.repository';

export interface PossibleDuplicate {
  id: string;
  caseNumber: string;
}

/**
 * The duplicate check at registration: cases of the registrar's district with the same name (and date
 * of birth, when given). A match says "this child is already known", so:
 * - the registrar is shown only matches they may read, name (and date of birth) included: nothing is
 *   said about the others, not even that they exist;
 * - every match is recorded on the new case's `case_registered` event, and each reader of the
 *   timeline (or audit trail) sees only those they may read the same way (case-event-projection.ts):
 *   a supervisor who may read both cases sees what the registrar could not.
 * One query, and none more when nothing matches (the usual case); each match is checked with the
 * same rules as a single case.
 */
export async function possibleDuplicates(
  cases: CasesRepository,
  access: CaseAccessService,
  user: CurrentUser,
  identity: { displayName: string | null; dateOfBirth: string | null },
  locationPath: string,
): Promise<{ shown: PossibleDuplicate[]; recorded: PossibleDuplicate[] }> {
  if (!identity.displayName) return { shown: [], recorded: [] };
  const rows = await cases.possibleDuplicates(identity.displayName, identity.dateOfBirth, districtPrefix(locationPath));
  const shown: PossibleDuplicate[] = [];
  for (const row of rows) {
    const a = await access.accessTo(user, row);
    if (!a.perms.canOnCase('read', 'case', a.facts)) continue;
    const visible = derivedVisibility(a, row.caseType);
    if (visible.name && (!identity.dateOfBirth || visible.dateOfBirth)) shown.push({ id: row.id, caseNumber: row.caseNumber });
  }
  return { shown, recorded: rows.map((r) => ({ id: r.id, caseNumber: r.caseNumber })) };
}

/** Duplicate checks look across the user's district (two levels under the country), not the whole country. */
function districtPrefix(path: string): string {
  const codes = path.split('/').filter(Boolean);
  return codes.slice(0, Math.min(2, codes.length)).join('/') + '/';
}
