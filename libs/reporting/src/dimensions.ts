import { pickLabel } from '@app/core';
import type { SopPack, Translated } from '@app/pack-types';
import { fieldOptions, offersPlaces } from '@app/forms';
import { parseDimension, type ParsedDimension } from '@app/sop';

/** What a dimension needs to write its SQL and label its values. */
export interface DimensionContext {
  pack: SopPack;
  locale: string;
  /** SQL of the instant a measured row is dated by (registration, event time, due time). */
  dateSql: string;
}

export interface DimensionValue {
  key: string | null;
  label: string;
}

/** One way of splitting a count; SQL over the cases table aliased `c`. */
export interface DimensionKind {
  sql(arg: string | undefined, ctx: DimensionContext): string;
  label(arg: string | undefined, ctx: DimensionContext): string;
  /** Every value in display order (zero rows are shown for them), or null when only the values found are shown. */
  values(arg: string | undefined, ctx: DimensionContext): DimensionValue[] | null;
  /** Label of one value found (for dimensions without a fixed list, or values outside it). */
  valueLabel(key: string | null, arg: string | undefined, ctx: DimensionContext): string;
  /** The answer a user must be allowed to read for the case to be counted (answer dimensions). */
  field?(arg: string): { formId: string; field: string };
}

const T = (en: string, fr: string, ro: string, ar: string): Translated => ({ en, fr, ro, ar });
const NOT_RECORDED = T('Not recorded', 'Non renseigné', 'Neînregistrat', 'غير مسجّل');
const STATUS_LABELS: Record<string, Translated> = {
  open: T('Active', 'Actif', 'Activ', 'نشطة'),
  paused: T('Pending', 'En attente', 'În așteptare', 'معلّقة'),
  closed: T('Closed', 'Clôturé', 'Închis', 'مغلقة'),
};
const YES_NO: Record<string, Translated> = { true: T('Yes', 'Oui', 'Da', 'نعم'), false: T('No', 'Non', 'Nu', 'لا') };
// locations.json names its levels by code only: the usual ones are named here, others shown as their code.
const LEVEL_NAMES: Record<string, Translated> = {
  country: T('country', 'pays', 'țară', 'البلد'),
  region: T('region', 'région', 'regiune', 'المنطقة'),
  province: T('province', 'province', 'provincie', 'المحافظة'),
  district: T('district', 'district', 'raion', 'المقاطعة'),
  municipality: T('municipality', 'municipalité', 'municipiu', 'البلدية'),
  community: T('community', 'commune', 'comunitate', 'البلدية'),
  village: T('village', 'village', 'sat', 'القرية'),
};

/** A location level's name in the user's language (its code when it is not a usual one). */
export function levelName(level: string, locale: string): string {
  return Object.prototype.hasOwnProperty.call(LEVEL_NAMES, level) ? pickLabel(LEVEL_NAMES[level], locale) : level;
}

function optionValues(ctx: DimensionContext, schema: Record<string, any>): DimensionValue[] | null {
  const options = fieldOptions(schema, ctx.pack);
  return options ? options.map((o) => ({ key: String(o.value), label: pickLabel(o.label, ctx.locale) })) : null;
}

function fieldSchema(ctx: DimensionContext, path: string | undefined): any {
  if (!path) return undefined;
  const dot = path.indexOf('.');
  const form = ctx.pack.forms.find((f) => f.id === path.slice(0, dot));
  return (form?.schema as any)?.properties?.[path.slice(dot + 1)];
}

/** Values of a coded answer: its option list, enum, or yes/no; the pack's places only when asked for labels (a report lists the places found, not a country's every one). */
function answerValues(ctx: DimensionContext, path: string | undefined, forLabels = true): DimensionValue[] | null {
  const s = fieldSchema(ctx, path);
  if (!s) return null;
  if (!forLabels && offersPlaces(s, ctx.pack)) return null;
  if (s.type === 'boolean') return ['true', 'false'].map((k) => ({ key: k, label: pickLabel(YES_NO[k], ctx.locale) }));
  if (Array.isArray(s.enum)) {
    const labels = s['x-enumLabels'] ?? {};
    return s.enum.map((v: unknown) => ({ key: String(v), label: labels[String(v)] ? pickLabel(labels[String(v)], ctx.locale) : String(v) }));
  }
  return typeof s['x-optionList'] === 'string' ? optionValues(ctx, s) : null;
}

