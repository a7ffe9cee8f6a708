import { zonedDay } from '@app/core';
import { parseOfficeHours } from '@app/workflow';
import type { Duration, SopPack } from '@app/pack-types';
import { jp, type IssueParams, PackIssue } from './pack-issue';
import { packDurations, usesWorkingTime } from './validate-timing';

/** Deadlines set within this many days from today must find their holidays listed (a month's notice to add them). */
export const HOLIDAY_NOTICE_DAYS = 31;

/**
 * Working-day and working-hour deadlines skip the holidays the pack lists; once the list runs out
 * they silently count holidays as working days. Warns when a deadline set between today and a
 * month from now could fall due (or escalate) in a year the list does not cover. `now` is the
 * day of the lint (pack time zone).
 */
export function lintCalendar(pack: SopPack, now: Date = new Date()): PackIssue[] {
  const { calendar, timezone } = pack.manifest;
  const working = packDurations(pack).filter((d) => usesWorkingTime(d.duration));
  if (!working.length) return [];
  const path = jp('$.calendar', 'holidays');
  const example = `${working[0].file} ${working[0].path}`;
  const years = new Set((calendar?.holidays ?? []).map((h) => Number(h.slice(0, 4))));
  if (!years.size) {
    return [warning(calendar ? path : '$', `no public holidays are listed, so working-day deadlines (e.g. ${example}) count holidays as working days`, {})];
  }

  const weekend = calendar?.weekend ?? [0, 6];
  const workDays = Math.max(1, 7 - new Set(weekend).size);
  const office = calendar?.officeHours ? parseOfficeHours(calendar.officeHours).byWeekday : null;
  const weeklyHours = office
    ? office.reduce((sum, periods, day) => sum + (weekend.includes(day) ? 0 : periods.reduce((s, p) => s + (p.end - p.start) / 3_600_000, 0)), 0)
    : 0;
  /** Calendar days a duration spans at most without holidays (a week per workDays working days). */
  const calendarDays = (d: Duration): number => {
    if (d.workingHours) return weeklyHours > 0 ? Math.ceil((d.workingHours / weeklyHours) * 7) + 7 : 0;
    const days = d.days ?? 0;
    return (d.workingDays ? Math.ceil((days * 7) / workDays) + 7 : days) + (d.hours ?? 0) / 24;
  };

  // The farthest a deadline reaches: its longest due offset plus its longest escalation.
  let reach = 0;
  let farthest = working[0];
  pack.deadlines.forEach((def, i) => {
    const due = Math.max(...def.due.map((e) => calendarDays(e.after)));
    const escalation = Math.max(0, ...(def.escalation ?? []).map((e) => calendarDays(e.afterOverdue)));
    const located = working.find((w) => w.file === 'deadlines.json' && w.path.startsWith(jp('$.deadlines', i) + '.'));
    if (located && due + escalation > reach) [reach, farthest] = [due + escalation, located];
  });
  for (const w of working.filter((x) => x.file === 'services.json')) {
    if (calendarDays(w.duration) > reach) [reach, farthest] = [calendarDays(w.duration), w];
  }

  const today = zonedDay(now, timezone ?? 'UTC').day;
  const until = new Date(Date.parse(today) + (HOLIDAY_NOTICE_DAYS + Math.ceil(reach)) * 86_400_000).toISOString().slice(0, 10);
  const missing: number[] = [];
  for (let y = Number(today.slice(0, 4)); y <= Number(until.slice(0, 4)); y++) if (!years.has(y)) missing.push(y);
  if (!missing.length) return [];
  return [
    warning(
      path,
      `no public holidays are listed for ${missing.join(', ')}, but deadlines set in the coming month can run to ${until} ` +
        `(${farthest.file} ${farthest.path} counts working time): add those holidays, or working-day deadlines will count them as working days`,
      { years: missing.join(', '), until },
    ),
  ];
}

function warning(path: string, message: string, params: IssueParams): PackIssue {
  return { file: 'pack.json', path, code: 'holidays_run_out', message, severity: 'warning', params };
}
