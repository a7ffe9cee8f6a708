import type { Dhis2PeriodType } from '@app/pack-types';

/** A DHIS2 period: its id as DHIS2 writes it (202612, 2026Q4, 2026W49) and its first and last day (YYYY-MM-DD, both included). */
export interface Dhis2Period {
  id: string;
  from: string;
  to: string;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d));

/** Monday of ISO week 1 of an ISO week-year: the week holding 4 January. */
function isoWeekOneMonday(year: number): Date {
  const jan4 = day(year, 0, 4);
  return day(year, 0, 4 - ((jan4.getUTCDay() + 6) % 7));
}

function isoWeekOf(d: Date): { year: number; week: number } {
  const thursday = day(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 3 - ((d.getUTCDay() + 6) % 7));
  const year = thursday.getUTCFullYear();
  return { year, week: Math.round((thursday.getTime() - isoWeekOneMonday(year).getTime()) / (7 * 86_400_000)) + 1 };
}

/** The period of a type that holds a day (YYYY-MM-DD). */
export function periodOf(type: Dhis2PeriodType, date: string): Dhis2Period {
  const d = new Date(`${date}T00:00:00Z`);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  if (type === 'monthly') return { id: `${y}${String(m + 1).padStart(2, '0')}`, from: iso(day(y, m, 1)), to: iso(day(y, m + 1, 0)) };
  if (type === 'quarterly') {
    const q = Math.floor(m / 3);
    return { id: `${y}Q${q + 1}`, from: iso(day(y, q * 3, 1)), to: iso(day(y, q * 3 + 3, 0)) };
  }
  const { year, week } = isoWeekOf(d);
  const from = day(y, m, d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return { id: `${year}W${week}`, from: iso(from), to: iso(day(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + 6)) };
}

/** The last whole period before the day `today` (the one a schedule sends once it has closed). */
export function previousPeriod(type: Dhis2PeriodType, today: string): Dhis2Period {
  const current = periodOf(type, today);
  const before = new Date(`${current.from}T00:00:00Z`);
  before.setUTCDate(before.getUTCDate() - 1);
  return periodOf(type, iso(before));
}

const FORMATS: Record<Dhis2PeriodType, RegExp> = {
  monthly: /^(\d{4})(0[1-9]|1[0-2])$/,
  quarterly: /^(\d{4})Q([1-4])$/,
  weekly: /^(\d{4})W([1-9]|[1-4]\d|5[0-3])$/,
};

/** A period id of the pack's type → its days; null when it is not one (wrong format, or a week 53 the year lacks). */
export function parsePeriodId(type: Dhis2PeriodType, id: string): Dhis2Period | null {
  const m = FORMATS[type].exec(id);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 1900 || year > 2999) return null;
  const n = Number(m[2]);
  const first = type === 'monthly' ? iso(day(year, n - 1, 1)) : type === 'quarterly' ? iso(day(year, (n - 1) * 3, 1)) : iso(weekMonday(year, n));
  const p = periodOf(type, first);
  return p.id === id ? p : null;
}

function weekMonday(year: number, week: number): Date {
  const w1 = isoWeekOneMonday(year);
  return day(w1.getUTCFullYear(), w1.getUTCMonth(), w1.getUTCDate() + (week - 1) * 7);
}

/** What a period id looks like, for error messages. */
export const PERIOD_EXAMPLES: Record<Dhis2PeriodType, string> = { monthly: '202612', quarterly: '2026Q4', weekly: '2026W49' };
