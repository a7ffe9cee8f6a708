/**
 * The published versions page: its texts (pack-versions-*.json, falling back to the app's), and the
 * changes of a pack diff (GET /api/sop/versions/:from/diff/:to) worded in the reader's language, with
 * the labels of the elements, never their ids. One wording per change kind, in a table; a kind the
 * table does not know is still shown (its element and "changed").
 */
import type { ApiResponse, ApiSchemas } from '../api-types';
import { AdminT, conditionTexts, durationText, fieldText, Names, ruleText, word } from '../admin-texts';
import { LOCALES, Messages, translate } from '../i18n';
import ar from '../locales/pack-versions-ar.json';
import en from '../locales/pack-versions-en.json';
import fr from '../locales/pack-versions-fr.json';
import ro from '../locales/pack-versions-ro.json';
import { useApp } from '../session';
import { pick } from '../sop';

const MESSAGES: Record<string, Messages> = { en, fr, ar, ro };

export type VersionsT = (key: string, vars?: Record<string, string | number>) => string;

export function useVersionsT(): VersionsT {
  const { locale } = useApp();
  return (key, vars) => translate(locale, key, vars, MESSAGES);
}

export type PackVersionDiff = ApiResponse<'SopVersionsController_diff'>;
export type PackChange = ApiSchemas['PackChange'];
export type BundleImportResult = ApiResponse<'SopVersionsController_importBundle'>;
type Ref = PackChange['element'];
type Label = Record<string, string>;

/** What wording a change needs: both translators, the language, and the diff's labels as names. */
export interface ChangeWording {
  t: VersionsT;
  adminT: AdminT;
  locale: string;
  names: Names;
}

export function wordingFor(diff: Pick<PackVersionDiff, 'labels'>, locale: string, t: VersionsT, adminT: AdminT): ChangeWording {
  const labels = diff.labels as Record<string, Label>;
  const name = (type: string) => (id: string) => pick(labels[`${type}:${id}`], locale) || id;
  const names: Names = {
    step: (id) => (id === '@previous' ? adminT('admin.previousStep') : name('step')(id)),
    form: name('form'),
    role: (id) =>
      ({ case_owner: adminT('admin.recipient.caseOwner'), case_owner_supervisor: adminT('admin.recipient.caseOwnerSupervisor') })[id] ?? name('role')(id),
    caseType: name('case_type'),
    transition: name('transition'),
    field: (form, field) => name('field')(`${form}.${field}`),
  };
  return { t, adminT, locale, names };
}

/** `field “Views of the child” of form “Initial assessment”`. */
export function elementText(ref: Ref, w: ChangeWording): string {
  const one = (r: Ref) => w.t(`versions.element.${r.type}`, { name: pick(r.label as Label | undefined, w.locale) || r.id });
  return ref.parent ? w.t('versions.element.of', { element: one(ref), parent: one(ref.parent as Ref) }) : one(ref);
}

const list = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
const json = (v: unknown): string => (v === undefined ? '' : JSON.stringify(v));

/** A value in words, or "none". */
type Show = (v: any, w: ChangeWording) => string;
const joined =
  (of: (n: Names) => (id: string) => string): Show =>
  (v, w) =>
    list(v).map(of(w.names)).join(', ');
const duration: Show = (v, w) => durationText(v, w.adminT);
const rule: Show = (r, w) => {
  const actions = list(r?.action)
    .map((a) => word(w.adminT, 'admin.action', a))
    .join(', ');
  const subject = word(w.adminT, 'admin.subject', String(r?.subject));
  const fields = list(r?.fields).map((f) => fieldText(f, w.names, w.adminT));
  const when = conditionTexts(r?.conditions, w.names, w.adminT);
  return [`${actions} ${subject}`, fields.join(', '), when.join(', ')].filter(Boolean).join(' — ');
};

/** How each kind of change reads: its message key and the values it shows. */
interface Wording {
  key?: string | ((c: PackChange, w: ChangeWording) => string);
  show?: Show;
  vars?(c: PackChange, w: ChangeWording): Record<string, string>;
}

