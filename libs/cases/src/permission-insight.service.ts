import { Injectable } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { DomainError, validateCommand } from '@app/core';
import { fieldAccess, projectFormSchema } from '@app/forms';
import { CurrentUser, toCurrentUser, UsersRepository } from '@app/identity';
import { CaseFacts, explain, Permissions } from '@app/permissions';
import { subjectActions, SUBJECT_ACTIONS } from '@app/sop';
import type { PermissionSubject } from '@app/pack-types';
import { CompiledSop, SopRegistry } from '@app/sop-registry';
import { CaseAccessService, formFieldSource, notFound } from './case-access';
import { CaseAudit } from './case-audit';
import { eventReader, projectEventData } from './case-event-projection';
import { CasesRepository } from './repositories/cases.repository';
import { CaseErrorCode } from './cases.errors';

export const EXPLAIN_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['username', 'action', 'subject'],
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 100 },
    action: { type: 'string', minLength: 1, maxLength: 50 },
    subject: { type: 'string', pattern: '^[a-z][a-z0-9_]*$', maxLength: 100 },
    caseId: { type: 'string', maxLength: 100 },
    caseType: { type: 'string', maxLength: 100 },
    form: { type: 'string', maxLength: 100 },
    field: { type: 'string', maxLength: 100 },
  },
};

interface ExplainCommand {
  username: string;
  action: string;
  subject: PermissionSubject;
  caseId?: string;
  caseType?: string;
  form?: string;
  field?: string;
}

/**
 * Answers "who may see what": the per-user form schema of a case, an administrator's "why can or
 * can't this user do this?", a preview of any form as any role, and the audit trail for auditors.
 */
@Injectable()
export class PermissionInsightService {
  constructor(
    private readonly access: CaseAccessService,
    private readonly registry: SopRegistry,
    private readonly users: UsersRepository,
    private readonly auditLog: AuditService,
    private readonly audit: CaseAudit,
    private readonly cases: CasesRepository,
  ) {}

  /** The form's schema pruned to what the user may read, read-only where they may not fill. */
  async caseFormSchema(user: CurrentUser, caseId: string, formId: string, locale: string) {
    const a = await this.access.readable(user, caseId);
    const schema = a.sop.forms.jsonSchema(formId, locale);
    if (!schema) throw new DomainError(CaseErrorCode.UnknownForm, `Form "${formId}" is not part of this case's SOP version.`);
    const readable = a.perms.formFields('read', formId, a.facts);
    const fillable = a.perms.formFields('fill', formId, a.facts);
    if (readable.length === 0 && fillable.length === 0)
      throw new DomainError(CaseErrorCode.FormNotPermitted, `Your role may not see the form "${formId}" on this case.`);
    return {
      formId,
      schema: projectFormSchema(schema, readable, fillable),
      uiSchema: a.sop.forms.form(formId)?.uiSchema ?? {},
      fields: fieldAccess(formFieldSource(a.sop).fields(formId), readable, fillable),
    };
  }

  async explain(body: unknown) {
    const q = validateCommand<ExplainCommand>(EXPLAIN_SCHEMA, body);
    const target = await this.users.findByUsername(q.username);
    if (!target) throw new DomainError('not_found', `No user "${q.username}".`);
    const known = subjectActions((await this.registry.current()).pack, q.subject);
    if (!known) {
      throw new DomainError('validation_failed', `"${q.subject}" is not a subject.`, {
        errors: [{ path: '/subject', message: `one of ${Object.keys(SUBJECT_ACTIONS).join(', ')} or a subject of an enabled plugin` }],
      });
    }
    if (!known.includes(q.action)) {
      throw new DomainError('validation_failed', `"${q.action}" is not an action on ${q.subject}.`, {
        errors: [{ path: '/action', message: `one of ${known.join(', ')}` }],
      });
    }
    const who = toCurrentUser(target);
    let sop: CompiledSop;
    let facts: CaseFacts | { caseType: string } | undefined;
    if (q.caseId) {
      const a = await this.access.load(who, q.caseId);
      sop = a.sop;
      facts = a.facts;
    } else {
      sop = await this.registry.current();
      facts = q.caseType ? { caseType: q.caseType } : undefined;
    }
    if (q.subject === 'form' && (!q.form || !sop.forms.has(q.form))) {
      throw new DomainError('validation_failed', 'Name an existing form to explain a form permission.', {
        errors: [{ path: '/form', message: 'unknown or missing form' }],
      });
    }
    const perms = new Permissions(sop.pack, who, formFieldSource(sop));
    return {
      user: { id: who.id, username: who.username, roles: who.roles },
      sopVersion: sop.version,
      ...explain(perms, { action: q.action, subject: q.subject, facts, formId: q.form, field: q.field }),
    };
  }

