import { ruleHolds, type OperatorRegistry } from '@app/rules';
import type { CalendarDef, DeadlineDef } from '@app/pack-types';
import type { RuleData, StoredDeadline } from './engine.types';
import { addDuration } from './durations';
import { markCountsFrom, marksOf, type EventContext } from './deadline-events';
import type { WorkCalendar } from './work-calendar';

/** One deadline as the pack says it should be now: a one-off deadline, or one occurrence of a recurring one. */
export interface Occurrence {
  key: string;
  anchorAt: Date;
  /** Null when the deadline's condition (`when`) does not hold: it does not apply to the case now. */
  dueAt: Date | null;
  /** When the work was done (the deadline was kept), or null. */
  keptAt: Date | null;
  /** The local day it was kept, when a date answer says so (`dateField`): judged by day. */
  keptDay?: number;
  /** When it stopped applying without being kept (its series ended), or null while it applies. */
  endedAt: Date | null;
  /** Whether it may be stored now if it is not yet (older instances are only closed or ended). */
  mayCreate: boolean;
}

type DueDate = (def: DeadlineDef, anchorAt: Date, data: RuleData, calendar?: WorkCalendar | CalendarDef, operators?: OperatorRegistry) => Date | null;

const currentStepSince = (ctx: EventContext) => ctx.snapshot.stepHistory[ctx.snapshot.stepHistory.length - 1]?.enteredAt.getTime() ?? 0;

const occurrenceKey = (ctx: EventContext, n: number) => (n === 0 ? ctx.instance.key : `${ctx.instance.key}:${n + 1}`);

/** Guards against a pack whose occurrences would never stop (each needs a new event, so this is far beyond any real case). */
const MAX_OCCURRENCES = 10_000;

/**
 * When a recurring deadline's series ends: the first `until` event after the anchor, leaving the
 * anchored step (anchor `step_entered`), or now if `stopWhen` holds. Null while it goes on.
 */
export function seriesEnd(def: DeadlineDef, ctx: EventContext, now: Date): Date | null {
  const { instance } = ctx;
  const times: number[] = [];
  if (def.anchor.event === 'step_entered' && instance.leftAt) times.push(instance.leftAt.getTime());
  const until = marksOf(def.repeat?.until ?? [], ctx).find((m) => markCountsFrom(m, instance.anchorAt, ctx.calendar));
  if (until) times.push(until.at.getTime());
  if (def.repeat?.stopWhen !== undefined && ruleHolds(def.repeat.stopWhen, ctx.data, ctx.operators)) times.push(now.getTime());
  return times.length ? new Date(Math.min(...times)) : null;
}

/**
 * The occurrences of a recurring deadline from one anchor: the first is due per `due` after the
 * anchor; each is kept by the first close-on event not used by an earlier one, at or after its
 * start; the next one starts when the one before was kept and is due `every` later. Occurrences
 * already over (`stored`) stay as they were, and the series goes on from when they ended, so a
 * revised anchor (a new review date) moves only the open occurrence: it then counts from the anchor
 * as the first did, if the anchor lies after the history. Only the open occurrence at the end of the
 * series can be missed: the series ended after it fell due.
 */
export function seriesOccurrences(def: DeadlineDef, ctx: EventContext, now: Date, dueDate: DueDate, stored: ReadonlyMap<string, StoredDeadline>): Occurrence[] {
  const out: Occurrence[] = [];
  const endAt = seriesEnd(def, ctx, now);
  const marks = marksOf(def.closeOn, ctx).filter((m) => !endAt || m.at.getTime() <= endAt.getTime());
  const used = new Set<string>();
  const anchorAt = ctx.instance.anchorAt;
  let start = anchorAt;
  for (let n = 0; n < MAX_OCCURRENCES; n++) {
    const key = occurrenceKey(ctx, n);
    const past = stored.get(key);
    if (past && past.status !== 'open') {
      out.push({ key, anchorAt: start, dueAt: past.dueAt, keptAt: null, endedAt: null, mayCreate: false });
      const endedAt = past.closedAt ?? start;
      if (past.status === 'met' || past.status === 'late') {
        const keptBy = marks.find((m) => !used.has(m.id) && m.at.getTime() === endedAt.getTime());
        if (keptBy) used.add(keptBy.id);
        start = endedAt;
      } else {
        // It stopped without being kept (case closed, series suspended): the next one counts from
        // when the case went on (it entered its current step), not from the pause.
        start = new Date(Math.max(endedAt.getTime(), currentStepSince(ctx)));
      }
      continue;
    }
    if (n > 0 && endAt && start.getTime() >= endAt.getTime()) break;
    const fromAnchor = n === 0 || anchorAt.getTime() > start.getTime();
    if (fromAnchor) start = anchorAt;
    const dueAt =
      !fromAnchor && def.repeat?.every
        ? def.when === undefined || ruleHolds(def.when, ctx.data, ctx.operators)
          ? addDuration(start, def.repeat.every, ctx.calendar)
          : null
        : dueDate(def, fromAnchor ? (ctx.instance.dueFrom ?? start) : start, ctx.data, ctx.calendar, ctx.operators);
    if (!dueAt) {
      out.push({ key, anchorAt: start, dueAt: null, keptAt: null, endedAt: null, mayCreate: false });
      break;
    }
    const kept = marks.find((m) => !used.has(m.id) && markCountsFrom(m, start, ctx.calendar));
    out.push({
      key,
      anchorAt: start,
      dueAt,
      keptAt: kept?.at ?? null,
      keptDay: kept?.day,
      endedAt: kept ? null : endAt,
      mayCreate: !!kept || (ctx.instance.current && !endAt),
    });
    if (!kept) break;
    used.add(kept.id);
    // A visit dated the day the occurrence started (local midnight) must not move the series back.
    if (kept.at.getTime() > start.getTime()) start = kept.at;
  }
  return out;
}