const fromList =
  (values: (arg: string | undefined, ctx: DimensionContext) => DimensionValue[] | null) =>
  (key: string | null, arg: string | undefined, ctx: DimensionContext) =>
    key === null ? pickLabel(NOT_RECORDED, ctx.locale) : (values(arg, ctx)?.find((v) => v.key === key)?.label ?? key);

/** Identity sex field's option list (the first case type that declares one). */
function sexValues(_a: string | undefined, ctx: DimensionContext): DimensionValue[] | null {
  const path = ctx.pack.manifest.caseTypes.find((c) => c.identity?.sex)?.identity?.sex;
  return answerValues(ctx, path);
}

function ageBandValues(_a: string | undefined, ctx: DimensionContext): DimensionValue[] {
  const b = ctx.pack.reporting.ageBands;
  return b.map((low, i) => ({ key: String(low), label: i + 1 < b.length ? `${low}–${b[i + 1] - 1}` : `${low}+` }));
}

function riskValues(_a: string | undefined, ctx: DimensionContext): DimensionValue[] | null {
  const path = ctx.pack.manifest.caseTypes.find((c) => c.riskField)?.riskField;
  return answerValues(ctx, path);
}

function locationIndex(arg: string | undefined, ctx: DimensionContext): number {
  return ctx.pack.locations.levels.indexOf(arg ?? '');
}

function locationName(code: string, ctx: DimensionContext): string {
  const walk = (n: SopPack['locations']['root']): Translated | undefined => (n.code === code ? n.name : (n.children ?? []).map(walk).find(Boolean));
  const name = walk(ctx.pack.locations.root);
  return name ? pickLabel(name, ctx.locale) : code;
}

/** SQL literal of a small, validated token (a level index or a period format). */
const PERIOD_FORMAT: Record<string, string> = { month: 'YYYY-MM', quarter: 'YYYY-"Q"Q', year: 'YYYY' };

/**
 * The dimension vocabulary (ids parsed by @app/sop parseDimension; the pack validator checks them).
 * Adding a dimension means adding an entry here and to PLAIN_DIMENSIONS.
 */
