/**
 * Interface texts in English, French and Arabic (right-to-left). Case data labels (forms, steps,
 * options) come from the pack through the API in the same language (`?locale=`).
 */
import { LOCALES } from './translate';

export { LOCALES, translate, type Messages } from './translate';

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

// Dates and times on the pack's clock (kept apart: no DOM, so the server-side tests type-check them).
export { dayIn, formatDate, formatDateTime } from './dates';
