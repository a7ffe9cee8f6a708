import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@app/core';
import type { AuditEntry } from '@app/audit';
import { CurrentUser, UsersRepository } from '@app/identity';
import type { CaseEntity, UserEntity } from '@app/database';
import { Messenger } from '@app/notifications';
import type { CompiledSop } from '@app/sop-registry';
// The shapes plugins see are the SDK's: the gateway fills them.
import type { PluginCaseView, PluginHookCase } from '@app/plugin-sdk';
import { CaseAccessService, notFound, permissionsFor, readableFields } from './case-access';
import { CaseAudit } from './case-audit';
import { EVENT_VISIBLE_TO } from './case-queries.service';
import { consentState } from './case-consent.service';
import { derivedVisibility } from './case-view';
import { CaseWriter } from './case-writer';
import { CaseRecipients } from './case-recipients';
import { CaseConsentsRepository } from './repositories/case-consents.repository';
import { CasesRepository } from './repositories/cases.repository';

/**
 * What plugins may do with cases, always as a user and with that user's permissions: the plugin
 * host's only door into the case engine. Reads are audited like the core's; events go through the
 * case writer (timeline, deadlines, hooks, audit) like any other change.
 */
@Injectable()
export class PluginCaseGateway {
  constructor(
    private readonly access: CaseAccessService,
    private readonly cases: CasesRepository,
    private readonly consents: CaseConsentsRepository,
    private readonly writer: CaseWriter,
    private readonly audit: CaseAudit,
    private readonly recipients: CaseRecipients,
    private readonly messenger: Messenger,
    private readonly users: UsersRepository,
    private readonly clock: Clock,
  ) {}

  async view(user: CurrentUser, caseId: string, em: EntityManager, auditInto: AuditEntry[], via: string): Promise<PluginCaseView> {
    const a = await this.access.readable(user, caseId, em);
    const answers: Record<string, Record<string, unknown>> = {};
    for (const [formId, values] of Object.entries(a.row.answers ?? {})) {
      const fields = readableFields(a, formId).filter((f) => values?.[f] !== undefined);
      if (fields.length) answers[formId] = Object.fromEntries(fields.map((f) => [f, values[f]]));
    }
    const visible = derivedVisibility(a, a.row.caseType);
    const shown = Object.entries(answers).flatMap(([form, v]) => Object.keys(v).map((f) => `${form}.${f}`));
    auditInto.push(this.audit.entry(user, 'case.read', caseId, shown, { via }));
    return {
      id: a.row.id,
      caseNumber: a.row.caseNumber,
      caseType: a.row.caseType,
      step: a.row.step,
      status: a.row.status,
      displayName: visible.name ? a.row.displayName : null,
      assignedTo: a.row.assignedTo,
      locationCode: a.row.locationCode,
      registeredAt: new Date(a.row.registeredAt).toISOString(),
      answers,
    };
  }

  /** Whether a rule of the user's roles grants `action` on `subject` at all (whatever its conditions). */
  canSomewhere(user: CurrentUser, sop: CompiledSop, action: string, subject: string): boolean {
    return permissionsFor(sop, user).ability.can(action, subject);
  }

  /** A route's case check: unknown or unreadable → not_found (ids cannot be probed), readable without the right → denied. */
  async checkOnCase(user: CurrentUser, caseId: string, action: string, subject: string, em?: EntityManager): Promise<'allowed' | 'denied' | 'not_found'> {
    if (!isUuid(caseId)) return 'not_found';
    const row = await this.cases.findById(caseId, em);
    if (!row) return 'not_found';
    const a = await this.access.accessTo(user, row, em);
    if (!a.perms.canOnCase('read', 'case', a.facts)) return 'not_found';
    if (action === 'read' && subject === 'case') return 'allowed';
    return a.perms.canOnCase(action, subject, a.facts) ? 'allowed' : 'denied';
  }

  /** The user's rules on one case, loaded once (for many checks, e.g. a plugin screen's actions); null when the case is unknown or unreadable. */
  async rulesOnCase(user: CurrentUser, caseId: string): Promise<((action: string, subject: string) => boolean) | null> {
    if (!isUuid(caseId)) return null;
    const row = await this.cases.findById(caseId);
    if (!row) return null;
    const a = await this.access.accessTo(user, row);
    if (!a.perms.canOnCase('read', 'case', a.facts)) return null;
    return (action, subject) => (action === 'read' && subject === 'case') || a.perms.canOnCase(action, subject, a.facts);
  }

