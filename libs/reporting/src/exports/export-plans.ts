import { pickLabel } from '@app/core';
import type { CurrentUser } from '@app/identity';
import { SqlParams } from '@app/permissions';
import type { CaseTypeDef, SopPack } from '@app/pack-types';
import { DimensionContext, levelName, splitAnswer } from '../dimensions';
import type { SqlPredicate } from '../indicator-sql';
import type { ReportScopes } from '../report-scope';
import { answerFormatter, DIMENSION_KINDS, dimensionLabels, fieldHeader, fieldSchema, Formatter, HEADERS, locationNames } from './export-labels';

export type CaseExportKind = 'cases' | 'deidentified';

/** One column: its SQL over `c` (cases), `u` (assigned worker) and `fr` (readability flags). */
export interface ExportColumn {
  /** Stable id for the audit entry: a fixed column's name or the answer's `form.field`. */
  id: string;
  header: string;
  sql: string;
  format?: Formatter;
}

export interface ExportPlan {
  kind: CaseExportKind;
  columns: ExportColumn[];
  /** Joins after the batch of cases `c` that the columns need (the worker `u`, the flags `fr`). */
  joins: string;
  params: Record<string, unknown>;
  /** The answers carried (`form.field`), recorded in the audit entry. */
  fields: string[];
}

/**
 * Whether the user may read each answer, per case, as boolean columns computed once per row in a
 * LATERAL subquery (`OFFSET 0` keeps the planner from copying each predicate into every CASE that
 * uses it). Fields granted by the same rules share one flag: in practice a handful of predicates
 * serve all the answer columns, which keeps a 100,000-row export cheap.
 */
class ReadabilityFlags {
  private readonly byKey = new Map<string, string>();
  private readonly exprs: string[] = [];
  readonly params: Record<string, unknown> = {};
  private n = 0;

  constructor(
    private readonly scopes: ReportScopes,
    private readonly user: CurrentUser,
    private readonly now: Date,
  ) {}

  /** SQL true on the cases where the user may read `form.field`. */
  async of(path: string): Promise<string> {
    const [formId, field] = splitAnswer(path);
    const prefix = `xr${this.n++}_`;
    const pred: SqlPredicate = await this.scopes.fieldReadable(this.user, this.now, { formId, field }, prefix);
    if (pred.sql === 'FALSE') return 'FALSE';
    // Same rules → same SQL once the parameter prefix is set aside.
    const key = JSON.stringify([
      pred.sql.split(`:${prefix}`).join(':~'),
      Object.entries(pred.params).map(([k, v]) => [k.slice(prefix.length), v instanceof Date ? v.toISOString() : v]),
    ]);
    let ref = this.byKey.get(key);
    if (!ref) {
      ref = `fr.r${this.exprs.length}`;
      this.exprs.push(`${pred.sql} AS r${this.exprs.length}`);
      Object.assign(this.params, pred.params);
      this.byKey.set(key, ref);
    }
    return ref;
  }

  /** The case's copy of an answer (risk, sex) is readable where its source answer is, per case type. */
  async ofCopy(pack: SopPack, source: (t: CaseTypeDef) => string | undefined, p: SqlParams): Promise<string> {
    const typesByPath = new Map<string, string[]>();
    for (const t of pack.manifest.caseTypes) {
      const path = source(t);
      if (path) typesByPath.set(path, [...(typesByPath.get(path) ?? []), t.id]);
    }
    const parts: string[] = [];
    for (const [path, types] of typesByPath) {
      const flag = await this.of(path);
      if (flag !== 'FALSE') parts.push(`(c.case_type = ANY(${p.add(types)}::text[]) AND ${flag})`);
    }
    return parts.length ? `(${parts.join(' OR ')})` : 'FALSE';
  }

  lateral(): string {
    return this.exprs.length ? ` CROSS JOIN LATERAL (SELECT ${this.exprs.join(', ')} OFFSET 0) fr` : '';
  }
}

