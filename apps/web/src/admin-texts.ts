/**
 * The administrator's pages: their texts (admin-*.json, falling back to the app's), the pack's shapes
 * as GET /api/sop returns them, and the pack's rules, durations and events in plain words.
 */
import type { ApiSchemas, PackLint, PublishedSopVersion } from './api-types';
import type { SopSummary } from './sop';
import { Messages, translate } from './i18n';
import adminAr from './locales/admin-ar.json';
import adminEn from './locales/admin-en.json';
import adminFr from './locales/admin-fr.json';
import adminRo from './locales/admin-ro.json';
import { useApp } from './session';
import { pick } from './sop';

// ---------------------------------------------------------------------------------------------
// Texts: the administrator's pages keep their own messages (admin-*.json) until they are merged into
// the app's; a key missing there is looked up in the app's messages, then in English.
// ---------------------------------------------------------------------------------------------

const ADMIN_MESSAGES: Record<string, Messages> = { en: adminEn, fr: adminFr, ar: adminAr, ro: adminRo };

export type AdminT = (key: string, vars?: Record<string, string | number>) => string;

export function adminTranslate(locale: string, key: string, vars: Record<string, string | number> = {}): string {
  return translate(locale, key, vars, ADMIN_MESSAGES);
}

export function useAdminT(): AdminT {
  const { locale } = useApp();
  return (key, vars) => adminTranslate(locale, key, vars);
}

// ---------------------------------------------------------------------------------------------
// The pack as GET /api/sop returns it (labels translated objects; form schemas in the locale).
// ---------------------------------------------------------------------------------------------

export type Label = Record<string, string>;
export type Duration = ApiSchemas['Duration'];
export type PackStep = ApiSchemas['StepDef'];
export type PackTransition = ApiSchemas['TransitionDef'];
export type PackDeadline = ApiSchemas['DeadlineDef'];
export type PackRule = ApiSchemas['PermissionRuleDef'];
export type PackRole = ApiSchemas['RoleDef'];
export type PackForm = SopSummary['forms'][number];
export type PackCaseType = ApiSchemas['CaseTypeDef'];
/** The pack as GET /api/sop/current sends it. */
export type AdminSop = SopSummary;
export type LintIssue = LintResult['issues'][number];
export type LintResult = PackLint;
export type PublishedVersion = PublishedSopVersion;

/** Names in the chosen language: steps, forms, roles, case types and transitions by id. */
export interface Names {
  step(id: string): string;
  form(id: string): string;
  role(id: string): string;
  caseType(id: string): string;
  transition(id: string): string;
  field(formId: string, field: string): string;
}

export function namesOf(sop: AdminSop, locale: string, t: AdminT): Names {
  const by = <T extends { id: string }>(list: T[], label: (x: T) => Label | undefined) => {
    const m = new Map(list.map((x) => [x.id, pick(label(x), locale)]));
    return (id: string) => m.get(id) || id;
  };
  const special: Record<string, string> = {
    case_owner: t('admin.recipient.caseOwner'),
    case_owner_supervisor: t('admin.recipient.caseOwnerSupervisor'),
  };
  const role = by(sop.roles, (r) => r.label);
  const forms = new Map(sop.forms.map((f) => [f.id, f]));
  return {
    step: (id) => (id === '@previous' ? t('admin.previousStep') : by(sop.workflow.steps, (s) => s.label)(id)),
    form: by(sop.forms, (f) => f.title),
    role: (id) => special[id] ?? role(id),
    caseType: by(sop.manifest.caseTypes, (c) => c.label),
    transition: by(sop.workflow.transitions, (tr) => tr.label),
    field: (formId, field) => forms.get(formId)?.schema?.properties?.[field]?.title ?? field,
  };
}

// ---------------------------------------------------------------------------------------------
// Readable words for the pack's rules, durations, anchors and permission rules.
// ---------------------------------------------------------------------------------------------

const COMPARISONS: Record<string, string> = { '==': '=', '===': '=', '!=': '≠', '!==': '≠', '<': '<', '<=': '≤', '>': '>', '>=': '≥' };

