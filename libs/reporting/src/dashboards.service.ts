import { Injectable } from '@nestjs/common';
import { AuditService, entryBy } from '@app/audit';
import { Clock, DomainError, pickLabel, zonedDay } from '@app/core';
import { ReadReplica, type ReadSource } from '@app/database';
import type { CurrentUser } from '@app/identity';
import type { DashboardDef, SopPack } from '@app/pack-types';
import { SopRegistry } from '@app/sop-registry';
import { findIndicator } from './indicator-catalogue';
import { IndicatorsService, locationFilter, parseDimensions, parsePeriod, ReportPeriod } from './indicators.service';
import type { ReportTable } from './report-table';
import { ReportScopes } from './report-scope';
import { ReportErrorCode } from './reporting.errors';

export interface DashboardQuery {
  from?: string;
  to?: string;
  location?: string;
}

export interface DashboardView {
  dashboard: { id: string; label: string; description: string | null };
  period: { from: string | null; to: string | null };
  widgets: Array<{ title: string; chart: string; by: string[]; table: ReportTable }>;
  /** When the oldest of its figures was computed (ISO instant): expensive figures are kept a while (report snapshots). */
  asOf: string;
}

/** A dashboard as served: with where its figures were read (a replica and its lag, or the primary). */
export type ServedDashboard = DashboardView & { source: ReadSource };

/** The pack's dashboards for a user's roles, each widget computed in the user's own report scope. */
@Injectable()
export class DashboardsService {
  constructor(
    private readonly registry: SopRegistry,
    private readonly indicators: IndicatorsService,
    private readonly scopes: ReportScopes,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly reads: ReadReplica,
  ) {}

  async list(user: CurrentUser, locale: string) {
    if (!(await this.scopes.allowed(user, 'read', this.clock.now())))
      throw new DomainError(ReportErrorCode.ReportNotPermitted, 'Your role may not see reports.');
    const { pack } = await this.registry.current();
    return visibleDashboards(pack, user).map((d) => ({
      id: d.id,
      label: pickLabel(d.label, locale),
      description: d.description ? pickLabel(d.description, locale) : null,
      months: d.months ?? null,
      widgets: d.widgets.length,
    }));
  }

  async view(user: CurrentUser, locale: string, id: string, q: DashboardQuery): Promise<ServedDashboard> {
    const { pack } = await this.registry.current();
    const view = await this.reads.serve(() =>
      this.compute(user, pack, locale, id, defaultPeriod(pack, id, q, this.clock.now()), locationFilter(pack, q.location)),
    );
    // The view is audited on the primary, like every audit entry.
    await this.audit.record(
      entryBy(user, {
        action: 'report.dashboard_view',
        caseId: null,
        details: { dashboard: id, from: view.period.from, to: view.period.to, location: q.location ?? null },
      }),
    );
    return view;
  }

  /** Not audited: callers (view, scheduled reports) record what they do with it. */
  async compute(
    user: CurrentUser,
    pack: SopPack,
    locale: string,
    id: string,
    period: ReportPeriod,
    locationPath?: string,
    opts: { alwaysSuppress?: boolean } = {},
  ): Promise<DashboardView> {
    if (!(await this.scopes.allowed(user, 'read', this.clock.now())))
      throw new DomainError(ReportErrorCode.ReportNotPermitted, 'Your role may not see reports.');
    const def = visibleDashboards(pack, user).find((d) => d.id === id);
    if (!def) throw new DomainError(ReportErrorCode.UnknownDashboard, `There is no dashboard "${id}" for your role.`);
    // Whether small cells are hidden is decided once, over the user's whole scope: a widget's
    // scope is that or narrower, so the answer holds for every widget (and is not re-scanned each time).
    const now = this.clock.now();
    const suppress = opts.alwaysSuppress || (await this.scopes.suppressionApplies(user, now, await this.scopes.scope(user, 'read', now)));
    // Widgets are independent queries: run together, PostgreSQL works on them in parallel.
    const widgets: DashboardView['widgets'] = await Promise.all(
      def.widgets.map(async (w) => {
        const indicator = findIndicator(pack, w.indicator);
        const table = await this.indicators.compute(user, pack, locale, indicator, parseDimensions(pack, w.by ?? []), period, locationPath, { suppress });
        return {
          title: w.title ? pickLabel(w.title, locale) : table.indicator.label,
          chart: w.chart ?? (w.by?.length ? 'bar' : 'number'),
          by: w.by ?? [],
          table,
        };
      }),
    );
    return {
      dashboard: { id: def.id, label: pickLabel(def.label, locale), description: def.description ? pickLabel(def.description, locale) : null },
      period: { from: period.from?.toISOString() ?? null, to: period.to?.toISOString() ?? null },
      widgets,
      asOf: widgets.map((w) => w.table.asOf ?? now.toISOString()).reduce((a, b) => (b < a ? b : a), now.toISOString()),
    };
  }
}

export function visibleDashboards(pack: SopPack, user: CurrentUser): DashboardDef[] {
  return pack.reporting.dashboards.filter((d) => d.roles.some((r) => user.roles.includes(r)));
}

/** The asked period, else the dashboard's last N months (from the first day of the month, pack time zone). */
function defaultPeriod(pack: SopPack, id: string, q: DashboardQuery, now: Date): ReportPeriod {
  if (q.from || q.to) return parsePeriod(pack, q);
  const months = pack.reporting.dashboards.find((d) => d.id === id)?.months;
  if (!months) return {};
  const today = zonedDay(now, pack.manifest.timezone ?? 'UTC').day;
  const [y, m] = today.split('-').map(Number);
  const start = new Date(Date.UTC(y, m - 1 - (months - 1), 1));
  return parsePeriod(pack, { from: start.toISOString().slice(0, 10) });
}
