/**
 * The one Handlebars environment message templates run in: a private instance (never the global one,
 * which other code could extend) with a short whitelist of helpers. Pack authors are administrators,
 * not developers, so nothing here can reach code, files or object internals.
 */
import Handlebars from 'handlebars';

export type TemplatePart = 'subject' | 'text' | 'html';

/** Block helpers: they take one argument and a body. */
export const BLOCK_HELPERS: readonly string[] = ['if', 'unless', 'each', 'with'];
/** Value helpers and their number of arguments. */
export const VALUE_HELPERS: Readonly<Record<string, number>> = { formatDate: 1, formatDateTime: 1, eq: 2 };
/** Every helper a template may call. */
export const TEMPLATE_HELPERS: readonly string[] = [...BLOCK_HELPERS, ...Object.keys(VALUE_HELPERS)];

/** Bare `en` means en-US to Intl; day-month-year ("5 March 2026") reads the same everywhere. */
const INTL_LOCALE: Readonly<Record<string, string>> = { en: 'en-GB' };

/** A calendar date without a time (`2026-03-14`, as date answers are): a day, in no time zone. */
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function toDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'string' && value) {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

const isDateOnly = (value: unknown): boolean => typeof value === 'string' && DATE_ONLY.test(value);

// Building an Intl.DateTimeFormat is costly (a tenth of a 1,000-alert tick): one per locale, style and zone.
const formats = new Map<string, Intl.DateTimeFormat>();
const FORMAT_CACHE_SIZE = 200;

function dateFormat(locale: unknown, options: Intl.DateTimeFormatOptions, timeZone: string): Intl.DateTimeFormat {
  const tag = typeof locale === 'string' && locale ? (INTL_LOCALE[locale] ?? locale) : 'en-GB';
  const key = `${tag}|${timeZone}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    const make = (t: string, zone: string) => new Intl.DateTimeFormat(t, { ...options, timeZone: zone });
    try {
      format = make(tag, timeZone);
    } catch {
      // A malformed locale tag (or zone) must not stop a reminder from going out.
      try {
        format = make('en-GB', timeZone);
      } catch {
        format = make('en-GB', 'UTC');
      }
    }
    if (formats.size >= FORMAT_CACHE_SIZE) formats.clear();
    formats.set(key, format);
  }
  return format;
}

/**
 * "14 March 2026" in the given locale, the day it is in `timeZone` (the pack's; UTC when none) at that
 * moment; empty for a missing or invalid date. A date-only value (`2026-03-14`) is that day as it is.
 */
export function formatDate(value: unknown, locale: string, timeZone = 'UTC'): string {
  const d = toDate(value);
  if (!d) return '';
  return dateFormat(locale, { day: 'numeric', month: 'long', year: 'numeric' }, isDateOnly(value) ? 'UTC' : timeZone).format(d);
}

/**
 * "14 March 2026, 00:30 (Europe/Chisinau)": the wall clock of `timeZone` (the pack's; UTC when none),
 * with the zone named, since a recipient may read it elsewhere. A date-only value has no time: just the date.
 */
export function formatDateTime(value: unknown, locale: string, timeZone = 'UTC'): string {
  const d = toDate(value);
  if (!d) return '';
  if (isDateOnly(value)) return formatDate(value, locale, timeZone);
  const format = dateFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }, timeZone);
  // The zone actually used (UTC if the given one was unusable).
  const zone = zoneOf(format);
  return `${formatDate(d, locale, zone)}, ${format.format(d)} (${zone})`;
}

// resolvedOptions() builds a new object at every call: read once per format.
const zones = new WeakMap<Intl.DateTimeFormat, string>();

function zoneOf(format: Intl.DateTimeFormat): string {
  let zone = zones.get(format);
  if (zone === undefined) zones.set(format, (zone = format.resolvedOptions().timeZone));
  return zone;
}

/** The template's locale: renderMessage puts it at the root of every context. */
function localeOf(options: any): string {
  return options?.data?.root?.locale ?? 'en';
}

/** The pack's time zone: renderParts passes it as private data (`@`-variables are not for templates). */
function timeZoneOf(options: any): string {
  return typeof options?.data?.timeZone === 'string' && options.data.timeZone ? options.data.timeZone : 'UTC';
}

function createEnvironment(): typeof Handlebars {
  const hbs = Handlebars.create();
  // `lookup` reads arbitrary keys, `log` writes to the server console; the *Missing fallbacks would
  // make unknown names silently act as sections. Only the whitelist stays.
  for (const name of Object.keys(hbs.helpers)) {
    if (!BLOCK_HELPERS.includes(name)) hbs.unregisterHelper(name);
  }
  for (const name of Object.keys(hbs.decorators)) hbs.unregisterDecorator(name);
  hbs.registerHelper('formatDate', (value: unknown, options: any) => formatDate(value, localeOf(options), timeZoneOf(options)));
  hbs.registerHelper('formatDateTime', (value: unknown, options: any) => formatDateTime(value, localeOf(options), timeZoneOf(options)));
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  return hbs;
}

export const templateEnv = createEnvironment();

/**
 * Compile options: only the whitelisted helpers are known, and unknown ones are compile errors. The
 * built-ins the compiler assumes by default are switched off explicitly.
 */
export function compileOptions(part: TemplatePart): CompileOptions {
  const knownHelpers: Record<string, boolean> = {
    helperMissing: false,
    blockHelperMissing: false,
    log: false,
    lookup: false,
  };
  for (const name of TEMPLATE_HELPERS) knownHelpers[name] = true;
  // Subjects and text bodies are plain text: HTML escaping would show "&amp;" to the reader.
  return { knownHelpers, knownHelpersOnly: true, noEscape: part !== 'html' };
}

/** HTML-escapes text (the same function Handlebars uses for `{{x}}` in html parts). */
export function escapeHtml(text: string): string {
  return templateEnv.Utils.escapeExpression(text);
}
