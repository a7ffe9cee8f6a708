/**
 * The studio's deadline edits as JSON Patch (deadlines.json as the pack format writes it: an anchor
 * event that starts a deadline, close-on events that stop it, offsets per risk level, escalations),
 * and the pack's things they name, with their labels. Pure, like draft-model.ts.
 */
import type { DraftChange, Duration, Label, PatchOperation } from './draft-model';

type Files = Record<string, any>;
const pick = (label: Label | string | undefined, locale: string): string =>
  !label ? '' : typeof label === 'string' ? label : (label[locale] ?? label.en ?? Object.values(label)[0] ?? '');

export const DEADLINES = '/deadlines.json/deadlines';

/**
 * What a change of the log names: a deadline added by its own place (the server records the whole
 * list as touched, its later items having moved), everything else as the server recorded it.
 */
export function namedPointers(change: Pick<DraftChange, 'operations' | 'touched'>): string[] {
  const added = change.operations.filter((o) => o.op === 'add' && o.path.startsWith(DEADLINES + '/') && /\/\d+$/.test(o.path)).map((o) => o.path);
  const lists = new Set(added.map((p) => p.replace(/\/\d+$/, '')));
  return [...added, ...change.touched.filter((p) => !lists.has(p))];
}

/** What starts a deadline, with the detail each event needs (the schema's if/then). */
export const ANCHOR_EVENTS = ['case_registered', 'step_entered', 'form_submitted', 'date_answer', 'referral_sent'] as const;
/** What stops it. */
export const CLOSE_EVENTS = ['form_submitted', 'step_entered', 'step_left', 'transition'] as const;
export type AnchorEvent = (typeof ANCHOR_EVENTS)[number];
export type CloseEvent = (typeof CLOSE_EVENTS)[number];

/** An anchor or close-on event: only the details its event uses are kept. */
export interface DeadlineEvent {
  event: string;
  step?: string;
  form?: string;
  field?: string;
  transition?: string;
}

const NEEDS: Record<string, Array<keyof DeadlineEvent>> = {
  step_entered: ['step'],
  step_left: ['step'],
  form_submitted: ['form'],
  date_answer: ['form', 'field'],
  transition: ['transition'],
};
export const detailsOf = (event: string): Array<keyof DeadlineEvent> => NEEDS[event] ?? [];

export function eventValue(e: DeadlineEvent): DeadlineEvent {
  const out: DeadlineEvent = { event: e.event };
  for (const k of detailsOf(e.event)) out[k] = e[k] ?? '';
  return out;
}

/** A detail the event needs and that is not chosen yet. */
export const missingDetail = (e: DeadlineEvent): keyof DeadlineEvent | undefined => detailsOf(e.event).find((k) => !e[k]);

export interface Escalation {
  afterOverdue: Duration;
  notify: string[];
  template?: string;
}

export interface NewDeadline {
  id: string;
  label: Label;
  caseType: string;
  anchor: DeadlineEvent;
  closeOn: DeadlineEvent;
  /** Due after this, for every case (or the cases of a risk level without its own offset). */
  due: Duration;
  /** Risk level value → its own offset. */
  byRisk: Record<string, Duration>;
  escalation: Escalation[];
}

export const riskRule = (risk: string) => ({ '==': [{ var: 'case.risk' }, risk] });

export function deadlineValue(d: NewDeadline): Record<string, unknown> {
  const due = [...Object.entries(d.byRisk).map(([risk, after]) => ({ when: riskRule(risk), after })), { after: d.due }];
  return {
    id: d.id,
    label: d.label,
    ...(d.caseType ? { caseTypes: [d.caseType] } : {}),
    anchor: eventValue(d.anchor),
    due,
    closeOn: [eventValue(d.closeOn)],
    ...(d.escalation.length ? { escalation: d.escalation.map(escalationValue) } : {}),
  };
}

export const escalationValue = (e: Escalation): Escalation => ({
  afterOverdue: e.afterOverdue,
  notify: e.notify,
  ...(e.template ? { template: e.template } : {}),
});

