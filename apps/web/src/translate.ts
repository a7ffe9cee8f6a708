/** The interface texts by locale and their lookup (kept apart from the DOM, so the server-side tests type-check them). */
import en from './locales/en.json';
import fr from './locales/fr.json';
import ar from './locales/ar.json';

export type Messages = Record<string, string>;
export const LOCALES: Record<string, { name: string; dir: 'ltr' | 'rtl'; messages: Messages }> = {
  en: { name: 'English', dir: 'ltr', messages: en },
  fr: { name: 'Français', dir: 'ltr', messages: fr },
  ar: { name: 'العربية', dir: 'rtl', messages: ar },
};

/**
 * `t('home.due', { n: 3 })`: the text in the locale, else English, else the key; `{name}` placeholders
 * filled. `extra` (a page's own texts by locale) is looked up first in each language.
 */
export function translate(locale: string, key: string, vars: Record<string, string | number> = {}, extra?: Record<string, Messages>): string {
  const text = extra?.[locale]?.[key] ?? LOCALES[locale]?.messages[key] ?? extra?.en?.[key] ?? LOCALES.en.messages[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, k) => (vars[k] !== undefined ? String(vars[k]) : m));
}
