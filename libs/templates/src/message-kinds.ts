/**
 * What each kind of message may show. The kind decides the variables a template can use; the
 * deadline scheduler builds the context, the pack validator and the docs read these same lists.
 */

/**
 * `deadline`: reminders and escalations; `digest`: the daily summary; `break_glass`: emergency access
 * notices; `referral` and `transfer`: a case referred to a service or moved to another worker;
 * `referral_form`: the printable referral for a provider outside the platform; `report`: a scheduled
 * report (a dashboard's figures for the period just ended, never a child's identity).
 */
export type MessageKind = 'deadline' | 'digest' | 'break_glass' | 'referral' | 'transfer' | 'referral_form' | 'report';

/** The standard template ids the platform sends; packs may add custom ids for deadlines.json. */
export const STANDARD_TEMPLATE_IDS = [
  'deadline_reminder',
  'deadline_escalation',
  'daily_digest',
  'break_glass',
  'referral_received',
  'referral_to_authorise',
  'referral_answered',
  'referral_form',
  'transfer_requested',
  'transfer_answered',
  'scheduled_report',
] as const;

const KIND_BY_ID: Readonly<Record<string, MessageKind>> = {
  daily_digest: 'digest',
  break_glass: 'break_glass',
  referral_received: 'referral',
  referral_to_authorise: 'referral',
  referral_answered: 'referral',
  referral_form: 'referral_form',
  transfer_requested: 'transfer',
  transfer_answered: 'transfer',
  scheduled_report: 'report',
};

/** Standard ids have their own context; every other id (custom ones included) is a deadline message. */
export function messageKindOf(templateId: string): MessageKind {
  return KIND_BY_ID[templateId] ?? 'deadline';
}

/**
 * Top-level variables per kind, with the properties each offers (`null`: any property, e.g. the
 * answers map, arrays and plain values). Every kind also gets `locale`.
 */
export const MESSAGE_CONTEXT: Readonly<Record<MessageKind, Readonly<Record<string, readonly string[] | null>>>> = {
  deadline: {
    locale: null,
    recipient: ['name'],
    case: ['number', 'link', 'typeLabel', 'stepLabel'],
    deadline: ['label', 'dueAt', 'overdue'],
    alert: ['kind', 'level'],
    answers: null,
  },
  digest: {
    locale: null,
    recipient: ['name'],
    date: null,
    link: null,
    overdue: null,
    dueToday: null,
    upcoming: null,
  },
  break_glass: {
    locale: null,
    recipient: ['name'],
    case: ['number', 'link'],
    actor: ['name'],
    reason: null,
    until: null,
  },
  referral: {
    locale: null,
    recipient: ['name'],
    case: ['number', 'link'],
    actor: ['name'],
    referral: ['service', 'provider', 'status', 'respondBy', 'link'],
    reason: null,
  },
  transfer: {
    locale: null,
    recipient: ['name'],
    case: ['number', 'link'],
    actor: ['name'],
    transfer: ['status', 'location', 'link'],
    reason: null,
  },
  referral_form: {
    locale: null,
    case: ['number'],
    referral: ['service', 'provider', 'status', 'reason', 'urgency', 'sentAt', 'respondBy', 'consent'],
    provider: ['name', 'phone', 'email', 'address', 'person'],
    referrer: ['name', 'agency', 'email', 'phone'],
    sections: null,
    generatedAt: null,
  },
  report: {
    locale: null,
    recipient: ['name'],
    report: ['label', 'dashboard', 'period', 'link', 'threshold'],
    widgets: null,
  },
};

/** The top-level variable names a template of each kind may use. */
export const MESSAGE_CONTEXT_ROOTS: Readonly<Record<MessageKind, readonly string[]>> = {
  deadline: Object.keys(MESSAGE_CONTEXT.deadline),
  digest: Object.keys(MESSAGE_CONTEXT.digest),
  break_glass: Object.keys(MESSAGE_CONTEXT.break_glass),
  referral: Object.keys(MESSAGE_CONTEXT.referral),
  transfer: Object.keys(MESSAGE_CONTEXT.transfer),
  referral_form: Object.keys(MESSAGE_CONTEXT.referral_form),
  report: Object.keys(MESSAGE_CONTEXT.report),
};

/**
 * Never in a subject: answers and a break-the-glass reason may describe the child, and subjects show
 * on lock screens, in mail lists and in server logs.
 */
export const SUBJECT_FORBIDDEN_ROOTS: readonly string[] = ['answers', 'reason'];

/** A date value in a context: a Date or an ISO 8601 string. */
export type MessageDate = Date | string;

export interface DeadlineMessageContext {
  recipient: { name: string };
  case: { number: string; link: string; typeLabel: string; stepLabel: string };
  deadline: { label: string; dueAt: MessageDate; overdue: boolean };
  alert: { kind: 'reminder' | 'escalation'; level: number };
  /** `{ form: { field: value } }`, only the template's declared answers the recipient may read. */
  answers: Record<string, Record<string, unknown>>;
  locale?: string;
}

export interface DigestEntry {
  caseNumber: string;
  link: string;
  /** The deadline's label. */
  deadline: string;
  dueAt: MessageDate;
}

export interface DigestMessageContext {
  recipient: { name: string };
  date: MessageDate;
  link: string;
  overdue: DigestEntry[];
  dueToday: DigestEntry[];
  upcoming: DigestEntry[];
  locale?: string;
}

export interface BreakGlassMessageContext {
  recipient: { name: string };
  case: { number: string; link: string };
  actor: { name: string };
  reason: string;
  until: MessageDate;
  locale?: string;
}

export interface ReferralMessageContext {
  recipient: { name: string };
  case: { number: string; link: string };
  actor: { name: string };
  referral: { service: string; provider: string; status: string; respondBy: MessageDate | null; link: string };
  /** A decline or revocation reason; never in a subject. */
  reason: string | null;
  locale?: string;
}

export interface TransferMessageContext {
  recipient: { name: string };
  case: { number: string; link: string };
  actor: { name: string };
  transfer: { status: string; location: string; link: string };
  reason: string | null;
  locale?: string;
}

/** The printable referral: the shared sections as label/value pairs, already limited to what the referral shares. */
export interface ReferralFormContext {
  case: { number: string };
  referral: {
    service: string;
    provider: string;
    status: string;
    reason: string;
    urgency: string | null;
    sentAt: MessageDate | null;
    respondBy: MessageDate | null;
    consent: string;
  };
  provider: { name: string; phone: string | null; email: string | null; address: string | null; person: string | null };
  referrer: { name: string; agency: string | null; email: string | null; phone: string | null };
  sections: Array<{ title: string; fields: Array<{ label: string; value: string }> }>;
  generatedAt: MessageDate;
  locale?: string;
}

/** `locale` is set by renderMessage to the language actually used. */
export type MessageContext =
  DeadlineMessageContext | DigestMessageContext | BreakGlassMessageContext | ReferralMessageContext | TransferMessageContext | ReferralFormContext;