interface PlanInput {
  pack: SopPack;
  locale: string;
  user: CurrentUser;
  now: Date;
  scopes: ReportScopes;
}

const answerSql = (p: SqlParams, path: string) => {
  const [formId, field] = splitAnswer(path);
  return `(c.answers -> ${p.add(formId)} ->> ${p.add(field)})`;
};

/** Common columns: the case's type, status and step as labels. */
function caseColumns(ctx: DimensionContext, tr: (h: keyof typeof HEADERS) => string): ExportColumn[] {
  return (['caseType', 'status', 'step'] as const).map((k) => ({
    id: k,
    header: tr(k),
    sql: DIMENSION_KINDS[k].sql(undefined, ctx),
    format: dimensionLabels(DIMENSION_KINDS[k], ctx),
  }));
}

/** What both plans start from: parameters, readability flags, labels and the pack's time zone. */
function planBasics(input: PlanInput) {
  const { pack, locale } = input;
  const p = new SqlParams(input.now, 'xq');
  const flags = new ReadabilityFlags(input.scopes, input.user, input.now);
  const ctx: DimensionContext = { pack, locale, dateSql: 'c.registered_at' };
  const tr = (h: keyof typeof HEADERS) => pickLabel(HEADERS[h], locale);
  const tz = p.add(pack.manifest.timezone ?? 'UTC');
  return { pack, locale, p, flags, ctx, tr, tz };
}

/**
 * The case list: who and where, for people who may export their own or their team's cases. Each
 * answer column holds the answer only where the user may read it on that case (the field rules,
 * sensitive fields included, decide per case in SQL); the risk level likewise follows its source.
 */
export async function caseListPlan(input: PlanInput): Promise<ExportPlan> {
  const { pack, locale, p, flags, ctx, tr, tz } = planBasics(input);
  const when = (col: string) => `to_char(${col} AT TIME ZONE ${tz}, 'YYYY-MM-DD HH24:MI')`;
  const risk = await flags.ofCopy(pack, (t) => t.riskField, p);
  const columns: ExportColumn[] = [
    { id: 'caseNumber', header: tr('caseNumber'), sql: 'c.case_number' },
    ...caseColumns(ctx, tr),
    { id: 'risk', header: tr('risk'), sql: `CASE WHEN ${risk} THEN c.risk END`, format: dimensionLabels(DIMENSION_KINDS.risk, ctx) },
    { id: 'registeredAt', header: tr('registeredAt'), sql: when('c.registered_at') },
    { id: 'closedAt', header: tr('closedAt'), sql: when('c.closed_at') },
    { id: 'locationCode', header: tr('locationCode'), sql: 'c.location_code' },
    { id: 'locationName', header: tr('locationName'), sql: 'c.location_code', format: locationNames(pack, locale) },
    // Staff, not children: the worker's name is part of a case list.
    { id: 'worker', header: tr('worker'), sql: 'u.display_name' },
  ];
  const fields = pack.reporting.caseExport.fields;
  for (const path of fields) {
    const [formId, field] = splitAnswer(path);
    columns.push({
      id: path,
      header: fieldHeader(pack, locale, formId, field),
      sql: `CASE WHEN ${await flags.of(path)} THEN ${answerSql(p, path)} END`,
      format: answerFormatter(pack, locale, formId, field),
    });
  }
  return {
    kind: 'cases',
    columns: uniqueHeaders(columns, pack, locale),
    fields,
    joins: ` LEFT JOIN users u ON u.id = c.assigned_to${flags.lateral()}`,
    params: { ...p.values, ...flags.params },
  };
}

/**
 * The de-identified case-level export for analysts: a pseudonym instead of the case number (an
 * HMAC of the case id under a key that never leaves PostgreSQL, see the 1765800000000 migration),
 * age as a band, months instead of dates, location no finer than the pack's level, and only the
 * pack's coded answers (the pack validator refuses free text and sensitive fields there), each
 * where the user may read it. No name, case number, worker, free text or exact date.
 */
