import type { CalendarDef, Duration } from '@app/pack-types';
import { DAY_MS, DEFAULT_CALENDAR, instantOf, isWorkingDayNumber, officePeriods, wallOf, type WorkCalendar } from './work-calendar';

export { DEFAULT_CALENDAR } from './work-calendar';

const HOUR_MS = 3_600_000;
/** Beyond any valid pack's durations (the schema caps them); stops a calendar without working time looping. */
const MAX_DAYS_SCANNED = 40_000;

/** Whether the local date of `date` (in the calendar's zone, UTC without one) is a working day. */
export function isWorkingDay(date: Date, calendar: WorkCalendar = DEFAULT_CALENDAR): boolean {
  return isWorkingDayNumber(wallOf(date, calendar).dayNumber, calendar);
}

/**
 * Whole days move by local date and keep the local time of day, in the calendar's time zone:
 * Tue 15:10 + 2 days = Thu 15:10 even across a summer-time change. With `workingDays` only working
 * dates are counted (Friday 10:00 + 1 working day = Monday 10:00; Saturday + 1 = Monday). A
 * fraction of a day and `hours` are then added as elapsed time.
 */
function shiftDays(t: number, days: number, working: boolean, calendar: WorkCalendar, sign: 1 | -1): number {
  const whole = Math.trunc(days);
  if (whole) {
    const { dayNumber, msOfDay } = wallOf(t, calendar);
    let day = dayNumber;
    if (working) {
      // A calendar with every weekday off would loop forever; the validator rejects it, guard anyway.
      if (calendar.weekend.length >= 7) throw new Error('Calendar has no working day');
      for (let counted = 0; counted < whole;) {
        day += sign;
        if (isWorkingDayNumber(day, calendar)) counted++;
      }
    } else {
      day += sign * whole;
    }
    t = instantOf(day, msOfDay, calendar);
  }
  return t + sign * (days - whole) * DAY_MS;
}

/**
 * Working hours count only time inside office periods of working days: 8 working hours from
 * Friday 15:00 with office hours 08:00-17:00 end Monday 15:00. Counting starts at the next
 * opening when the start is outside office hours, and a count that uses up a period exactly ends
 * at its close (not the next opening). Backwards (reminders) mirrors this.
 */
function shiftWorkingHours(t: number, hours: number, calendar: WorkCalendar, sign: 1 | -1): number {
  let remaining = Math.round(hours * HOUR_MS);
  if (remaining <= 0) return t;
  let day = wallOf(t, calendar).dayNumber;
  for (let scanned = 0; scanned < MAX_DAYS_SCANNED; scanned++, day += sign) {
    const periods = officePeriods(day, calendar);
    for (const p of sign === 1 ? periods : [...periods].reverse()) {
      const open = instantOf(day, p.start, calendar);
      const close = instantOf(day, p.end, calendar);
      if (sign === 1) {
        const from = Math.max(t, open);
        if (from >= close) continue;
        if (remaining <= close - from) return from + remaining;
        remaining -= close - from;
      } else {
        const to = Math.min(t, close);
        if (to <= open) continue;
        if (remaining <= to - open) return to - remaining;
        remaining -= to - open;
      }
    }
  }
  throw new Error('Calendar has no office hours to count working hours in');
}

/**
 * Whole calendar months by local date, keeping the local time of day; a day the target month lacks
 * becomes its last day (31 January + 1 month = 28 or 29 February). With `workingDays` and no `days`
 * to count, a day off moves on to the next working day (back to the previous one when subtracting),
 * so "a review every 3 months" never falls on a weekend or holiday.
 */
function shiftMonths(t: number, months: number, working: boolean, calendar: WorkCalendar, sign: 1 | -1): number {
  const { dayNumber, msOfDay } = wallOf(t, calendar);
  const date = new Date(dayNumber * DAY_MS);
  const target = date.getUTCMonth() + sign * Math.trunc(months);
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), target + 1, 0)).getUTCDate();
  let day = Math.round(Date.UTC(date.getUTCFullYear(), target, Math.min(date.getUTCDate(), lastDay)) / DAY_MS);
  if (working) {
    if (calendar.weekend.length >= 7) throw new Error('Calendar has no working day');
    for (let scanned = 0; !isWorkingDayNumber(day, calendar) && scanned < MAX_DAYS_SCANNED; scanned++) day += sign;
  }
  return instantOf(day, msOfDay, calendar);
}

function shift(date: Date, duration: Duration, calendar: WorkCalendar | undefined, sign: 1 | -1): Date {
  const cal = calendar ?? DEFAULT_CALENDAR;
  let t = date.getTime();
  if (duration.months) t = shiftMonths(t, duration.months, duration.workingDays === true && !duration.days, cal, sign);
  if (duration.workingHours) t = shiftWorkingHours(t, duration.workingHours, cal, sign);
  if (duration.days) t = shiftDays(t, duration.days, duration.workingDays === true, cal, sign);
  t += sign * (duration.hours ?? 0) * HOUR_MS;
  return new Date(t);
}

/** `date` + `duration` in the calendar (pack calendar and time zone: see `workCalendar`). */
export function addDuration(date: Date, duration: Duration, calendar?: WorkCalendar | CalendarDef): Date {
  return shift(date, duration, calendar, 1);
}

export function subtractDuration(date: Date, duration: Duration, calendar?: WorkCalendar | CalendarDef): Date {
  return shift(date, duration, calendar, -1);
}
