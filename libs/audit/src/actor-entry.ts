import type { AuditEntry } from './audit.types';

/** Who acted, as the API knows them (structurally a CurrentUser of @app/identity). */
export interface AuditActor {
  id: string;
  roles: string[];
  origin?: { ip: string | null; userAgent: string | null };
}

/** An audit entry by a signed-in user: their id, roles and where the request came from. */
export function entryBy(actor: AuditActor, entry: Omit<AuditEntry, 'actorId' | 'actorRoles' | 'ip' | 'userAgent'>): AuditEntry {
  return { ...entry, actorId: actor.id, actorRoles: actor.roles, ip: actor.origin?.ip ?? null, userAgent: actor.origin?.userAgent ?? null };
}
