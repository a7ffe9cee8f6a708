/**
 * The studio's view of roles.json and option-lists.json: roles and their permission rules, option
 * lists and their options, the JSON Patch operations an edit sends, a rule in words, and these
 * elements named by their labels from a pointer (for findings and the change log). Pure (no React).
 */
import type { DraftChange, Label, PatchOperation } from './draft-model';

type Files = Record<string, any>;
type T = (key: string, vars?: Record<string, string | number>) => string;

const pick = (label: Label | string | undefined, locale: string): string =>
  !label ? '' : typeof label === 'string' ? label : (label[locale] ?? label.en ?? Object.values(label)[0] ?? '');
const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const unescape = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');

export interface RoleRule {
  action: string | string[];
  subject: string;
  fields?: string[];
  conditions?: Record<string, unknown>;
  note?: string;
}

export interface DraftRole {
  id: string;
  label: Label;
  description?: string;
  rules: RoleRule[];
  [other: string]: unknown;
}

export const ROLE_ID = /^[a-z][a-z0-9_]*$/;
export const draftRoles = (files: Files): DraftRole[] => files['roles.json']?.roles ?? [];
export const rolePointer = (i: number) => `/roles.json/roles/${i}`;
export const rulePointer = (i: number, j: number) => `${rolePointer(i)}/rules/${j}`;

/**
 * The actions of each built-in subject (libs/sop SUBJECT_ACTIONS, which the web app cannot import;
 * a unit test keeps them equal). Subjects and actions of plugins come from the rules the pack has.
 */
export const SUBJECT_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  case: ['create', 'read', 'share', 'break_glass', 'flag', 'note', 'assign', 'take', 'link', 'refer', 'transfer'],
  form: ['read', 'fill'],
  consent: ['read', 'record', 'override'],
  audit: ['read'],
  referral: ['read', 'respond', 'authorise'],
  report: ['read', 'count', 'export', 'export_deidentified'],
  audit_log: ['read', 'export'],
};

export const asList = <V>(v: V | V[] | undefined): V[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Subjects and their actions: the built-in ones and whatever the draft's rules already use (plugins'). */
export function subjectCatalog(files: Files): Record<string, string[]> {
  const out: Record<string, string[]> = Object.fromEntries(Object.entries(SUBJECT_ACTIONS).map(([s, a]) => [s, [...a]]));
  for (const role of draftRoles(files))
    for (const rule of role.rules ?? []) {
      const known = (out[rule.subject] ??= []);
      for (const a of asList(rule.action)) if (!known.includes(a)) known.push(a);
    }
  return out;
}

/** Conditions on the user (each one value, `$user...`), in the order the editor offers them. */
export const USER_CONDITIONS: Readonly<Record<string, string>> = {
  createdBy: '$user',
  assignedTo: '$user',
  sharedWith: '$user',
  team: '$user.team',
  agency: '$user.agency',
  location: '$user.location',
  referredTo: '$user.agency',
  breakGlass: '$user',
};
export const CASE_STATUSES = ['open', 'paused', 'closed'];

/** The conditions with `key` set to these values: one value alone, several as a list, none removes it. */
export function withCondition(conditions: Record<string, unknown>, key: string, values: string[]): Record<string, unknown> {
  const { [key]: _old, ...rest } = conditions;
  if (!values.length) return rest;
  return { ...rest, [key]: values.length === 1 ? values[0] : values };
}

// ---- edits of roles.json

const idTest = (i: number, id: string): PatchOperation => ({ op: 'test', path: `${rolePointer(i)}/id`, value: id });

export function addRole(role: { id: string; label: Label; description?: string }): PatchOperation[] {
  const value: DraftRole = { id: role.id, label: role.label, ...(role.description?.trim() ? { description: role.description.trim() } : {}), rules: [] };
  return [{ op: 'add', path: '/roles.json/roles/-', value }];
}

