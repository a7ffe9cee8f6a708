/**
 * A message template of a draft rendered on a sample case, as the product renders it (the one
 * Handlebars environment of @app/templates, its checks first). Works from the draft's files alone, so
 * a draft with errors elsewhere, or a template being typed, still gets its preview or its problems.
 */
import { DomainError, pickLabel, registerErrorCodes } from '@app/core';
import type { MessageTemplateDef, MessageTemplateSources } from '@app/pack-types';
import { buildNotifications, type PackFiles } from '@app/sop';
import { checkTemplateSource, MessageContext, MessageKind, messageKindOf, renderMessage, TemplateError, type TemplatePart } from '@app/templates';

export enum TemplatePreviewErrorCode {
  UnknownTemplate = 'template_preview_unknown_template',
  UnknownLocale = 'template_preview_unknown_locale',
}

registerErrorCodes({
  [TemplatePreviewErrorCode.UnknownTemplate]: { status: 404, title: 'The pack has no such message template' },
  [TemplatePreviewErrorCode.UnknownLocale]: { status: 422, title: 'The pack has no such language' },
});

const SOURCE = { type: 'string', maxLength: 20000 };

export const TEMPLATE_PREVIEW_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['locale'],
  properties: { locale: { type: 'string', minLength: 2, maxLength: 20 }, subject: SOURCE, text: SOURCE, html: SOURCE },
};

/** The language to render, and sources being typed that replace the draft's (nothing is stored). */
export interface TemplatePreviewCommand {
  locale: string;
  subject?: string;
  text?: string;
  html?: string;
}

export interface TemplatePreviewProblem {
  part: TemplatePart;
  /** The checks' code (unknown_variable, unknown_helper, parse_error...). */
  code: string;
  message: string;
  line?: number;
  column?: number;
}

/** The rendered message, or null with the problems that stop it from being sent. */
export interface TemplatePreview {
  templateId: string;
  kind: MessageKind;
  locale: string;
  rendered: { subject: string; text: string; html: string | null } | null;
  problems: TemplatePreviewProblem[];
}

type Files = Record<string, any>;
type Label = Record<string, string> | undefined;

/** What a sample case is made of, in the language of the preview: the draft's own labels. */
interface SampleFacts {
  files: Files;
  locale: string;
  now: Date;
  def: MessageTemplateDef;
  templateId: string;
  label(value: Label, fallback: string): string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SAMPLE_CASE = { number: 'SAMPLE-0001', link: 'https://cmis.example/cases/sample' };
/** Free text a person would type (a reason, a referral's service...): shown as what it stands for. */
const typed = (what: string) => `[${what}]`;

const roles = (f: SampleFacts): any[] => f.files['roles.json']?.roles ?? [];
const actions = (rule: any): string[] => (Array.isArray(rule?.action) ? rule.action : [rule?.action]);
/** Who owns cases: the first role, not a supervisor's, that may do more with a case than register and read it. */
const ownerRole = (f: SampleFacts) =>
  roles(f).find(
    (r) => !r.supervisesTeam && (r.rules ?? []).some((rule: any) => rule.subject === 'case' && actions(rule).some((a) => a !== 'create' && a !== 'read')),
  ) ?? roles(f)[0];
const supervisorRole = (f: SampleFacts) => roles(f).find((r) => r.supervisesTeam) ?? roles(f)[1];
/** The role a deadline's `notify` entry names (`case_owner`, `case_owner_supervisor` or a role id). */
const notifiedRole = (f: SampleFacts, notify: string | undefined) =>
  notify === 'case_owner_supervisor' ? supervisorRole(f) : (roles(f).find((r) => r.id === notify) ?? ownerRole(f));
/** The person a message goes to: named by the role that would receive it. */
const recipient = (f: SampleFacts, role = ownerRole(f)) => ({ name: f.label(role?.label, typed('recipient.name')) });
const actor = (f: SampleFacts) => ({ name: f.label(supervisorRole(f)?.label, typed('actor.name')) });
const deadlineOf = (f: SampleFacts) => f.files['deadlines.json']?.deadlines?.[0];

/** Whether deadlines.json sends this template when a deadline is missed (then the sample deadline is overdue). */
function isEscalation(f: SampleFacts): boolean {
  const deadlines: any[] = f.files['deadlines.json']?.deadlines ?? [];
  return f.templateId === 'deadline_escalation' || deadlines.some((d) => (d.escalation ?? []).some((e: any) => e.template === f.templateId));
}

/** Each declared answer as the field it shows, e.g. `[Summary]`: no real child's answer is ever read. */
function sampleAnswers(f: SampleFacts): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  const listed: Array<{ id: string; version: number }> = f.files['pack.json']?.forms ?? [];
  for (const path of f.def.answers) {
    const [form, ...rest] = path.split('.');
    const field = rest.join('.');
    const entry = listed.find((x) => x.id === form);
    const schema = entry ? f.files[`forms/${form}.v${entry.version}.json`]?.schema?.properties?.[field] : undefined;
    (out[form] ??= {})[field] = typed(f.label(schema?.['x-label'], schema?.title ?? path));
  }
  return out;
}

