import { parseRuleDate, ruleHolds, type OperatorRegistry } from '@app/rules';
import type { DeadlineAnchor, DeadlineCloseOn, DeadlineDef } from '@app/pack-types';
import type { CaseSnapshot, FormSubmissionSnapshot, RuleData } from './engine.types';
import { instantOf, wallOf, type WorkCalendar } from './work-calendar';
import { completeSubmissions, latestComplete } from './rule-data';

/** One start of a deadline: a deadline (or, when it recurs, a series of occurrences) per instance. */
export interface AnchorInstance {
  key: string;
  anchorAt: Date;
  /** Only the latest instance gets new deadlines; older ones are only closed or ended. */
  current: boolean;
  /** Set when the anchor fixes the due time itself (a referral's response deadline), instead of `due`. */
  dueAt?: Date;
  /** The referral an instance is about (close-on `referral_responded`). */
  referralId?: string;
  /** The form entry that started it (anchor `form_submitted`): it cannot also keep it. */
  anchorEntryId?: string;
  /** Where `due` offsets count from, when not the anchor: the end of the day a date answer names. */
  dueFrom?: Date;
  /** Anchor `step_entered`: when that visit of the step ended (a recurring series ends with it). */
  leftAt?: Date | null;
}

/**
 * A moment something happened that may keep a deadline. `id` names the happening, so a recurring
 * deadline's occurrences never count the same entry twice. A date-only answer counts on its day
 * (`day`, in the pack's time zone), at that day's local midnight.
 */
export interface DeadlineMark {
  at: Date;
  id: string;
  day?: number;
}

export interface EventContext {
  snapshot: CaseSnapshot;
  instance: AnchorInstance;
  data: RuleData;
  operators: OperatorRegistry;
  calendar: WorkCalendar;
}

/** A date answer as a moment: a date-only answer is that day's local midnight in the pack's zone; a date-time keeps its time. */
export function answerMoment(answer: unknown, calendar: WorkCalendar): { at: Date; day?: number } | null {
  const d = parseRuleDate(answer);
  if (!d) return null;
  if (!(typeof answer === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(answer.trim()))) return { at: d };
  const day = wallOf(d).dayNumber;
  return { at: new Date(instantOf(day, 0, calendar)), day };
}

/** Whether a mark happened at or after `from` (a dated mark: on or after from's local day). */
export function markCountsFrom(mark: DeadlineMark, from: Date, calendar: WorkCalendar): boolean {
  return mark.day !== undefined ? mark.day >= wallOf(from, calendar).dayNumber : mark.at.getTime() >= from.getTime();
}

type AnchorResolver<E> = (snapshot: CaseSnapshot, anchor: E, def: DeadlineDef, calendar: WorkCalendar) => AnchorInstance[];

const single = (def: DeadlineDef, at: Date | null | undefined, extra: Partial<AnchorInstance> = {}): AnchorInstance[] =>
  at ? [{ key: def.id, anchorAt: at, current: true, ...extra }] : [];

