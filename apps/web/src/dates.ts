/**
 * Case dates and times as the web app shows them: on the pack's clock (pack.json `timezone`), not
 * the browser's. Intl only (no DOM).
 */
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const formats = new Map<string, Intl.DateTimeFormat>();

/** A cached formatter; a zone this browser does not know falls back to the browser's own. */
function format(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(locale, options);
    } catch {
      f = new Intl.DateTimeFormat(locale, { ...options, timeZone: undefined });
    }
    formats.set(key, f);
  }
  return f;
}

/**
 * A moment (deadline, registration, event) on the pack's clock: `timeZone` is pack.json `timezone`
 * (the app's `useApp().timeZone`), so a supervisor abroad sees the deadline on the same day and at
 * the same hour as the caseworker. Without it (not loaded yet), the browser's zone. A date-only
 * value is a day, shown as that day.
 */
export function formatDateTime(value: string | null | undefined, locale: string, timeZone?: string): string {
  if (!value) return '';
  if (DATE_ONLY.test(value)) return formatDate(value, locale, timeZone);
  return format(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(value));
}

/**
 * A day. A date-only value (`2026-03-14`, a form's date answer) is that calendar day in every zone;
 * a moment is the day it falls on in `timeZone` (the pack's; the browser's without one).
 */
export function formatDate(value: string | null | undefined, locale: string, timeZone?: string): string {
  if (!value) return '';
  if (DATE_ONLY.test(value)) return format(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`));
  return format(locale, { dateStyle: 'medium', timeZone }).format(new Date(value));
}

/** The `YYYY-MM-DD` day a moment falls on in `timeZone` (the browser's without one): "due today" is the pack's today. */
export function dayIn(value: string | Date, timeZone?: string): string {
  return format('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(new Date(value));
}
