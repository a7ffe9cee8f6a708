/** Ages and date differences on calendar dates ('YYYY-MM-DD'), computed in UTC so no time zone shifts a day. */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function parts(date: string): [number, number, number] {
  const m = DATE.exec(date);
  if (!m) throw new Error(`not a date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function epochDays(date: string): number {
  const [y, m, d] = parts(date);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

/** The calendar date of an instant, in UTC. */
export function isoDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Completed years between a date of birth and a later date (an age). */
export function completedYears(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = parts(dateOfBirth);
  const [y, m, d] = parts(on);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: string, b: string): number {
  return epochDays(b) - epochDays(a);
}

/** How far apart two children's ages are, in years, with the plain-English wording of a reason. */
export interface AgeDifference {
  years: number;
  detail: string;
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/**
 * The difference between the age sought (a date of birth, or an age in completed years on the day
 * the request was made) and a registered child's date of birth. Null when either side is unknown.
 */
export function ageDifference(
  sought: { dateOfBirth: string | null; ageYears: number | null },
  childDateOfBirth: string | null,
  requestDate: string,
): AgeDifference | null {
  if (!childDateOfBirth) return null;
  if (sought.dateOfBirth) {
    const days = Math.abs(daysBetween(sought.dateOfBirth, childDateOfBirth));
    const years = days / 365.25;
    if (days === 0) return { years: 0, detail: 'same date of birth' };
    if (days < 31) return { years, detail: `dates of birth are ${plural(days, 'day')} apart` };
    if (days < 365) return { years, detail: `dates of birth are ${plural(Math.round(days / 30.44), 'month')} apart` };
    const rounded = Math.round(years * 10) / 10;
    return { years, detail: `dates of birth are about ${rounded} year${rounded === 1 ? '' : 's'} apart` };
  }
  if (sought.ageYears === null || sought.ageYears === undefined) return null;
  const childAge = completedYears(childDateOfBirth, requestDate);
  const years = Math.abs(childAge - sought.ageYears);
  if (years === 0) return { years: 0, detail: `same age (${plural(childAge, 'year')})` };
  return { years, detail: `ages differ by ${plural(years, 'year')} (${sought.ageYears} sought, ${childAge} registered)` };
}
