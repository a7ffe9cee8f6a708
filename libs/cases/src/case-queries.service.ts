import { Injectable } from '@nestjs/common';
import { Clock, DomainError, pickLabel } from '@app/core';
import { CurrentUser, UsersRepository } from '@app/identity';
import { SopRegistry } from '@app/sop-registry';
import { CaseAccess, CaseAccessService, factsOf, permissionsFor } from './case-access';
import { CaseAudit } from './case-audit';
import { caseAbilities } from './case-abilities';
import { IntakeRepository } from './intake/intake.repository';
import { casePredicate } from './case-list-access';
import { derivedVisibility, stepLabelOf, toCaseView, toSummary } from './case-view';
import { CaseGrantsRepository, NO_GRANTS } from './repositories/case-grants.repository';
import { CaseRecordsRepository } from './repositories/case-records.repository';
import { CasesRepository } from './repositories/cases.repository';

export interface CaseListQuery {
  step?: string;
  status?: string;
  risk?: string;
  caseType?: string;
  overdue?: boolean;
  mine?: boolean;
  /** Case number or part of the child's name. */
  q?: string;
  page?: number;
  pageSize?: number;
}

export const MAX_PAGE_SIZE = 100;

/** Read side: one case as the user may see it, caseload lists, the timeline and deadlines. */
@Injectable()
export class CaseQueriesService {
  constructor(
    private readonly access: CaseAccessService,
    private readonly registry: SopRegistry,
    private readonly cases: CasesRepository,
    private readonly records: CaseRecordsRepository,
    private readonly grants: CaseGrantsRepository,
    private readonly audit: CaseAudit,
    private readonly clock: Clock,
    private readonly users: UsersRepository,
    private readonly intake: IntakeRepository,
  ) {}

  async get(user: CurrentUser, caseId: string, locale: string) {
    const access = await this.access.readable(user, caseId);
    const [submissions, pending, links, owner, queued] = await Promise.all([
      this.records.submissions(caseId), this.records.pendingApproval(caseId), this.cases.links(caseId),
      access.row.assignedTo ? this.users.findById(access.row.assignedTo) : null, this.intake.entry(caseId),
    ]);
    const readable = await this.access.readableIds(user, await this.cases.findByIds(links.map((l) => l.linkedCaseId)));
    const visibleLinks = links.filter((l) => readable.has(l.linkedCaseId));
    const view = toCaseView(access, submissions, {
      links: visibleLinks, fields: access.row.fields, locale,
      pendingApproval: pending ? { id: pending.id, transitionId: pending.transitionId, requestedBy: pending.requestedBy, requestedAt: pending.requestedAt } : null,
    });
    const fieldsShown = Object.entries(view.forms).flatMap(([formId, entries]) =>
      [...new Set(entries.flatMap((e) => Object.keys(e.answers)))].map((f) => `${formId}.${f}`));
    await this.audit.record(user, 'case.read', caseId, fieldsShown,
      access.facts.breakGlass.includes(user.id) ? { viaBreakGlass: true } : {});
    // The worker's name, so whoever reads the case knows whom to contact; what the user may do on it.
    return { ...view, assignedToName: owner?.displayName ?? null, may: caseAbilities(access, user, queued) };
  }

