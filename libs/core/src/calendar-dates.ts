/**
 * The one check of every date the system accepts from outside: form answers (libs/forms), request
 * bodies (the `date` and `date-time` formats of validateCommand) and query parameters. A date must
 * be a real calendar day in years DATE_YEARS; anything else is refused naming its field, rather than
 * being stored as something else (year 0 is 1 BC in PostgreSQL) or failing later with a 500.
 */

/** Years every part of the system reads the same way (PostgreSQL has no year 0; JavaScript's Date.UTC reads 0–99 as 1900–1999). */
export const DATE_YEARS = { min: 1000, max: 9999 } as const;

/** A calendar date YYYY-MM-DD that exists (no 31 February, 29 February in leap years only), in years DATE_YEARS. */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < DATE_YEARS.min || y > DATE_YEARS.max || mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  return d <= days;
}

/**
 * A moment: a calendar date (as isCalendarDate), a time (seconds optional, no leap second: JavaScript
 * cannot read one) and a UTC offset, e.g. 2024-05-01T14:30:00Z or 2024-05-01T17:30+03:00.
 */
export function isCalendarDateTime(value: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:[Zz]|[+-](\d{2}):?(\d{2}))$/.exec(value);
  if (!m || !isCalendarDate(m[1])) return false;
  const [h, min, s, oh, om] = [m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number);
  return h < 24 && min < 60 && s < 60 && oh < 24 && om < 60 && !Number.isNaN(Date.parse(value));
}