  /**
   * A form as a role sees it on a case within that role's reach: every relation condition (own,
   * assigned, shared, team, agency, location) is taken as met; case type and step as given.
   */
  async previewForm(formId: string, roleId: string, opts: { caseType?: string; step?: string; locale: string }) {
    const sop = await this.registry.current();
    if (!sop.pack.roles.some((r) => r.id === roleId)) throw new DomainError('not_found', `No role "${roleId}" in the SOP.`);
    const schema = sop.forms.jsonSchema(formId, opts.locale);
    if (!schema) throw new DomainError(CaseErrorCode.UnknownForm, `No form "${formId}" in the SOP.`);
    const caseType = opts.caseType ?? sop.pack.manifest.caseTypes[0].id;
    const step = opts.step ?? sop.pack.workflow.steps.find((s) => s.forms?.some((f) => f.form === formId))?.id ?? sop.pack.workflow.steps[0].id;
    const me = 'preview-user';
    const user = { id: me, roles: [roleId], teamId: 'preview-team', agencyId: 'preview-agency', locationPath: 'PREVIEW/' };
    const facts: CaseFacts = {
      caseType,
      step,
      status: 'open',
      createdBy: me,
      assignedTo: me,
      teamId: 'preview-team',
      agencyId: 'preview-agency',
      locationPath: 'PREVIEW/X/',
      sharedWith: [me],
      breakGlass: [],
      referredTo: ['preview-agency'],
    };
    const perms = new Permissions(sop.pack, user, formFieldSource(sop));
    const readable = perms.formFields('read', formId, facts);
    const fillable = perms.formFields('fill', formId, facts);
    return {
      formId,
      role: roleId,
      caseType,
      step,
      assumption: "the case is within the role's reach (own, assigned, shared, team, agency and location conditions met); break-the-glass not used",
      fields: fieldAccess(formFieldSource(sop).fields(formId), readable, fillable),
      schema: projectFormSchema(schema, readable, fillable),
    };
  }

  /** The audit trail of a case, for roles with `read audit` on it. */
  async caseTrail(user: CurrentUser, caseId: string, page: { limit?: number; before?: string }) {
    const a = await this.access.load(user, caseId).catch((e) => {
      if (e instanceof DomainError && e.code === CaseErrorCode.CaseNotFound) return null;
      throw e;
    });
    if (!a || !a.perms.canOnCase('read', 'audit', a.facts)) {
      if (a && a.perms.canOnCase('read', 'case', a.facts))
        throw new DomainError(CaseErrorCode.AuditNotPermitted, 'Your role may not read the audit trail of this case.');
      throw notFound(caseId);
    }
    const trail = await this.auditLog.trailForCase(caseId, { limit: Math.min(page.limit ?? 100, 500), before: page.before });
    await this.audit.record(user, 'audit.read', caseId);
    // Who did what, when and to which fields, in full; what entries quote (reasons, other cases) as on the timeline.
    const events = trail.records.map((r) => ({ type: r.action.replace(/^case\./, ''), data: r.details }));
    const reader = await eventReader(a, user, events, this.cases, this.access);
    return { ...trail, records: trail.records.map((r, i) => ({ ...r, details: projectEventData(events[i].type, r.details, reader, { fieldNames: 'all' }) })) };
  }
}
