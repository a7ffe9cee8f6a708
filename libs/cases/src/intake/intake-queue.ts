import { pickLabel } from '@app/core';
import type { IntakeQueueDef, LocationNode, SopPack } from '@app/pack-types';
import { intakeQueueOf } from '@app/sop';

/** Where a queued case waits: the roles of the team and the area (materialised path) it covers. */
export interface IntakePlace {
  roles: string[];
  areaPath: string;
}

// Locations by code per pack (immutable once published): computed once per pack object.
const nodesByPack = new WeakMap<SopPack, Map<string, LocationNode>>();

function nodeOf(pack: SopPack, code: string): LocationNode | undefined {
  let nodes = nodesByPack.get(pack);
  if (!nodes) {
    nodes = new Map();
    const walk = (n: LocationNode) => {
      nodes!.set(n.code, n);
      (n.children ?? []).forEach(walk);
    };
    walk(pack.locations.root);
    nodesByPack.set(pack, nodes);
  }
  return nodes.get(code);
}

const levelOf = (pack: SopPack, code: string): string | undefined => nodeOf(pack, code)?.level;

/** A location's name in the user's language (locations.json), its code when the pack does not know it. */
export function locationLabel(pack: SopPack, code: string, locale: string): string {
  const node = nodeOf(pack, code);
  return node ? pickLabel(node.name, locale) || code : code;
}

/**
 * Does the user have an intake queue at all: one of their roles is on the team of a case type's
 * queue. Tells the web app to show the intake list; what is in it is still `waiting`'s answer.
 */
export function hasIntakeQueue(pack: SopPack, user: { roles: readonly string[] }): boolean {
  return pack.manifest.caseTypes.some((t) => intakeQueueOf(t.assignTo)?.roles.some((r) => user.roles.includes(r)));
}

/**
 * The queue a new case goes to: its area is the case's location, or the ancestor of it at the
 * queue's `level` (a district-wide queue for a case registered in a community). A case registered
 * above that level (at the district office for a community queue) keeps its own location.
 */
export function intakePlace(pack: SopPack, queue: IntakeQueueDef, caseLocationPath: string): IntakePlace {
  if (!queue.level) return { roles: [...queue.roles], areaPath: caseLocationPath };
  const codes = caseLocationPath.split('/').filter(Boolean);
  const at = codes.findIndex((c) => levelOf(pack, c) === queue.level);
  const areaPath = at < 0 ? caseLocationPath : codes.slice(0, at + 1).join('/') + '/';
  return { roles: [...queue.roles], areaPath };
}

/**
 * Is the user on the queue's team? One of its roles, and a location within the queue's area
 * (a community worker of the district) or covering it (a district officer for a community queue).
 * Whether they may read or take a case is still the pack's rules' decision.
 */
export function onIntakeTeam(user: { roles: readonly string[]; locationPath: string }, place: IntakePlace): boolean {
  return place.roles.some((r) => user.roles.includes(r)) && (user.locationPath.startsWith(place.areaPath) || place.areaPath.startsWith(user.locationPath));
}
