/**
 * Renders one message (subject, plain text, HTML) from a pack template in the recipient's language.
 * Every source is checked before its first use, so an unchecked template can never bypass the rules;
 * and the subject is rendered without the answers and the reason, so neither can a gap in the checks.
 */
import type { MessageTemplateDef, MessageTemplateSources } from '@app/pack-types';
import { checkTemplateSource, formatTemplateProblem, TemplateProblem } from './check-template';
import { MessageContext, MessageKind, messageKindOf, SUBJECT_FORBIDDEN_ROOTS } from './message-kinds';
import { compileOptions, escapeHtml, TemplatePart, templateEnv } from './template-env';

export interface RenderedMessage {
  /** One line, at most SUBJECT_MAX_LENGTH characters. */
  subject: string;
  text: string;
  /** A complete HTML document. */
  html: string;
}

export const SUBJECT_MAX_LENGTH = 200;

/** A template that fails its checks (or has no language at all); thrown by renderMessage. */
export class TemplateError extends Error {
  constructor(
    readonly templateId: string,
    readonly locale: string | null,
    readonly part: TemplatePart | null,
    readonly problems: TemplateProblem[],
  ) {
    super(`message template "${templateId}"${locale ? ` (${locale}${part ? ` ${part}` : ''})` : ''}: ${problems.map(formatTemplateProblem).join('; ')}`);
    this.name = 'TemplateError';
  }
}

type Render = (context: unknown, options?: { data?: Record<string, unknown> }) => string;
/** A template's compiled parts in one language. */
export interface CompiledParts {
  subject: Render;
  text: Render;
  html?: Render;
}
interface Compiled extends CompiledParts {
  kind: MessageKind;
}

// Keyed by the sources object: a pack's templates are compiled once per loaded pack version.
const compiledTemplates = new WeakMap<MessageTemplateSources, Compiled>();

function compilePart(def: MessageTemplateDef, locale: string, kind: MessageKind, part: TemplatePart, source: string): Render {
  // The body may read any declared answer; the scheduler only passes those the recipient may read.
  const problems = checkTemplateSource(source, kind, part, def.answers);
  if (problems.length > 0) throw new TemplateError(def.id, locale, part, problems);
  return templateEnv.compile(source, compileOptions(part));
}

function compiledOf(def: MessageTemplateDef, locale: string): Compiled {
  const sources = def.locales[locale];
  const kind = messageKindOf(def.id);
  const cached = compiledTemplates.get(sources);
  if (cached && cached.kind === kind) return cached;
  const compiled: Compiled = {
    kind,
    subject: compilePart(def, locale, kind, 'subject', sources.subject),
    text: compilePart(def, locale, kind, 'text', sources.text),
    html: sources.html === undefined ? undefined : compilePart(def, locale, kind, 'html', sources.html),
  };
  compiledTemplates.set(sources, compiled);
  return compiled;
}

/** The language a message is written in: the wanted one, else the fallback, else any the template has. */
export function templateLocale(def: MessageTemplateDef, locale: string, fallbackLocale: string): string | null {
  if (def.locales[locale]) return locale;
  if (def.locales[fallbackLocale]) return fallbackLocale;
  return Object.keys(def.locales)[0] ?? null;
}

/** One line (mail headers, notification lists), whitespace collapsed, cut with an ellipsis. */
function subjectLine(rendered: string): string {
  const line = rendered.replace(/\s+/g, ' ').trim();
  const chars = Array.from(line);
  return chars.length <= SUBJECT_MAX_LENGTH ? line : `${chars.slice(0, SUBJECT_MAX_LENGTH - 1).join('')}…`;
}

function htmlDocument(body: string, subject: string, locale: string): string {
  return `<!doctype html>\n<html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>\n<body>\n${body}\n</body></html>\n`;
}

/**
 * What a subject is rendered from: the context with every root that may describe the child emptied
 * (answers `{}`, the reason `""`). The checks already refuse them in subjects; this is the backstop for
 * any way around the checks (`{{#each this}}`, `../` tricks, a helper added later...).
 */
export function subjectContext(data: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...data };
  for (const root of SUBJECT_FORBIDDEN_ROOTS) out[root] = root === 'answers' ? {} : '';
  return out;
}

export interface RenderOptions {
  /**
   * The IANA time zone dates and times are shown in (`formatDate`, `formatDateTime`): the pack's
   * `timezone`, so a deadline at 00:30 in Chișinău is on its local day. UTC when absent.
   */
  timeZone?: string;
}

/**
 * Renders a template. Subject and text are plain text (no HTML escaping); the HTML part escapes every
 * value. Without an HTML part, the HTML is the escaped text with line breaks kept.
 */
export function renderMessage(
  def: MessageTemplateDef,
  locale: string,
  fallbackLocale: string,
  context: MessageContext,
  options: RenderOptions = {},
): RenderedMessage {
  const used = templateLocale(def, locale, fallbackLocale);
  if (used === null) {
    throw new TemplateError(def.id, null, null, [{ code: 'no_locale', message: 'the template has no language' }]);
  }
  return renderParts(compiledOf(def, used), used, context, options);
}

/** Renders compiled (and, through renderMessage, checked) parts in the given language. */
export function renderParts(compiled: CompiledParts, locale: string, context: MessageContext, options: RenderOptions = {}): RenderedMessage {
  const data = { ...context, locale };
  // Private data for the helpers, not a template variable (the checks allow no such `@` name).
  const runtime = { data: { timeZone: options.timeZone ?? 'UTC' } };
  const subject = subjectLine(compiled.subject(subjectContext(data), runtime));
  const text = compiled.text(data, runtime);
  let html: string;
  if (compiled.html) {
    const body = compiled.html(data, runtime);
    html = /<html/i.test(body) ? body : htmlDocument(body, subject, locale);
  } else {
    html = htmlDocument(escapeHtml(text).replace(/\r?\n/g, '<br>\n'), subject, locale);
  }
  return { subject, text, html };
}
