/**
 * Held offline changes in words (pure: no DOM, no API): what the change was, why the server holds it
 * (from the reason's stable code and details, never its ids), and an answer as the form shows it.
 * The pack's names come in through `HeldNames`, so the same words serve the page and its unit test.
 */
import type { ApiSchemas } from '../api-types';
import { formatDate, formatDateTime } from '../dates';
import { Messages, translate } from '../translate';
import heldAr from '../locales/offline-held-ar.json';
import heldEn from '../locales/offline-held-en.json';
import heldFr from '../locales/offline-held-fr.json';
import heldRo from '../locales/offline-held-ro.json';

const HELD_MESSAGES: Record<string, Messages> = { en: heldEn, fr: heldFr, ar: heldAr, ro: heldRo };

export type HeldT = (key: string, vars?: Record<string, string | number>) => string;

export function heldTranslate(locale: string, key: string, vars: Record<string, string | number> = {}): string {
  return translate(locale, key, vars, HELD_MESSAGES);
}

/** One of the user's own held changes (GET /api/sync/held), with the change as the device sent it. */
export type HeldChange = ApiSchemas['HeldChange'];
/**
 * A team member's held change as their supervisor sees it (GET /api/sync/held?scope=team): who, the
 * case's number when the supervisor may read it, and the fields changed by name only, never their values.
 */
export type TeamHeldChange = ApiSchemas['TeamHeldChange'];
/** What a resolve or a retry answers: applied, or held (again) with its reason. */
export type SyncOutcome = ApiSchemas['SyncOutcome'];

/** What the screen shows of a held change, from either list. */
export interface HeldItem {
  key: string;
  kind: HeldChange['kind'];
  caseId: string | null;
  /** Known from the team's list; the user's own list leaves it to the case view. */
  caseNumber?: string | null;
  reason: HeldReason;
  madeAt: string | null;
  receivedAt: string;
  formId?: string;
  transitionId?: string;
  /** The fields a fill or registration sets. */
  fields: string[];
  /** Who a registration is about (the user's own changes only: a supervisor's list carries no answers). */
  person?: string;
  /** Whose change it is, in the team's list. */
  owner?: { id: string; name: string; active: boolean };
  /** The change as the device sent it: only in the user's own list, where it may be resolved or retried. */
  change?: QueuedChange;
}

export function ownHeld(h: HeldChange): HeldItem {
  const c = h.change;
  const person =
    c.kind === 'register'
      ? ['first_name', 'last_name']
          .map((k) => c.answers[k])
          .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
          .join(' ')
      : '';
  return {
    key: h.key,
    kind: h.kind,
    caseId: h.caseId,
    reason: h.reason,
    madeAt: h.madeAt,
    receivedAt: h.receivedAt,
    formId: c.kind === 'fill' || c.kind === 'entry' ? c.formId : undefined,
    transitionId: c.kind === 'transition' ? c.transitionId : undefined,
    fields: c.kind === 'transition' ? [] : Object.keys(c.answers),
    person: person || undefined,
    change: c,
  };
}

export function teamHeld(h: TeamHeldChange): HeldItem {
  return {
    key: h.key,
    kind: h.kind,
    caseId: h.caseId,
    caseNumber: h.caseNumber,
    reason: h.reason,
    madeAt: h.madeAt,
    receivedAt: h.receivedAt,
    formId: h.formId,
    transitionId: h.transitionId,
    fields: h.fields,
    owner: { id: h.userId, name: h.userName, active: h.userActive },
  };
}

export type HeldReason = ApiSchemas['HeldReason'];
export type QueuedChange = ApiSchemas['QueuedChange'];

/** A field changed on the device and on the server to different values (libs/offline-sync field-merge.ts). */
export interface FieldConflict {
  field: string;
  base?: unknown;
  yours?: unknown;
  theirs?: unknown;
}

/** The pack's words for what a held change names; each falls back to the id when the pack no longer knows it. */
export interface HeldNames {
  formTitle(formId: string): string;
  /** A field's node in the form's client schema (title, options, format), if the pack has it. */
  field(formId: string, field: string): SchemaNode | undefined;
  transitionLabel(transitionId: string): string;
  stepLabel(stepId: string): string;
}

