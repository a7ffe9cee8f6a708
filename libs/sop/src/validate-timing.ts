import { parseOfficeHours, WEEKDAY_KEYS } from '@app/workflow';
import type { Duration, SopPack } from '@app/pack-types';
import { jp, PackIssue } from './pack-issue';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A duration of the pack and where it is written. */
export interface LocatedDuration {
  file: string;
  path: string;
  duration: Duration;
}

/** Every duration the engine computes with: deadline offsets, reminders, escalations, referral answer times. */
export function packDurations(pack: SopPack): LocatedDuration[] {
  const out: LocatedDuration[] = [];
  pack.deadlines.forEach((d, i) => {
    const base = jp('$.deadlines', i);
    d.due.forEach((e, j) => out.push({ file: 'deadlines.json', path: jp(base, 'due', j, 'after'), duration: e.after }));
    if (d.repeat?.every) out.push({ file: 'deadlines.json', path: jp(base, 'repeat', 'every'), duration: d.repeat.every });
    (d.reminders ?? []).forEach((r, j) => out.push({ file: 'deadlines.json', path: jp(base, 'reminders', j, 'before'), duration: r.before }));
    (d.escalation ?? []).forEach((e, j) => out.push({ file: 'deadlines.json', path: jp(base, 'escalation', j, 'afterOverdue'), duration: e.afterOverdue }));
  });
  pack.services.serviceTypes.forEach((t, i) => {
    if (t.referral?.respondWithin)
      out.push({ file: 'services.json', path: jp('$.serviceTypes', i, 'referral', 'respondWithin'), duration: t.referral.respondWithin });
  });
  return out;
}

/** Whether a duration counts working time (so it depends on the holidays and office hours). */
export const usesWorkingTime = (d: Duration): boolean => !!d.workingHours || (d.workingDays === true && (!!d.days || !!d.months));

/** Shortest and longest real time a duration can span (a day may be 23 h or 25 h; working time has no upper bound). */
function span(d: Duration): { min: number; max: number } {
  if (d.workingHours) return { min: d.workingHours * HOUR, max: Infinity };
  const days = d.days ?? 0;
  const months = d.months ?? 0;
  const whole = Math.trunc(days);
  const fixed = (days - whole) * DAY + (d.hours ?? 0) * HOUR;
  const dst = whole || months ? HOUR : 0;
  // A month is 28 to 31 days (the 31st + 1 month is the 28th at worst: 3 days shorter).
  const min = whole * DAY + months * 28 * DAY - (months ? 3 * DAY : 0) - dst + fixed;
  return { min: Math.max(0, min), max: d.workingDays && (whole || months) ? Infinity : whole * DAY + months * 31 * DAY + dst + fixed };
}

/**
 * The pack's calendar and durations as the engine reads them: shapes it would ignore or could not
 * compute (working days without days, half working days, working hours without office hours,
 * office hours on weekend days, impossible holiday dates) are errors, so a pack says what it does.
 */