/** New labels and description; the test makes sure the role is still at that place. */
export function changeRole(i: number, role: DraftRole, label: Label, description: string): PatchOperation[] {
  const ops: PatchOperation[] = [idTest(i, role.id), { op: 'replace', path: `${rolePointer(i)}/label`, value: label }];
  const d = description.trim();
  if (d && d !== role.description) ops.push({ op: 'add', path: `${rolePointer(i)}/description`, value: d });
  if (!d && role.description !== undefined) ops.push({ op: 'remove', path: `${rolePointer(i)}/description` });
  return ops;
}

export const removeRole = (i: number, role: DraftRole): PatchOperation[] => [idTest(i, role.id), { op: 'remove', path: rolePointer(i) }];

/** Lists of roles in the pack's files: `roles`, `...Roles` (plugins' settings), `notify` and `to` (recipients). */
const isRoleList = (key: string) => /roles$/i.test(key) || key === 'notify' || key === 'to';

/** Where the draft still names a role (users, transitions, deadlines, reports, other roles...): what removing it would break. */
export function roleReferences(files: Files, id: string): string[] {
  const out: string[] = [];
  const walk = (node: unknown, pointer: string): void => {
    if (Array.isArray(node)) node.forEach((v, k) => walk(v, `${pointer}/${k}`));
    else if (node && typeof node === 'object')
      for (const [key, v] of Object.entries(node)) {
        if (Array.isArray(v) && isRoleList(key) && v.includes(id)) out.push(`${pointer}/${escape(key)}/${v.indexOf(id)}`);
        else walk(v, `${pointer}/${escape(key)}`);
      }
  };
  for (const [file, content] of Object.entries(files)) if (file.endsWith('.json')) walk(content, `/${escape(file)}`);
  return out;
}

/** A rule as the format writes it: one action unwrapped, no empty fields or conditions. */
export function normaliseRule(rule: RoleRule): RoleRule {
  const actions = asList(rule.action);
  const out: RoleRule = { action: actions.length === 1 ? actions[0] : actions, subject: rule.subject };
  if (rule.subject === 'form' && rule.fields?.length) out.fields = rule.fields;
  if (rule.conditions && Object.keys(rule.conditions).length) out.conditions = rule.conditions;
  if (rule.note?.trim()) out.note = rule.note.trim();
  return out;
}

export const addRule = (i: number, role: DraftRole, rule: RoleRule): PatchOperation[] => [
  idTest(i, role.id),
  { op: 'add', path: `${rolePointer(i)}/rules/-`, value: normaliseRule(rule) },
];
export const replaceRule = (i: number, role: DraftRole, j: number, rule: RoleRule): PatchOperation[] => [
  idTest(i, role.id),
  { op: 'replace', path: rulePointer(i, j), value: normaliseRule(rule) },
];
export const removeRule = (i: number, role: DraftRole, j: number): PatchOperation[] => [idTest(i, role.id), { op: 'remove', path: rulePointer(i, j) }];

// ---- option lists

export interface DraftOption {
  value: string;
  label: Label;
}
export const OPTION_VALUE = /^[a-z0-9][a-z0-9_-]*$/;
export const optionLists = (files: Files): Record<string, DraftOption[]> => files['option-lists.json']?.optionLists ?? {};
export const listPointer = (list: string) => `/option-lists.json/optionLists/${escape(list)}`;
const optionTest = (list: string, k: number, value: string): PatchOperation => ({ op: 'test', path: `${listPointer(list)}/${k}/value`, value });

export const addOption = (list: string, option: DraftOption): PatchOperation[] => [{ op: 'add', path: `${listPointer(list)}/-`, value: option }];
export const relabelOption = (list: string, k: number, option: DraftOption, label: Label): PatchOperation[] => [
  optionTest(list, k, option.value),
  { op: 'replace', path: `${listPointer(list)}/${k}/label`, value: label },
];
export const removeOption = (list: string, k: number, option: DraftOption): PatchOperation[] => [
  optionTest(list, k, option.value),
  { op: 'remove', path: `${listPointer(list)}/${k}` },
];
/** Moves an option one place up (-1) or down (+1). */
export const moveOption = (list: string, k: number, option: DraftOption, by: -1 | 1): PatchOperation[] => [
  optionTest(list, k, option.value),
  { op: 'move', from: `${listPointer(list)}/${k}`, path: `${listPointer(list)}/${k + by}` },
];

