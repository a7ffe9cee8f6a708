import { Injectable } from '@nestjs/common';
import { Clock, DomainError, pickLabel, zonedDay } from '@app/core';
import type { CaseEntity } from '@app/database';
import type { CurrentUser } from '@app/identity';
import { SopRegistry } from '@app/sop-registry';
import {
  factsOf,
  permissionsFor,
  maySeeTeamDeadlines,
  CaseAudit,
  derivedVisibility,
  stepLabelOf,
  deadlineVisible,
  ActiveGrants,
  CaseGrantsRepository,
  NO_GRANTS,
} from '@app/cases';
import { WorklistRepository } from './worklist.repository';
import { DeadlineErrorCode } from './case-deadlines.errors';

export interface WorklistItem {
  caseId: string;
  caseNumber: string;
  displayName: string | null;
  step: string;
  stepLabel: string;
  risk: string | null;
  assignedTo: string | null;
  deadline: string;
  key: string;
  label: string;
  dueAt: string;
  overdueSince: string | null;
}

export interface Worklist {
  asOf: string;
  scope: 'mine' | 'team';
  overdue: WorklistItem[];
  dueToday: WorklistItem[];
  upcoming: WorklistItem[];
  /** The lists that were cut at `limit` items (the oldest overdue and soonest due come first). */
  truncated: Array<'overdue' | 'dueToday' | 'upcoming'>;
  limit: number;
}

const DAY_MS = 86_400_000;
const BUCKET_LIMIT = 200;
const BUCKETS = ['overdue', 'dueToday', 'upcoming'] as const;

/**
 * What is overdue, due today (in the pack's time zone) and coming up on my cases (and, for a supervisor, the team's), each
 * shown only if the user may read the case, with the child's name only if they may read it.
 */
@Injectable()
export class DeadlineWorklistService {
  constructor(
    private readonly worklist: WorklistRepository,
    private readonly grants: CaseGrantsRepository,
    private readonly registry: SopRegistry,
    private readonly audit: CaseAudit,
    private readonly clock: Clock,
  ) {}

  async forUser(user: CurrentUser, scope: unknown, locale: string, days = 7, audited = true): Promise<Worklist> {
    if (scope !== 'mine' && scope !== 'team') {
      throw new DomainError('validation_failed', 'scope must be mine or team.', { errors: [{ path: '/scope', message: 'mine or team' }] });
    }
    if (!Number.isInteger(days) || days < 1 || days > 90) {
      throw new DomainError('validation_failed', 'days must be a whole number from 1 to 90.', { errors: [{ path: '/days', message: 'from 1 to 90' }] });
    }
    const current = await this.registry.current();
    if (scope === 'team' && !maySeeTeamDeadlines(current.pack, user)) {
      throw new DomainError(DeadlineErrorCode.WorklistTeamNotPermitted, "Only a supervisor of a team sees the team's deadlines.");
    }
    const now = this.clock.now();
    // "Today" is the day in the country's time zone (pack.json `timezone`, UTC without one).
    const endOfToday = zonedDay(now, current.pack.manifest.timezone).end;
    const bounds: Record<(typeof BUCKETS)[number], [Date | null, Date]> = {
      overdue: [null, new Date(now.getTime() + 1)],
      dueToday: [new Date(now.getTime() + 1), endOfToday],
      upcoming: [endOfToday, new Date(endOfToday.getTime() + (days - 1) * DAY_MS)],
    };
    const teamId = scope === 'team' ? user.teamId : null;
    // One more than shown, to know whether a list was cut.
    const fetched = await Promise.all(BUCKETS.map((b) => this.worklist.openDeadlines(user.id, teamId, bounds[b][0], bounds[b][1], BUCKET_LIMIT + 1)));
    const rows = fetched.map((r) => r.slice(0, BUCKET_LIMIT));
    const caseIds = [...new Set(rows.flat().map((r) => r.caseId))];
    const cases = new Map((await this.worklist.cases(caseIds)).map((c) => [c.id, c]));
    const grants = await this.grants.activeForMany([...cases.keys()], now);
    const out: Worklist = { asOf: now.toISOString(), scope, overdue: [], dueToday: [], upcoming: [], truncated: [], limit: BUCKET_LIMIT };
    const shown = new Set<string>();
    for (const [i, bucket] of BUCKETS.entries()) {
      if (fetched[i].length > BUCKET_LIMIT) out.truncated.push(bucket);
      for (const d of rows[i]) {
        const row = cases.get(d.caseId);
        const item = row && (await this.item(user, row, d, grants.get(row.id) ?? NO_GRANTS, locale));
        if (!item) continue;
        shown.add(row.id);
        out[bucket].push(item);
      }
    }
    if (audited) await this.audit.recordList(user, 'case.worklist', [...shown], { scope, days });
    return out;
  }

  private async item(
    user: CurrentUser,
    row: CaseEntity,
    d: { key: string; definitionId: string; dueAt: Date; overdueAt: Date | null },
    grants: ActiveGrants,
    locale: string,
  ): Promise<WorklistItem | null> {
    const sop = await this.registry.get(row.sopVersionId);
    const access = { sop, perms: permissionsFor(sop, user), facts: factsOf(row, grants) };
    // A deadline whose rules read an answer the user may not read (a risk-dependent one) is not theirs to see.
    if (!access.perms.canOnCase('read', 'case', access.facts) || !deadlineVisible(access)(d.definitionId)) return null;
    const visible = derivedVisibility(access, row.caseType);
    const def = sop.pack.deadlines.find((x) => x.id === d.definitionId);
    return {
      caseId: row.id,
      caseNumber: row.caseNumber,
      displayName: visible.name ? row.displayName : null,
      step: row.step,
      stepLabel: stepLabelOf(access, row.step, locale),
      risk: visible.risk ? row.risk : null,
      assignedTo: row.assignedTo,
      deadline: d.definitionId,
      key: d.key,
      label: def ? pickLabel(def.label, locale) : d.definitionId,
      dueAt: new Date(d.dueAt).toISOString(),
      overdueSince: d.overdueAt ? new Date(d.overdueAt).toISOString() : null,
    };
  }
}
