import { DomainError, pickLabel } from '@app/core';
import { fieldAccess, projectFormSchema } from '@app/forms';
import { formFieldSource } from '@app/cases';
import { CaseFacts, Permissions } from '@app/permissions';
import type { CompiledSop } from '@app/sop-registry';
import type { CaseStatus } from '@app/workflow';
import { SimulationErrorCode } from './simulation.errors';
import type { FormPreview, RoleFields } from './simulation.types';

/** The one synthetic person per role, and the place, team and agency everybody shares. */
const REACH = { teamId: 'simulated-team', agencyId: 'simulated-agency', locationPath: 'SIMULATED/' };

export const REACH_ASSUMPTION =
  "every role holder is within the case's reach (own, assigned, shared, team, agency and location conditions met); break-the-glass not used";

/** The synthetic user holding `role` (one per role, so case_owner means the registering role's user). */
export function simulatedUserId(role: string): string {
  return `simulated:${role}`;
}

export function roleLabel(sop: CompiledSop, role: string, locale?: string): string {
  const def = sop.pack.roles.find((r) => r.id === role);
  return def ? pickLabel(def.label, locale) : role;
}

export function requireRole(sop: CompiledSop, role: string, path = '/role'): void {
  if (!sop.pack.roles.some((r) => r.id === role)) {
    throw new DomainError(SimulationErrorCode.UnknownRole, `No role "${role}" in the pack.`, { errors: [{ path, message: 'unknown role' }] });
  }
}

/** A role's permissions as the synthetic user holding it. */
export function permissionsOf(sop: CompiledSop, role: string): Permissions {
  return new Permissions(sop.pack, { id: simulatedUserId(role), roles: [role], ...REACH }, formFieldSource(sop));
}

/**
 * The case's facts as permissions read them, with every relation condition met for every role: a
 * simulation answers "what may this role see on a case of theirs", not "on somebody else's".
 */
export function reachFacts(caseType: string, step: string, status: CaseStatus, role: string): CaseFacts {
  const me = simulatedUserId(role);
  return {
    caseType,
    step,
    status,
    createdBy: me,
    assignedTo: me,
    teamId: REACH.teamId,
    agencyId: REACH.agencyId,
    locationPath: `${REACH.locationPath}case/`,
    sharedWith: [me],
    breakGlass: [],
    referredTo: [REACH.agencyId],
  };
}

/** A form as a role sees it at a step (default: the first step using the form): each field fillable, read-only or hidden, with its label. */
export function previewForm(sop: CompiledSop, formId: string, role: string, opts: { caseType?: string; step?: string; locale: string }): FormPreview {
  requireRole(sop, role);
  const schema = sop.forms.jsonSchema(formId, opts.locale);
  if (!schema)
    throw new DomainError(SimulationErrorCode.UnknownForm, `No form "${formId}" in the pack.`, { errors: [{ path: '/form', message: 'unknown form' }] });
  const types = sop.pack.manifest.caseTypes;
  // Default: the case type the form starts, else the first (a registration form previewed on a notification would mislead).
  const caseType = opts.caseType ?? (types.find((t) => t.startForm === formId) ?? types[0]).id;
  const step = opts.step ?? sop.pack.workflow.steps.find((s) => s.forms?.some((f) => f.form === formId))?.id ?? sop.pack.workflow.steps[0].id;
  const perms = permissionsOf(sop, role);
  const facts = reachFacts(caseType, step, 'open', role);
  const readable = perms.formFields('read', formId, facts);
  const fillable = perms.formFields('fill', formId, facts);
  const fields = formFieldSource(sop).fields(formId);
  const access = fieldAccess(fields, readable, fillable);
  return {
    formId,
    title: pickLabel(sop.forms.form(formId)?.title, opts.locale),
    role,
    caseType,
    step,
    fields: fields.map((field) => ({
      field,
      label: fieldLabel(schema, field),
      access: access[field],
      sensitive: sop.forms.isSensitiveField(formId, field),
    })),
    schema: projectFormSchema(schema, readable, fillable),
    uiSchema: sop.forms.form(formId)?.uiSchema ?? {},
    assumption: REACH_ASSUMPTION,
  };
}

/** For each viewer, the access to every field of each form the case has answers for. */
export function fieldsByRole(sop: CompiledSop, viewers: string[], formIds: string[], facts: (role: string) => CaseFacts, locale?: string): RoleFields[] {
  const source = formFieldSource(sop);
  return viewers.map((role) => {
    const perms = permissionsOf(sop, role);
    const forms: RoleFields['forms'] = {};
    for (const formId of formIds) {
      const f = facts(role);
      forms[formId] = fieldAccess(source.fields(formId), perms.formFields('read', formId, f), perms.formFields('fill', formId, f));
    }
    return { role, label: roleLabel(sop, role, locale), forms };
  });
}

/** `jsonSchema(form, locale)` gives each field's `title` in the language; else its `x-label`, else its name. */
function fieldLabel(schema: Record<string, any>, field: string): string {
  const node = schema.properties?.[field] ?? {};
  if (typeof node.title === 'string') return node.title;
  if (typeof node['x-label'] === 'string') return node['x-label'];
  return field;
}
