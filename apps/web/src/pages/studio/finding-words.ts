/**
 * A finding's params worded for its reader (pure, unit-tested): ids of the draft's elements become
 * their labels in the language, languages their names. The linter's params (libs/sop lint-codes.ts)
 * name steps, forms, fields, transitions, deadlines, roles and case types by id.
 */
import { draftForms, type DraftFinding, type Label } from './draft-model';

type Files = Record<string, any>;
type Vars = Record<string, string | number>;

const pick = (label: Label | string | undefined, locale: string): string =>
  !label ? '' : typeof label === 'string' ? label : (label[locale] ?? label.en ?? Object.values(label)[0] ?? '');

/** Labels by kind and id, read from the draft's files. */
export interface DraftNames {
  label(kind: 'step' | 'transition' | 'deadline' | 'role' | 'caseType' | 'form', id: string): string;
  field(form: string, field: string): string;
}

export function draftNames(files: Files, locale: string): DraftNames {
  const labels: Record<string, Map<string, Label>> = {
    step: byId(files['workflow.json']?.steps),
    transition: byId(files['workflow.json']?.transitions),
    deadline: byId(files['deadlines.json']?.deadlines),
    role: byId(files['roles.json']?.roles),
    caseType: byId(files['pack.json']?.caseTypes),
    form: new Map(draftForms(files).map((f) => [f.id, f.title])),
  };
  const forms = new Map(draftForms(files).map((f) => [f.id, f]));
  return {
    label: (kind, id) => pick(labels[kind].get(id), locale) || id,
    field: (form, field) => pick(forms.get(form)?.schema.properties?.[field]?.['x-label'], locale) || field,
  };
}

function byId(list: unknown): Map<string, Label> {
  return new Map((Array.isArray(list) ? list : []).filter((x) => x && typeof x.id === 'string').map((x) => [x.id, x.label ?? {}]));
}

const LIST_KINDS = { steps: 'step', roles: 'role' } as const;
const ONE_KINDS = ['step', 'transition', 'deadline', 'role', 'caseType', 'form'] as const;

/** The finding's params with labels for ids; `languages` as the languages' own names. */
export function findingVars(f: Pick<DraftFinding, 'params'>, names: DraftNames | null, languageName: (code: string) => string): Vars {
  const params: Vars = { ...(f.params ?? {}) };
  if (typeof params.languages === 'string') params.languages = params.languages.split(', ').map(languageName).join(', ');
  if (!names) return params;
  const vars: Vars = { ...params };
  for (const kind of ONE_KINDS) if (typeof params[kind] === 'string') vars[kind] = names.label(kind, params[kind]);
  for (const [key, kind] of Object.entries(LIST_KINDS)) {
    if (typeof params[key] === 'string')
      vars[key] = params[key]
        .split(', ')
        .map((id) => names.label(kind, id))
        .join(', ');
  }
  if (typeof params.field === 'string' && typeof params.form === 'string') vars.field = names.field(params.form, params.field);
  return vars;
}