  async list(user: CurrentUser, q: CaseListQuery, locale: string) {
    const sop = await this.registry.current();
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 25;
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new DomainError('validation_failed', `page must be >= 1 and pageSize between 1 and ${MAX_PAGE_SIZE}.`, {
        errors: [{ path: '/page', message: 'invalid pagination' }],
      });
    }
    const now = this.clock.now();
    const readable = await casePredicate(this.registry, user, now, 'read', 'case', { prefix: 'read' });
    const search = q.q?.trim() ? { text: q.q.trim(), nameReadable: await this.nameReadable(user, now) } : undefined;
    const { items, total } = await this.cases.list(readable, {
      step: q.step, status: q.status, risk: q.risk, caseType: q.caseType, overdue: q.overdue,
      assignedTo: q.mine ? user.id : undefined, search, now,
    }, { page, pageSize });
    const grants = await this.grants.activeForMany(items.map((r) => r.id), now);
    const summaries = [];
    for (const row of items) {
      const rowSop = await this.registry.get(row.sopVersionId);
      const access = { sop: rowSop, perms: permissionsFor(rowSop, user), facts: factsOf(row, grants.get(row.id) ?? NO_GRANTS) };
      summaries.push(toSummary(row, stepLabelOf({ sop }, row.step, locale), derivedVisibility(access, row.caseType)));
    }
    await this.audit.recordList(user, q.q ? 'case.search' : 'case.list', items.map((r) => r.id), {
      filters: { step: q.step, status: q.status, risk: q.risk, caseType: q.caseType, overdue: q.overdue, mine: q.mine, q: q.q }, page, total,
    });
    return { items: summaries, page, pageSize, total };
  }

  /** Cases where every name answer may be read: name search must not reveal who is behind a hidden name. */
  private async nameReadable(user: CurrentUser, now: Date) {
    const sop = await this.registry.current();
    const paths = [...new Set(sop.pack.manifest.caseTypes.flatMap((t) => t.identity?.name ?? []))];
    if (paths.length === 0) return { sql: 'FALSE', params: {} };
    const parts = [];
    let params: Record<string, unknown> = {};
    for (const [i, p] of paths.entries()) {
      const dot = p.indexOf('.');
      const pred = await casePredicate(this.registry, user, now, 'read', 'form', { prefix: `name${i}_`, field: { formId: p.slice(0, dot), field: p.slice(dot + 1) } });
      parts.push(pred.sql);
      params = { ...params, ...pred.params };
    }
    // A case type whose name fields live in another form simply never matches by name for this user.
    return { sql: `(${parts.join(' OR ')})`, params };
  }

  async timeline(user: CurrentUser, caseId: string) {
    const access = await this.access.readable(user, caseId);
    const events = await this.records.timeline(caseId);
    // Link events name the other case: only readers who may read it see which one (and the reason).
    const linked = [...new Set(events.filter((e: any) => LINK_EVENTS.has(e.type)).map((e: any) => String(e.data?.caseId)))];
    const readable = linked.length ? await this.access.readableIds(user, await this.cases.findByIds(linked)) : new Set<string>();
    await this.audit.record(user, 'case.timeline_read', caseId);
    // A plugin may restrict its events to holders of a right (that a GBV incident exists, say).
    return events.filter((e: any) => eventVisible(access, e.data)).map((e: any) => ({
      seq: e.seq, type: e.type, at: new Date(e.at).toISOString(), actor: e.actorId ? { id: e.actorId, name: e.actorName } : null,
      data: LINK_EVENTS.has(e.type) && !readable.has(String(e.data?.caseId)) ? { kind: e.data?.kind } : visibleEventData(access, e.data),
    }));
  }

  async deadlines(user: CurrentUser, caseId: string, status: string | undefined, locale: string) {
    const { sop } = await this.access.readable(user, caseId);
    const now = this.clock.now();
    const rows = await this.records.deadlines(caseId);
    await this.audit.record(user, 'case.deadlines_read', caseId);
    return rows
      .filter((d) => (status === 'all' ? true : d.status === (status ?? 'open')))
      .map((d) => {
        const def = sop.pack.deadlines.find((x) => x.id === d.definitionId);
        return {
          key: d.key, deadline: d.definitionId, label: def ? pickLabel(def.label, locale) : d.definitionId,
          anchorAt: d.anchorAt.toISOString(), dueAt: d.dueAt.toISOString(), status: d.status,
          overdue: d.status === 'open' && d.dueAt < now, overdueSince: d.overdueAt ? new Date(d.overdueAt).toISOString() : null,
          closedAt: d.closedAt ? d.closedAt.toISOString() : null,
        };
      });
  }
}

const LINK_EVENTS = new Set(['case_linked', 'case_unlinked']);

/** Which fields of a form were changed is itself information: list only those the reader may read. */
/** Key of a timeline event's data naming who may see the event: `{ subject, action }` on the case. */
export const EVENT_VISIBLE_TO = '_visibleTo';

function eventVisible(access: Pick<CaseAccess, 'perms' | 'facts'>, data: Record<string, unknown> | null): boolean {
  const only = data?.[EVENT_VISIBLE_TO] as { subject?: unknown; action?: unknown } | undefined;
  if (!only) return true;
  return typeof only.subject === 'string' && typeof only.action === 'string' && access.perms.canOnCase(only.action, only.subject, access.facts);
}

function visibleEventData(access: Pick<CaseAccess, 'perms' | 'facts'>, raw: Record<string, unknown>): Record<string, unknown> {
  const { [EVENT_VISIBLE_TO]: _only, ...data } = raw ?? {};
  if (typeof data.form !== 'string' || !Array.isArray(data.fields)) return data;
  const readable = new Set(access.perms.formFields('read', data.form, access.facts));
  return { ...data, fields: (data.fields as string[]).filter((f) => readable.has(f)) };
}
