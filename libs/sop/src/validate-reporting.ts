import { fieldSchemaOf } from '@app/forms';
import type { CaseFilterDef, FormDef, IndicatorDef, ReportingDef, SopPack } from '@app/pack-types';
import { jp, PackIssue } from './pack-issue';

export const DEFAULT_SMALL_CELL_THRESHOLD = 5;
export const DEFAULT_AGE_BANDS: readonly number[] = [0, 5, 10, 15, 18];

const F = 'reporting.json';

/** reporting.json with its defaults filled in (an absent file gives no indicators and no dashboards). */
export function buildReporting(raw: Partial<ReportingDef> | undefined): ReportingDef {
  return {
    smallCellThreshold: raw?.smallCellThreshold ?? DEFAULT_SMALL_CELL_THRESHOLD,
    ageBands: raw?.ageBands ?? [...DEFAULT_AGE_BANDS],
    indicators: raw?.indicators ?? [],
    dashboards: raw?.dashboards ?? [],
    schedules: raw?.schedules ?? [],
    caseExport: raw?.caseExport ?? { fields: [] },
    deidentifiedExport: raw?.deidentifiedExport ?? { fields: [] },
  };
}

/** Dimensions without an argument; the others are `location:<level>`, `period:<unit>`, `answer:<form.field>`. */
export const PLAIN_DIMENSIONS = ['sex', 'ageBand', 'caseType', 'status', 'step', 'risk', 'worker'] as const;
export const PERIOD_UNITS = ['month', 'quarter', 'year'] as const;

export interface ParsedDimension {
  kind: (typeof PLAIN_DIMENSIONS)[number] | 'location' | 'period' | 'answer';
  arg?: string;
}

/** `location:district` → { kind: 'location', arg: 'district' }; null when not a dimension at all. */
export function parseDimension(id: string): ParsedDimension | null {
  if ((PLAIN_DIMENSIONS as readonly string[]).includes(id)) return { kind: id as ParsedDimension['kind'] };
  const colon = id.indexOf(':');
  if (colon <= 0) return null;
  const kind = id.slice(0, colon);
  const arg = id.slice(colon + 1);
  if (!arg || !['location', 'period', 'answer'].includes(kind)) return null;
  return { kind: kind as ParsedDimension['kind'], arg };
}

/** An answer a report may group or filter by: a coded field (options, enum, boolean, number). */
export function isCodedField(form: FormDef | undefined, field: string): boolean {
  const s: any = form ? fieldSchemaOf(form.schema, field) : undefined;
  if (!s) return false;
  return !!s['x-optionList'] || Array.isArray(s.enum) || s.type === 'boolean' || s.type === 'integer' || s.type === 'number';
}

/** Coded, or a date (coarsened to the month in de-identified exports). */
function isExportableDeidentified(form: FormDef | undefined, field: string): boolean {
  const s: any = form ? fieldSchemaOf(form.schema, field) : undefined;
  return isCodedField(form, field) || (s?.type === 'string' && (s.format === 'date' || s.format === 'date-time'));
}

/** The indicator ids dashboards may name: the file's own and one per deadline (`deadline.<id>`). */
export function indicatorIds(pack: SopPack): Set<string> {
  return new Set([...pack.reporting.indicators.map((i) => i.id), ...pack.deadlines.map((d) => `deadline.${d.id}`)]);
}

