import type { FieldError } from '@app/core';
import type { AdministerScopeDef, LocationNode, RoleDef, SopPack } from '@app/pack-types';

/** What of a pack decides who may administer whom. */
export type AdministeringPack = Pick<SopPack, 'roles' | 'locations'>;

/** The part of a user that administration looks at. */
export interface AdministeredUser {
  roles: readonly string[];
  agencyId: string | null;
  locationPath: string;
}

/**
 * One reach of an administrator: everyone (`all`: `administer: true`), or the users of an area, an
 * agency or the whole country whose roles are all among `roles`.
 */
export type Grant =
  | { kind: 'all' }
  | { kind: 'national'; roles: ReadonlySet<string> }
  | { kind: 'agency'; agencyId: string; roles: ReadonlySet<string> }
  | { kind: 'area'; pathPrefix: string; levelIndex: number; roles: ReadonlySet<string> };

/** The same reach as SQL conditions take it: each entry is an alternative (none: nobody). */
export interface ReachCondition {
  /** Absent: any role. */
  roles?: string[];
  agencyId?: string;
  pathPrefix?: string;
}

function locationIndex(root: LocationNode): Map<string, { level: string; path: string }> {
  const out = new Map<string, { level: string; path: string }>();
  const walk = (node: LocationNode, prefix: string) => {
    const path = `${prefix}${node.code}/`;
    out.set(node.code, { level: node.level, path });
    for (const child of node.children ?? []) walk(child, path);
  };
  walk(root, '');
  return out;
}

/** The administrator's own place at `level` (their place or the one above it at that level); null when they work above it. */
function areaAt(pack: AdministeringPack, locationPath: string, level: string): string | null {
  const index = locationIndex(pack.locations.root);
  const codes = locationPath.split('/').filter(Boolean);
  for (let i = codes.length - 1; i >= 0; i--) {
    const node = index.get(codes[i]);
    if (node?.level === level) return node.path;
  }
  return null;
}

function grantOf(pack: AdministeringPack, def: true | AdministerScopeDef, admin: AdministeredUser & { agencyId: string | null }): Grant | null {
  if (def === true) return { kind: 'all' };
  const roles = new Set(def.roles);
  if (def.scope === 'national') return { kind: 'national', roles };
  if (def.scope === 'agency') return admin.agencyId ? { kind: 'agency', agencyId: admin.agencyId, roles } : null;
  const levelIndex = pack.locations.levels.indexOf(def.scope);
  const pathPrefix = levelIndex < 0 ? null : areaAt(pack, admin.locationPath, def.scope);
  return pathPrefix ? { kind: 'area', pathPrefix, levelIndex, roles } : null;
}

/** Every reach the administrator's roles give; empty when they administer nobody. */
export function grantsOf(pack: AdministeringPack, admin: AdministeredUser): Grant[] {
  return pack.roles
    .filter((r) => r.administer && admin.roles.includes(r.id))
    .map((r) => grantOf(pack, r.administer as true | AdministerScopeDef, admin))
    .filter((g): g is Grant => g !== null);
}

/** True when some role of the user administers someone (the People pages are theirs). */
export function administersPeople(pack: Pick<SopPack, 'roles'>, user: { roles: readonly string[] }): boolean {
  return pack.roles.some((r) => !!r.administer && user.roles.includes(r.id));
}

function within(g: Grant, user: AdministeredUser): boolean {
  switch (g.kind) {
    case 'all':
      return true;
    case 'national':
      return true;
    case 'agency':
      return user.agencyId === g.agencyId;
    case 'area':
      return user.locationPath.startsWith(g.pathPrefix);
  }
}

/** A role administers nobody, or no wider than the grant (a level at or below the grant's, an agency within an agency grant). */
function roleIsNoWiderThan(pack: AdministeringPack, role: RoleDef | undefined, g: Grant): boolean {
  const def = role?.administer;
  if (!def) return true;
  if (g.kind === 'all') return true;
  if (def === true) return false;
  if (g.kind === 'national') return true;
  if (g.kind === 'agency') return def.scope === 'agency';
  const level = pack.locations.levels.indexOf(def.scope);
  return level >= g.levelIndex;
}

/** Whether `g` may give `user` their roles: each role is in the grant's list and administers no wider than the grant. */
function mayHold(pack: AdministeringPack, g: Grant, roles: readonly string[]): boolean {
  if (g.kind === 'all') return true;
  return roles.every(
    (id) =>
      g.roles.has(id) &&
      roleIsNoWiderThan(
        pack,
        pack.roles.find((r) => r.id === id),
        g,
      ),
  );
}

/** True when one of the grants covers the user: their place (or agency) and every role they hold. */
export function mayAdminister(pack: AdministeringPack, grants: readonly Grant[], user: AdministeredUser): boolean {
  return grants.some((g) => within(g, user) && mayHold(pack, g, user.roles));
}

/** The roles some grant lets the administrator give (every role of the pack for a full administrator). */
export function grantableRoles(pack: AdministeringPack, grants: readonly Grant[]): string[] {
  return pack.roles.filter((r) => grants.some((g) => mayHold(pack, g, [r.id]))).map((r) => r.id);
}

/** The grants as conditions for a user search (an `all` grant: no condition); the same users `mayAdminister` accepts. */
export function reachConditions(pack: AdministeringPack, grants: readonly Grant[]): ReachCondition[] {
  return grants.map((g) => {
    if (g.kind === 'all') return {};
    const roles = [...g.roles].filter((id) => mayHold(pack, g, [id]));
    if (g.kind === 'national') return { roles };
    if (g.kind === 'agency') return { roles, agencyId: g.agencyId };
    return { roles, pathPrefix: g.pathPrefix };
  });
}

/**
 * Why an administrator may not give these roles at this place (or agency), as field errors (none
 * when they may): the place first, else each role they may not give. One rule for creating one
 * user, editing one, and checking a file of them.
 */
export function reachProblems(pack: SopPack, grants: readonly Grant[], target: AdministeredUser): FieldError[] {
  if (mayAdminister(pack, grants, target)) return [];
  if (!grants.some((g) => mayAdminister(pack, [g], { ...target, roles: [] }))) {
    return [{ path: grants.some((g) => g.kind === 'agency') ? '/agency' : '/location', keyword: 'out_of_scope', message: 'is outside what you administer' }];
  }
  const grantable = new Set(grantableRoles(pack, grants));
  const refused: FieldError[] = target.roles.flatMap((r, i) =>
    grantable.has(r) ? [] : [{ path: `/roles/${i}`, keyword: 'role_not_grantable', message: 'you may not give this role' }],
  );
  return refused.length > 0 ? refused : [{ path: '/roles', keyword: 'role_not_grantable', message: 'you may not give these roles together here' }];
}