/** A list's name in words: its identifier with spaces ("reporter_types" → "Reporter types"), lists have no label. */
export const listName = (list: string): string => {
  const s = list.replace(/[_.-]+/g, ' ').trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
};

export interface FieldRef {
  form: string;
  field: string;
  formTitle: Label;
  label: Label | string;
  optionList?: string;
}

/** Every field of the draft's current forms, with its labels (x-label, else title), for pickers and names. */
export function draftFields(files: Files): FieldRef[] {
  const listed: Array<{ id: string; version: number }> = files['pack.json']?.forms ?? [];
  return listed.flatMap((f) => {
    const content = files[`forms/${f.id}.v${f.version}.json`];
    const props: Record<string, any> = content?.schema?.properties ?? {};
    return Object.entries(props).map(([field, s]) => ({
      form: f.id,
      field,
      formTitle: content.title ?? {},
      label: s?.['x-label'] ?? s?.title ?? field,
      optionList: typeof s?.['x-optionList'] === 'string' ? s['x-optionList'] : undefined,
    }));
  });
}

// ---- words

const formTitle = (files: Files, id: string, locale: string) => {
  const f = (files['pack.json']?.forms ?? []).find((x: any) => x.id === id);
  const content = f && files[`forms/${f.id}.v${f.version}.json`];
  // A plugin's form is not among the draft's files: its identifier in words, not as an identifier.
  return pick(content?.title, locale) || said(id);
};
const said = (id: string) => id.replace(/_/g, ' ');
const list = (items: string[], t: T) =>
  items.length <= 1 ? (items[0] ?? '') : t('roles.list', { items: items.slice(0, -1).join(', '), last: items[items.length - 1] });

/** A field pattern (`registration`, `registration.*`, `registration.idnp`, `*`) by its labels. */
export function fieldPatternWords(pattern: string, files: Files, locale: string, t: T): string {
  const body = pattern.startsWith('!') ? pattern.slice(1) : pattern;
  if (body === '*') return t('roles.fields.everyForm');
  const dot = body.indexOf('.');
  const form = dot < 0 ? body : body.slice(0, dot);
  const field = dot < 0 ? '*' : body.slice(dot + 1);
  const title = formTitle(files, form, locale);
  if (field === '*') return t('roles.fields.wholeForm', { form: title });
  const ref = draftFields(files).find((f) => f.form === form && f.field === field);
  return t('roles.fields.field', { field: pick(ref?.label, locale) || field, form: title });
}

/** One condition in words: `location` → "in their area", `caseType` → "of type Notification". */
export function conditionWords(key: string, value: unknown, files: Files, locale: string, t: T): string {
  if (key in USER_CONDITIONS) return t(`roles.condition.${key}`);
  const names = asList(value as string | string[]).map((v) => {
    if (key === 'caseType') return pick((files['pack.json']?.caseTypes ?? []).find((c: any) => c.id === v)?.label, locale) || v;
    if (key === 'step') return pick((files['workflow.json']?.steps ?? []).find((s: any) => s.id === v)?.label, locale) || v;
    if (key === 'status') return t(`roles.status.${v}`);
    return String(v);
  });
  return t(`roles.condition.${key}`, { values: list(names, t) });
}

export const actionWord = (a: string, t: T) => {
  const w = t(`roles.action.${a}`);
  return w === `roles.action.${a}` ? said(a) : w;
};
export const subjectWord = (s: string, t: T) => {
  const w = t(`roles.subject.${s}`);
  return w === `roles.subject.${s}` ? said(s) : w;
};

