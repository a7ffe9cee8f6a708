import { defaultOperators, OperatorRegistry, parseRuleDate, ruleHolds } from '@app/rules';
import type { CalendarDef, DeadlineAnchor, DeadlineCloseOn, DeadlineDef, SopPack } from '@app/pack-types';
import type { CaseSnapshot, DeadlineAlert, DeadlinePlan, PlannedDeadline, RuleData, ScheduledAlert, StoredDeadline } from './engine.types';
import { addDuration, subtractDuration } from './durations';
import { instantOf, wallOf, workCalendar, type WorkCalendar } from './work-calendar';
import { buildRuleData, completeSubmissions, latestComplete } from './rule-data';

interface AnchorInstance {
  key: string;
  anchorAt: Date;
  /** Only the latest instance gets new deadlines; older ones are only closed or cancelled. */
  current: boolean;
  /** Set when the anchor fixes the due time itself (a referral's response deadline), instead of `due`. */
  dueAt?: Date;
  /** The referral an instance is about (close-on `referral_responded`). */
  referralId?: string;
}

type AnchorResolver<E> = (snapshot: CaseSnapshot, anchor: E, def: DeadlineDef, calendar: WorkCalendar) => AnchorInstance[];

const single = (def: DeadlineDef, at: Date | null | undefined): AnchorInstance[] => (at ? [{ key: def.id, anchorAt: at, current: true }] : []);

const ANCHORS: { [K in DeadlineAnchor['event']]: AnchorResolver<Extract<DeadlineAnchor, { event: K }>> } = {
  case_registered: (snapshot, _a, def) => single(def, snapshot.registeredAt),
  // One instance per visit, so a revisit gets a fresh deadline rather than the closed old one.
  step_entered: (snapshot, anchor, def) => {
    const visits = snapshot.stepHistory.filter((v) => v.step === anchor.step);
    return visits.map((v, n) => ({ key: `${def.id}:${n}`, anchorAt: v.enteredAt, current: n === visits.length - 1 }));
  },
  form_submitted: (snapshot, anchor, def) => single(def, completeSubmissions(snapshot, anchor.form)[0]?.firstCompletedAt),
  // A date answer counts from local midnight of that date (pack time zone); a date-time answer
  // from that very moment, so its time of day is kept.
  date_answer: (snapshot, anchor, def, calendar) => {
    const answer = latestComplete(snapshot, anchor.form)?.answers[anchor.field];
    const d = parseRuleDate(answer);
    if (!d || !(typeof answer === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(answer.trim()))) return single(def, d);
    return single(def, new Date(instantOf(wallOf(d).dayNumber, 0, calendar)));
  },
  // One per referral sent, due when its service type said (else per `due`); a referral revoked before
  // any answer no longer needs one (it is cancelled).
  referral_sent: (snapshot, anchor, def) =>
    (snapshot.referrals ?? [])
      .filter((r) => r.sentAt && (!anchor.serviceTypes || anchor.serviceTypes.includes(r.serviceType)) && (r.status !== 'revoked' || r.respondedAt))
      .map((r) => ({ key: `${def.id}:${r.id}`, anchorAt: r.sentAt!, current: true, dueAt: r.respondBy ?? undefined, referralId: r.id })),
};

type CloseResolver<E> = (snapshot: CaseSnapshot, closeOn: E, instance: AnchorInstance) => Array<Date | null | undefined>;

/** Candidate moments each kind of close-on event happened. */
const CLOSERS: { [K in DeadlineCloseOn['event']]: CloseResolver<Extract<DeadlineCloseOn, { event: K }>> } = {
  form_submitted: (s, c) => completeSubmissions(s, c.form).map((x) => x.firstCompletedAt),
  step_entered: (s, c) => s.stepHistory.filter((v) => v.step === c.step).map((v) => v.enteredAt),
  step_left: (s, c) => s.stepHistory.filter((v) => v.step === c.step).map((v) => v.leftAt),
  transition: (s, c) => (s.transitionsDone ?? []).filter((t) => t.transitionId === c.transition).map((t) => t.at),
  referral_responded: (s, _c, instance) => (s.referrals ?? []).filter((r) => r.id === instance.referralId).map((r) => r.respondedAt),
};

/** Earliest close-on event at or after the anchor, or null while the work is not done. */
export function satisfiedAt(snapshot: CaseSnapshot, def: DeadlineDef, instance: AnchorInstance): Date | null {
  const anchorAt = instance.anchorAt;
  let best: number | null = null;
  for (const closeOn of def.closeOn) {
    const resolver = CLOSERS[closeOn.event] as CloseResolver<DeadlineCloseOn>;
    for (const at of resolver(snapshot, closeOn, instance)) {
      if (at && at.getTime() >= anchorAt.getTime() && (best === null || at.getTime() < best)) best = at.getTime();
    }
  }
  return best === null ? null : new Date(best);
}

