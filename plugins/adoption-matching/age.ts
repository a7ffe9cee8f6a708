/**
 * The child's age in whole years on today's date where the case is worked (the pack's time zone):
 * near midnight the server's UTC date can be a day off, which matters on a birthday when a family
 * accepts children "up to 6".
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface YMD {
  y: number;
  m: number;
  d: number;
}

/** A calendar date 'YYYY-MM-DD' (a real one: no 31 April), or null. */
export function parseDate(value: unknown): YMD | null {
  if (typeof value !== 'string') return null;
  const m = ISO_DATE.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return null;
  return { y, m: mo, d };
}

/** The calendar date of `now` in `timeZone` (throws RangeError for an unknown zone). */
export function dateIn(now: Date, timeZone: string): YMD {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { y: get('year'), m: get('month'), d: get('day') };
}

/**
 * Completed years between the date of birth and today; null when the date is missing, not a date,
 * or in the future. A 29 February birthday is reached on 1 March in common years.
 */
export function ageInYears(dateOfBirth: unknown, now: Date, timeZone: string): number | null {
  const born = parseDate(dateOfBirth);
  if (!born) return null;
  const today = dateIn(now, timeZone);
  let age = today.y - born.y;
  if (today.m < born.m || (today.m === born.m && today.d < born.d)) age -= 1;
  return age < 0 ? null : age;
}