export interface SchemaNode {
  title?: string;
  format?: string;
  type?: string | string[];
  oneOf?: Array<{ const?: unknown; title?: string }>;
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
}

type Translated = Record<string, string> | string | undefined;
const pickLabel = (label: Translated, locale: string, fallback: string): string =>
  !label ? fallback : typeof label === 'string' ? label : (label[locale] ?? label.en ?? Object.values(label)[0] ?? fallback);

interface PackWords {
  forms: Array<{ id: string; title?: Translated; schema?: unknown }>;
  workflow: { steps: Array<{ id: string; label?: Translated }>; transitions: Array<{ id: string; label?: Translated }> };
}

/** Names from the pack as GET /api/sop gives it in the user's language (its forms' schemas carry localized titles and option labels). */
export function namesFromPack(pack: PackWords | null, locale: string): HeldNames {
  const form = (id: string) => pack?.forms.find((f) => f.id === id);
  return {
    formTitle: (id) => pickLabel(form(id)?.title, locale, id),
    field: (formId, field) => (form(formId)?.schema as SchemaNode | undefined)?.properties?.[field],
    transitionLabel: (id) => pickLabel(pack?.workflow.transitions.find((tr) => tr.id === id)?.label, locale, id),
    stepLabel: (id) => pickLabel(pack?.workflow.steps.find((s) => s.id === id)?.label, locale, id),
  };
}

/** The conflicts a held `sync_conflict` carries; [] for any other reason. */
export function conflictsOf(reason: HeldReason | undefined): FieldConflict[] {
  const list = reason?.details?.conflicts;
  return Array.isArray(list) ? list.filter((c): c is FieldConflict => !!c && typeof (c as FieldConflict).field === 'string') : [];
}

/** The fields a held conflict names: its conflicts, or (a supervisor's list, without values) their names. */
function conflictFields(reason: HeldReason): string[] {
  const named = reason.details?.fields;
  const fields = conflictsOf(reason).map((c) => c.field);
  return fields.length ? fields : Array.isArray(named) ? named.map(String) : [];
}

/** The form a held fill names (its details for a conflict, else the change's). */
export function formOf(held: Pick<HeldItem, 'formId' | 'reason'>): string | undefined {
  const fromDetails = held.reason.details?.formId;
  return typeof fromDetails === 'string' ? fromDetails : held.formId;
}

const fieldLabel = (names: HeldNames, formId: string | undefined, field: string) => (formId ? names.field(formId, field)?.title : undefined) ?? field;

/** The labels of fields, in the user's language, as one list ("Address, Caregiver's phone"). */
export function fieldList(names: HeldNames, formId: string | undefined, fields: string[], locale: string): string {
  const labels = fields.map((f) => fieldLabel(names, formId, f));
  try {
    return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(labels);
  } catch {
    return labels.join(', ');
  }
}

/** What the change was: a registration (of whom), answers to a form (which fields), a transition (which). */
export function changeInWords(t: HeldT, held: HeldItem, names: HeldNames, locale: string): string {
  if (held.kind === 'register') return held.person ? t('held.change.register', { name: held.person }) : t('held.change.registerNoName');
  if (held.kind === 'fill') {
    const form = names.formTitle(held.formId ?? '');
    return held.fields.length
      ? t('held.change.fill', { form, fields: fieldList(names, held.formId, held.fields, locale) })
      : t('held.change.fillNoFields', { form });
  }
  if (held.kind === 'entry') return t('held.change.entry', { form: names.formTitle(held.formId ?? '') });
  return t('held.change.transition', { label: names.transitionLabel(held.transitionId ?? '') });
}

/** Why the server holds the change, worded from its code and details; an unknown code (a refusal) shows the server's own message. */
export function reasonInWords(t: HeldT, held: Pick<HeldItem, 'formId' | 'reason'>, names: HeldNames, locale: string): string {
  const { code, details = {}, message } = held.reason;
  const worded = REASONS[code];
  if (worded) return worded({ t, held, details, names, locale });
  // A refusal: the server's words in the user's language, and each answer at fault by its label.
  const errors = Array.isArray(details.errors) ? (details.errors as Array<{ path?: string; label?: string; message?: string }>) : [];
  const fields = errors.map((e) => `${e.label || e.path || ''}: ${e.message ?? ''}`).join('; ');
  return t('held.reason.other', { message: fields ? `${message} ${fields}` : message });
}

