import { Injectable } from '@nestjs/common';
import { AuditService, entryBy } from '@app/audit';
import { Clock, DATE_YEARS, DomainError, isCalendarDate, pickLabel, zonedDay } from '@app/core';
import type { CurrentUser } from '@app/identity';
import { locationPaths } from '@app/sop';
import type { SopPack } from '@app/pack-types';
import { SopRegistry } from '@app/sop-registry';
import { DimensionContext, resolveDimension, ResolvedDimension } from './dimensions';
import { findIndicator, packIndicators, ResolvedIndicator } from './indicator-catalogue';
import { buildMeasureSql, Measure, SqlPredicate } from './indicator-sql';
import type { ReportTable } from './report-table';
import { assembleTable, MeasuredRows } from './table-assembly';
import { ReportScopes } from './report-scope';
import { ReportErrorCode } from './reporting.errors';
import { ReportsRepository } from './reports.repository';
import { ReportSnapshots } from './report-snapshots';

export interface IndicatorQuery {
  by?: string[];
  /** First and last day (YYYY-MM-DD, the pack's time zone), both included. */
  from?: string;
  to?: string;
  /** A location code: only cases there or below. */
  location?: string;
}

export interface ReportPeriod {
  from?: Date;
  to?: Date;
}

export const MAX_DIMENSIONS = 2;

