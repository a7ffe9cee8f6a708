/**
 * The studio's view of a draft's message templates (templates/<id>/<locale>.<part>.hbs) and of its
 * reporting settings (reporting.json), and the JSON Patch operations their edits send. Pure (no React).
 */
import { fileSegment, type Label, type PatchOperation } from './draft-model';

type Files = Record<string, any>;
export type TemplatePart = 'subject' | 'text' | 'html';
/** A template's sources in one language. */
export type TemplateSources = Partial<Record<TemplatePart, string>>;

export interface DraftTemplate {
  id: string;
  /** By language. */
  locales: Record<string, TemplateSources>;
}

/** The order the platform's own messages are listed in; a pack's own ids follow, sorted. */
export const STANDARD_TEMPLATES = [
  'deadline_reminder',
  'deadline_escalation',
  'daily_digest',
  'break_glass',
  'referral_received',
  'referral_to_authorise',
  'referral_answered',
  'referral_form',
  'transfer_requested',
  'transfer_answered',
  'scheduled_report',
];

const TEMPLATE_FILE = /^templates\/([^/]+)\/([^/.]+)\.(subject|text|html)\.hbs$/;

export const templateFile = (id: string, locale: string, part: TemplatePart) => `templates/${id}/${locale}.${part}.hbs`;
export const templatePointer = (id: string, locale: string, part: TemplatePart) => fileSegment(templateFile(id, locale, part));

/** The templates the draft defines (its files and notifications.json), the platform's first. */
export function draftTemplates(files: Files): DraftTemplate[] {
  const byId = new Map<string, DraftTemplate>();
  const of = (id: string) => byId.get(id) ?? byId.set(id, { id, locales: {} }).get(id)!;
  for (const id of Object.keys(files['notifications.json']?.templates ?? {})) of(id);
  for (const name of Object.keys(files)) {
    const m = TEMPLATE_FILE.exec(name);
    if (m && typeof files[name] === 'string') (of(m[1]).locales[m[2]] ??= {})[m[3] as TemplatePart] = files[name];
  }
  const rank = (id: string) => (STANDARD_TEMPLATES.includes(id) ? STANDARD_TEMPLATES.indexOf(id) : STANDARD_TEMPLATES.length);
  return [...byId.values()].sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
}

/** The operations that store what was typed: each part that differs, added when the file is new. */
export function templateEdits(files: Files, id: string, typed: Record<string, TemplateSources>): PatchOperation[] {
  const ops: PatchOperation[] = [];
  for (const [locale, parts] of Object.entries(typed))
    for (const [part, value] of Object.entries(parts) as Array<[TemplatePart, string | undefined]>) {
      const file = templateFile(id, locale, part);
      if (value === undefined || files[file] === value) continue;
      ops.push({ op: files[file] === undefined ? 'add' : 'replace', path: fileSegment(file), value });
    }
  return ops;
}

// Reporting (reporting.json)

const REPORTING = '/reporting.json';

export interface IndicatorChoice {
  /** As dashboards name it: an indicator id, or `deadline.<id>` (on-time rate of a deadline). */
  id: string;
  label: Label;
  deadline: boolean;
}

/** What a dashboard may show: the indicators of reporting.json, then one per deadline. */
export function indicatorChoices(files: Files): IndicatorChoice[] {
  const indicators: any[] = files['reporting.json']?.indicators ?? [];
  const deadlines: any[] = files['deadlines.json']?.deadlines ?? [];
  return [
    ...indicators.map((i) => ({ id: String(i.id), label: i.label ?? {}, deadline: false })),
    ...deadlines.map((d) => ({ id: `deadline.${d.id}`, label: d.label ?? {}, deadline: true })),
  ];
}

export const smallCellThresholdOp = (files: Files, value: number): PatchOperation[] =>
  files['reporting.json']
    ? [{ op: files['reporting.json'].smallCellThreshold === undefined ? 'add' : 'replace', path: `${REPORTING}/smallCellThreshold`, value }]
    : [];

export const indicatorPointer = (index: number) => `${REPORTING}/indicators/${index}`;
export const dashboardPointer = (index: number) => `${REPORTING}/dashboards/${index}`;

export const indicatorLabelOp = (index: number, label: Label): PatchOperation[] => [{ op: 'replace', path: `${indicatorPointer(index)}/label`, value: label }];

/** Whether a dashboard shows an indicator (in any of its widgets). */
export const dashboardShows = (dashboard: any, indicator: string): boolean => (dashboard?.widgets ?? []).some((w: any) => w.indicator === indicator);

/**
 * Shows an indicator on a dashboard as one number, or stops showing it: every widget of it is removed,
 * the last first, so that each removal's index is still the one it names.
 */
export function showOnDashboardOps(files: Files, dashboardIndex: number, indicator: string, show: boolean): PatchOperation[] {
  const dashboard = files['reporting.json']?.dashboards?.[dashboardIndex];
  if (!dashboard) return [];
  const widgets = `${dashboardPointer(dashboardIndex)}/widgets`;
  if (show) return dashboardShows(dashboard, indicator) ? [] : [{ op: 'add', path: `${widgets}/-`, value: { indicator, chart: 'number' } }];
  return (dashboard.widgets as any[])
    .map((w, i) => (w.indicator === indicator ? i : -1))
    .filter((i) => i >= 0)
    .reverse()
    .map((i) => ({ op: 'remove', path: `${widgets}/${i}` }));
}

// Elements named by their labels (findings, conflicts and the change log)

export interface TemplatesWords {
  /** A part of a template in one language: “Message of “Deadline reminder” in French”. */
  templatePart(templateId: string, locale: string, part: TemplatePart): string;
  template(templateId: string): string;
  indicator(label: string): string;
  dashboard(label: string): string;
  threshold(): string;
}

const pickLabel = (label: Label | undefined, locale: string): string => (label ? (label[locale] ?? label.en ?? Object.values(label)[0] ?? '') : '');

/** The template, indicator, dashboard or threshold a pointer is in; undefined when it is in none (others name it). */
export function templatesElementOf(files: Files, pointer: string, locale: string, words: TemplatesWords): string | undefined {
  const [file = '', ...rest] = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const template = TEMPLATE_FILE.exec(file);
  if (template) return words.templatePart(template[1], template[2], template[3] as TemplatePart);
  if (file === 'notifications.json' && rest[0] === 'templates' && rest[1]) return words.template(rest[1]);
  if (file !== 'reporting.json') return undefined;
  const reporting = files['reporting.json'];
  if (rest[0] === 'smallCellThreshold') return words.threshold();
  if (rest[0] === 'indicators' && rest[1] !== undefined) {
    const indicator = reporting?.indicators?.[Number(rest[1])];
    return indicator ? words.indicator(pickLabel(indicator.label, locale) || indicator.id) : undefined;
  }
  if (rest[0] === 'dashboards' && rest[1] !== undefined) {
    const dashboard = reporting?.dashboards?.[Number(rest[1])];
    return dashboard ? words.dashboard(pickLabel(dashboard.label, locale) || dashboard.id) : undefined;
  }
  return undefined;
}
