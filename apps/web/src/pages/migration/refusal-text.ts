/**
 * Why the server refused a part of a migration plan, in the reader's language (pure, unit-tested):
 * each reason's keyword has a text, filled with the labels of the steps, forms and fields its path
 * names (read from the two versions' outline and the plan as the editor holds it). A reason without
 * a text is the server's own words.
 */
import { fieldsOf, type MigrationOutline, type OutlineSide, type PlanDraft } from './plan-model';

type T = (key: string, vars?: Record<string, string | number>) => string;
export interface PlanProblem {
  path: string;
  message: string;
  keyword?: string;
}

const unescape = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');

export function refusalText(p: PlanProblem, outline: MigrationOutline, draft: PlanDraft, t: T): { text: string; translated: boolean } {
  const [part, a = '', b = ''] = p.path.split('/').slice(1).map(unescape);
  const { from, to } = outline;
  const step = (side: OutlineSide, id: string) => side.steps.find((s) => s.id === id)?.label || id;
  const form = (side: OutlineSide, id: string) => side.forms.find((f) => f.id === id)?.title || id;
  const field = (side: OutlineSide, formId: string, id: string) => fieldsOf(side.forms.find((f) => f.id === formId)).find((f) => f.id === id)?.label || id;
  const newForm = draft.forms[a] || a;
  const vars: Record<string, string | number> = { from: draft.fromVersion, to: draft.toVersion };
  if (part === 'steps') Object.assign(vars, { oldStep: step(from, a), newStep: step(to, draft.steps[a] ?? a) });
  if (part === 'forms') Object.assign(vars, { oldForm: form(from, a), newForm: form(to, newForm) });
  if (part === 'fields') {
    Object.assign(vars, {
      oldForm: form(from, a),
      oldField: field(from, a, b),
      newForm: form(to, newForm),
      newField: field(to, newForm, draft.fields[a]?.[b] || b),
    });
  }
  if (part === 'newFields') Object.assign(vars, { newForm: form(to, a), newField: field(to, a, b) });
  const key = `migration.refusal.${p.keyword}`;
  const text = p.keyword ? t(key, vars) : key;
  return text === key || /\{\w+\}/.test(text) ? { text: p.message, translated: false } : { text, translated: true };
}
