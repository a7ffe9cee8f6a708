/**
 * Problem details in the user's language. The stable `code` is the contract: each language has a
 * title and a detail per code (problem-texts/<locale>.json), filled with the error's parameters;
 * each field error gets a reason by its `keyword` and the field's label. English is the registry's
 * titles and the errors' own messages, unchanged (docs/development.md, "Errors").
 */
import { errorTexts, formatMessage, pickLabel, type FieldError, type MessageParams } from '@app/core';
import { reason } from '@app/workflow';
import ar from './problem-texts/ar.json';
import fr from './problem-texts/fr.json';
import ro from './problem-texts/ro.json';

export interface ProblemTexts {
  /** For a code without texts: still in the language, and naming the code for support. */
  fallback: string;
  codes: Record<string, { title: string; detail?: string }>;
  /** A field error's reason by its keyword; `invalid` for any other. */
  reasons: Record<string, string>;
  /** Short names of request fields (the last segment of the path) that are not form answers. */
  fields: Record<string, string>;
  /** Why one case of several is refused (`cases[]` of `assignment_refused`), by its code. */
  caseRefusals: Record<string, string>;
}

export const PROBLEM_TEXTS: Readonly<Record<string, ProblemTexts>> = { fr, ar, ro };

/** Keywords whose message is already in the user's language (data-quality checks speak the pack's words). */
const LOCALIZED_KEYWORDS = new Set(['data_quality']);
/** A pack's findings (file, JSON path, rule) and a draft edit's refusals (pointer, reason) are its author's diagnostics, in the linter's English like `cmis sop lint`: kept. */
const DIAGNOSTIC_CODES = new Set(['sop_invalid', 'sop_form_version_changed', 'sop_draft_has_errors', 'sop_draft_patch_invalid', 'sop_draft_conflict']);

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: FieldError[];
  [key: string]: unknown;
}

/** A field error as it is sent: its internal parameters and labels stay on the server. */
function sentFieldError({ params: _p, labels: _l, messageKey: _k, ...sent }: FieldError): FieldError {
  return sent;
}

/**
 * The problem in `locale`: title, detail, field errors (a `label` and a reason) and workflow reasons.
 * A language without texts, English included, gets the problem as it was written.
 */
export function localizeProblem(problem: Problem, locale: string, params: MessageParams = {}): Problem {
  const errors = Array.isArray(problem.errors) ? problem.errors : undefined;
  const sent: Problem = errors ? { ...problem, errors: errors.map(sentFieldError) } : { ...problem };
  const texts = Object.prototype.hasOwnProperty.call(PROBLEM_TEXTS, locale) ? PROBLEM_TEXTS[locale] : undefined;
  if (!texts) return sent;
  const reasons = localizedReasons(problem.reasons, locale);
  const values: MessageParams = { ...derivedParams(problem, reasons), ...params };
  // The API's catalogue, else the words a plugin brought for its own codes.
  const own = Object.prototype.hasOwnProperty.call(texts.codes, problem.code) ? texts.codes[problem.code] : errorTexts(problem.code, locale);
  const title = own?.title ?? formatMessage(texts.fallback, locale, { code: problem.code })!;
  // A detail whose parameters are missing says the title instead: never a `{placeholder}`, never English.
  const detail = (own?.detail !== undefined ? formatMessage(own.detail, locale, values) : undefined) ?? (own ? sentence(title) : title);
  return {
    ...sent,
    title,
    detail,
    ...(errors && !DIAGNOSTIC_CODES.has(problem.code) ? { errors: errors.map((e) => localizeFieldError(e, texts, locale)) } : {}),
    ...(reasons ? { reasons } : {}),
    ...(Array.isArray(problem.cases) ? { cases: problem.cases.map((c) => localizeCaseRefusal(c, texts)) } : {}),
  };
}

function localizeCaseRefusal(c: unknown, texts: ProblemTexts): unknown {
  if (!c || typeof c !== 'object' || typeof (c as { code?: unknown }).code !== 'string') return c;
  const code = (c as { code: string }).code;
  return { ...c, reason: Object.prototype.hasOwnProperty.call(texts.caseRefusals, code) ? texts.caseRefusals[code] : texts.reasons.invalid };
}

function localizeFieldError(e: FieldError, texts: ProblemTexts, locale: string): FieldError & { label?: string } {
  const label = (e.labels ? pickLabel(e.labels, locale) : '') || fieldName(e.path, texts);
  let message = e.keyword && LOCALIZED_KEYWORDS.has(e.keyword) ? e.message : undefined;
  const key = e.messageKey ?? e.keyword;
  const template = key && Object.prototype.hasOwnProperty.call(texts.reasons, key) ? texts.reasons[key] : undefined;
  message ??= (template !== undefined ? formatMessage(template, locale, e.params ?? {}) : undefined) ?? texts.reasons.invalid;
  return { path: e.path, ...(label ? { label } : {}), message, ...(e.keyword ? { keyword: e.keyword } : {}) };
}

/** `/reason`, `/links/0/caseId`: the last named segment, by its short name in the language. */
function fieldName(path: string, texts: ProblemTexts): string {
  const named = path
    .split(/[/.]/)
    .filter((s) => s && !/^\d+$/.test(s))
    .pop();
  return named && Object.prototype.hasOwnProperty.call(texts.fields, named) ? texts.fields[named] : '';
}

/**
 * The workflow's reasons (why an action or a form is refused) in the language: built-in reasons by
 * their code; the pack's own (a guard's message) as the engine picked them for the request's locale.
 * Undefined unless every reason is one of the engine's (`{ code, message }`).
 */
function localizedReasons(reasons: unknown, locale: string): Array<{ code: string; message: string; detail?: Record<string, unknown> }> | undefined {
  if (!Array.isArray(reasons) || reasons.length === 0) return undefined;
  if (!reasons.every((r) => r && typeof r === 'object' && typeof r.code === 'string' && typeof r.message === 'string')) return undefined;
  return reasons.map((r) => {
    const own = reason(r.code, locale, r.detail);
    // `reason` answers the code itself for a code it has no text for (a guard, form_incomplete): keep the engine's message.
    return own.message === r.code || r.code === 'form_incomplete' || r.code === 'guard_failed' ? r : { ...r, message: own.message };
  });
}

/** Parameters read from the problem's own members (documented in docs/development.md). */
function derivedParams(problem: Problem, reasons: Array<{ message: string }> | undefined): MessageParams {
  const out: MessageParams = {};
  if (Array.isArray(problem.errors) && problem.errors.length > 0) out.errorCount = problem.errors.length;
  if (Array.isArray(problem.cases) && problem.cases.length > 0) out.caseCount = problem.cases.length;
  if (typeof problem.retryAfterSeconds === 'number') out.seconds = problem.retryAfterSeconds;
  if (reasons) out.reasons = reasons.map((r) => r.message).join(' ');
  if (typeof problem.consent === 'string') out.consent = problem.consent;
  const checks = problem.checks;
  if (Array.isArray(checks) && checks.every((c) => typeof c?.message === 'string')) out.checks = checks.map((c) => c.message).join(' ');
  return out;
}

/** A title as a detail: with its full stop. */
function sentence(text: string): string {
  return /[.!?。]$/.test(text) ? text : `${text}.`;
}
