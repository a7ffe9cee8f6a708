import type { UserEntity } from '@app/database';
import { toCurrentUser } from '@app/identity';
import type { CaseFacts } from '@app/permissions';
import type { CompiledSop } from '@app/sop-registry';
import { permissionsFor } from '@app/cases';
import { caseTypeWork, factsOnceTransferred, Place } from './transfer-rules';

/** Why a user may not receive a case; null when they may. */
export type ReceiverRefusal = null | { code: 'cannot_read' | 'cannot_work'; message: string };

/**
 * Whether `receiver` could own and work the case once it is theirs, judged by their roles' own
 * rules on the case as it would be after the transfer (assigned to them, in their team and agency,
 * at `place`; no share, break-the-glass or referral counts). The owner must be able to:
 * - read the case;
 * - fill at least one field of a form its case type's workflow uses; and
 * - perform (or request) some transition of that workflow.
 * Readers who cannot work it (an analyst, an auditor, a guardianship authority that only records its
 * decisions) are not receivers. The receivers list, the request and the acceptance all apply this rule.
 */
export function receiverRefusal(sop: CompiledSop, receiver: UserEntity, facts: CaseFacts, place: Pick<Place, 'code' | 'path'>): ReceiverRefusal {
  const after = factsOnceTransferred(facts, receiver, place);
  const perms = permissionsFor(sop, toCurrentUser(receiver));
  const who = `${receiver.displayName} (${receiver.roles.join(', ') || 'no role'})`;
  if (!perms.canOnCase('read', 'case', after)) {
    return { code: 'cannot_read', message: `the roles of ${who} would not let them read the case at ${place.code}` };
  }
  const work = caseTypeWork(sop.pack, facts.caseType);
  const fills = work.forms.some((formId) => perms.formFields('fill', formId, after).length > 0);
  const moves = receiver.roles.some((r) => work.transitionRoles.includes(r));
  if (!fills || !moves) {
    const missing = [!fills && 'fill any of its forms', !moves && 'move it through its workflow'].filter(Boolean).join(' nor ');
    return { code: 'cannot_work', message: `the roles of ${who} would not let them work the case once it is theirs: they may not ${missing}` };
  }
  return null;
}
