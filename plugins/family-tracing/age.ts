/** Ages and date differences on calendar dates ('YYYY-MM-DD'), computed in UTC so no time zone shifts a day. */
import { ReasonCode, ReasonParams, reasonText, TextTools } from './reason-texts';

const ENGLISH: TextTools = { locale: 'en', place: (code) => code };

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

/** How far apart two children's ages are, in years, with the reason's code and parameters and its English wording. */
export interface AgeDifference {
  years: number;
  code: ReasonCode;
  params: ReasonParams;
  detail: string;
}

function difference(years: number, code: ReasonCode, params: ReasonParams): AgeDifference {
  return { years, code, params, detail: reasonText(code, params, ENGLISH)! };
}

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
    if (days === 0) return difference(0, 'age_same_dob', {});
    if (days < 31) return difference(years, 'age_dob_days', { days });
    if (days < 365) return difference(years, 'age_dob_months', { months: Math.round(days / 30.44) });
    return difference(years, 'age_dob_years', { years: Math.round(years * 10) / 10 });
  }
  if (sought.ageYears === null || sought.ageYears === undefined) return null;
  const childAge = completedYears(childDateOfBirth, requestDate);
  const years = Math.abs(childAge - sought.ageYears);
  if (years === 0) return difference(0, 'age_same', { age: childAge });
  return difference(years, 'age_differ', { years, sought: sought.ageYears, registered: childAge });
}
