import { Injectable } from '@nestjs/common';
import { Clock, DomainError, pickLabel } from '@app/core';
import type { CurrentUser } from '@app/identity';
import { caseScopes, canReadCase } from '@app/permissions';
import { SopRegistry } from '@app/sop-registry';
import { abilityFor, CaseAccessService } from './case-access';
import { stepLabelOf, toCaseView, toSummary } from './case-view';
import { CaseRecordsRepository } from './repositories/case-records.repository';
import { CasesRepository } from './repositories/cases.repository';

export interface CaseListQuery {
  step?: string;
  status?: string;
  risk?: string;
  caseType?: string;
  overdue?: boolean;
  mine?: boolean;
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
    private readonly clock: Clock,
  ) {}

  async get(user: CurrentUser, caseId: string, locale: string) {
    const access = await this.access.readable(user, caseId);
    const [submissions, pending, links] = await Promise.all([
      this.records.submissions(caseId), this.records.pendingApproval(caseId), this.cases.links(caseId),
    ]);
    const linkedRows = await this.cases.findByIds(links.map((l) => l.linkedCaseId));
    const visibleLinks = [];
    for (const l of links) {
      const target = linkedRows.find((r) => r.id === l.linkedCaseId);
      if (target && canReadCase(abilityFor(await this.registry.get(target.sopVersionId), user), target)) visibleLinks.push(l);
    }
    return toCaseView(access, submissions, {
      links: visibleLinks, fields: access.row.fields, locale,
      pendingApproval: pending ? { id: pending.id, transitionId: pending.transitionId, requestedBy: pending.requestedBy, requestedAt: pending.requestedAt } : null,
    });
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
    const { items, total } = await this.cases.list(caseScopes(sop.pack, user), {
      step: q.step, status: q.status, risk: q.risk, caseType: q.caseType, overdue: q.overdue,
      assignedTo: q.mine ? user.id : undefined, now: this.clock.now(),
    }, { page, pageSize });
    return {
      items: items.map((row) => toSummary(row, stepLabelOf({ sop }, row.step, locale))),
      page, pageSize, total,
    };
  }

  async timeline(user: CurrentUser, caseId: string) {
    await this.access.readable(user, caseId);
    const events = await this.records.timeline(caseId);
    return events.map((e: any) => ({ seq: e.seq, type: e.type, at: new Date(e.at).toISOString(), actor: e.actorId ? { id: e.actorId, name: e.actorName } : null, data: e.data }));
  }

  async deadlines(user: CurrentUser, caseId: string, status: string | undefined, locale: string) {
    const { sop } = await this.access.readable(user, caseId);
    const now = this.clock.now();
    const rows = await this.records.deadlines(caseId);
    return rows
      .filter((d) => (status === 'all' ? true : d.status === (status ?? 'open')))
      .map((d) => {
        const def = sop.pack.deadlines.find((x) => x.id === d.definitionId);
        return {
          key: d.key, deadline: d.definitionId, label: def ? pickLabel(def.label, locale) : d.definitionId,
          anchorAt: d.anchorAt.toISOString(), dueAt: d.dueAt.toISOString(), status: d.status,
          overdue: d.status === 'open' && d.dueAt < now, closedAt: d.closedAt ? d.closedAt.toISOString() : null,
        };
      });
  }
}
