import { AbilityBuilder, createMongoAbility, MongoAbility, subject } from '@casl/ability';
import { permittedFieldsOf } from '@casl/ability/extra';
import type { RoleDef, SopPack } from '@app/sop';

/**
 * What a signed-in user may do, built from the pack's role declarations with CASL.
 * Everything not granted here is denied. Subjects:
 * - `Case` (create by caseType; read by scope conditions on ownership, team, agency, location)
 * - `Form` (fill / read by formId; read carries the visible fields, so field-level rules plug in here)
 * - `Sop` (administer)
 */
export type CaseAction = 'create' | 'read' | 'fill' | 'administer';
export type AppAbility = MongoAbility;

/** The user attributes scope rules need; the same shape as the identity lib's CurrentUser. */
export interface AbilityUser {
  id: string;
  roles: string[];
  teamId: string | null;
  agencyId: string | null;
  locationPath: string;
}

/** The case attributes scope rules are evaluated on. */
export interface CaseScopeSubject {
  caseType: string;
  createdBy: string;
  assignedTo: string | null;
  teamId: string | null;
  agencyId: string | null;
  locationPath: string;
}

export type CaseScope =
  | { kind: 'own'; userId: string }
  | { kind: 'assigned'; userId: string }
  | { kind: 'team'; teamId: string }
  | { kind: 'agency'; agencyId: string }
  | { kind: 'location'; pathPrefix: string }
  | { kind: 'all' };

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Scope of one role for one user, or null when the role grants no case reads (e.g. `none`, or `team` without a team). */
export function scopeOf(role: RoleDef, user: AbilityUser): CaseScope | null {
  switch (role.scope) {
    case 'own': return { kind: 'own', userId: user.id };
    case 'assigned': return { kind: 'assigned', userId: user.id };
    case 'team': return user.teamId ? { kind: 'team', teamId: user.teamId } : null;
    case 'agency': return user.agencyId ? { kind: 'agency', agencyId: user.agencyId } : null;
    case 'location': return { kind: 'location', pathPrefix: user.locationPath };
    case 'all': return { kind: 'all' };
    default: return null;
  }
}

function scopeConditions(scope: CaseScope): Record<string, unknown> | undefined {
  switch (scope.kind) {
    case 'own': return { createdBy: scope.userId };
    case 'assigned': return { assignedTo: scope.userId };
    case 'team': return { teamId: scope.teamId };
    case 'agency': return { agencyId: scope.agencyId };
    case 'location': return { locationPath: { $regex: `^${escapeRegex(scope.pathPrefix)}` } };
    case 'all': return undefined;
  }
}

export function rolesOf(pack: SopPack, user: AbilityUser): RoleDef[] {
  return pack.roles.filter((r) => user.roles.includes(r.id));
}

/**
 * Fields of each form a role may not see, from `hiddenFields` (`formId.field`), grouped by form.
 */
function hiddenByForm(role: RoleDef): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const path of role.hiddenFields ?? []) {
    const [formId, field] = [path.slice(0, path.indexOf('.')), path.slice(path.indexOf('.') + 1)];
    if (!out.has(formId)) out.set(formId, new Set());
    out.get(formId)!.add(field);
  }
  return out;
}

/**
 * Builds the ability. `formFields(formId)` lists a form's top-level fields (from the form catalogue)
 * so hidden fields become CASL field restrictions rather than ad-hoc filtering.
 */
export function buildAbility(pack: SopPack, user: AbilityUser, formFields: (formId: string) => string[]): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  for (const role of rolesOf(pack, user)) {
    for (const caseType of role.createCaseTypes ?? []) can('create', 'Case', { caseType });
    const scope = scopeOf(role, user);
    if (scope) can('read', 'Case', scopeConditions(scope));
    const hidden = hiddenByForm(role);
    const readable = new Set([...(role.forms?.read ?? []), ...(role.forms?.fill ?? [])]);
    for (const formId of readable) {
      const hide = hidden.get(formId);
      const fields = hide ? formFields(formId).filter((f) => !hide.has(f)) : undefined;
      can('read', 'Form', fields, { formId });
    }
    for (const formId of role.forms?.fill ?? []) {
      const hide = hidden.get(formId);
      const fields = hide ? formFields(formId).filter((f) => !hide.has(f)) : undefined;
      can('fill', 'Form', fields, { formId });
    }
    if (role.administer) can('administer', 'Sop');
  }
  return build();
}

export function canReadCase(ability: AppAbility, c: CaseScopeSubject): boolean {
  return ability.can('read', subject('Case', { ...c }));
}

/**
 * The fields of a form the user may read (or fill): [] when the form is not readable at all.
 */
export function permittedFormFields(ability: AppAbility, action: 'read' | 'fill', formId: string, allFields: string[]): string[] {
  if (!ability.can(action, subject('Form', { formId }))) return [];
  return permittedFieldsOf(ability, action, subject('Form', { formId }), { fieldsFrom: (rule) => rule.fields || allFields });
}

/** Scopes for list queries: the union of the user's roles' scopes (rule-to-SQL happens in the cases repository). */
export function caseScopes(pack: SopPack, user: AbilityUser): CaseScope[] {
  return rolesOf(pack, user).map((r) => scopeOf(r, user)).filter((s): s is CaseScope => s !== null);
}