/** "May read, fill in forms of their team, for child protection cases: Registration (all fields); except “Decision” of Placement." */
export function ruleSentence(rule: RoleRule, files: Files, locale: string, t: T): string {
  const actions = list(
    asList(rule.action).map((a) => actionWord(a, t)),
    t,
  );
  const conditions = Object.entries(rule.conditions ?? {}).map(([k, v]) => conditionWords(k, v, files, locale, t));
  const granted = (rule.fields ?? []).filter((f) => !f.startsWith('!')).map((f) => fieldPatternWords(f, files, locale, t));
  const excluded = (rule.fields ?? []).filter((f) => f.startsWith('!')).map((f) => fieldPatternWords(f, files, locale, t));
  let s = t('roles.rule.sentence', { actions, subject: subjectWord(rule.subject, t) });
  if (conditions.length) s += ' ' + conditions.join(t('roles.rule.and'));
  if (granted.length) s += t('roles.rule.fields', { fields: list(granted, t) });
  if (excluded.length) s += t('roles.rule.except', { fields: list(excluded, t) });
  return s;
}

/** The words that name roles, rules, option lists and options (translated by the screen). */
export interface RolesWords {
  roles(): string;
  role(role: string): string;
  rule(n: number, role: string): string;
  optionLists(): string;
  optionList(list: string): string;
  option(option: string, list: string): string;
  /** A demo user of demo-users.json, who holds roles. */
  user(name: string): string;
}

/** The value an operation of the change added at this pointer (an element appended with `-`). `?.operations?`: a `.map(nameOf)` passes an index. */
const addedAt = (change: DraftChange | undefined, pointer: string): any => {
  const op = change?.operations?.find((o) => o.op === 'add' && (o.path === pointer || o.path === `${pointer}/-`));
  return op && 'value' in op ? op.value : undefined;
};
/** The id a change's `test` operation checked at this pointer: the element it meant, wherever it is now. */
const testedAt = (change: DraftChange | undefined, pointer: string): unknown => {
  const op = change?.operations?.find((o) => o.op === 'test' && o.path === pointer);
  return op && 'value' in op ? op.value : undefined;
};

/** Names roles, rules, option lists and options; null for a pointer elsewhere (draft-model names those). */
export function rolesElementOf(files: Files, pointer: string, locale: string, w: RolesWords, change?: DraftChange): string | null {
  const [file, ...rest] = pointer.split('/').slice(1).map(unescape);
  if (file === 'roles.json') {
    if (rest[0] !== 'roles') return null;
    if (rest[1] === undefined) {
      const added = addedAt(change, pointer);
      return added?.label ? w.role(pick(added.label, locale) || added.id) : w.roles();
    }
    // An element is named as it is now: by the id the change tested (later edits may have moved it), else by its place.
    const id = testedAt(change, `${rolePointer(Number(rest[1]))}/id`);
    const roles = draftRoles(files);
    const role = id !== undefined ? roles.find((r) => r.id === id) : roles[Number(rest[1])];
    if (!role) return w.roles();
    const name = pick(role.label, locale) || role.id;
    return rest[2] === 'rules' && rest[3] !== undefined && /^\d+$/.test(rest[3]) ? w.rule(Number(rest[3]) + 1, name) : w.role(name);
  }
  if (file === 'demo-users.json' && rest[0] === 'users' && rest[1] !== undefined) {
    const user = files['demo-users.json']?.users?.[Number(rest[1])];
    return user ? w.user(user.displayName || user.username) : null;
  }
  if (file === 'option-lists.json') {
    if (rest[0] !== 'optionLists') return null;
    if (rest[1] === undefined) return w.optionLists();
    const list = rest[1];
    const options = optionLists(files)[list] ?? [];
    if (rest[2] === undefined) {
      const added = addedAt(change, pointer);
      return added?.label ? w.option(pick(added.label, locale) || added.value, listName(list)) : w.optionList(listName(list));
    }
    const value = testedAt(change, `${listPointer(list)}/${rest[2]}/value`);
    const option = value !== undefined ? options.find((o) => o.value === value) : options[Number(rest[2])];
    return option ? w.option(pick(option.label, locale) || option.value, listName(list)) : w.optionList(listName(list));
  }
  return null;
}

/** Codes of findings elsewhere in the pack that a removed role or option causes. */
export const ROLE_REFERENCE_CODES = ['unknown_role'];
export const OPTION_REFERENCE_CODES = ['rule_unknown_option', 'report_unknown_option', 'unknown_option', 'unknown_option_list'];
