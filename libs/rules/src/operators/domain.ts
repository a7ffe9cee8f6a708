import { wallTime } from '@app/core';
import type { OperatorRegistry } from '../registry';
import type { OperatorContext } from '../types';
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

/**
 * The pack's time zone, which the rule data carries as `timeZone` (pack.json `timezone`); UTC
 * without one. Read from the root, so it holds inside map, filter and the like.
 */
function zoneOf(ctx: OperatorContext): string {
  const zone = (ctx.root as { timeZone?: unknown } | null)?.timeZone;
  return typeof zone === 'string' && zone !== '' ? zone : 'UTC';
}

/**
 * The calendar day of a date, as a day number (days since 1970-01-01): a date-only answer is its
 * own day; a moment (`now`, `case.registeredAt`, a date-time answer) is the day it falls on in
 * `timeZone`, the day people there live in. Null when missing or unreadable.
 */
export function calendarDay(value: unknown, timeZone: string): number | null {
  const d = parseRuleDate(value);
  if (!d) return null;
  return isDateOnly(value) ? Math.round(d.getTime() / DAY_MS) : wallTime(d, timeZone).dayNumber;
}

/** Completed years between two dates, on the UTC calendar. */
export function ageYears(dateOfBirth: Date, at: Date): number {
  let years = at.getUTCFullYear() - dateOfBirth.getUTCFullYear();
  const beforeBirthday =
    at.getUTCMonth() < dateOfBirth.getUTCMonth() || (at.getUTCMonth() === dateOfBirth.getUTCMonth() && at.getUTCDate() < dateOfBirth.getUTCDate());
  if (beforeBirthday) years--;
  return years;
}

/**
 * Child-protection domain operators. Durations between two moments are elapsed time; a day (a
 * date-only answer) against a moment, and ages, are counted on the calendar of the pack's time zone.
 */
export function registerDomainOperators(r: OperatorRegistry): void {
  r.register('days_between', ([a, b], ctx) => {
    if (isDateOnly(a) === isDateOnly(b)) return wholeUnits(a, b, DAY_MS);
    // A day against a moment: whole calendar days between the day and the moment's local day, so
    // "after today" and "before the registration day" mean the pack's today and registration day.
    const zone = zoneOf(ctx);
    const from = calendarDay(a, zone);
    const to = calendarDay(b, zone);
    return from === null || to === null ? null : to - from;
  });
  r.register('hours_between', ([a, b]) => wholeUnits(a, b, HOUR_MS));
  // Without a second date, age is computed at the rule data's `now`; both on the local calendar.
  r.register('age_years', ([dob, at], ctx) => {
    const zone = zoneOf(ctx);
    const birth = calendarDay(dob, zone);
    const when = calendarDay(at ?? readPath(ctx.data, 'now'), zone);
    return birth !== null && when !== null ? ageYears(new Date(birth * DAY_MS), new Date(when * DAY_MS)) : null;
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