export const DIMENSION_KINDS: Readonly<Record<ParsedDimension['kind'], DimensionKind>> = {
  sex: {
    sql: () => 'c.sex',
    label: (_a, ctx) => pickLabel(T('Sex', 'Sexe', 'Sexul', 'الجنس'), ctx.locale),
    values: sexValues,
    valueLabel: fromList(sexValues),
  },
  ageBand: {
    sql: (_a, ctx) => {
      const b = ctx.pack.reporting.ageBands;
      const age = `date_part('year', age((c.registered_at AT TIME ZONE 'UTC')::date, c.date_of_birth))`;
      const whens = b
        .slice(1)
        .map((upper, i) => `WHEN ${age} < ${Number(upper)} THEN '${Number(b[i])}'`)
        .join(' ');
      return `(CASE WHEN c.date_of_birth IS NULL THEN NULL ${whens} ELSE '${Number(b[b.length - 1])}' END)`;
    },
    label: (_a, ctx) => pickLabel(T('Age at registration', "Âge à l'enregistrement", 'Vârsta la înregistrare', 'العمر عند التسجيل'), ctx.locale),
    values: ageBandValues,
    valueLabel: fromList(ageBandValues),
  },
  caseType: {
    sql: () => 'c.case_type',
    label: (_a, ctx) => pickLabel(T('Case type', 'Type de cas', 'Tipul cazului', 'نوع الحالة'), ctx.locale),
    values: (_a, ctx) => ctx.pack.manifest.caseTypes.map((c) => ({ key: c.id, label: pickLabel(c.label, ctx.locale) })),
    valueLabel: (k, _a, ctx) => pickLabel(ctx.pack.manifest.caseTypes.find((c) => c.id === k)?.label, ctx.locale) || String(k),
  },
  status: {
    sql: () => 'c.status',
    label: (_a, ctx) => pickLabel(T('Status', 'Statut', 'Statut', 'الحالة الإدارية'), ctx.locale),
    values: (_a, ctx) => Object.entries(STATUS_LABELS).map(([k, l]) => ({ key: k, label: pickLabel(l, ctx.locale) })),
    valueLabel: (k, _a, ctx) => pickLabel(STATUS_LABELS[k ?? ''], ctx.locale) || String(k),
  },
  step: {
    sql: () => 'c.step',
    label: (_a, ctx) => pickLabel(T('Step', 'Étape', 'Etapa', 'المرحلة'), ctx.locale),
    values: (_a, ctx) => ctx.pack.workflow.steps.map((s) => ({ key: s.id, label: pickLabel(s.label, ctx.locale) })),
    valueLabel: (k, _a, ctx) => pickLabel(ctx.pack.workflow.steps.find((s) => s.id === k)?.label, ctx.locale) || String(k),
  },
  risk: {
    sql: () => 'c.risk',
    label: (_a, ctx) => pickLabel(T('Risk level', 'Niveau de risque', 'Nivelul de risc', 'مستوى الخطورة'), ctx.locale),
    values: riskValues,
    valueLabel: fromList(riskValues),
  },
  // Staff, not children: names come from the users table (see ReportsRepository.workerNames).
  worker: {
    sql: () => 'c.assigned_to::text',
    label: (_a, ctx) => pickLabel(T('Worker', 'Travailleur', 'Asistent', 'المسؤول عن الحالة'), ctx.locale),
    values: () => null,
    valueLabel: (k, _a, ctx) => (k === null ? pickLabel(T('Unassigned', 'Non attribué', 'Neatribuit', 'غير مُسندة'), ctx.locale) : k),
  },
  location: {
    sql: (arg, ctx) => `NULLIF(split_part(c.location_path, '/', ${locationIndex(arg, ctx) + 1}), '')`,
    label: (arg, ctx) => pickLabel(T('Location', 'Lieu', 'Localitatea', 'المكان'), ctx.locale) + (arg ? ` (${levelName(arg, ctx.locale)})` : ''),
    values: () => null,
    valueLabel: (k, _a, ctx) => (k === null ? pickLabel(NOT_RECORDED, ctx.locale) : locationName(k, ctx)),
  },
  period: {
    sql: (arg, ctx) =>
      `to_char(${ctx.dateSql} AT TIME ZONE '${(ctx.pack.manifest.timezone ?? 'UTC').replace(/'/g, '')}', '${PERIOD_FORMAT[arg ?? 'month'] ?? PERIOD_FORMAT.month}')`,
    label: (_a, ctx) => pickLabel(T('Period', 'Période', 'Perioada', 'الفترة'), ctx.locale),
    values: () => null,
    valueLabel: (k) => k ?? '',
  },
  answer: {
    sql: (arg) => {
      const [formId, field] = splitAnswer(arg!);
      return `(c.answers -> '${formId}' ->> '${field}')`;
    },
    label: (arg, ctx) => {
      const s = fieldSchema(ctx, arg);
      return s?.['x-label'] ? pickLabel(s['x-label'], ctx.locale) : (s?.title ?? arg ?? '');
    },
    values: (arg, ctx) => answerValues(ctx, arg, false),
    valueLabel: (k, arg, ctx) => fromList((a, c) => answerValues(c, a))(k, arg, ctx),
    field: (arg) => {
      const [formId, field] = splitAnswer(arg);
      return { formId, field };
    },
  },
};

/** `form.field` of an answer dimension; both parts are checked identifiers (the validator and parseReportDimension). */
export function splitAnswer(arg: string): [string, string] {
  const dot = arg.indexOf('.');
  return [arg.slice(0, dot), arg.slice(dot + 1)];
}

export interface ResolvedDimension {
  id: string;
  parsed: ParsedDimension;
  kind: DimensionKind;
}

/** A dimension id from a request or a dashboard, checked against the pack; null when not valid. */
export function resolveDimension(id: string, pack: SopPack): ResolvedDimension | null {
  const parsed = parseDimension(id);
  if (!parsed) return null;
  if (parsed.kind === 'location' && !pack.locations.levels.includes(parsed.arg!)) return null;
  if (parsed.kind === 'period' && !PERIOD_FORMAT[parsed.arg!]) return null;
  if (parsed.kind === 'answer') {
    if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(parsed.arg!)) return null;
    const [formId, field] = splitAnswer(parsed.arg!);
    const s = (pack.forms.find((f) => f.id === formId)?.schema as any)?.properties?.[field];
    if (!s || s['x-sensitive'] || !(s['x-optionList'] || Array.isArray(s.enum) || ['boolean', 'integer', 'number'].includes(s.type))) return null;
  }
  return { id, parsed, kind: DIMENSION_KINDS[parsed.kind] };
}