export async function deidentifiedPlan(input: PlanInput): Promise<ExportPlan> {
  const { pack, locale, p, flags, ctx, tr, tz } = planBasics(input);
  const month = (col: string) => `to_char(${col} AT TIME ZONE ${tz}, 'YYYY-MM')`;
  const risk = await flags.ofCopy(pack, (t) => t.riskField, p);
  const sex = await flags.ofCopy(pack, (t) => t.identity?.sex, p);
  const columns: ExportColumn[] = [
    { id: 'pseudonym', header: tr('pseudonym'), sql: 'report_pseudonym(c.id)' },
    ...caseColumns(ctx, tr),
    { id: 'risk', header: tr('risk'), sql: `CASE WHEN ${risk} THEN c.risk END`, format: dimensionLabels(DIMENSION_KINDS.risk, ctx) },
    { id: 'sex', header: tr('sex'), sql: `CASE WHEN ${sex} THEN c.sex END`, format: dimensionLabels(DIMENSION_KINDS.sex, ctx) },
    // The band, like the aggregates' ageBand dimension that the same grant opens: never the date of birth.
    { id: 'ageBand', header: tr('ageBand'), sql: DIMENSION_KINDS.ageBand.sql(undefined, ctx), format: dimensionLabels(DIMENSION_KINDS.ageBand, ctx) },
    { id: 'registeredMonth', header: tr('registeredMonth'), sql: month('c.registered_at') },
    { id: 'closedMonth', header: tr('closedMonth'), sql: month('c.closed_at') },
  ];
  // Without a level, no location at all: the safe reading of "coarsened to nothing declared".
  const level = pack.reporting.deidentifiedExport.locationLevel;
  if (level && pack.locations.levels.includes(level)) {
    const code = DIMENSION_KINDS.location.sql(level, ctx);
    columns.push(
      { id: `location:${level}`, header: `${tr('locationCode')} (${levelName(level, locale)})`, sql: code },
      { id: `locationName:${level}`, header: `${tr('locationName')} (${levelName(level, locale)})`, sql: code, format: locationNames(pack, locale) },
    );
  }
  const fields = pack.reporting.deidentifiedExport.fields;
  for (const path of fields) {
    const [formId, field] = splitAnswer(path);
    const s = fieldSchema(pack, formId, field);
    const isDate = s?.type === 'string' && (s.format === 'date' || s.format === 'date-time');
    // Dates keep their month only (YYYY-MM); anything not shaped like a date is dropped, not guessed at.
    const value = isDate ? `substring(${answerSql(p, path)} from '^[0-9]{4}-[0-9]{2}')` : answerSql(p, path);
    columns.push({
      id: path,
      header: fieldHeader(pack, locale, formId, field),
      sql: `CASE WHEN ${await flags.of(path)} THEN ${value} END`,
      format: isDate ? undefined : answerFormatter(pack, locale, formId, field),
    });
  }
  return { kind: 'deidentified', columns: uniqueHeaders(columns, pack, locale), fields, joins: flags.lateral(), params: { ...p.values, ...flags.params } };
}

/** Two answers with the same label (a "Date" in two forms) get their form's title to tell them apart. */
function uniqueHeaders(columns: ExportColumn[], pack: SopPack, locale: string): ExportColumn[] {
  const counts = new Map<string, number>();
  for (const c of columns) counts.set(c.header, (counts.get(c.header) ?? 0) + 1);
  return columns.map((c) => {
    if ((counts.get(c.header) ?? 0) < 2 || !c.id.includes('.')) return c;
    const form = pack.forms.find((f) => f.id === splitAnswer(c.id)[0]);
    return { ...c, header: `${form ? pickLabel(form.title, locale) : splitAnswer(c.id)[0]}: ${c.header}` };
  });
}
