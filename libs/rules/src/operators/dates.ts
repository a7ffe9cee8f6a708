const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Dates in rule data are ISO strings (`2024-03-01` or `2024-03-01T10:00:00Z`) or Date objects.
 * A date-only string means midnight UTC. Anything unreadable gives null.
 */
export function parseRuleDate(value: unknown): Date | null {
  let d: Date;
  if (value instanceof Date) d = new Date(value.getTime());
  else if (typeof value === 'string' && value.trim() !== '') {
    const s = value.trim();
    d = DATE_ONLY.test(s) ? new Date(`${s}T00:00:00.000Z`) : new Date(s);
  } else if (typeof value === 'number') d = new Date(value);
  else return null;
  return Number.isNaN(d.getTime()) ? null : d;
}

export function isDateOnly(value: unknown): boolean {
  return typeof value === 'string' && DATE_ONLY.test(value.trim());
}
