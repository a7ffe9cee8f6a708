import type { CalendarDef, Duration } from '@app/sop';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Without a pack calendar, working days skip Saturday and Sunday only. */
export const DEFAULT_CALENDAR: CalendarDef = { weekend: [0, 6], holidays: [] };

export function isWorkingDay(date: Date, calendar: CalendarDef = DEFAULT_CALENDAR): boolean {
  if (calendar.weekend.includes(date.getUTCDay())) return false;
  return !calendar.holidays.includes(date.toISOString().slice(0, 10));
}

/**
 * Moves a date by a duration: days first, then hours. With `workingDays`, each day counted must
 * be a working day of the calendar (e.g. Friday 10:00 + 1 working day = Monday 10:00); the time
 * of day is kept. All calendar arithmetic is in UTC: weekdays and holidays are those of the UTC
 * date, so packs for countries far from UTC should state deadlines in hours or whole days.
 */
function shift(date: Date, duration: Duration, calendar: CalendarDef | undefined, sign: 1 | -1): Date {
  let t = date.getTime();
  const days = duration.days ?? 0;
  if (duration.workingDays && days) {
    const whole = Math.trunc(days);
    const cal = calendar ?? DEFAULT_CALENDAR;
    // A calendar with every weekday off would loop forever; the linter rejects it, guard anyway.
    if (cal.weekend.length >= 7) throw new Error('Calendar has no working day');
    for (let counted = 0; counted < Math.abs(whole); ) {
      t += sign * Math.sign(whole) * DAY_MS;
      if (isWorkingDay(new Date(t), cal)) counted++;
    }
    t += sign * (days - whole) * DAY_MS;
  } else {
    t += sign * days * DAY_MS;
  }
  t += sign * (duration.hours ?? 0) * HOUR_MS;
  return new Date(t);
}

export function addDuration(date: Date, duration: Duration, calendar?: CalendarDef): Date {
  return shift(date, duration, calendar, 1);
}

export function subtractDuration(date: Date, duration: Duration, calendar?: CalendarDef): Date {
  return shift(date, duration, calendar, -1);
}