/** reporting.json's references: indicators, dimensions, roles, dashboards, templates and export fields. */
export function checkReporting(pack: SopPack): PackIssue[] {
  const issues: PackIssue[] = [];
  const err = (path: string, code: string, message: string) => issues.push({ file: F, path, code, message, severity: 'error' });
  const r = pack.reporting;
  const forms = new Map(pack.forms.map((f) => [f.id, f]));
  const roles = new Set(pack.roles.map((x) => x.id));
  const levels = pack.locations.levels;

  const splitPath = (path: string, value: string): [string, string] | null => {
    const dot = value.indexOf('.');
    const formId = value.slice(0, dot);
    const field = value.slice(dot + 1);
    if (!forms.has(formId)) {
      err(path, 'unknown_form', `form "${formId}" is not listed in pack.json forms`);
      return null;
    }
    if (!fieldSchemaOf(forms.get(formId)!.schema, field)) {
      err(path, 'unknown_field', `form "${formId}" has no field "${field}"`);
      return null;
    }
    return [formId, field];
  };
  const coded = (path: string, value: string, why: string) => {
    const parts = splitPath(path, value);
    if (parts && !isCodedField(forms.get(parts[0]), parts[1])) {
      err(path, 'field_not_coded', `"${value}" is free text; ${why} only coded answers (options, yes/no, numbers)`);
    }
  };

  const sensitive = (formId: string, field: string) => {
    const segments = field.split('.');
    return segments.some((_, k) => (fieldSchemaOf(forms.get(formId)!.schema, segments.slice(0, k + 1).join('.')) as any)?.['x-sensitive'] === true);
  };
  // The runtime groups by top-level coded, non-sensitive answers only: refuse anything else here.
  const answerDimension = (path: string, value: string) => {
    if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(value)) {
      err(path, 'bad_field_path', `"${value}" must be formId.field (a top-level field)`);
      return;
    }
    const parts = splitPath(path, value);
    if (!parts) return;
    if (sensitive(parts[0], parts[1])) err(path, 'field_sensitive', `"${value}" is a sensitive field: reports never group by it`);
    else if (!isCodedField(forms.get(parts[0]), parts[1]))
      err(path, 'field_not_coded', `"${value}" is free text; dashboards group by only coded answers (options, yes/no, numbers)`);
  };

  for (let i = 1; i < r.ageBands.length; i++) {
    if (r.ageBands[i] <= r.ageBands[i - 1]) err(jp('$.ageBands', i), 'age_bands_order', 'age bands must be in ascending order');
  }
  if (r.ageBands[0] !== 0) err(jp('$.ageBands', 0), 'age_bands_start', 'the first age band must start at 0');

  const filter = (base: string, where: CaseFilterDef | undefined) => {
    if (!where) return;
    const caseTypes = new Set(pack.manifest.caseTypes.map((c) => c.id));
    const steps = new Set(pack.workflow.steps.map((s) => s.id));
    (where.caseType ?? []).forEach((c, j) => {
      if (!caseTypes.has(c)) err(jp(base, 'caseType', j), 'unknown_case_type', `case type "${c}" does not exist in pack.json caseTypes`);
    });
    (where.step ?? []).forEach((s, j) => {
      if (!steps.has(s)) err(jp(base, 'step', j), 'unknown_step', `step "${s}" does not exist in workflow.json`);
    });
    Object.keys(where.answers ?? {}).forEach((a) => coded(jp(base, 'answers', a), a, 'indicators filter on'));
  };

  const byId = new Map<string, IndicatorDef>();
  r.indicators.forEach((ind, i) => {
    const base = jp('$.indicators', i);
    if (byId.has(ind.id) || ind.id.startsWith('deadline.')) {
      err(
        jp(base, 'id'),
        'duplicate_id',
        ind.id.startsWith('deadline.') ? `"deadline." is reserved for the built-in SOP compliance indicators` : `indicator "${ind.id}" is declared twice`,
      );
    }
    byId.set(ind.id, ind);
  });
  r.indicators.forEach((ind, i) => {
    const base = jp('$.indicators', i);
    if (ind.kind === 'count') {
      if (!ind.of) err(base, 'indicator_incomplete', 'a count indicator says what it counts: "of": "cases" or "events"');
      if (ind.of === 'events' && !ind.events?.length) err(base, 'indicator_incomplete', 'an indicator of events lists the event types it counts ("events")');
      if (ind.current && ind.of !== 'cases') err(jp(base, 'current'), 'indicator_mixed', '"current" applies to indicators of cases');
      if (ind.of !== 'events' && (ind.events || ind.eventData))
        err(jp(base, 'events'), 'indicator_mixed', '"events" and "eventData" belong to indicators of events');
      if ((ind as any).numerator || (ind as any).denominator) err(base, 'indicator_mixed', 'numerator and denominator belong to ratio indicators');
      filter(jp(base, 'where'), ind.where);
      return;
    }
    if ((ind as any).of || (ind as any).where || (ind as any).events) err(base, 'indicator_mixed', 'a ratio indicator has only a numerator and a denominator');
    (['numerator', 'denominator'] as const).forEach((k) => {
      const ref = byId.get(ind[k]);
      if (!ind[k]) err(base, 'indicator_incomplete', `a ratio indicator names its ${k}`);
      else if (!ref) err(jp(base, k), 'unknown_indicator', `indicator "${ind[k]}" is not declared in this file`);
      else if (ref.kind !== 'count' || ref.of !== 'cases') err(jp(base, k), 'ratio_of_cases', `"${ind[k]}" must be a count of cases`);
    });
  });

  const known = indicatorIds(pack);
  const isCurrent = (id: string): boolean => {
    const ind = byId.get(id);
    return !!ind && (ind.kind === 'count' ? !!ind.current : isCurrent(ind.numerator) || isCurrent(ind.denominator));
  };
  const dashboards = new Set<string>();
  r.dashboards.forEach((d, i) => {
    const base = jp('$.dashboards', i);
    if (dashboards.has(d.id)) err(jp(base, 'id'), 'duplicate_id', `dashboard "${d.id}" is declared twice`);
    dashboards.add(d.id);
    d.roles.forEach((role, j) => {
      if (!roles.has(role)) err(jp(base, 'roles', j), 'unknown_role', `role "${role}" does not exist in roles.json`);
    });
    d.widgets.forEach((w, j) => {
      const wb = jp(base, 'widgets', j);
      if (!known.has(w.indicator))
        err(jp(wb, 'indicator'), 'unknown_indicator', `indicator "${w.indicator}" is neither declared here nor deadline.<a deadline of deadlines.json>`);
      (w.by ?? []).forEach((dim, k) => {
        const at = jp(wb, 'by', k);
        const p = parseDimension(dim);
        if (!p)
          err(
            at,
            'unknown_dimension',
            `"${dim}" is not a dimension (${PLAIN_DIMENSIONS.join(', ')}, location:<level>, period:<month|quarter|year>, answer:<form.field>)`,
          );
        else if (p.kind === 'location' && !levels.includes(p.arg!))
          err(at, 'unknown_level', `level "${p.arg}" is not one of locations.json levels: ${levels.join(', ')}`);
        else if (p.kind === 'period' && !(PERIOD_UNITS as readonly string[]).includes(p.arg!))
          err(at, 'unknown_period', `period "${p.arg}" must be month, quarter or year`);
        else if (p.kind === 'period' && isCurrent(w.indicator))
          err(at, 'period_of_current', `indicator "${w.indicator}" counts cases as they are now and has no periods`);
        else if (p.kind === 'answer') answerDimension(at, p.arg!);
      });
      if (new Set(w.by ?? []).size !== (w.by ?? []).length) err(jp(wb, 'by'), 'duplicate_dimension', 'a dimension is listed twice');
    });
  });

  const schedules = new Set<string>();
  r.schedules.forEach((s, i) => {
    const base = jp('$.schedules', i);
    if (schedules.has(s.id)) err(jp(base, 'id'), 'duplicate_id', `schedule "${s.id}" is declared twice`);
    schedules.add(s.id);
    const board = r.dashboards.find((d) => d.id === s.dashboard);
    if (!board) err(jp(base, 'dashboard'), 'unknown_dashboard', `dashboard "${s.dashboard}" is not declared in dashboards`);
    s.to.forEach((role, j) => {
      if (!roles.has(role)) err(jp(base, 'to', j), 'unknown_role', `role "${role}" does not exist in roles.json`);
      else if (board && !board.roles.includes(role))
        err(jp(base, 'to', j), 'dashboard_not_for_role', `dashboard "${s.dashboard}" is not listed for role "${role}" (its roles: ${board.roles.join(', ')})`);
    });
  });

  r.caseExport.fields.forEach((f, i) => splitPath(jp('$.caseExport.fields', i), f));
  const d = r.deidentifiedExport;
  if (d.locationLevel && !levels.includes(d.locationLevel)) {
    err('$.deidentifiedExport.locationLevel', 'unknown_level', `level "${d.locationLevel}" is not one of locations.json levels: ${levels.join(', ')}`);
  }
  d.fields.forEach((f, i) => {
    const at = jp('$.deidentifiedExport.fields', i);
    const parts = splitPath(at, f);
    if (!parts) return;
    const form = forms.get(parts[0]);
    const identityDate = pack.manifest.caseTypes.some((t) => t.identity?.dateOfBirth === f);
    if (identityDate)
      err(at, 'field_identifying', `"${f}" is the date of birth of the person the case is about: the de-identified export gives age bands instead`);
    else if (sensitive(parts[0], parts[1])) err(at, 'field_sensitive', `"${f}" is a sensitive field and never leaves the system in a de-identified export`);
    else if (!isExportableDeidentified(form, parts[1])) err(at, 'field_not_coded', `"${f}" is free text, which a de-identified export never carries`);
  });
  return issues;
}
