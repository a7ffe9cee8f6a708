/** The interface texts by locale and their lookup (kept apart from the DOM, so the server-side tests type-check them). */
import en from './locales/en.json';
import fr from './locales/fr.json';
import ar from './locales/ar.json';
import ro from './locales/ro.json';

export type Messages = Record<string, string>;
export const LOCALES: Record<string, { name: string; dir: 'ltr' | 'rtl'; messages: Messages }> = {
  en: { name: 'English', dir: 'ltr', messages: en },
  fr: { name: 'Français', dir: 'ltr', messages: fr },
  ar: { name: 'العربية', dir: 'rtl', messages: ar },
  ro: { name: 'Română', dir: 'ltr', messages: ro },
};

/**
 * `t('home.due', { n: 3 })`: the text in the locale, else English, else the key; `{name}` placeholders
 * filled. `extra` (a page's own texts by locale) is looked up first in each language.
 */
export function translate(locale: string, key: string, vars: Record<string, string | number> = {}, extra?: Record<string, Messages>): string {
  const found = extra?.[locale]?.[key] ?? LOCALES[locale]?.messages[key];
  const [text, lang] = found !== undefined ? [found, locale] : [extra?.en?.[key] ?? LOCALES.en.messages[key] ?? key, 'en'];
  return plurals(text, lang, vars).replace(/\{(\w+)\}/g, (m, k) => (vars[k] !== undefined ? String(vars[k]) : m));
}

const PLURAL = /\{(\w+), plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{[^{}]*\})+)\s*\}/g;
const PLURAL_FORM = /(=\d+|zero|one|two|few|many|other)\s*\{([^{}]*)\}/g;

/**
 * ICU-style plurals, `{n, plural, one {# chart} other {# charts}}`: the form of the language's own
 * plural rules (Arabic has six; French counts 0 and 1 as one), an exact `=0` first, `#` the number
 * written for the language. The form follows the language the text is in (an English fallback is
 * English), so a missing translation never picks a form English does not have.
 */
function plurals(text: string, locale: string, vars: Record<string, string | number>): string {
  if (!text.includes(', plural,')) return text;
  return text.replace(PLURAL, (whole, name: string, cases: string) => {
    const n = Number(vars[name]);
    if (vars[name] === undefined || !Number.isFinite(n)) return whole;
    const forms = new Map([...cases.matchAll(PLURAL_FORM)].map((f) => [f[1], f[2]]));
    const form = forms.get(`=${n}`) ?? forms.get(new Intl.PluralRules(locale).select(n)) ?? forms.get('other');
    return form === undefined ? whole : form.replace(/#/g, new Intl.NumberFormat(locale).format(n));
  });
}
