/** deadlines.json: when work is due, what keeps it, who is reminded, and how it comes back. */
import type { RuleExpression } from '@app/rules';
import type { Translated } from './translated';

export interface Duration {
  /** Calendar months in the pack's time zone, keeping the time of day; the 31st + 1 month is the month's last day. */
  months?: number;
  hours?: number;
  days?: number;
  /** Count only working days of the pack calendar (days; after `months`, a day off moves to the next working day; hours are added as-is). */
  workingDays?: boolean;
  /** Hours counted only inside the calendar's office hours on working days (alone, not with days or hours). */
  workingHours?: number;
}

export type DeadlineAnchor =
  | { event: 'case_registered' }
  | { event: 'step_entered'; step: string }
  | { event: 'form_submitted'; form: string }
  | { event: 'date_answer'; form: string; field: string }
  /** One deadline per referral sent (of these service types); due when the service type's `respondWithin` says. */
  | { event: 'referral_sent'; serviceTypes?: string[] };

/** A complete entry of a form (for a repeatable form, each entry) keeps the deadline. */
export interface FormSubmittedCloseOn {
  event: 'form_submitted';
  form: string;
  /** Only the Nth entry (1 = first) made at or after the anchor, among those `where` accepts. */
  entry?: number;
  /** Only entries for which this rule holds; it reads the entry's answers as `entry.<field>` besides the usual rule data. */
  where?: RuleExpression;
  /** The entry counts at this date (or date-time) answer of it, e.g. the day of the visit, instead of when it was submitted. */
  dateField?: string;
}

export type DeadlineCloseOn =
  | FormSubmittedCloseOn
  | { event: 'step_entered'; step: string }
  | { event: 'step_left'; step: string }
  | { event: 'transition'; transition: string }
  /** The provider accepted or declined the referral the deadline is about (anchor `referral_sent`). */
  | { event: 'referral_responded' };

/** Events that end a recurring deadline's series. */
export type DeadlineUntil = Exclude<DeadlineCloseOn, { event: 'referral_responded' }>;

/**
 * A deadline that comes back ("a review every 14 days while tracing goes on"). The first occurrence
 * is due per `due` after the anchor; each later one `every` after the moment the one before was kept.
 * Each occurrence is kept by a new close-on event (a new entry of the form), has its own reminders
 * and escalations, and counts on its own in SOP compliance. The series ends at the first `until`
 * event, when `stopWhen` holds, when the case is closed, and (anchor `step_entered`) when that step
 * is left; an occurrence that had fallen due by then counts as missed.
 */
export interface DeadlineRepeat {
  /** Time between occurrences after the first; default: the first one's offset from the anchor. */
  every?: Duration;
  until?: DeadlineUntil[];
  /** Checked whenever the case changes. */
  stopWhen?: RuleExpression;
}

/** Special recipients besides role ids. */
export type Recipient = string; // role id | 'case_owner' | 'case_owner_supervisor'

export interface DeadlineDef {
  id: string;
  label: Translated;
  caseTypes?: string[];
  anchor: DeadlineAnchor;
  /** The deadline exists only while this rule holds (e.g. risk level known). */
  when?: RuleExpression;
  /** First matching entry sets the offset from the anchor; `after` is the fallback. */
  due: Array<{ when?: RuleExpression; after: Duration }>;
  closeOn: DeadlineCloseOn[];
  repeat?: DeadlineRepeat;
  /** `template` names a message template (notifications); default `deadline_reminder` / `deadline_escalation`. */
  reminders?: Array<{ before: Duration; notify: Recipient[]; template?: string }>;
  escalation?: Array<{ afterOverdue: Duration; notify: Recipient[]; template?: string }>;
}