/** Indicator tables for a user: scope from the pack's report rules, small cells protected. */
@Injectable()
export class IndicatorsService {
  constructor(
    private readonly registry: SopRegistry,
    private readonly scopes: ReportScopes,
    private readonly repo: ReportsRepository,
    private readonly snapshots: ReportSnapshots,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(user: CurrentUser, locale: string) {
    const now = this.clock.now();
    if (!(await this.scopes.allowed(user, 'read', now))) throw new DomainError(ReportErrorCode.ReportNotPermitted, 'Your role may not see reports.');
    const { pack } = await this.registry.current();
    return packIndicators(pack).map((i) => ({
      id: i.id,
      label: pickLabel(i.label, locale),
      description: i.description ? pickLabel(i.description, locale) : null,
      kind: i.kind,
      unit: i.kind === 'count' ? 'count' : 'percent',
      current: i.current,
    }));
  }

  /** One indicator as a table, audited. */
  async table(user: CurrentUser, locale: string, indicatorId: string, q: IndicatorQuery): Promise<ReportTable> {
    const { pack } = await this.registry.current();
    const indicator = findIndicator(pack, indicatorId);
    const by = parseDimensions(pack, q.by ?? []);
    const table = await this.compute(user, pack, locale, indicator, by, parsePeriod(pack, q), locationFilter(pack, q.location));
    await this.audit.record(
      entryBy(user, {
        action: 'report.view',
        caseId: null,
        details: { indicator: indicatorId, by: q.by ?? [], from: q.from ?? null, to: q.to ?? null, location: q.location ?? null },
      }),
    );
    return table;
  }

  /** The table for one indicator in the user's scope (dashboards and scheduled reports call this too). */
  async compute(
    user: CurrentUser,
    pack: SopPack,
    locale: string,
    indicator: ResolvedIndicator,
    by: ResolvedDimension[],
    period: ReportPeriod,
    locationPath: string | undefined,
    opts: { alwaysSuppress?: boolean; suppress?: boolean } = {},
  ): Promise<ReportTable> {
    const now = this.clock.now();
    if (indicator.current && by.some((d) => d.parsed.kind === 'period')) {
      throw new DomainError(ReportErrorCode.BadReportQuery, `"${indicator.id}" counts cases as they are now; it cannot be split by period.`);
    }
    const fields = [...indicator.fields, ...by.flatMap((d) => (d.kind.field ? [d.kind.field(d.parsed.arg!)] : []))];
    const scope = await this.scopes.scope(user, 'read', now, fields);
    const dated = indicator.current ? {} : period;
    const computedAt: Date[] = [];
    const run = async (measure: Measure, dims: ResolvedDimension[]) => {
      const result = await this.snapshots.aggregate(
        buildMeasureSql(
          pack,
          {
            measure,
            by: dims,
            from: dated.from,
            to: dated.to,
            locationPath,
            scope,
            now,
          },
          locale,
        ),
      );
      computedAt.push(result.computedAt);
      return result.value;
    };
    const rows: MeasuredRows = {
      main: await run(indicator.measure, by),
      denominator: indicator.denominator ? await run(indicator.denominator, by) : undefined,
      // Medians and distinct children cannot be added up from the cells: the total is measured on its own.
      totalMain: indicator.measure.source !== 'cases' && by.length ? await run(indicator.measure, []) : undefined,
    };
    const applies = opts.alwaysSuppress || (opts.suppress ?? (await this.scopes.suppressionApplies(user, now, scope)));
    const workerIds = by.some((d) => d.parsed.kind === 'worker')
      ? [
          ...new Set(
            [...rows.main, ...(rows.denominator ?? [])]
              .flatMap((r) => by.map((d, i) => (d.parsed.kind === 'worker' ? r[`k${i}`] : null)))
              .filter((x): x is string => typeof x === 'string'),
          ),
        ]
      : [];
    const workers = await this.repo.workerNames(workerIds);
    const ctx: DimensionContext = { pack, locale, dateSql: '' };
    const table = assembleTable({
      indicator,
      by,
      rows,
      ctx,
      locale,
      workers,
      threshold: pack.reporting.smallCellThreshold,
      suppress: applies,
      period: { from: dated.from?.toISOString() ?? null, to: dated.to?.toISOString() ?? null },
    });
    // The oldest of the figures the table is made of (report snapshots keep expensive ones for a while).
    return { ...table, asOf: new Date(Math.min(now.getTime(), ...computedAt.map((d) => d.getTime()))).toISOString() };
  }
}

export function parseDimensions(pack: SopPack, ids: string[]): ResolvedDimension[] {
  if (ids.length > MAX_DIMENSIONS) throw new DomainError(ReportErrorCode.BadReportQuery, `At most ${MAX_DIMENSIONS} dimensions at a time.`);
  if (new Set(ids).size !== ids.length) throw new DomainError(ReportErrorCode.BadReportQuery, 'A dimension is listed twice.');
  return ids.map((id) => {
    const d = resolveDimension(id, pack);
    if (!d) {
      throw new DomainError(
        ReportErrorCode.BadReportQuery,
        `"${id}" is not a dimension of this SOP (sex, ageBand, caseType, status, step, risk, worker, location:<level>, period:<month|quarter|year>, answer:<form.field> of a coded, non-sensitive answer).`,
        { errors: [{ path: '/by', message: `unknown dimension "${id}"` }] },
      );
    }
    return d;
  });
}

/** from/to days in the pack's time zone → [start of from, end of to). */
export function parsePeriod(pack: SopPack, q: { from?: string; to?: string }): ReportPeriod {
  const tz = pack.manifest.timezone ?? 'UTC';
  const day = (v: string | undefined, name: string) => {
    if (v === undefined) return undefined;
    // The shared check: 2026-02-31 would otherwise become 3 March, and year 0 a day PostgreSQL reads as 1 BC.
    if (!isCalendarDate(v)) {
      throw new DomainError(ReportErrorCode.BadReportQuery, `${name} must be a day written YYYY-MM-DD, in years ${DATE_YEARS.min} to ${DATE_YEARS.max}.`, {
        errors: [{ path: `/${name}`, message: 'must be a date (YYYY-MM-DD)' }],
      });
    }
    return zonedDay(new Date(`${v}T12:00:00Z`), tz);
  };
  const from = day(q.from, 'from')?.start;
  const to = day(q.to, 'to')?.end;
  if (from && to && from >= to)
    throw new DomainError(ReportErrorCode.BadReportQuery, '"from" must not be after "to".', { errors: [{ path: '/from', message: 'after to' }] });
  return { from, to };
}

export function locationFilter(pack: SopPack, code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  const path = locationPaths(pack.locations.root).get(code);
  if (!path)
    throw new DomainError(ReportErrorCode.BadReportQuery, `There is no location "${code}" in this SOP.`, {
      errors: [{ path: '/location', message: 'unknown location' }],
    });
  return path;
}

export type { SqlPredicate };