type ReasonWords = (c: { t: HeldT; held: Pick<HeldItem, 'formId' | 'reason'>; details: Record<string, unknown>; names: HeldNames; locale: string }) => string;

/** One wording per held reason's code (libs/offline-sync offline-sync.errors.ts, and the handover of a signed-out device). */
const REASONS: Record<string, ReasonWords> = {
  sync_conflict: ({ t, held, names, locale }) => {
    const fields = conflictFields(held.reason);
    return t('held.reason.sync_conflict', { n: fields.length, fields: fieldList(names, formOf(held), fields, locale) });
  },
  sync_step_moved: ({ t, details, names }) =>
    t('held.reason.sync_step_moved', { step: names.stepLabel(String(details.step ?? '')), fromStep: names.stepLabel(String(details.fromStep ?? '')) }),
  sync_case_unknown: ({ t }) => t('held.reason.sync_case_unknown'),
  sync_after_held_change: ({ t }) => t('held.reason.sync_after_held_change'),
  sync_made_too_long_ago: ({ t, details }) => t('held.reason.sync_made_too_long_ago', { n: Number(details.maxDays ?? 0) }),
  sync_handed_over: ({ t }) => t('held.reason.sync_handed_over'),
};

export interface AnswerFormat {
  locale: string;
  timeZone?: string;
  t: HeldT;
}

/** An answer as the form shows it: an option by its label, yes or no, a date in the user's language; lists joined; nothing as "(no answer)". */
export function answerText(node: SchemaNode | undefined, value: unknown, f: AnswerFormat): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return f.t('held.conflict.empty');
  if (Array.isArray(value)) return value.map((v) => answerText(node?.items, v, f)).join(', ');
  if (typeof value === 'boolean') return f.t(value ? 'held.conflict.yes' : 'held.conflict.no');
  const option = node?.oneOf?.find((o) => o.const === value);
  if (option) return option.title ?? String(value);
  if (typeof value === 'string' && node?.format === 'date') return formatDate(value, f.locale, f.timeZone);
  if (typeof value === 'string' && node?.format === 'date-time') return formatDateTime(value, f.locale, f.timeZone);
  if (typeof value === 'number') return new Intl.NumberFormat(f.locale).format(value);
  if (typeof value === 'object') {
    const sub = node?.properties ?? {};
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${sub[k]?.title ?? k}: ${answerText(sub[k], v, f)}`)
      .join('; ');
  }
  return String(value);
}

/**
 * The body of POST /api/sync/held/:key/resolve: per conflicting field the chosen value (null: no
 * answer) based on the server's value the user saw, plus the change's other fields as they were sent.
 */
export function resolution(
  change: QueuedChange,
  conflicts: FieldConflict[],
  choice: Record<string, 'yours' | 'theirs'>,
): { answers: Record<string, unknown>; base: Record<string, unknown> } {
  const answers: Record<string, unknown> = change.kind === 'fill' ? { ...change.answers } : {};
  const base: Record<string, unknown> = change.kind === 'fill' ? { ...change.base } : {};
  for (const c of conflicts) {
    const chosen = choice[c.field] === 'theirs' ? c.theirs : c.yours;
    answers[c.field] = chosen === undefined ? null : chosen;
    if (c.theirs === undefined) delete base[c.field];
    else base[c.field] = c.theirs;
  }
  return { answers, base };
}

/**
 * After the server changed again under a resolution: its fresh conflicts replace those fields (to
 * choose again), while the other fields keep the user's choice and the server value it was based on,
 * still current there (else the server would have named them too).
 */
export function choiceAgain(
  conflicts: FieldConflict[],
  choice: Record<string, 'yours' | 'theirs'>,
  fresh: FieldConflict[],
): { conflicts: FieldConflict[]; choice: Record<string, 'yours' | 'theirs'> } {
  const again = new Map(fresh.map((c) => [c.field, c]));
  return {
    conflicts: [...conflicts.map((c) => again.get(c.field) ?? c), ...fresh.filter((c) => !conflicts.some((o) => o.field === c.field))],
    choice: Object.fromEntries(Object.entries(choice).filter(([field]) => !again.has(field))),
  };
}
