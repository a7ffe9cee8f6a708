/**
 * Interface texts in English, French and Arabic (right-to-left). Case data labels (forms, steps,
 * options) come from the pack through the API in the same language (`?locale=`).
 */
import en from './locales/en.json';
import fr from './locales/fr.json';
import ar from './locales/ar.json';

export type Messages = Record<string, string>;
export const LOCALES: Record<string, { name: string; dir: 'ltr' | 'rtl'; messages: Messages }> = {
  en: { name: 'English', dir: 'ltr', messages: en },
  fr: { name: 'Français', dir: 'ltr', messages: fr },
  ar: { name: 'العربية', dir: 'rtl', messages: ar },
};

const KEY = 'cmis.locale';

export function initialLocale(): string {
  const saved = localStorage.getItem(KEY);
  if (saved && LOCALES[saved]) return saved;
  const browser = (navigator.language || 'en').slice(0, 2);
  return LOCALES[browser] ? browser : 'en';
}

export function applyLocale(locale: string): void {
  localStorage.setItem(KEY, locale);
  document.documentElement.lang = locale;
  document.documentElement.dir = LOCALES[locale]?.dir ?? 'ltr';
}

/**
 * `t('home.due', { n: 3 })`: the text in the locale, else English, else the key; `{name}` placeholders
 * filled. `extra` (a page's own texts by locale) is looked up first in each language.
 */
export function translate(locale: string, key: string, vars: Record<string, string | number> = {}, extra?: Record<string, Messages>): string {
  const text = extra?.[locale]?.[key] ?? LOCALES[locale]?.messages[key] ?? extra?.en?.[key] ?? LOCALES.en.messages[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, k) => (vars[k] !== undefined ? String(vars[k]) : m));
}

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
