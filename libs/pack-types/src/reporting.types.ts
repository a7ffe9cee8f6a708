/**
 * reporting.json and data-quality.json: what decision makers count, how it is protected, what is
 * exported and sent on a schedule, and which answers are checked for plausibility.
 */
import type { RuleExpression } from '@app/rules';
import type { Translated } from './translated';

/** Which cases an indicator counts; every listed condition must hold. */
export interface CaseFilterDef {
  caseType?: string[];
  status?: string[];
  step?: string[];
  risk?: string[];
  /** `form.field` → accepted answers (fields with options, booleans or numbers only). */
  answers?: Record<string, Array<string | number | boolean>>;
}

interface IndicatorBase {
  id: string;
  label: Translated;
  description?: Translated;
}

/** Cases (dated by registration) or case events (dated when they happened) matching a filter. */
export interface CountIndicatorDef extends IndicatorBase {
  kind: 'count';
  of: 'cases' | 'events';
  where?: CaseFilterDef;
  /**
   * `of: cases`: count the cases as they are now (open cases, children in care), whatever their
   * registration date; periods do not apply. Otherwise cases are dated by registration.
   */
  current?: boolean;
  /** `of: events`: the event types counted (timeline types, e.g. `transition_performed`). */
  events?: string[];
  /** `of: events`: values the event's data must contain (e.g. `{ "to": "placement" }`). */
  eventData?: Record<string, string | number | boolean>;
}

/** numerator / denominator, both count indicators over cases, as a percentage. */
export interface RatioIndicatorDef extends IndicatorBase {
  kind: 'ratio';
  numerator: string;
  denominator: string;
}

export type IndicatorDef = CountIndicatorDef | RatioIndicatorDef;

export type ChartKind = 'bar' | 'line' | 'table' | 'number';

export interface DashboardWidgetDef {
  /** An indicator id of reporting.json, or `deadline.<deadline id>` (SOP compliance, built in). */
  indicator: string;
  /** Dimension ids: sex, ageBand, caseType, status, step, risk, worker, location:<level>, period:<month|quarter|year>, answer:<form.field>. */
  by?: string[];
  chart?: ChartKind;
  title?: Translated;
}

export interface DashboardDef {
  id: string;
  label: Translated;
  description?: Translated;
  /** Roles that see this dashboard in their list; the numbers always follow each user's own report scope. */
  roles: string[];
  /** Default period shown: the last N months up to today (all time when absent). */
  months?: number;
  widgets: DashboardWidgetDef[];
}

export interface ReportScheduleDef {
  id: string;
  label: Translated;
  /** The dashboard computed, for the period just ended, in each recipient's own scope. */
  dashboard: string;
  every: 'week' | 'month' | 'quarter';
  /** Hour of the day (pack time zone) after which it is sent; default 7. */
  hour?: number;
  /** Roles whose active users receive it (template `scheduled_report`, which a pack may override in templates/). */
  to: string[];
}

export interface ReportingDef {
  /** Cells counting fewer than this many (but more than none) are suppressed; default 5. */
  smallCellThreshold: number;
  /** Lower bounds of the age bands, in completed years at registration; default [0, 5, 10, 15, 18]. */
  ageBands: number[];
  indicators: IndicatorDef[];
  dashboards: DashboardDef[];
  schedules: ReportScheduleDef[];
  /** Answer columns a case list export may carry (`form.field`), each only where the user may read it. */
  caseExport: { fields: string[] };
  /** The de-identified export: location coarsened to this level, and these coded answers (no free text). */
  deidentifiedExport: { locationLevel?: string; fields: string[] };
}

/** data-quality.json: one plausibility check. */
export interface DataQualityCheckDef {
  id: string;
  label: Translated;
  /** Shown to the person entering or fixing the data. */
  message: Translated;
  /** `error` refuses the answers at entry; `warning` saves them and says so. */
  severity: 'error' | 'warning';
  /** The form whose submission runs the check, and the field the message points at. */
  form: string;
  field?: string;
  caseTypes?: string[];
  /** Holds when the data is FINE; evaluated against the rule data (docs/rules.md). */
  rule: RuleExpression;
}