function deadlineSample(f: SampleFacts) {
  const d = deadlineOf(f);
  const caseTypes: any[] = f.files['pack.json']?.caseTypes ?? [];
  const caseType = caseTypes.find((t) => t.id === d?.caseTypes?.[0]) ?? caseTypes[0];
  // The case is where it starts: the deadline's case type's first step.
  const step = (f.files['workflow.json']?.steps ?? []).find((s: any) => s.id === caseType?.startStep) ?? f.files['workflow.json']?.steps?.[0];
  const overdue = isEscalation(f);
  const alert = (overdue ? d?.escalation : d?.reminders)?.[0];
  return {
    recipient: recipient(f, notifiedRole(f, alert?.notify?.[0])),
    case: {
      ...SAMPLE_CASE,
      typeLabel: f.label(caseType?.label, typed('case.typeLabel')),
      stepLabel: f.label(step?.label, typed('case.stepLabel')),
    },
    deadline: { label: f.label(d?.label, typed('deadline.label')), dueAt: new Date(f.now.getTime() + (overdue ? -1 : 2) * DAY), overdue },
    alert: { kind: overdue ? 'escalation' : 'reminder', level: 1 },
    answers: sampleAnswers(f),
  };
}

function digestSample(f: SampleFacts) {
  const label = f.label(deadlineOf(f)?.label, typed('deadline'));
  const entry = (n: number, days: number) => ({
    caseNumber: `SAMPLE-000${n}`,
    link: SAMPLE_CASE.link,
    deadline: label,
    dueAt: new Date(f.now.getTime() + days * DAY),
  });
  return {
    recipient: recipient(f),
    date: f.now,
    link: 'https://cmis.example/deadlines',
    overdue: [entry(1, -1)],
    dueToday: [entry(2, 0)],
    upcoming: [entry(3, 2)],
  };
}

function referralSample(f: SampleFacts) {
  return {
    recipient: recipient(f),
    case: SAMPLE_CASE,
    actor: actor(f),
    referral: {
      service: typed('referral.service'),
      provider: typed('referral.provider'),
      status: typed('referral.status'),
      respondBy: new Date(f.now.getTime() + 3 * DAY),
      link: SAMPLE_CASE.link,
    },
    reason: typed('reason'),
  };
}

