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

// Dates and times on the pack's clock (kept apart: no DOM, so the server-side tests type-check them).
export { dayIn, formatDate, formatDateTime } from './dates';
