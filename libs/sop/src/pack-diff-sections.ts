/**
 * What the pack diff words, element by element: a table of sections (forms, fields, steps, deadlines...)
 * each listing its elements and the properties compared. A new kind of change is a new row here, not a
 * branch in the diff; whatever no row covers is still reported by pack-diff.ts as `changed_at_path`.
 */
import type { DeadlineDef, FormDef, RoleDef, SopPack, Translated } from '@app/pack-types';
import type { DiffElement, DiffProperty, DiffSection, PackChangeScope, PackElementRef, PropertyChange } from './pack-diff.types';
import { canonicalJson } from './pack-files';

const prop = (name: string): string => (/^[A-Za-z_$][\w$-]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`);

/** A property read at one key of the element: its change covers that key. */
function at(kind: string, key: string, read: (v: any) => unknown = (v) => v?.[key]): DiffProperty {
  return { kind, read, covers: () => [prop(key)] };
}

const LABEL = (key = 'label'): DiffProperty => at('label_changed', key);

/** A list compared as a set (by canonical JSON): one change per item that came (`added`) or went (`removed`). */
function asSet(added: string, removed: string, key: string): DiffProperty {
  return { ...at(added, key), kinds: [added, removed], expand: setChanges(added, removed) };
}

function setChanges(added: string, removed: string) {
  return (before: unknown[] | undefined, after: unknown[] | undefined): PropertyChange[] => {
    const key = (x: unknown) => canonicalJson(x);
    const was = new Set((before ?? []).map(key));
    const now = new Set((after ?? []).map(key));
    return [
      ...(after ?? []).filter((x) => !was.has(key(x))).map((x) => ({ kind: added, after: x })),
      ...(before ?? []).filter((x) => !now.has(key(x))).map((x) => ({ kind: removed, before: x })),
    ];
  };
}

const formRef = (f: FormDef): PackElementRef => ({ type: 'form', id: f.id, label: f.title });
const formPath = (id: string): string => `forms[${id}]`;
const fieldLabel = (schema: any): Translated | undefined => schema?.['x-label'] ?? (typeof schema?.title === 'string' ? { en: schema.title } : undefined);

/** The option list or values a field offers (for an array field, those of its items). */
function fieldOptions(s: any): unknown {
  const src = s?.type === 'array' && s.items ? s.items : s;
  if (src?.['x-optionList']) return { optionList: src['x-optionList'], ...(src['x-locationLevels'] ? { levels: src['x-locationLevels'] } : {}) };
  if (Array.isArray(src?.enum)) return { values: src.enum };
  return null;
}

function fieldsOf(pack: SopPack): DiffElement[] {
  return pack.forms.flatMap((f) =>
    Object.entries<any>(f.schema?.properties ?? {}).map(([name, schema]) => ({
      ref: { type: 'field' as const, id: name, label: fieldLabel(schema), parent: formRef(f) },
      value: { schema, required: (f.schema?.required ?? []).includes(name) },
      path: `${formPath(f.id)}.schema.properties${prop(name)}`,
    })),
  );
}

/** The parts of a form schema that make fields depend on others (shown when, required when). */
const CONDITION_KEYS = ['if', 'then', 'else', 'allOf', 'anyOf', 'oneOf', 'dependentRequired', 'dependentSchemas'];

/** `{ "==": [{ "var": fact }, value] }`: which answer a deadline offset reads, and that value's label. */
function offsetScope(pack: SopPack, when: unknown): PackChangeScope {
  const scope: PackChangeScope = { when: (when ?? null) as PackChangeScope['when'] };
  const eq = (when as any)?.['=='];
  if (!Array.isArray(eq) || eq.length !== 2 || typeof eq[0]?.var !== 'string') return scope;
  const fact: string = eq[0].var;
  scope.fact = fact;
  scope.value = eq[1];
  const answer = fact === 'case.risk' ? pack.manifest.caseTypes.find((t) => t.riskField)?.riskField : fact.replace(/^forms\./, '');
  const [formId, field] = (answer ?? '').split('.');
  const list = (fieldOptions(pack.forms.find((f) => f.id === formId)?.schema?.properties?.[field]) as any)?.optionList;
  const label = list ? pack.optionLists[list]?.find((o) => o.value === eq[1])?.label : undefined;
  if (label) scope.valueLabel = label;
  return scope;
}

/** One change per deadline offset that differs, matched by the rule choosing it. */
function offsetChanges(before: DeadlineDef['due'], after: DeadlineDef['due'], packs: { before: SopPack; after: SopPack }): PropertyChange[] {
  const byRule = (due: DeadlineDef['due']) => new Map((due ?? []).map((d) => [canonicalJson(d.when ?? null), d]));
  const was = byRule(before);
  const now = byRule(after);
  const out: PropertyChange[] = [];
  for (const [rule, d] of now) {
    const old = was.get(rule);
    if (!old || canonicalJson(old.after) !== canonicalJson(d.after)) out.push({ scope: offsetScope(packs.after, d.when), before: old?.after, after: d.after });
  }
  for (const [rule, d] of was) if (!now.has(rule)) out.push({ scope: offsetScope(packs.before, d.when), before: d.after });
  return out;
}

/** Template sources by language and part, one change per text that differs. */
function templateTextChanges(before: Record<string, any>, after: Record<string, any>): PropertyChange[] {
  const out: PropertyChange[] = [];
  for (const locale of new Set([...Object.keys(after ?? {}), ...Object.keys(before ?? {})])) {
    for (const part of ['subject', 'text', 'html']) {
      const a = before?.[locale]?.[part];
      const b = after?.[locale]?.[part];
      if (a !== b) out.push({ scope: { locale, part }, before: a, after: b });
    }
  }
  return out;
}

const keyed = <T extends { id: string }>(
  type: PackElementRef['type'],
  list: T[],
  base: string,
  label: (x: T) => Translated | undefined = (x: any) => x.label,
) => list.map((x) => ({ ref: { type, id: x.id, label: label(x) }, value: x, path: `${base}[${x.id}]` }));

/** In order: parents before their children (a field of a new form is part of the form's change). */
export const DIFF_SECTIONS: DiffSection[] = [
  {
    type: 'pack',
    elements: (p) => [{ ref: { type: 'pack', id: p.manifest.id, label: p.manifest.name }, value: p.manifest, path: 'manifest' }],
    properties: [
      LABEL('name'),
      at('pack_locales_changed', 'locales'),
      at('pack_default_locale_changed', 'defaultLocale'),
      at('pack_timezone_changed', 'timezone'),
      at('pack_calendar_changed', 'calendar'),
      at('pack_plugins_changed', 'plugins'),
    ],
  },
  {
    type: 'case_type',
    elements: (p) => keyed('case_type', p.manifest.caseTypes, 'manifest.caseTypes'),
    added: 'case_type_added',
    removed: 'case_type_removed',
    properties: [LABEL(), at('case_type_start_step_changed', 'startStep'), at('case_type_start_form_changed', 'startForm')],
  },
  {
    type: 'form',
    elements: (p) => p.forms.map((f) => ({ ref: formRef(f), value: f, path: formPath(f.id) })),
    added: 'form_added',
    removed: 'form_removed',
    alsoCovers: (e) => [`manifest.forms[${e.ref.id}]`, 'manifest.forms'],
    properties: [
      { kind: 'form_version_changed', read: (f) => f.version, covers: () => ['.version', 'manifest.forms'] },
      LABEL('title'),
      {
        kind: 'form_conditions_changed',
        read: (f) => Object.fromEntries(CONDITION_KEYS.filter((k) => f.schema?.[k] !== undefined).map((k) => [k, f.schema[k]])),
        covers: () => CONDITION_KEYS.map((k) => `.schema${prop(k)}`),
      },
      at('form_layout_changed', 'uiSchema'),
    ],
  },
  {
    type: 'field',
    elements: fieldsOf,
    added: 'field_added',
    removed: 'field_removed',
    alsoCovers: (e) => [`${formPath(e.ref.parent!.id)}.schema.required`],
    properties: [
      { kind: 'label_changed', read: (v) => fieldLabel(v.schema), covers: () => ['.x-label', '.title'] },
      { kind: 'field_type_changed', read: (v) => ({ type: v.schema?.type, format: v.schema?.format }), covers: () => ['.type', '.format'] },
      { kind: 'field_required_changed', read: (v) => v.required, covers: (e) => [`${formPath(e.ref.parent!.id)}.schema.required`] },
      {
        kind: 'field_options_changed',
        read: (v) => fieldOptions(v.schema),
        covers: () => ['.x-optionList', '.enum', '.x-locationLevels', '.items.x-optionList', '.items.enum', '.items.x-locationLevels'],
      },
      { kind: 'field_sensitivity_changed', read: (v) => v.schema?.['x-sensitive'] === true, covers: () => ['.x-sensitive'] },
    ],
  },
  {
    type: 'step',
    elements: (p) => keyed('step', p.workflow.steps, 'workflow.steps'),
    added: 'step_added',
    removed: 'step_removed',
    properties: [LABEL(), at('step_kind_changed', 'kind'), at('step_forms_changed', 'forms')],
  },
  {
    type: 'transition',
    elements: (p) => keyed('transition', p.workflow.transitions, 'workflow.transitions'),
    added: 'transition_added',
    removed: 'transition_removed',
    properties: [
      LABEL(),
      at('transition_from_changed', 'from'),
      at('transition_to_changed', 'to'),
      at('transition_roles_changed', 'roles'),
      at('transition_required_forms_changed', 'requiresForms'),
      asSet('transition_guard_added', 'transition_guard_removed', 'guards'),
      at('transition_approval_changed', 'approval'),
      at('transition_effects_changed', 'effects'),
    ],
  },
  {
    type: 'deadline',
    elements: (p) => keyed('deadline', p.deadlines, 'deadlines'),
    added: 'deadline_added',
    removed: 'deadline_removed',
    properties: [
      LABEL(),
      at('deadline_case_types_changed', 'caseTypes'),
      at('deadline_anchor_changed', 'anchor'),
      at('deadline_condition_changed', 'when'),
      { ...at('deadline_offset_changed', 'due'), expand: (a, b, packs) => offsetChanges(a, b, packs) },
      at('deadline_close_on_changed', 'closeOn'),
      at('deadline_repeat_changed', 'repeat'),
      at('deadline_reminders_changed', 'reminders'),
      at('deadline_escalations_changed', 'escalation'),
    ],
  },
  {
    type: 'role',
    elements: (p) => keyed('role', p.roles, 'roles'),
    added: 'role_added',
    removed: 'role_removed',
    properties: [
      LABEL(),
      asSet('role_rule_granted', 'role_rule_revoked', 'rules'),
      at('role_administer_changed', 'administer', (r: RoleDef) => r.administer ?? false),
      at('role_two_factor_changed', 'requiresTwoFactor', (r: RoleDef) => r.requiresTwoFactor === true),
      at('role_supervises_team_changed', 'supervisesTeam', (r: RoleDef) => r.supervisesTeam === true),
    ],
  },
  {
    type: 'option_list',
    elements: (p) =>
      Object.entries(p.optionLists).map(([id, options]) => ({ ref: { type: 'option_list' as const, id }, value: options, path: `optionLists${prop(id)}` })),
    added: 'option_list_added',
    removed: 'option_list_removed',
    properties: [],
  },
  {
    type: 'option',
    elements: (p) =>
      Object.entries(p.optionLists).flatMap(([list, options]) =>
        options.map((o) => ({
          ref: { type: 'option' as const, id: o.value, label: o.label, parent: { type: 'option_list' as const, id: list } },
          value: o,
          path: `optionLists${prop(list)}[${o.value}]`,
        })),
      ),
    added: 'option_added',
    removed: 'option_removed',
    properties: [LABEL()],
  },
  {
    type: 'template',
    elements: (p) =>
      Object.values(p.notifications.templates).map((t) => ({
        ref: { type: 'template' as const, id: t.id },
        value: t,
        path: `notifications.templates${prop(t.id)}`,
      })),
    added: 'template_added',
    removed: 'template_removed',
    properties: [at('template_answers_changed', 'answers'), { ...at('template_text_changed', 'locales'), expand: templateTextChanges }],
  },
  {
    type: 'indicator',
    elements: (p) => keyed('indicator', p.reporting.indicators, 'reporting.indicators'),
    added: 'indicator_added',
    removed: 'indicator_removed',
    properties: [
      LABEL(),
      {
        kind: 'indicator_definition_changed',
        read: ({ id: _id, label: _label, description: _description, ...definition }) => definition,
        covers: (e) =>
          Object.keys(e.value)
            .filter((k) => !['id', 'label', 'description'].includes(k))
            .map(prop),
      },
    ],
  },
];

/** Labels of what the changes' values name by id (see PackDiff.labels); the newer pack's wording wins. */
export function diffLabels(before: SopPack, after: SopPack): Record<string, Translated> {
  const labels: Record<string, Translated> = {};
  for (const pack of [before, after]) {
    const put = (key: string, label: Translated | undefined) => {
      if (label) labels[key] = label;
    };
    for (const s of pack.workflow.steps) put(`step:${s.id}`, s.label);
    for (const t of pack.workflow.transitions) put(`transition:${t.id}`, t.label);
    for (const r of pack.roles) put(`role:${r.id}`, r.label);
    for (const t of pack.manifest.caseTypes) put(`case_type:${t.id}`, t.label);
    for (const f of pack.forms) {
      put(`form:${f.id}`, f.title);
      for (const [name, schema] of Object.entries<any>(f.schema?.properties ?? {})) put(`field:${f.id}.${name}`, fieldLabel(schema));
    }
    for (const [list, options] of Object.entries(pack.optionLists)) for (const o of options) put(`option:${list}.${o.value}`, o.label);
  }
  return labels;
}
