import { Injectable } from '@nestjs/common';
import { Clock, DomainError, pickLabel } from '@app/core';
import { CurrentUser, UsersRepository } from '@app/identity';
import { SopRegistry } from '@app/sop-registry';
import { CaseAccessService, factsOf, permissionsFor } from './case-access';
import { eventReader, eventShown, pluginEventLabel, projectEventData, withWorkflowLabels } from './case-event-projection';
import { deadlineEventNames } from './deadline-event-names';
import { deadlineVisible } from './deadline-visibility';
import { CaseAudit } from './case-audit';
import { CaseViews } from './case-views';
import { casePredicate, compiledVersions, copyReadablePredicate, overduePredicate } from './case-list-access';
import { derivedVisibility, riskLabelOf, stepLabelOf, toSummary } from './case-view';
import { CaseGrantsRepository, NO_GRANTS } from './repositories/case-grants.repository';
import { CaseRecordsRepository } from './repositories/case-records.repository';
import { CASE_LIST_SORTS, CaseListSort, CasesRepository, isUuid } from './repositories/cases.repository';

export interface CaseListQuery {
  step?: string;
  status?: string;
  risk?: string;
  caseType?: string;
  overdue?: boolean;
  mine?: boolean;
  /** Assigned to this user (a worker's id). */
  assignedTo?: string;
  /** Cases of the user's own team. */
  team?: boolean;
  /** A location code: cases there or below. */
  location?: string;
  flagged?: boolean;
  sort?: string;
  /** Case number prefix, or the child's name: part of it, or alike despite accents and a typo. */
  q?: string;
  page?: number;
  pageSize?: number;
}

export const MAX_PAGE_SIZE = 100;

function invalidFilter(name: string, expected: string): DomainError {
  return new DomainError('validation_failed', `${name} must be ${expected}.`, { errors: [{ path: `/${name}`, message: `must be ${expected}` }] });
}

