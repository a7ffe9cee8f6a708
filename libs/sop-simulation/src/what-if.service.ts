import { Injectable } from '@nestjs/common';
import { AuditService, entryBy } from '@app/audit';
import { toSnapshot } from '@app/cases';
import { Clock, DATE_YEARS, DomainError, isCalendarDate, pickLabel, validateCommand, zonedDay } from '@app/core';
import type { CurrentUser } from '@app/identity';
import type { SopPack } from '@app/pack-types';
import { locationPaths } from '@app/sop';
import { CompiledSop, SopRegistry } from '@app/sop-registry';
import { SopSimulationService, type SimulationSource } from './sop-simulation.service';
import { change, ComplianceTally, shown, type FiguresChange, type ShownFigures } from './what-if-figures';
import { replayCaseDeadlines } from './what-if-replay';
import { WhatIfErrorCode } from './what-if.errors';
import { WhatIfRepository } from './what-if.repository';

const DAY = { type: 'string', maxLength: 10 };

export const WHAT_IF_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: { from: DAY, to: DAY, location: { type: 'string', minLength: 1, maxLength: 100 } },
};

export interface WhatIfCommand {
  /** First and last day of the period (YYYY-MM-DD, the pack's time zone), both included. */
  from: string;
  to: string;
  /** A location code of the published pack: only cases there or below. */
  location?: string;
}

/** One deadline: SOP compliance under the published pack and under the draft, and the change. */
export interface WhatIfDeadline {
  deadline: string;
  label: string;
  /** Whether the deadline exists in the published pack and in the draft. */
  inPublished: boolean;
  inDraft: boolean;
  published: ShownFigures;
  draft: ShownFigures;
  change: FiguresChange;
}

export interface WhatIfResult {
  period: { from: string; to: string };
  location: { code: string; label: string } | null;
  /** Cells counting 1 to threshold − 1 are suppressed (the published pack's policy). */
  smallCellThreshold: number;
  asOf: string;
  deadlines: WhatIfDeadline[];
}

/** Cases read and replayed at a time: memory stays flat whatever the country's size. */
const PAGE = 500;

/**
 * "What if" over history: the real cases of a period replayed through the draft's deadlines and
 * through the published ones (pure planning, nothing written), counted as the live SOP-compliance
 * report counts them. Counts only, always small-cell suppressed: administrators configure the SOP and
 * need no case to see how a change would move the figures.
 */
@Injectable()
export class WhatIfService {
  constructor(
    private readonly simulation: SopSimulationService,
    private readonly registry: SopRegistry,
    private readonly repo: WhatIfRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async run(user: CurrentUser, source: SimulationSource, body: unknown, locale: string): Promise<WhatIfResult> {
    const cmd = validateCommand<WhatIfCommand>(WHAT_IF_SCHEMA, body);
    const now = this.clock.now();
    const current = await this.registry.current();
    const published = current.pack;
    const period = parsePeriod(published, cmd);
    const locationPath = cmd.location === undefined ? undefined : locationOf(published, cmd.location);
    const draft = await this.simulation.compiled(source);

    // Live, each case's deadlines follow the version it runs on: the published side does too, so it
    // is the live report's figures; the draft side asks what every case would have had under the draft.
    const versions = new Map<number, CompiledSop>([[current.versionId, current]]);
    const tallies = { published: new ComplianceTally(period.from, period.to, now), draft: new ComplianceTally(period.from, period.to, now) };
    let after: string | null = null;
    for (;;) {
      const page = await this.repo.page(period.to, locationPath, after, PAGE);
      for (const row of page.cases) {
        const history = { snapshot: toSnapshot(row, page.submissions.get(row.id) ?? [], null, page.referrals.get(row.id) ?? []), closedAt: row.closedAt };
        let own = versions.get(row.sopVersionId);
        if (!own) {
          own = await this.registry.get(row.sopVersionId);
          versions.set(row.sopVersionId, own);
        }
        tallies.published.add(replayCaseDeadlines(own.pack, history, now, own.engine.operators));
        tallies.draft.add(replayCaseDeadlines(draft.pack, history, now, draft.engine.operators));
      }
      if (page.cases.length < PAGE) break;
      after = page.cases[page.cases.length - 1].id;
    }

    const threshold = published.reporting.smallCellThreshold;
    const ids = [...new Set([...published.deadlines.map((d) => d.id), ...draft.pack.deadlines.map((d) => d.id)])];
    const deadlines = ids.map((id): WhatIfDeadline => {
      const def = draft.pack.deadlines.find((d) => d.id === id) ?? published.deadlines.find((d) => d.id === id)!;
      const p = shown(tallies.published.result(id), threshold);
      const d = shown(tallies.draft.result(id), threshold);
      return {
        deadline: id,
        label: pickLabel(def.label, locale),
        inPublished: published.deadlines.some((x) => x.id === id),
        inDraft: draft.pack.deadlines.some((x) => x.id === id),
        published: p,
        draft: d,
        change: change(p, d),
      };
    });
    await this.audit.record(
      entryBy(user, {
        action: 'report.what_if',
        caseId: null,
        details: { draft: source.kind === 'draft' ? source.id : null, from: cmd.from, to: cmd.to, location: cmd.location ?? null },
      }),
    );
    const place = cmd.location === undefined ? null : findLocationLabel(published, cmd.location, locale);
    return {
      period: { from: cmd.from, to: cmd.to },
      location: place,
      smallCellThreshold: threshold,
      asOf: now.toISOString(),
      deadlines,
    };
  }
}

/** from/to days in the pack's time zone → [start of from, end of to), as the live reports read a period. */
export function parsePeriod(pack: SopPack, q: { from: string; to: string }): { from: Date; to: Date } {
  const tz = pack.manifest.timezone ?? 'UTC';
  for (const name of ['from', 'to'] as const) {
    if (!isCalendarDate(q[name])) {
      throw new DomainError(WhatIfErrorCode.PeriodInvalid, `${name} must be a day written YYYY-MM-DD, in years ${DATE_YEARS.min} to ${DATE_YEARS.max}.`, {
        errors: [{ path: `/${name}`, message: 'must be a date (YYYY-MM-DD)' }],
      });
    }
  }
  const from = zonedDay(new Date(`${q.from}T12:00:00Z`), tz).start;
  const to = zonedDay(new Date(`${q.to}T12:00:00Z`), tz).end;
  if (from >= to) throw new DomainError(WhatIfErrorCode.PeriodInvalid, '"from" must not be after "to".', { errors: [{ path: '/from', message: 'after to' }] });
  return { from, to };
}

function locationOf(pack: SopPack, code: string): string {
  const path = locationPaths(pack.locations.root).get(code);
  if (!path) {
    throw new DomainError(WhatIfErrorCode.LocationUnknown, `There is no location "${code}" in this SOP.`, {
      errors: [{ path: '/location', message: 'unknown location' }],
    });
  }
  return path;
}

function findLocationLabel(pack: SopPack, code: string, locale: string): { code: string; label: string } {
  const stack = [pack.locations.root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.code === code) return { code, label: pickLabel(node.name, locale) };
    stack.push(...(node.children ?? []));
  }
  return { code, label: code };
}
