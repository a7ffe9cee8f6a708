import { SqlParams } from '@app/permissions';
import type { CaseFilterDef, CountIndicatorDef, SopPack } from '@app/pack-types';
import { DimensionContext, ResolvedDimension, splitAnswer } from './dimensions';

/** A case predicate (cases aliased `c`) with its named parameters. */
export interface SqlPredicate {
  sql: string;
  params: Record<string, unknown>;
}

/** What is measured: the rows counted and the instant each is dated by. */
export type Measure =
  | { source: 'cases'; where?: CaseFilterDef }
  | { source: 'events'; where?: CaseFilterDef; events: string[]; eventData?: Record<string, unknown> }
  | { source: 'deadlines'; deadlineId: string };

export interface MeasureQuery {
  measure: Measure;
  by: ResolvedDimension[];
  /** Rows dated in [from, to). */
  from?: Date;
  to?: Date;
  /** Only cases at or below this location path. */
  locationPath?: string;
  /** The user's scope over cases (report rules ∩ case read rules ∩ answers read). */
  scope: SqlPredicate;
  now: Date;
}

export interface BuiltQuery {
  sql: string;
  params: Record<string, unknown>;
}

const DATE_SQL: Record<Measure['source'], string> = { cases: 'c.registered_at', events: 'e.at', deadlines: 'd.due_at' };

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, '\\$&');
}

/** The filter of a count indicator as SQL over `c`. */
export function caseFilterSql(where: CaseFilterDef | undefined, p: SqlParams): string[] {
  if (!where) return [];
  const out: string[] = [];
  const list = (column: string, values?: string[]) => {
    if (values?.length) out.push(`${column} = ANY(${p.add(values)}::text[])`);
  };
  list('c.case_type', where.caseType);
  list('c.status', where.status);
  list('c.step', where.step);
  list('c.risk', where.risk);
  for (const [path, values] of Object.entries(where.answers ?? {})) {
    const [formId, field] = splitAnswer(path);
    out.push(`(c.answers -> ${p.add(formId)} ->> ${p.add(field)}) = ANY(${p.add(values.map(String))}::text[])`);
  }
  return out;
}

/** Answers an indicator filters on: a user is counted only the cases where they may read them. */
export function filterFields(where: CaseFilterDef | undefined): Array<{ formId: string; field: string }> {
  return Object.keys(where?.answers ?? {}).map((path) => {
    const [formId, field] = splitAnswer(path);
    return { formId, field };
  });
}

/**
 * One grouped aggregate: `k0`, `k1`... (dimension keys as text) and `n` (rows counted), plus for
 * deadlines `met`, `late`, `missed`, `open_overdue` and `median_delay_hours` (kept late ones, and
 * still-open ones up to now).
 */
export function buildMeasureSql(pack: SopPack, q: MeasureQuery, locale: string): BuiltQuery {
  const p = new SqlParams(q.now, 'rq');
  const m = q.measure;
  const ctx: DimensionContext = { pack, locale, dateSql: DATE_SQL[m.source] };
  const keys = q.by.map((d, i) => `${d.kind.sql(d.parsed.arg, ctx)} AS k${i}`);
  const where: string[] = [q.scope.sql];
  let from: string;
  let measures = 'count(*)::int AS n';
  if (m.source === 'cases') {
    from = 'cases c';
    where.push(...caseFilterSql(m.where, p));
  } else if (m.source === 'events') {
    from = 'case_events e JOIN cases c ON c.id = e.case_id';
    // One child may be behind several events: small-cell protection also looks at the children.
    measures += ', count(DISTINCT c.id)::int AS cases';
    where.push(`e.type = ANY(${p.add(m.events)}::text[])`);
    if (m.eventData && Object.keys(m.eventData).length) where.push(`e.data @> ${p.add(JSON.stringify(m.eventData))}::jsonb`);
    where.push(...caseFilterSql(m.where, p));
  } else {
    from = 'deadlines d JOIN cases c ON c.id = d.case_id';
    const now = p.nowParam();
    // Due deadlines only: kept on time (met), kept late, missed (never kept), or still open past their
    // time. Cancelled ones stopped applying before they fell due: not counted.
    where.push(`d.definition_id = ${p.add(m.deadlineId)}`, `(d.status IN ('met', 'late', 'missed') OR (d.status = 'open' AND d.due_at <= ${now}))`);
    measures +=
      `, count(DISTINCT c.id)::int AS cases, count(*) FILTER (WHERE d.status = 'met')::int AS met` +
      `, count(*) FILTER (WHERE d.status = 'late')::int AS late, count(*) FILTER (WHERE d.status = 'missed')::int AS missed` +
      `, count(*) FILTER (WHERE d.status = 'open')::int AS open_overdue` +
      // A missed deadline was never kept: its closing time says when it stopped applying, not a delay.
      `, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM (COALESCE(d.closed_at, ${now}) - d.due_at)) / 3600.0)` +
      ` FILTER (WHERE d.status IN ('late', 'open')) AS median_delay_hours`;
  }
  if (q.from) where.push(`${ctx.dateSql} >= ${p.add(q.from)}`);
  if (q.to) where.push(`${ctx.dateSql} < ${p.add(q.to)}`);
  if (q.locationPath) where.push(`c.location_path LIKE ${p.add(`${escapeLike(q.locationPath)}%`)}`);
  const group = q.by.length ? ` GROUP BY ${q.by.map((_, i) => `k${i}`).join(', ')}` : '';
  const sql = `SELECT ${[...keys, measures].join(', ')} FROM ${from} WHERE ${where.join(' AND ')}${group}`;
  return { sql, params: { ...q.scope.params, ...p.values } };
}

/** The measure of a declared count indicator. */
export function countMeasure(def: CountIndicatorDef): Measure {
  return def.of === 'events'
    ? { source: 'events', where: def.where, events: def.events ?? [], eventData: def.eventData }
    : { source: 'cases', where: def.where };
}
