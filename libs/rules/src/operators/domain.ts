import type { OperatorRegistry } from '../registry';
import { readPath } from './data';
import { isDateOnly, parseRuleDate } from './dates';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Whole units from a to b, truncated toward zero; null when a date is missing or invalid. */
function wholeUnits(a: unknown, b: unknown, unit: number): number | null {
  const from = parseRuleDate(a);
  const to = parseRuleDate(b);
  if (!from || !to) return null;
  return Math.trunc((to.getTime() - from.getTime()) / unit) || 0;
}

/** Completed years between two dates, on the UTC calendar. */
export function ageYears(dateOfBirth: Date, at: Date): number {
  let years = at.getUTCFullYear() - dateOfBirth.getUTCFullYear();
  const beforeBirthday =
    at.getUTCMonth() < dateOfBirth.getUTCMonth() ||
    (at.getUTCMonth() === dateOfBirth.getUTCMonth() && at.getUTCDate() < dateOfBirth.getUTCDate());
  if (beforeBirthday) years--;
  return years;
}

/** Child-protection domain operators; all dates computed in UTC. */
export function registerDomainOperators(r: OperatorRegistry): void {
  r.register('days_between', ([a, b]) => wholeUnits(a, b, DAY_MS));
  r.register('hours_between', ([a, b]) => wholeUnits(a, b, HOUR_MS));
  // Without a second date, age is computed at the rule data's `now`.
  r.register('age_years', ([dob, at], ctx) => {
    const birth = parseRuleDate(dob);
    const when = parseRuleDate(at ?? readPath(ctx.data, 'now'));
    return birth && when ? ageYears(birth, when) : null;
  });
  r.register('date_add_days', ([date, n]) => {
    const d = parseRuleDate(date);
    const days = Number(n);
    if (!d || !Number.isFinite(days)) return null;
    const iso = new Date(d.getTime() + days * DAY_MS).toISOString();
    // Keep the input's shape so results compare correctly with other date-only answers.
    return isDateOnly(date) ? iso.slice(0, 10) : iso;
  });
  r.register('form_complete', ([formId], ctx) => readPath(ctx.data, `formStatus.${formId}.complete`) === true);
  r.register('form_entries', ([formId], ctx) => {
    const n = readPath(ctx.data, `formStatus.${formId}.entries`);
    return typeof n === 'number' ? n : 0;
  });
  // The pack's location tree reaches rules as the rule data's `locations` index (code → level and
  // materialised path), so this library stays free of packs: a place lies within an area when its
  // path starts with the area's. Unknown or missing codes give null, like unreadable dates.
  r.register('location_within', ([place, area], ctx) => {
    const p = locationOf(ctx.data, place);
    const a = locationOf(ctx.data, area);
    return p && a ? p.path.startsWith(a.path) : null;
  });
  r.register('location_level', ([code], ctx) => locationOf(ctx.data, code)?.level ?? null);
}

/** One entry of the rule data's `locations` index. */
export interface RuleLocation {
  level: string;
  /** Codes from the root, each followed by `/`: `MD/CH/CH01/`. */
  path: string;
}

function locationOf(data: unknown, code: unknown): RuleLocation | null {
  if (typeof code !== 'string' || code === '') return null;
  const index = (data as { locations?: unknown } | null)?.locations;
  if (!index || typeof index !== 'object' || !Object.prototype.hasOwnProperty.call(index, code)) return null;
  const entry = (index as Record<string, unknown>)[code] as RuleLocation | undefined;
  return entry && typeof entry.path === 'string' ? entry : null;
}
