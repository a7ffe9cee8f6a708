import { defaultOperators, OperatorRegistry, ruleHolds } from '@app/rules';
import type { CalendarDef, DeadlineAnchor, DeadlineDef, SopPack } from '@app/pack-types';
import type { CaseSnapshot, DeadlineAlert, DeadlinePlan, PlannedDeadline, RuleData, ScheduledAlert, StoredDeadline } from './engine.types';
import { addDuration, subtractDuration } from './durations';
import { wallOf, workCalendar, type WorkCalendar } from './work-calendar';
import { buildRuleData } from './rule-data';
import { ANCHORS, markCountsFrom, marksOf, type AnchorInstance, type EventContext } from './deadline-events';
import { seriesOccurrences, type Occurrence } from './deadline-series';

/** Due date per the first matching `due` entry, or null when the deadline does not apply. */
export function dueDate(def: DeadlineDef, anchorAt: Date, data: RuleData, calendar?: WorkCalendar | CalendarDef, operators?: OperatorRegistry): Date | null {
  const ops = operators ?? defaultOperators();
  if (def.when !== undefined && !ruleHolds(def.when, data, ops)) return null;
  const entry = def.due.find((d) => d.when === undefined || ruleHolds(d.when, data, ops));
  return entry ? addDuration(anchorAt, entry.after, calendar) : null;
}

/** A one-off deadline: kept by the earliest close-on event at or after its anchor. */
function singleOccurrence(def: DeadlineDef, ctx: EventContext, now: Date): Occurrence {
  const { instance } = ctx;
  const planned = dueDate(def, instance.dueFrom ?? instance.anchorAt, ctx.data, ctx.calendar, ctx.operators);
  const kept = planned ? marksOf(def.closeOn, ctx).find((m) => markCountsFrom(m, instance.anchorAt, ctx.calendar)) : undefined;
  return {
    key: instance.key,
    anchorAt: instance.anchorAt,
    dueAt: planned ? (instance.dueAt ?? planned) : null,
    keptAt: kept?.at ?? null,
    keptDay: kept?.day,
    // An older instance (a step visited again) no longer applies: ended now if its work was not done.
    endedAt: instance.current || kept ? null : now,
    mayCreate: instance.current,
  };
}

/**
 * Kept on time when done at or before the due moment. Work dated by a date answer happened some
 * time that day: on time when that day is not after the due day, the day the deadline runs out in
 * (a deadline due at local midnight runs out at the end of the day before).
 */
function outcome(occ: Occurrence, calendar: WorkCalendar): 'met' | 'late' {
  const dueAt = occ.dueAt!;
  if (occ.keptDay !== undefined) return occ.keptDay <= wallOf(dueAt.getTime() - 1, calendar).dayNumber ? 'met' : 'late';
  return occ.keptAt!.getTime() <= dueAt.getTime() ? 'met' : 'late';
}

/**
 * Compares the deadlines the pack says the case should have now with the stored ones and returns
 * the changes. Kept, missed and cancelled deadlines are history and never touched. A deadline that
 * stops applying (its series ended, its step was visited again, the case closed) is missed if it had
 * fallen due by then, else cancelled; one whose own condition (`when`) no longer holds is cancelled:
 * the pack says it does not apply to this case.
 */
export function planDeadlines(pack: SopPack, snapshot: CaseSnapshot, stored: StoredDeadline[], now: Date, operators?: OperatorRegistry): DeadlinePlan {
  const plan: DeadlinePlan = { create: [], reschedule: [], close: [], cancel: [] };
  const data = buildRuleData(pack, snapshot, now);
  const ops = operators ?? defaultOperators();
  const byKey = new Map(stored.map((s) => [s.key, s]));
  const handled = new Set<string>();
  const caseClosed = snapshot.status === 'closed';
  const calendar = workCalendar(pack.manifest);
  const end = (key: string, dueAt: Date, at: Date) =>
    dueAt.getTime() <= at.getTime() ? plan.close.push({ key, closedAt: at, outcome: 'missed' }) : plan.cancel.push({ key });

  for (const def of pack.deadlines) {
    if (def.caseTypes && !def.caseTypes.includes(snapshot.caseType)) continue;
    const resolver = ANCHORS[def.anchor.event] as (s: CaseSnapshot, a: DeadlineAnchor, d: DeadlineDef, c: WorkCalendar) => AnchorInstance[];
    for (const instance of resolver(snapshot, def.anchor, def, calendar)) {
      const ctx: EventContext = { snapshot, instance, data, operators: ops, calendar };
      const occurrences = def.repeat ? seriesOccurrences(def, ctx, now, dueDate, byKey) : [singleOccurrence(def, ctx, now)];
      for (const occ of occurrences) {
        const existing = byKey.get(occ.key);
        if (existing && existing.status !== 'open') {
          handled.add(occ.key);
          continue;
        }
        if (occ.dueAt === null) {
          if (existing) plan.cancel.push({ key: occ.key });
          handled.add(occ.key);
          continue;
        }
        if (!existing && !occ.mayCreate) continue;
        if (!existing && !occ.keptAt && (occ.endedAt || caseClosed)) continue;
        handled.add(occ.key);
        if (!existing) {
          const created: PlannedDeadline = { key: occ.key, definition: def, anchorAt: occ.anchorAt, dueAt: occ.dueAt, satisfiedAt: occ.keptAt };
          plan.create.push(created);
        }
        // Kept before it was ever stored: recorded and closed at once, so compliance counts it.
        if (occ.keptAt) plan.close.push({ key: occ.key, closedAt: occ.keptAt, outcome: outcome(occ, calendar) });
        else if (occ.endedAt) end(occ.key, occ.dueAt, occ.endedAt);
        else if (caseClosed) end(occ.key, existing!.dueAt, now);
        else if (existing && existing.dueAt.getTime() !== occ.dueAt.getTime()) plan.reschedule.push({ key: occ.key, dueAt: occ.dueAt });
      }
    }
  }
  for (const s of stored) {
    if (s.status === 'open' && !handled.has(s.key)) end(s.key, s.dueAt, now);
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
