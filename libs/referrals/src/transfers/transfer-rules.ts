import type { CaseFacts } from '@app/permissions';
import { locationPaths } from '@app/sop';
import type { LocationNode, SopPack, TransitionDef, Translated } from '@app/pack-types';

export type TransferStatus = 'pending' | 'accepted' | 'declined' | 'cancelled';
export const TRANSFER_STATUSES: readonly TransferStatus[] = ['pending', 'accepted', 'declined', 'cancelled'];

/** A location of the pack: its code, materialised path (`MD/ST/ST01/`) and name per language. */
export interface Place {
  code: string;
  path: string;
  name: Translated;
}

/** The receiving side as far as the rules care: who, in which team, agency and place. */
export interface Receiver {
  id: string;
  roles: string[];
  teamId: string | null;
  agencyId: string | null;
  locationCode: string;
  locationPath: string;
}

// A pack object belongs to one immutable compiled version, so its places are computed once.
const placesByPack = new WeakMap<SopPack, Map<string, Place>>();

/** Every location of the pack by code. */
export function placesOf(pack: SopPack): Map<string, Place> {
  let places = placesByPack.get(pack);
  if (!places) {
    const paths = locationPaths(pack.locations.root);
    places = new Map();
    const walk = (node: LocationNode) => {
      places!.set(node.code, { code: node.code, path: paths.get(node.code)!, name: node.name });
      for (const child of node.children ?? []) walk(child);
    };
    walk(pack.locations.root);
    placesByPack.set(pack, places);
  }
  return places;
}

/**
 * Where the case will be once the transfer is accepted. A place asked for must be one of the pack's
 * (null otherwise). Without one, the case stays where it is when that is within the receiver's
 * area (a transfer between colleagues of one district does not move the child's file), and goes to
 * the receiver's own place otherwise (their rules are usually written for their area).
 */
export function destinationOf(
  pack: SopPack,
  current: { locationCode: string; locationPath: string },
  receiver: Receiver,
  asked: string | undefined,
): Place | null {
  const places = placesOf(pack);
  if (asked !== undefined) return places.get(asked) ?? null;
  const at = current.locationPath.startsWith(receiver.locationPath)
    ? { code: current.locationCode, path: current.locationPath }
    : { code: receiver.locationCode, path: receiver.locationPath };
  return { ...at, name: places.get(at.code)?.name ?? { en: at.code } };
}

/**
 * The case's facts once the receiver owns it. Grants (shares, break-the-glass, referrals) are left
 * out on purpose: the new owner must reach the case through their role's own rules, not through a
 * grant that may expire or be revoked, leaving an owner who cannot open their case.
 */
export function factsOnceTransferred(facts: CaseFacts, receiver: Receiver, place: Pick<Place, 'path'>): CaseFacts {
  return {
    ...facts,
    assignedTo: receiver.id,
    teamId: receiver.teamId,
    agencyId: receiver.agencyId,
    locationPath: place.path,
    sharedWith: [],
    breakGlass: [],
    referredTo: [],
  };
}

/** Role ids of the pack whose holders supervise their team. */
export function supervisorRoles(pack: SopPack): string[] {
  return pack.roles.filter((r) => r.supervisesTeam).map((r) => r.id);
}

/** Whether `user` supervises `teamId`: a member of that team holding a role that supervises its team. */
export function supervises(pack: SopPack, user: { roles: string[]; teamId: string | null }, teamId: string | null): boolean {
  if (!teamId || user.teamId !== teamId) return false;
  const roles = supervisorRoles(pack);
  return user.roles.some((r) => roles.includes(r));
}

/** What working a case of one type means in a pack: the forms its workflow uses and the roles that move it. */
export interface CaseTypeWork {
  /** The start form, the forms of the steps a case of the type can reach, and the forms their transitions require. */
  forms: string[];
  /** Roles that may perform (or request) some transition leaving a step a case of the type can reach. */
  transitionRoles: string[];
}

const workByPack = new WeakMap<SopPack, Map<string, CaseTypeWork>>();

/**
 * The part of the pack's workflow a case of `caseType` goes through: the steps reachable from the
 * type's start step (one workflow serves every type), the transitions leaving them and their forms.
 */
export function caseTypeWork(pack: SopPack, caseType: string): CaseTypeWork {
  let byType = workByPack.get(pack);
  if (!byType) workByPack.set(pack, (byType = new Map()));
  const known = byType.get(caseType);
  if (known) return known;
  const type = pack.manifest.caseTypes.find((c) => c.id === caseType);
  const steps = new Map(pack.workflow.steps.map((st) => [st.id, st]));
  const leaves = (t: TransitionDef, stepId: string) => (t.from === '*' ? steps.get(stepId)?.kind === 'normal' : t.from.includes(stepId));
  const forms = new Set<string>(type ? [type.startForm] : []);
  const roles = new Set<string>();
  const seen = new Set<string>();
  const queue = type ? [type.startStep] : [];
  while (queue.length) {
    const stepId = queue.pop()!;
    if (seen.has(stepId)) continue;
    seen.add(stepId);
    for (const f of steps.get(stepId)?.forms ?? []) forms.add(f.form);
    for (const t of pack.workflow.transitions) {
      if (!leaves(t, stepId)) continue;
      t.roles.forEach((r) => roles.add(r));
      (t.requiresForms ?? []).forEach((f) => forms.add(f));
      if (t.to !== '@previous') queue.push(t.to);
    }
  }
  const work = { forms: [...forms], transitionRoles: [...roles] };
  byType.set(caseType, work);
  return work;
}