export const ANCHORS: { [K in DeadlineAnchor['event']]: AnchorResolver<Extract<DeadlineAnchor, { event: K }>> } = {
  case_registered: (snapshot, _a, def) => single(def, snapshot.registeredAt),
  // One instance per visit, so a revisit gets a fresh deadline rather than the closed old one.
  step_entered: (snapshot, anchor, def) => {
    const visits = snapshot.stepHistory.filter((v) => v.step === anchor.step);
    return visits.map((v, n) => ({ key: `${def.id}:${n}`, anchorAt: v.enteredAt, current: n === visits.length - 1, leftAt: v.leftAt }));
  },
  form_submitted: (snapshot, anchor, def) => {
    const first = completeSubmissions(snapshot, anchor.form)[0];
    return single(def, first?.firstCompletedAt, { anchorEntryId: first?.id });
  },
  // A date answer is a whole day (pack time zone): the deadline runs from its start and its offsets
  // count from its end, so "due on the review date" ({ hours: 0 }) means by the end of that day. A
  // date-time answer is that very moment, so its time of day is kept.
  date_answer: (snapshot, anchor, def, calendar) => {
    const moment = answerMoment(latestComplete(snapshot, anchor.form)?.answers[anchor.field], calendar);
    if (!moment) return [];
    return single(def, moment.at, moment.day === undefined ? {} : { dueFrom: new Date(instantOf(moment.day + 1, 0, calendar)) });
  },
  // One per referral sent, due when its service type said (else per `due`); a referral revoked before
  // any answer no longer needs one (it is cancelled).
  referral_sent: (snapshot, anchor, def) =>
    (snapshot.referrals ?? [])
      .filter((r) => r.sentAt && (!anchor.serviceTypes || anchor.serviceTypes.includes(r.serviceType)) && (r.status !== 'revoked' || r.respondedAt))
      .map((r) => ({ key: `${def.id}:${r.id}`, anchorAt: r.sentAt!, current: true, dueAt: r.respondBy ?? undefined, referralId: r.id })),
};

type MarkResolver<E> = (closeOn: E, ctx: EventContext) => DeadlineMark[];

const byTime = (a: DeadlineMark, b: DeadlineMark) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function formMarks(c: Extract<DeadlineCloseOn, { event: 'form_submitted' }>, ctx: EventContext): DeadlineMark[] {
  const entryMark = (e: FormSubmissionSnapshot): (DeadlineMark & { entry: FormSubmissionSnapshot }) | null => {
    const moment = c.dateField ? answerMoment(e.answers[c.dateField], ctx.calendar) : e.firstCompletedAt ? { at: e.firstCompletedAt } : null;
    return moment ? { ...moment, id: `form:${e.id}`, entry: e } : null;
  };
  let marks = completeSubmissions(ctx.snapshot, c.form)
    .filter((e) => e.id !== ctx.instance.anchorEntryId)
    .map(entryMark)
    .filter((m) => m !== null);
  if (c.where !== undefined) marks = marks.filter((m) => ruleHolds(c.where, { ...ctx.data, entry: m.entry.answers }, ctx.operators));
  marks.sort(byTime);
  if (c.entry === undefined) return marks;
  const nth = marks.filter((m) => markCountsFrom(m, ctx.instance.anchorAt, ctx.calendar))[c.entry - 1];
  return nth ? [nth] : [];
}

/** The moments each kind of close-on (or series-ending) event happened, oldest first. */
export const MARKS: { [K in DeadlineCloseOn['event']]: MarkResolver<Extract<DeadlineCloseOn, { event: K }>> } = {
  form_submitted: formMarks,
  step_entered: (c, { snapshot }) => snapshot.stepHistory.flatMap((v, i) => (v.step === c.step ? [{ at: v.enteredAt, id: `step_entered:${i}` }] : [])),
  step_left: (c, { snapshot }) => snapshot.stepHistory.flatMap((v, i) => (v.step === c.step && v.leftAt ? [{ at: v.leftAt, id: `step_left:${i}` }] : [])),
  transition: (c, { snapshot }) =>
    (snapshot.transitionsDone ?? []).flatMap((t, i) => (t.transitionId === c.transition ? [{ at: t.at, id: `transition:${i}` }] : [])),
  referral_responded: (_c, { snapshot, instance }) =>
    (snapshot.referrals ?? []).flatMap((r) => (r.id === instance.referralId && r.respondedAt ? [{ at: r.respondedAt, id: `referral:${r.id}` }] : [])),
};

/** Every mark of a list of events, oldest first. */
export function marksOf(events: DeadlineCloseOn[], ctx: EventContext): DeadlineMark[] {
  return events.flatMap((e) => (MARKS[e.event] as MarkResolver<DeadlineCloseOn>)(e, ctx)).sort(byTime);
}
