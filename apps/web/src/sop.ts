import type { SopClientPayload } from './api-types';
import { api } from './api';

/** The pack (GET /api/sop/current); its forms' JSON Schemas, open objects to the API, are read as RJSF schemas. */
export type SopSummary = Omit<SopClientPayload, 'forms'> & {
  forms: Array<Omit<SopClientPayload['forms'][number], 'schema' | 'uiSchema'> & { schema: any; uiSchema: any }>;
};

const cache = new Map<string, Promise<SopSummary>>();

/** The current SOP version (forms, steps, roles) in a language, fetched once per language. */
export function currentSop(locale: string): Promise<SopSummary> {
  let p = cache.get(locale);
  if (!p) {
    p = api<SopSummary>('GET', '/api/sop');
    p.catch(() => cache.delete(locale));
    cache.set(locale, p);
  }
  return p;
}

export function pick(label: Record<string, string> | string | undefined, locale: string): string {
  if (!label) return '';
  if (typeof label === 'string') return label;
  return label[locale] ?? label.en ?? Object.values(label)[0] ?? '';
}

/** Case types the user's roles may register (a `create` rule on `case`). */
export function creatableCaseTypes(sop: SopSummary, roles: string[]): string[] {
  const out = new Set<string>();
  for (const role of sop.roles.filter((r) => roles.includes(r.id))) {
    for (const rule of role.rules) {
      const actions = Array.isArray(rule.action) ? rule.action : [rule.action];
      if (rule.subject !== 'case' || !actions.includes('create')) continue;
      const types = rule.conditions?.caseType;
      (types === undefined ? sop.manifest.caseTypes.map((c) => c.id) : Array.isArray(types) ? types : [types]).forEach((c) => out.add(String(c)));
    }
  }
  return [...out];
}