/** At its index rather than `-`: the change log then names the deadline, and two additions at once conflict instead of both landing unseen. */
export const addDeadline = (d: NewDeadline, index: number): PatchOperation[] => [{ op: 'add', path: `${DEADLINES}/${index}`, value: deadlineValue(d) }];
export const removeDeadline = (index: number): PatchOperation[] => [{ op: 'remove', path: `${DEADLINES}/${index}` }];
export const changeAnchor = (index: number, anchor: DeadlineEvent): PatchOperation[] => [
  { op: 'replace', path: `${DEADLINES}/${index}/anchor`, value: eventValue(anchor) },
];

/** The deadline's escalations as a whole (added when it had none, removed when none are left). */
export function setEscalations(index: number, had: boolean, escalations: Escalation[]): PatchOperation[] {
  const path = `${DEADLINES}/${index}/escalation`;
  if (!escalations.length) return had ? [{ op: 'remove', path }] : [];
  return [{ op: had ? 'replace' : 'add', path, value: escalations.map(escalationValue) }];
}

export interface Choice {
  value: string;
  label: string;
}

/** The pack's things a deadline names, by their labels in the locale. */
export interface DeadlineChoices {
  caseTypes: Choice[];
  steps: Choice[];
  forms: Choice[];
  transitions: Choice[];
  risks: Choice[];
  roles: Choice[];
  templates: string[];
  dateFields(form: string): Choice[];
}

export function deadlineChoices(files: Files, locale: string): DeadlineChoices {
  const labelled = (items: any[] | undefined, labelOf: (x: any) => unknown = (x) => x.label) =>
    (items ?? []).map((x) => ({ value: x.id ?? x.value, label: pick(labelOf(x) as Label, locale) || x.id || x.value }));
  const forms = (files['pack.json']?.forms ?? []) as Array<{ id: string; version: number }>;
  const formFile = (id: string) => {
    const f = forms.find((x) => x.id === id);
    return f ? files[`forms/${f.id}.v${f.version}.json`] : undefined;
  };
  return {
    caseTypes: labelled(files['pack.json']?.caseTypes),
    steps: labelled(files['workflow.json']?.steps),
    forms: forms.map((f) => ({ value: f.id, label: pick(formFile(f.id)?.title, locale) || f.id })),
    transitions: labelled(files['workflow.json']?.transitions),
    risks: labelled(files['option-lists.json']?.optionLists?.risk_levels),
    roles: labelled(files['roles.json']?.roles),
    templates: [...new Set(Object.keys(files).flatMap((f) => /^templates\/([^/]+)\//.exec(f)?.[1] ?? []))].sort(),
    dateFields: (form) =>
      Object.entries(formFile(form)?.schema?.properties ?? {})
        .filter(([, s]: [string, any]) => s?.format === 'date' || s?.format === 'date-time')
        .map(([id, s]: [string, any]) => ({ value: id, label: pick(s?.['x-label'], locale) || s?.title || id })),
  };
}

/** A template named by its subject in the locale (templates have no label): its first line, without placeholders' braces. */
export function templateSubject(files: Files, id: string, locale: string): string {
  const text = files[`templates/${id}/${locale}.subject.hbs`] ?? files[`templates/${id}/en.subject.hbs`];
  return typeof text === 'string'
    ? text
        .split('\n')[0]
        .replace(/\{\{\{?\s*([^}]*?)\s*\}?\}\}/g, '…')
        .trim() || id
    : id;
}

/** The next id free among the deadlines for a label (its English words, lower-case, joined by _). */
export function deadlineIdFor(files: Files, label: Label): string {
  const taken = new Set(((files['deadlines.json']?.deadlines ?? []) as Array<{ id: string }>).map((d) => d.id));
  const words = (label.en ?? Object.values(label)[0] ?? '')
    .normalize('NFD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/^[^a-z]+/, '');
  const base = (words || 'deadline').slice(0, 50);
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
  return id;
}
