import type { MessageParams } from './errors';

const PLURAL = /\{(\w+), plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{[^{}]*\})+)\s*\}/g;
const PLURAL_FORM = /(=\d+|zero|one|two|few|many|other)\s*\{([^{}]*)\}/g;
const SELECT = /\{(\w+), select,((?:\s*\w+\s*\{[^{}]*\})+)\s*\}/g;
const SELECT_FORM = /(\w+)\s*\{([^{}]*)\}/g;
const PLACEHOLDER = /\{(\w+)\}/g;

/** The parameters a message names, plural ones included (`{n, plural, ...}` names `n`). */
export function messageParams(template: string): string[] {
  const names = new Set<string>();
  for (const m of template.matchAll(PLURAL)) names.add(m[1]);
  for (const m of template.matchAll(SELECT)) names.add(m[1]);
  for (const m of template.replace(PLURAL, '').replace(SELECT, '').matchAll(PLACEHOLDER)) names.add(m[1]);
  return [...names];
}

/**
 * Fills a message: `{name}` placeholders, ICU-style plurals, `{n, plural, one {# second} other
 * {# seconds}}`, chosen by the language's own rules (Arabic has six forms, Romanian three), an exact
 * `=0` first, `#` the number written for the language, and choices, `{state, select, refused {...}
 * other {...}}`. Undefined when a parameter it names is missing: the caller then says something
 * shorter rather than show a `{placeholder}`.
 */
export function formatMessage(template: string, locale: string, params: MessageParams = {}): string | undefined {
  if (messageParams(template).some((name) => params[name] === undefined)) return undefined;
  const withPlurals = template.replace(PLURAL, (whole, name: string, cases: string) => {
    const n = Number(params[name]);
    const forms = new Map([...cases.matchAll(PLURAL_FORM)].map((f) => [f[1], f[2]]));
    const form = forms.get(`=${n}`) ?? forms.get(new Intl.PluralRules(locale).select(n)) ?? forms.get('other') ?? whole;
    return form.replace(/#/g, new Intl.NumberFormat(locale).format(n));
  });
  const withChoices = withPlurals.replace(SELECT, (whole, name: string, cases: string) => {
    const forms = new Map([...cases.matchAll(SELECT_FORM)].map((f) => [f[1], f[2]]));
    return forms.get(String(params[name])) ?? forms.get('other') ?? whole;
  });
  return withChoices.replace(PLACEHOLDER, (_, name: string) => String(params[name]));
}