/** Due date per the first matching `due` entry, or null when the deadline does not apply. */
export function dueDate(def: DeadlineDef, anchorAt: Date, data: RuleData, calendar?: WorkCalendar | CalendarDef, operators?: OperatorRegistry): Date | null {
  const ops = operators ?? defaultOperators();
  if (def.when !== undefined && !ruleHolds(def.when, data, ops)) return null;
  const entry = def.due.find((d) => d.when === undefined || ruleHolds(d.when, data, ops));
  return entry ? addDuration(anchorAt, entry.after, calendar) : null;
}

/**
 * Compares the deadlines the pack says the case should have now with the stored ones and returns
 * the changes. Met/missed/cancelled deadlines are history and never touched.
 */
export function planDeadlines(pack: SopPack, snapshot: CaseSnapshot, stored: StoredDeadline[], now: Date, operators?: OperatorRegistry): DeadlinePlan {
  const plan: DeadlinePlan = { create: [], reschedule: [], close: [], cancel: [] };
  const data = buildRuleData(pack, snapshot, now);
  const byKey = new Map(stored.map((s) => [s.key, s]));
  const kept = new Set<string>();
  const caseClosed = snapshot.status === 'closed';
  const calendar = workCalendar(pack.manifest);

  for (const def of pack.deadlines) {
    if (def.caseTypes && !def.caseTypes.includes(snapshot.caseType)) continue;
    const resolver = ANCHORS[def.anchor.event] as AnchorResolver<DeadlineAnchor>;
    for (const instance of resolver(snapshot, def.anchor, def, calendar)) {
      const existing = byKey.get(instance.key);
      if (!instance.current && existing?.status !== 'open') continue;
      const planned = dueDate(def, instance.anchorAt, data, calendar, operators);
      if (!planned) continue;
      const dueAt = instance.dueAt ?? planned;
      const doneAt = satisfiedAt(snapshot, def, instance);
      // An older instance still open is closed if its work was done, otherwise cancelled below.
      if (!instance.current && !doneAt) continue;
      kept.add(instance.key);
      const close = () => plan.close.push({ key: instance.key, closedAt: doneAt!, met: doneAt!.getTime() <= dueAt.getTime() });
      if (!existing) {
        if (!doneAt && caseClosed) continue;
        const planned: PlannedDeadline = { key: instance.key, definition: def, anchorAt: instance.anchorAt, dueAt, satisfiedAt: doneAt };
        plan.create.push(planned);
        // Done before it was ever stored: record it and close it at once, so compliance counts it.
        if (doneAt) close();
      } else if (existing.status === 'open') {
        if (doneAt) close();
        else if (caseClosed) plan.cancel.push({ key: instance.key });
        else if (existing.dueAt.getTime() !== dueAt.getTime()) plan.reschedule.push({ key: instance.key, dueAt });
      }
    }
  }
  for (const s of stored) {
    if (s.status === 'open' && !kept.has(s.key)) plan.cancel.push({ key: s.key });
  }
  return plan;
}

/** Reminder times (due − before), the overdue mark (due) and escalation times (due + afterOverdue), with recipients. */
export function deadlineAlerts(def: DeadlineDef, dueAt: Date, calendar?: WorkCalendar | CalendarDef): DeadlineAlert[] {
  const reminders = (def.reminders ?? []).map((r, index): DeadlineAlert => ({
    kind: 'reminder',
    index,
    at: subtractDuration(dueAt, r.before, calendar),
    notify: [...r.notify],
    template: r.template ?? 'deadline_reminder',
  }));
  const overdue: DeadlineAlert = { kind: 'overdue', index: 0, at: dueAt, notify: [] };
  const escalations = (def.escalation ?? []).map((e, index): DeadlineAlert => ({
    kind: 'escalation',
    index,
    at: addDuration(dueAt, e.afterOverdue, calendar),
    notify: [...e.notify],
    template: e.template ?? 'deadline_escalation',
  }));
  return [...reminders, overdue, ...escalations];
}

/**
 * The alerts to store when a deadline is set or moved at `now`. Alerts already in the past still
 * fire at the next tick (the overdue mark and escalations: the deadline is late and people must
 * know), except reminders: of those whose time has passed only the latest is kept, and only while
 * the deadline is still ahead, so a deadline set 3 h before it is due gets one reminder, not three.
 */
export function scheduleAlerts(def: DeadlineDef, dueAt: Date, now: Date, calendar?: WorkCalendar | CalendarDef): ScheduledAlert[] {
  const alerts = deadlineAlerts(def, dueAt, calendar);
  const passedReminders = alerts.filter((a) => a.kind === 'reminder' && a.at.getTime() <= now.getTime());
  const latestPassed = passedReminders.reduce<DeadlineAlert | null>((best, a) => (!best || a.at > best.at ? a : best), null);
  return alerts.map((a): ScheduledAlert => {
    if (a.kind !== 'reminder' || a.at.getTime() > now.getTime()) return { ...a, status: 'pending' };
    const stillUseful = a === latestPassed && dueAt.getTime() > now.getTime();
    return stillUseful ? { ...a, at: now, status: 'pending' } : { ...a, status: 'skipped' };
  });
}