  /** `action` on `subject` for the case; false (never an error) when the case is unknown or unreadable. */
  async can(user: CurrentUser, caseId: string, action: string, subject: string, em: EntityManager): Promise<boolean> {
    return (await this.checkOnCase(user, caseId, action, subject, em)) === 'allowed';
  }

  async readable(user: CurrentUser, caseIds: string[], em: EntityManager): Promise<Set<string>> {
    const rows = await this.cases.findByIds([...new Set(caseIds.filter(isUuid))]);
    const out = new Set<string>();
    for (const row of rows) {
      const a = await this.access.accessTo(user, row, em);
      if (a.perms.canOnCase('read', 'case', a.facts)) out.add(row.id);
    }
    return out;
  }

  /** Appends an event to the case's timeline through the case writer (the row is locked, the user must read the case). */
  async recordEvent(
    user: CurrentUser,
    caseId: string,
    type: string,
    data: Record<string, unknown>,
    em: EntityManager,
    auditInto: AuditEntry[],
    visibleTo?: { subject: string; action: string },
  ): Promise<void> {
    const a = await this.access.lockReadable(em, user, caseId);
    if (visibleTo) data = { ...data, [EVENT_VISIBLE_TO]: { subject: visibleTo.subject, action: visibleTo.action } };
    const now = this.clock.now();
    await this.writer.commit(em, a.sop, {
      caseId,
      expectedVersion: a.row.version,
      patch: {},
      now,
      actorId: user.id,
      actor: user,
      auditInto,
      events: [{ caseId, type, actorId: user.id, at: now, data }],
    });
  }

  /**
   * The consent state of a case for a purpose. Not limited to cases the user may read: a plugin
   * decides with it (e.g. whether a child may be proposed to another district's tracing request)
   * and must not show it to users who may not read the case.
   */
  async consent(caseId: string, purpose: string, em: EntityManager): Promise<'granted' | 'refused' | 'withdrawn' | 'unknown'> {
    if (!isUuid(caseId)) return 'unknown';
    return consentState(await this.consents.list(caseId, em), purpose);
  }

  async hookCase(caseId: string, em: EntityManager, known?: CaseEntity): Promise<PluginHookCase> {
    const row = known?.id === caseId ? known : await this.cases.findById(caseId, em);
    if (!row) throw notFound(caseId);
    return {
      id: row.id,
      caseType: row.caseType,
      step: row.step,
      status: row.status,
      displayName: row.displayName,
      dateOfBirth: row.dateOfBirth,
      sex: row.sex,
      locationCode: row.locationCode,
      locationPath: row.locationPath,
      registeredAt: new Date(row.registeredAt),
      answers: row.answers ?? {},
    };
  }

  /**
   * A message from a plugin template to the holders of `roles` (who may read the case, when one is
   * named), in the inbox and the pack's channels. Returns how many people it went to.
   */
  async notify(
    em: EntityManager,
    sop: CompiledSop,
    input: {
      roles: string[];
      templateId: string;
      caseId: string | null;
      data: Record<string, unknown>;
      dedupeKey: string;
      kind: string;
    },
  ): Promise<number> {
    const now = this.clock.now();
    let recipients: Array<{ id: string; name: string; locale: string; email: string | null; phone: string | null }>;
    let caseRef: { number: string; link: string } | null = null;
    if (input.caseId) {
      const row = await this.cases.findById(input.caseId, em);
      if (!row) throw notFound(input.caseId);
      caseRef = { number: row.caseNumber, link: this.messenger.link(`/cases/${row.id}`) };
      recipients = (await this.recipients.readers(em, row, sop, input.roles, [], () => undefined)).recipients;
    } else {
      const users = new Map<string, UserEntity>();
      for (const role of input.roles) for (const u of await this.users.findActiveWithRole(role, em)) users.set(u.id, u);
      recipients = [...users.values()].map((u) => ({ id: u.id, name: u.displayName, locale: u.locale, email: u.email, phone: u.phone }));
    }
    if (!recipients.length) return 0;
    await this.messenger.send(
      em,
      sop.pack,
      recipients,
      {
        kind: input.kind,
        templateId: input.templateId,
        caseId: input.caseId,
        dedupeKey: input.dedupeKey,
        // Like the core's messages about a case: its number and a link, never a name.
        context: () => ({ ...input.data, ...(caseRef ? { case: caseRef } : {}) }),
      },
      now,
    );
    return recipients.length;
  }
}

function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}