/** One sample context per kind of message: what the product would give the template, from the draft's labels. */
const SAMPLES: Readonly<Record<MessageKind, (f: SampleFacts) => Record<string, unknown>>> = {
  deadline: deadlineSample,
  digest: digestSample,
  break_glass: (f) => ({ recipient: recipient(f), case: SAMPLE_CASE, actor: actor(f), reason: typed('reason'), until: new Date(f.now.getTime() + DAY) }),
  referral: referralSample,
  transfer: (f) => ({
    recipient: recipient(f),
    case: SAMPLE_CASE,
    actor: actor(f),
    transfer: { status: typed('transfer.status'), location: typed('transfer.location'), link: SAMPLE_CASE.link },
    reason: typed('reason'),
  }),
  referral_form: (f) => ({
    case: { number: SAMPLE_CASE.number },
    referral: {
      ...referralSample(f).referral,
      reason: typed('referral.reason'),
      urgency: typed('referral.urgency'),
      sentAt: f.now,
      consent: typed('referral.consent'),
    },
    provider: { name: typed('provider.name'), phone: null, email: null, address: null, person: null },
    referrer: { name: actor(f).name, agency: null, email: null, phone: null },
    sections: [{ title: typed('sections.title'), fields: [{ label: typed('label'), value: typed('value') }] }],
    generatedAt: f.now,
  }),
  report: (f) => {
    const reporting = f.files['reporting.json'] ?? {};
    const schedule = reporting.schedules?.[0];
    const dashboard = (reporting.dashboards ?? []).find((d: any) => d.id === schedule?.dashboard) ?? reporting.dashboards?.[0];
    const titleOf = (w: any) =>
      w.title ??
      (reporting.indicators ?? []).find((x: any) => x.id === w.indicator)?.label ??
      (f.files['deadlines.json']?.deadlines ?? []).find((d: any) => `deadline.${d.id}` === w.indicator)?.label;
    const widgets = (dashboard?.widgets ?? []).slice(0, 3).map((w: any, i: number) => ({ title: f.label(titleOf(w), w.indicator), total: 12 - i, rows: [] }));
    const lastMonth = new Date(Date.UTC(f.now.getUTCFullYear(), f.now.getUTCMonth() - 1, 15));
    return {
      recipient: recipient(
        f,
        roles(f).find((r) => r.id === schedule?.to?.[0]),
      ),
      report: {
        label: f.label(schedule?.label, typed('report.label')),
        dashboard: f.label(dashboard?.label, typed('report.dashboard')),
        period: new Intl.DateTimeFormat(f.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(lastMonth),
        link: 'https://cmis.example/reports',
        threshold: reporting.smallCellThreshold ?? 5,
      },
      widgets,
    };
  },
};

const PARTS: readonly TemplatePart[] = ['subject', 'text', 'html'];

/**
 * Renders template `templateId` of the draft's files in `cmd.locale` on a sample case; parts given in
 * `cmd` replace the draft's. Problems (syntax with line and column, unknown variables, helpers not
 * allowed...) come back instead of the message, never as an exception.
 */
export function previewTemplate(files: PackFiles, templateId: string, cmd: TemplatePreviewCommand, now: Date): TemplatePreview {
  const pack = (files['pack.json'] ?? {}) as { locales?: string[]; timezone?: string };
  const locales = pack.locales ?? ['en'];
  if (!locales.includes(cmd.locale)) {
    throw new DomainError(TemplatePreviewErrorCode.UnknownLocale, `"${cmd.locale}" is not one of the pack's languages: ${locales.join(', ')}.`);
  }
  const stored = buildNotifications(files).templates;
  const known = Object.hasOwn(stored, templateId) ? stored[templateId] : undefined;
  if (!known) throw new DomainError(TemplatePreviewErrorCode.UnknownTemplate, `The pack has no message template "${templateId}".`);

  const sources: MessageTemplateSources = { ...(known.locales[cmd.locale] ?? { subject: '', text: '' }) };
  for (const part of PARTS) if (cmd[part] !== undefined) sources[part] = cmd[part]!;
  const def: MessageTemplateDef = { id: templateId, answers: known.answers, locales: { [cmd.locale]: sources } };
  const kind = messageKindOf(templateId);
  const out: TemplatePreview = { templateId, kind, locale: cmd.locale, rendered: null, problems: [] };

  for (const part of PARTS) {
    const source = sources[part];
    if (source === undefined) continue;
    for (const p of checkTemplateSource(source, kind, part, def.answers)) out.problems.push({ part, ...p });
  }
  if (out.problems.length > 0) return out;

  // On the hour: a sample reads better at 10:00 than at 10:37.
  const onTheHour = new Date(Math.ceil(now.getTime() / HOUR) * HOUR);
  const facts: SampleFacts = {
    files,
    locale: cmd.locale,
    now: onTheHour,
    def,
    templateId,
    label: (value, fallback) => pickLabel(value, cmd.locale) || fallback,
  };
  try {
    const message = renderMessage(def, cmd.locale, cmd.locale, SAMPLES[kind](facts) as unknown as MessageContext, { timeZone: pack.timezone });
    out.rendered = { subject: message.subject, text: message.text, html: sources.html === undefined ? null : message.html };
  } catch (e) {
    // The checks passed, so this is what Handlebars itself refuses at run time: still the template's fault.
    if (e instanceof TemplateError) out.problems.push(...e.problems.map((p) => ({ part: e.part ?? 'text', ...p })));
    else out.problems.push({ part: 'text', code: 'render_error', message: e instanceof Error ? e.message : String(e) });
  }
  return out;
}