const WORDINGS: Record<string, Wording> = {
  label_changed: {
    // Only another language's wording changed: the reader's name is the same before and after.
    key: (c, w) =>
      pick(c.before as Label | undefined, w.locale) === pick(c.after as Label | undefined, w.locale)
        ? 'versions.change.translations_changed'
        : 'versions.change.label_changed',
    vars: (c, w) => {
      const before = (c.before ?? {}) as Label;
      const after = (c.after ?? {}) as Label;
      const languages = Object.keys({ ...before, ...after }).filter((l) => before[l] !== after[l]);
      return { before: pick(before, w.locale), after: pick(after, w.locale), languages: languages.map((l) => LOCALES[l]?.name ?? l).join(', ') };
    },
  },
  field_required_changed: { key: (c) => (c.after ? 'versions.change.field_required' : 'versions.change.field_optional') },
  field_sensitivity_changed: { key: (c) => (c.after ? 'versions.change.field_sensitive' : 'versions.change.field_not_sensitive') },
  field_type_changed: { show: (v) => [v?.type, v?.format].filter(Boolean).join(' / ') },
  field_options_changed: { show: (v) => (v?.optionList ? String(v.optionList) : list(v?.values).join(', ')) },
  form_version_changed: { show: (v) => String(v ?? '') },
  step_kind_changed: { show: (v, w) => word(w.adminT, 'admin.kind', String(v)) },
  step_forms_changed: { show: (v, w) => (v ?? []).map((f: { form: string }) => w.names.form(f.form)).join(', ') },
  transition_from_changed: { show: (v, w) => (v === '*' ? w.t('versions.everyStep') : joined((n) => n.step)(v, w)) },
  transition_to_changed: { show: joined((n) => n.step) },
  transition_roles_changed: { show: joined((n) => n.role) },
  transition_required_forms_changed: { show: joined((n) => n.form) },
  transition_guard_added: { show: (g, w) => pick(g?.message, w.locale) || ruleText(g?.rule, w.adminT) },
  transition_guard_removed: { show: (g, w) => pick(g?.message, w.locale) || ruleText(g?.rule, w.adminT) },
  deadline_case_types_changed: { show: joined((n) => n.caseType) },
  deadline_offset_changed: {
    show: duration,
    vars: (c, w) => {
      const s = c.scope ?? {};
      const when =
        s.when === null || s.when === undefined
          ? w.t('versions.otherwise')
          : w.t('versions.when', {
              condition: pick(s.valueLabel as Label | undefined, w.locale) || (s.value !== undefined ? String(s.value) : ruleText(s.when, w.adminT)),
            });
      return { when };
    },
  },
  role_rule_granted: { show: rule },
  role_rule_revoked: { show: rule },
  role_two_factor_changed: { key: (c) => (c.after ? 'versions.change.two_factor_on' : 'versions.change.two_factor_off') },
  template_text_changed: {
    vars: (c, w) => ({ language: LOCALES[c.scope?.locale ?? '']?.name ?? String(c.scope?.locale), part: w.t(`versions.part.${c.scope?.part}`) }),
  },
  changed_at_path: { show: json, vars: (c) => ({ path: c.path }) },
};

/** The change as one sentence in the reader's language. */
export function changeText(c: PackChange, w: ChangeWording): string {
  const wording = WORDINGS[c.kind] ?? {};
  const fallback = c.kind.endsWith('_added') ? 'versions.change.added' : c.kind.endsWith('_removed') ? 'versions.change.removed' : 'versions.change.changed';
  const wanted = typeof wording.key === 'function' ? wording.key(c, w) : (wording.key ?? `versions.change.${c.kind}`);
  const key = w.t(wanted) === wanted ? fallback : wanted;
  const show = (v: unknown) =>
    v === undefined || v === null || v === '' ? w.t('versions.none') : wording.show ? wording.show(v, w) || w.t('versions.none') : json(v);
  const text = w.t(key, { element: elementText(c.element, w), before: show(c.before), after: show(c.after), ...(wording.vars?.(c, w) ?? {}) });
  // A sentence may begin with the element ("field “…” is now required"): its first letter as a capital.
  return text.charAt(0).toLocaleUpperCase(w.locale) + text.slice(1);
}
