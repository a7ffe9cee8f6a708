import type { ReportScheduleDef } from '@app/pack-types';

/** A calendar period a scheduled report covers: first and last day (YYYY-MM-DD, both included). */
export interface CalendarPeriod {
  key: string;
  from: string;
  to: string;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const utcDay = (day: string) => new Date(`${day}T00:00:00Z`);

/** The last whole week (Monday to Sunday), month or quarter before the local day `today`. */
export function lastCompletedPeriod(every: ReportScheduleDef['every'], today: string): CalendarPeriod {
  const d = utcDay(today);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  if (every === 'week') {
    const sinceMonday = (d.getUTCDay() + 6) % 7;
    const monday = new Date(Date.UTC(y, m, d.getUTCDate() - sinceMonday - 7));
    const sunday = new Date(Date.UTC(y, m, d.getUTCDate() - sinceMonday - 1));
    return { key: `week-${iso(monday)}`, from: iso(monday), to: iso(sunday) };
  }
  const months = every === 'month' ? 1 : 3;
  const startMonth = every === 'month' ? m - 1 : Math.floor(m / 3) * 3 - 3;
  const first = new Date(Date.UTC(y, startMonth, 1));
  const last = new Date(Date.UTC(y, startMonth + months, 0));
  const key = every === 'month' ? iso(first).slice(0, 7) : `${first.getUTCFullYear()}-Q${Math.floor(first.getUTCMonth() / 3) + 1}`;
  return { key, from: iso(first), to: iso(last) };
}
