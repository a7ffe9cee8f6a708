import type { OperatorRegistry } from '../registry';
import type { OperatorContext } from '../types';

/**
 * Operators over what the case has beyond its answers: its referrals to services and the facts
 * plugins state about it. Both read the root rule data (`referrals`, `facts`), so they work inside
 * map, filter and the like. Their arguments are written as they are (literal), never computed: the
 * pack linter checks the service types, statuses and fact names, and the host loads only the facts
 * the pack's rules name.
 */

const FILTER_KEYS = ['serviceType', 'status'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

/** A referral filter: each key a value or a list of values (any of them); an absent key matches everything. */
export type ReferralFilter = Partial<Record<FilterKey, string | string[]>>;

/** A referral as rules read it (rule data `referrals`). */
interface RuleReferralItem {
  serviceType?: unknown;
  status?: unknown;
}

/** What is wrong with the raw arguments of `has_referral` / `referral_count` (empty when fine). */
export function referralFilterProblems(rawArgs: unknown[]): string[] {
  if (rawArgs.length > 1) return ['takes one filter object, e.g. {"serviceType": "medical", "status": ["accepted", "done"]}'];
  const filter = rawArgs[0];
  if (filter === undefined) return [];
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) {
    return ['the filter must be an object with "serviceType" and/or "status"'];
  }
  const problems: string[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (!(FILTER_KEYS as readonly string[]).includes(key)) {
      problems.push(`unknown filter key "${key}" (a filter has ${FILTER_KEYS.map((k) => `"${k}"`).join(' and ')})`);
      continue;
    }
    const values = Array.isArray(value) ? value : [value];
    if (values.length === 0 || values.some((v) => typeof v !== 'string' || v === '')) {
      problems.push(`"${key}" must be a text or a non-empty list of texts, written as they are (not computed)`);
    }
  }
  return problems;
}

/** The literal filter of a `has_referral` / `referral_count` operation (assumes referralFilterProblems found nothing). */
export function referralFilterOf(rawArgs: unknown[]): ReferralFilter {
  return (rawArgs[0] ?? {}) as ReferralFilter;
}

function matchingReferrals(rawArgs: unknown[], ctx: OperatorContext): RuleReferralItem[] {
  const problems = referralFilterProblems(rawArgs);
  if (problems.length) throw new Error(problems.join('; '));
  const filter = referralFilterOf(rawArgs);
  const wanted = (key: FilterKey) => (filter[key] === undefined ? null : new Set(Array.isArray(filter[key]) ? filter[key] : [filter[key]]));
  const types = wanted('serviceType');
  const statuses = wanted('status');
  const list = (ctx.root as { referrals?: unknown } | null)?.referrals;
  if (!Array.isArray(list)) return [];
  return (list as RuleReferralItem[]).filter((r) => r && (!types || types.has(r.serviceType as string)) && (!statuses || statuses.has(r.status as string)));
}

export const PLUGIN_FACT_PATTERN = /^([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\.([a-z][a-z0-9_]*)$/;

/** `adoption-matching.approved_match` → plugin and fact name; null when it is not such a name. */
export function parseFactName(name: unknown): { plugin: string; fact: string } | null {
  const m = typeof name === 'string' ? PLUGIN_FACT_PATTERN.exec(name) : null;
  return m ? { plugin: m[1], fact: m[2] } : null;
}

function pluginFactProblems(rawArgs: unknown[]): string[] {
  if (rawArgs.length !== 1 || !parseFactName(rawArgs[0])) {
    return ['takes one fact name written as it is, "<plugin id>.<fact>", e.g. "adoption-matching.approved_match"'];
  }
  return [];
}

export function registerCaseRecordOperators(r: OperatorRegistry): void {
  r.register('has_referral', (rawArgs, ctx) => matchingReferrals(rawArgs, ctx).length > 0, { literal: true, check: referralFilterProblems });
  r.register('referral_count', (rawArgs, ctx) => matchingReferrals(rawArgs, ctx).length, { literal: true, check: referralFilterProblems });
  // A fact the host did not load (a plugin the pack does not enable, a name no plugin declares) is null.
  r.register(
    'plugin_fact',
    (rawArgs, ctx) => {
      const name = parseFactName(rawArgs[0]);
      if (!name) throw new Error(pluginFactProblems(rawArgs).join('; '));
      const facts = (ctx.root as { facts?: Record<string, Record<string, unknown>> } | null)?.facts;
      const byPlugin = facts && Object.prototype.hasOwnProperty.call(facts, name.plugin) ? facts[name.plugin] : undefined;
      const value = byPlugin && Object.prototype.hasOwnProperty.call(byPlugin, name.fact) ? byPlugin[name.fact] : undefined;
      return value ?? null;
    },
    { literal: true, check: pluginFactProblems },
  );
}
