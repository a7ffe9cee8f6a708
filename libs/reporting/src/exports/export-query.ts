import { DomainError } from '@app/core';
import { SqlParams } from '@app/permissions';
import type { SopPack } from '@app/pack-types';
import type { BuiltQuery, SqlPredicate } from '../indicator-sql';
import { locationFilter, parsePeriod } from '../indicators.service';
import { ReportErrorCode } from '../reporting.errors';
import type { ExportPlan } from './export-plans';

/** Filters of a case export (query parameters); days are in the pack's time zone, both included. */
export interface CaseExportFilters {
  caseType?: string;
  status?: string;
  /** A location code: cases there or below. */
  location?: string;
  /** Registration day range, YYYY-MM-DD. */
  from?: string;
  to?: string;
}

export const CASE_STATUSES = ['open', 'paused', 'closed'] as const;

/** Where the keyset walk stands: the last row written, by (registered_at, id). */
export interface ExportCursor {
  /** registered_at as PostgreSQL wrote it: full microsecond precision, unlike a JS Date. */
  at: string;
  id: string;
}

function bad(param: string, message: string): DomainError {
  return new DomainError(ReportErrorCode.BadReportQuery, message, { errors: [{ path: `/${param}`, message }] });
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, '\\$&');

/** The filters as SQL over `c`, checked against the pack (unknown values are 400, not empty files). */
export function exportFilterSql(pack: SopPack, f: CaseExportFilters, now: Date, deidentified = false): SqlPredicate {
  if (deidentified) checkCoarseFilters(pack, f);
  const p = new SqlParams(now, 'xf');
  const where: string[] = [];
  if (f.caseType !== undefined) {
    if (!pack.manifest.caseTypes.some((t) => t.id === f.caseType)) throw bad('caseType', `There is no case type "${f.caseType}" in this SOP.`);
    where.push(`c.case_type = ${p.add(f.caseType)}`);
  }
  if (f.status !== undefined) {
    if (!(CASE_STATUSES as readonly string[]).includes(f.status)) throw bad('status', `status must be one of ${CASE_STATUSES.join(', ')}.`);
    where.push(`c.status = ${p.add(f.status)}`);
  }
  const path = locationFilter(pack, f.location);
  if (path) where.push(`c.location_path LIKE ${p.add(`${escapeLike(path)}%`)}`);
  const period = parsePeriod(pack, f);
  if (period.from) where.push(`c.registered_at >= ${p.add(period.from)}`);
  if (period.to) where.push(`c.registered_at < ${p.add(period.to)}`);
  return { sql: where.length ? `(${where.join(' AND ')})` : 'TRUE', params: p.values };
}

/**
 * The de-identified export's filters are as coarse as its columns: whole months and places at or
 * above its location level. Otherwise one export per day or per village, joined on the stable
 * pseudonym, would give back each child's exact registration day and place.
 */
function checkCoarseFilters(pack: SopPack, f: CaseExportFilters): void {
  if (f.from !== undefined && !/^\d{4}-\d{2}-01$/.test(f.from))
    throw bad('from', 'The de-identified export is filtered by whole months: "from" must be the first day of a month.');
  if (f.to !== undefined) {
    const next = new Date(`${f.to}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(f.to) || Number.isNaN(next.getTime()) || next.getUTCDate() !== 1) {
      throw bad('to', 'The de-identified export is filtered by whole months: "to" must be the last day of a month.');
    }
  }
  if (f.location !== undefined) {
    const level = pack.reporting.deidentifiedExport.locationLevel;
    const levels = pack.locations.levels;
    const code = f.location;
    const find = (n: SopPack['locations']['root']): string | undefined => (n.code === code ? n.level : (n.children ?? []).map(find).find(Boolean));
    const at = find(pack.locations.root);
    if (at !== undefined && (!level || levels.indexOf(at) > levels.indexOf(level))) {
      throw bad(
        'location',
        level
          ? `The de-identified export is filtered by places at the ${level} level or above.`
          : 'The de-identified export of this SOP has no places: it cannot be filtered by one.',
      );
    }
  }
}

/**
 * One batch of the keyset walk in registration order: the rows after `after`, at most `limit`.
 * Each batch is its own short query (no transaction or cursor held open while a slow client
 * downloads); (registered_at, id) is unique, so no row is skipped or repeated between batches.
 *
 * The batch's ids are chosen first (an index walk in order that stops at `limit`, or a top-N sort
 * of narrow rows), then only those cases are read by primary key and get their columns: an
 * array of ids keeps the planner on the key (a join there invited a scan of the whole table per
 * batch), and the readability flags and labels are computed for `limit` rows only.
 */
export function exportBatchSql(plan: ExportPlan, where: SqlPredicate, after: ExportCursor | null, limit: number): BuiltQuery {
  const columns = plan.columns.map((c, i) => `${c.sql} AS v${i}`).join(', ');
  const keyset = after ? ' AND (c.registered_at, c.id) > (:xk_at::timestamptz, :xk_id::uuid)' : '';
  const batch = `SELECT c.id FROM cases c WHERE ${where.sql}${keyset} ORDER BY c.registered_at, c.id LIMIT ${Math.max(1, Math.floor(limit))}`;
  return {
    sql:
      `SELECT c.id::text AS k_id, c.registered_at::text AS k_at, ${columns} FROM cases c${plan.joins}` +
      ` WHERE c.id = ANY(ARRAY(${batch})) ORDER BY c.registered_at, c.id`,
    params: { ...plan.params, ...where.params, ...(after ? { xk_at: after.at, xk_id: after.id } : {}) },
  };
}

export function exportCountSql(where: SqlPredicate): BuiltQuery {
  return { sql: `SELECT count(*)::int AS n FROM cases c WHERE ${where.sql}`, params: where.params };
}