/** A JSONLogic rule as a short expression: `case.risk = "high" and forms.x.y is set`. */
export function ruleText(rule: unknown, t: AdminT, nested = false): string {
  if (rule === null || typeof rule !== 'object') return JSON.stringify(rule);
  if (Array.isArray(rule)) return `[${rule.map((r) => ruleText(r, t, true)).join(', ')}]`;
  const keys = Object.keys(rule);
  if (keys.length !== 1) return JSON.stringify(rule);
  const op = keys[0];
  const raw = (rule as Record<string, unknown>)[op];
  const args = Array.isArray(raw) ? raw : [raw];
  const sub = (r: unknown) => ruleText(r, t, true);
  const wrap = (s: string) => (nested ? `(${s})` : s);
  if (op === 'var') return String(args[0]);
  if (COMPARISONS[op] && args.length === 2) return wrap(`${sub(args[0])} ${COMPARISONS[op]} ${sub(args[1])}`);
  if (op === 'in' && args.length === 2) return wrap(t('admin.rule.in', { a: sub(args[0]), b: sub(args[1]) }));
  if (op === 'and' || op === 'or') return wrap(args.map(sub).join(` ${t(`admin.rule.${op}`)} `));
  if (op === '!') return t('admin.rule.not', { a: sub(args[0]) });
  if (op === '!!') return wrap(t('admin.rule.isSet', { a: sub(args[0]) }));
  if (op === 'if' && args.length === 3) return wrap(t('admin.rule.if', { cond: sub(args[0]), then: sub(args[1]), else: sub(args[2]) }));
  return `${op}(${args.map(sub).join(', ')})`;
}

export function durationText(d: Duration, t: AdminT): string {
  const parts: string[] = [];
  if (d.days) parts.push(t(d.workingDays ? 'admin.duration.workingDays' : 'admin.duration.days', { n: d.days }));
  if (d.hours || parts.length === 0) parts.push(t('admin.duration.hours', { n: d.hours ?? 0 }));
  return parts.join(' + ');
}

export function eventText(e: { event: string; [k: string]: any }, names: Names, t: AdminT): string {
  const vars = {
    step: e.step ? names.step(e.step) : '',
    form: e.form ? names.form(e.form) : '',
    field: e.form && e.field ? names.field(e.form, e.field) : '',
    transition: e.transition ? names.transition(e.transition) : '',
    serviceTypes: Array.isArray(e.serviceTypes) ? e.serviceTypes.join(', ') : t('admin.anyService'),
  };
  const key = `admin.event.${e.event}`;
  const text = t(key, vars);
  return text === key ? e.event : text;
}

const CONDITION_KEYS = new Set(['createdBy', 'assignedTo', 'sharedWith', 'breakGlass', 'team', 'agency', 'location', 'referredTo']);

export function conditionTexts(conditions: Record<string, unknown> | undefined, names: Names, t: AdminT): string[] {
  if (!conditions) return [];
  const list = (v: unknown) => (Array.isArray(v) ? v : [v]).map(String);
  return Object.entries(conditions).map(([k, v]) => {
    if (CONDITION_KEYS.has(k)) return t(`admin.condition.${k}`);
    if (k === 'caseType') return t('admin.condition.caseType', { list: list(v).map(names.caseType).join(', ') });
    if (k === 'step') return t('admin.condition.step', { list: list(v).map(names.step).join(', ') });
    if (k === 'status')
      return t('admin.condition.status', {
        list: list(v)
          .map((s) => t(`status.${s}`))
          .join(', '),
      });
    return `${k} = ${JSON.stringify(v)}`;
  });
}

export function fieldText(pattern: string, names: Names, t: AdminT): string {
  const except = pattern.startsWith('!');
  const p = except ? pattern.slice(1) : pattern;
  let text: string;
  if (p === '*') text = t('admin.fields.all');
  else {
    const [form, field] = p.split('.');
    text =
      !field || field === '*'
        ? t('admin.fields.form', { form: names.form(form) })
        : t('admin.fields.one', { form: names.form(form), field: names.field(form, field) });
  }
  return except ? t('admin.fields.except', { what: text }) : text;
}

export const word = (t: AdminT, prefix: string, id: string) => {
  const key = `${prefix}.${id}`;
  const text = t(key);
  return text === key ? id : text;
};

// ---------------------------------------------------------------------------------------------
// The page
// ---------------------------------------------------------------------------------------------

/** Administrators: the SOP pack the deployment runs, readable, drawn, previewed and checked. */
