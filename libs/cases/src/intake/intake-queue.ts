import type { IntakeQueueDef, LocationNode, SopPack } from '@app/pack-types';

/** Where a queued case waits: the roles of the team and the area (materialised path) it covers. */
export interface IntakePlace {
  roles: string[];
  areaPath: string;
}

// Location levels per pack (immutable once published): computed once per pack object.
const levelsByPack = new WeakMap<SopPack, Map<string, string>>();

function levelOf(pack: SopPack, code: string): string | undefined {
  let levels = levelsByPack.get(pack);
  if (!levels) {
    levels = new Map();
    const walk = (n: LocationNode) => { levels!.set(n.code, n.level); (n.children ?? []).forEach(walk); };
    walk(pack.locations.root);
    levelsByPack.set(pack, levels);
  }
  return levels.get(code);
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
  return place.roles.some((r) => user.roles.includes(r))
    && (user.locationPath.startsWith(place.areaPath) || place.areaPath.startsWith(user.locationPath));
}
