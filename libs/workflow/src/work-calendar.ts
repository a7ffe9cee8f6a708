import type { CalendarDef, PackManifest } from '@app/pack-types';
import { fromWallTime, wallTime } from '@app/core';

/** A pack calendar with the zone its dates and office hours are in. */
export interface WorkCalendar extends CalendarDef {
  /** IANA zone (pack.json `timezone`); UTC when absent. */
  timeZone?: string;
}

/** Without a pack calendar, working days skip Saturday and Sunday only. */
export const DEFAULT_CALENDAR: CalendarDef = { weekend: [0, 6], holidays: [] };

/** The calendar deadline arithmetic uses for a pack: its working days and office hours, in its time zone. */
export function workCalendar(manifest: Pick<PackManifest, 'calendar' | 'timezone'>): WorkCalendar {
  return { ...(manifest.calendar ?? DEFAULT_CALENDAR), timeZone: manifest.timezone ?? 'UTC' };
}

export const DAY_MS = 86_400_000;
export const WEEKDAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
/** Order of a range such as `mon-fri`: the week runs Monday to Sunday. */
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];

/** A local date as days since 1970-01-01 (a Thursday). */
export const weekdayOf = (dayNumber: number): number => (((dayNumber + 4) % 7) + 7) % 7;
export const isoDateOf = (dayNumber: number): string => new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);

export function isWorkingDayNumber(dayNumber: number, calendar: CalendarDef): boolean {
  return !calendar.weekend.includes(weekdayOf(dayNumber)) && !calendar.holidays.includes(isoDateOf(dayNumber));
}

/** Local wall time of an instant in the calendar's zone. */
export const wallOf = (at: Date | number, calendar?: WorkCalendar) => wallTime(new Date(at), calendar?.timeZone ?? 'UTC');
export const instantOf = (dayNumber: number, msOfDay: number, calendar?: WorkCalendar): number =>
  fromWallTime(dayNumber, msOfDay, calendar?.timeZone ?? 'UTC').getTime();

/** One office period of a day, in ms since local midnight (end exclusive, at most 24:00). */
export interface Period {
  start: number;
  end: number;
}

export interface OfficeHoursProblem {
  /** The key of `officeHours` (and the period's index) the problem is in. */
  key: string;
  index?: number;
  message: string;
}

const PERIOD = /^([01]\d|2[0-3]):([0-5]\d)-(([01]\d|2[0-3]):([0-5]\d)|24:00)$/;
const KEY = /^(sun|mon|tue|wed|thu|fri|sat)(?:-(sun|mon|tue|wed|thu|fri|sat))?$/;

/**
 * Office hours by weekday (0 = Sunday), periods sorted. Problems are what the engine could not use
 * as written (unknown keys, malformed or empty periods, overlaps, a day given twice); the pack
 * validator reports them, the engine only ever sees valid office hours. `keyByWeekday` says which
 * key gave each day its hours.
 */
export function parseOfficeHours(def: Record<string, string[]>): {
  byWeekday: Period[][];
  keyByWeekday: Array<string | undefined>;
  problems: OfficeHoursProblem[];
} {
  const byWeekday: Period[][] = [[], [], [], [], [], [], []];
  const problems: OfficeHoursProblem[] = [];
  const givenBy = new Map<number, string>();
  for (const [key, periods] of Object.entries(def)) {
    const m = KEY.exec(key);
    const from = m ? WEEK_ORDER.indexOf(WEEKDAY_KEYS.indexOf(m[1] as never)) : -1;
    const to = m ? WEEK_ORDER.indexOf(WEEKDAY_KEYS.indexOf((m[2] ?? m[1]) as never)) : -1;
    if (!m || to < from) {
      problems.push({
        key,
        message: `"${key}" is not a weekday or a range of weekdays (mon, tue, wed, thu, fri, sat, sun, or e.g. mon-fri; the week runs Monday to Sunday)`,
      });
      continue;
    }
    const parsed: Period[] = [];
    periods.forEach((text, index) => {
      const p = PERIOD.exec(text);
      if (!p) return problems.push({ key, index, message: `"${text}" is not a period written HH:MM-HH:MM (e.g. "08:00-12:00")` });
      const start = (+p[1] * 60 + +p[2]) * 60_000;
      const end = p[3] === '24:00' ? DAY_MS : (+p[4] * 60 + +p[5]) * 60_000;
      if (end <= start) return problems.push({ key, index, message: `"${text}" ends before it starts (a period cannot cross midnight)` });
      parsed.push({ start, end });
    });
    parsed.sort((a, b) => a.start - b.start);
    for (let i = 1; i < parsed.length; i++) {
      if (parsed[i].start < parsed[i - 1].end) problems.push({ key, message: `periods overlap: ${periods.join(', ')}` });
    }
    for (let o = from; o <= to; o++) {
      const weekday = WEEK_ORDER[o];
      if (givenBy.has(weekday)) {
        problems.push({ key, message: `${WEEKDAY_KEYS[weekday]} already has office hours under "${givenBy.get(weekday)}"` });
        continue;
      }
      givenBy.set(weekday, key);
      byWeekday[weekday] = parsed;
    }
  }
  return { byWeekday, keyByWeekday: WEEKDAY_KEYS.map((_k, weekday) => givenBy.get(weekday)), problems };
}

const parsedCache = new WeakMap<object, Period[][]>();

/** Office periods of a local date: none on weekends and holidays. Throws without office hours (the validator requires them). */
export function officePeriods(dayNumber: number, calendar: CalendarDef): Period[] {
  if (!calendar.officeHours) throw new Error('Working hours need office hours in the pack calendar');
  let byWeekday = parsedCache.get(calendar.officeHours);
  if (!byWeekday) {
    byWeekday = parseOfficeHours(calendar.officeHours).byWeekday;
    parsedCache.set(calendar.officeHours, byWeekday);
  }
  return isWorkingDayNumber(dayNumber, calendar) ? byWeekday[weekdayOf(dayNumber)] : [];
}