export function checkTiming(pack: SopPack): PackIssue[] {
  const issues: PackIssue[] = [];
  const err = (file: string, path: string, code: string, message: string) => issues.push({ file, path, code, message, severity: 'error' });
  const warn = (file: string, path: string, code: string, message: string) => issues.push({ file, path, code, message, severity: 'warning' });
  const calendar = pack.manifest.calendar;
  const C = '$.calendar';

  if (calendar) {
    if (new Set(calendar.weekend).size >= 7)
      err('pack.json', jp(C, 'weekend'), 'no_working_day', 'every day of the week is a weekend day: working-day deadlines could never fall due');
    calendar.holidays.forEach((h, i) => {
      const d = new Date(`${h}T00:00:00Z`);
      if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== h)
        err('pack.json', jp(C, 'holidays', i), 'invalid_date', `"${h}" is not a date of the calendar (it would never match a day)`);
    });
  }
  const office = calendar?.officeHours;
  if (office) {
    const { byWeekday, keyByWeekday, problems } = parseOfficeHours(office);
    for (const p of problems) {
      err('pack.json', p.index === undefined ? jp(C, 'officeHours', p.key) : jp(C, 'officeHours', p.key, p.index), 'office_hours', p.message);
    }
    byWeekday.forEach((periods, weekday) => {
      const name = WEEKDAY_KEYS[weekday];
      const key = keyByWeekday[weekday] ?? name;
      if (calendar!.weekend.includes(weekday) && periods.length) {
        err(
          'pack.json',
          jp(C, 'officeHours', key),
          'office_hours_on_weekend',
          `${name} is a weekend day (calendar.weekend): its office hours would never count`,
        );
      } else if (!calendar!.weekend.includes(weekday) && !periods.length) {
        warn(
          'pack.json',
          jp(C, 'officeHours'),
          'working_day_without_office_hours',
          `${name} is a working day but has no office hours: working-hour deadlines skip it while working-day deadlines count it`,
        );
      }
    });
    if (!byWeekday.some((periods, weekday) => periods.length && !calendar!.weekend.includes(weekday))) {
      err('pack.json', jp(C, 'officeHours'), 'no_office_hours', 'no working day has office hours: working-hour deadlines could never fall due');
    }
  }

  const durations = packDurations(pack);
  for (const { file, path, duration: d } of durations) {
    const amounts = (['months', 'days', 'hours', 'workingHours'] as const).filter((k) => d[k] !== undefined);
    if (!amounts.length) {
      err(file, path, 'duration_without_amount', 'has no amount: give months, days, hours or workingHours (workingDays only says how days are counted)');
      continue;
    }
    if (d.workingDays === true && !d.days && !d.months && d.workingHours === undefined) {
      err(
        file,
        path + '.workingDays',
        'duration_ignored',
        'workingDays only applies to days, and this duration has none: it would be ignored (write {"days": N, "workingDays": true}, or {"workingHours": N} for hours)',
      );
    }
    if (d.workingDays === true && d.days && !Number.isInteger(d.days)) {
      err(
        file,
        path + '.days',
        'working_days_fraction',
        `working days are counted whole: ${d.days} would count ${Math.trunc(d.days)} working day(s) and then calendar hours; write whole days, or use workingHours`,
      );
    }
    if (d.workingHours !== undefined) {
      if (amounts.length > 1 || d.workingDays !== undefined) {
        err(file, path, 'duration_mixed_units', 'workingHours is written alone: it cannot be combined with months, days, hours or workingDays');
      }
      if (!office)
        err(file, path + '.workingHours', 'office_hours_missing', 'working hours are counted inside office hours, and pack.json calendar.officeHours has none');
    }
  }

  // A reminder at or before the moment the deadline starts would go out as soon as it is set. Date
  // answers may lie ahead and a referral's time comes from its service type, so only event anchors.
  pack.deadlines.forEach((def, i) => {
    if (def.anchor.event === 'date_answer' || def.anchor.event === 'referral_sent') return;
    // Later occurrences of a recurring deadline count `every` from the one before.
    const offsets = [
      ...def.due.map((e, k) => ({ name: `due[${k}]`, after: e.after })),
      ...(def.repeat?.every ? [{ name: 'repeat.every', after: def.repeat.every }] : []),
    ];
    (def.reminders ?? []).forEach((r, j) => {
      const early = offsets.filter((o) => span(r.before).min >= span(o.after).max);
      if (!early.length) return;
      const path = jp('$.deadlines', i, 'reminders', j, 'before');
      const where = early.map((x) => x.name).join(', ');
      const message = `is as long as or longer than the time to the deadline (${where}): the reminder would come before the deadline starts and go out the moment it is set`;
      if (early.length === offsets.length) err('deadlines.json', path, 'reminder_before_start', message);
      else warn('deadlines.json', path, 'reminder_before_start', message);
    });
  });
  return issues;
}