export { EVENT_VISIBLE_TO } from './case-event-projection';

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
    private readonly views: CaseViews,
  ) {}

  /** `purpose: 'print'`: the same view, audited as printed (`case.printed`): a paper copy leaves the system. */
  async get(user: CurrentUser, caseId: string, locale: string, purpose: 'view' | 'print' = 'view') {
    const { view, entry } = await this.views.read(user, caseId, locale, purpose);
    await this.audit.recordRead(entry);
    return view;
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
    const sort = (q.sort ?? 'updated') as CaseListSort;
    if (!CASE_LIST_SORTS.includes(sort)) throw invalidFilter('sort', `one of ${CASE_LIST_SORTS.join(', ')}`);
    if (q.assignedTo !== undefined && !isUuid(q.assignedTo)) throw invalidFilter('assignedTo', 'a user id');
    const locationPath = q.location ? await this.registry.locationPath(q.location) : undefined;
    if (locationPath === null) throw invalidFilter('location', 'a location code of the pack');
    const now = this.clock.now();
    const versions = await compiledVersions(this.registry);
    const readable = await casePredicate(this.registry, user, now, 'read', 'case', { prefix: 'read', versions });
    // A filter or search on a copy of an answer (risk, name) matches only where the user may read
    // that answer: elsewhere the value is unknown to them, so the case is neither matched nor counted.
    const search = q.q?.trim() ? { text: q.q.trim(), nameReadable: await copyReadablePredicate(versions, user, now, 'name', 'namecopy') } : undefined;
    const risk = q.risk ? { value: q.risk, readable: await copyReadablePredicate(versions, user, now, 'risk', 'riskcopy') } : undefined;
    // Overdue: by the deadlines the user may see on the case (GET /api/cases/{id}/deadlines).
    const overdue = q.overdue !== undefined ? { value: q.overdue, visible: await overduePredicate(versions, user, now, 'overdue') } : undefined;
    const { items, total, totalExact } = await this.cases.list(
      readable,
      {
        step: q.step,
        status: q.status,
        risk,
        caseType: q.caseType,
        overdue,
        assignedTo: q.mine ? user.id : q.assignedTo,
        // A user without a team has no team's cases.
        teamId: q.team ? (user.teamId ?? '') : undefined,
        locationPath,
        flagged: q.flagged,
        search,
      },
      { page, pageSize },
      sort,
    );
    const grants = await this.grants.activeForMany(
      items.map((r) => r.id),
      now,
    );
    // The worker's name, as every reader of the case sees it (GET /api/cases/{id} `assignedToName`).
    const workers = new Map(
      (await this.users.findByIds([...new Set(items.flatMap((r) => (r.assignedTo ? [r.assignedTo] : [])))])).map((u) => [u.id, u.displayName]),
    );
    const summaries = [];
    for (const row of items) {
      const rowSop = await this.registry.get(row.sopVersionId);
      const access = { sop: rowSop, perms: permissionsFor(rowSop, user), facts: factsOf(row, grants.get(row.id) ?? NO_GRANTS) };
      const summary = toSummary(
        row,
        stepLabelOf({ sop }, row.step, locale),
        derivedVisibility(access, row.caseType),
        riskLabelOf({ sop }, row.caseType, row.risk, locale),
      );
      summaries.push({ ...summary, assignedToName: row.assignedTo ? (workers.get(row.assignedTo) ?? null) : null });
    }
    await this.audit.recordList(
      user,
      q.q ? 'case.search' : 'case.list',
      items.map((r) => r.id),
      {
        filters: {
          step: q.step,
          status: q.status,
          risk: q.risk,
          caseType: q.caseType,
          overdue: q.overdue,
          mine: q.mine,
          assignedTo: q.assignedTo,
          team: q.team,
          location: q.location,
          flagged: q.flagged,
          q: q.q,
        },
        sort,
        page,
        total,
        totalExact,
      },
    );
    return { items: summaries, page, pageSize, total, totalExact };
  }

  async timeline(user: CurrentUser, caseId: string, locale = 'en') {
    const access = await this.access.readable(user, caseId);
    const [events, stored] = await Promise.all([this.records.timeline(caseId), this.records.deadlines(caseId)]);
    const reader = await eventReader(access, user, events, this.cases, this.access);
    // Deadline events name their deadline only to readers who may see it (projectEventData checks first).
    const deadlines = deadlineEventNames(access.sop.pack.deadlines, stored, locale);
    await this.audit.record(user, 'case.timeline_read', caseId);
    return events
      .filter((e) => eventShown(e.type, e.data, reader))
      .map((e) => ({
        seq: e.seq,
        type: e.type,
        // A plugin's event by its label in the reader's language (the web app names the core's).
        label: pluginEventLabel(access.sop.pack, e.type, locale) ?? null,
        at: new Date(e.at).toISOString(),
        actor: e.actorId ? { id: e.actorId, name: e.actorName } : null,
        data: withWorkflowLabels(access.sop.pack, projectEventData(e.type, e.data, reader, { deadlines }), locale),
      }));
  }

  async deadlines(user: CurrentUser, caseId: string, status: string | undefined, locale: string) {
    const access = await this.access.readable(user, caseId);
    const { sop } = access;
    const now = this.clock.now();
    // Only deadlines whose rules read nothing the user may not read (a due date can tell the risk level).
    const visible = deadlineVisible(access);
    const rows = (await this.records.deadlines(caseId)).filter((d) => visible(d.definitionId));
    await this.audit.record(user, 'case.deadlines_read', caseId);
    return rows
      .filter((d) => (status === 'all' ? true : d.status === (status ?? 'open')))
      .map((d) => {
        const def = sop.pack.deadlines.find((x) => x.id === d.definitionId);
        return {
          key: d.key,
          deadline: d.definitionId,
          label: def ? pickLabel(def.label, locale) : d.definitionId,
          anchorAt: d.anchorAt.toISOString(),
          dueAt: d.dueAt.toISOString(),
          status: d.status,
          overdue: d.status === 'open' && (d.dueAt < now || !!d.overdueAt),
          overdueSince: d.overdueAt ? new Date(d.overdueAt).toISOString() : null,
          closedAt: d.closedAt ? d.closedAt.toISOString() : null,
        };
      });
  }
}
