/**
 * Ranking of approved families for one child: pure functions of the two sides and the pack's
 * weighted criteria. Every criterion gives points in 0..1, multiplied by its weight; the total is
 * normalised to 0..100 by the sum of the weights, so packs may weigh on any scale. Each criterion
 * explains itself (child's value, family's value, an explanation code with its parameters, written
 * in the reader's language when shown: explanations.ts) so the panel can see why a family ranks
 * where it does, never just a number. `explanation` keeps the English sentence, all that matches
 * stored before the codes have.
 */
import { ExplanationCode, ExplanationParams, explanationText } from './explanations';
import type { CriterionId, CriterionSetting } from './settings';

export const SPECIAL_NEEDS = ['physical_disability', 'intellectual_disability', 'chronic_illness', 'behavioural', 'trauma_support', 'none'] as const;

/** Points per proximity tier (see `proximity`). */
export const DISTANCE_POINTS = { same: 1, near: 0.6, region: 0.3, far: 0, unknown: 0 } as const;
export type ProximityTier = keyof typeof DISTANCE_POINTS;

/** Criteria that rule a family out when not met (shown, but with meetsAll false). */
const HARD: ReadonlySet<CriterionId> = new Set<CriterionId>(['age', 'siblings']);

export interface ChildSide {
  /** Completed years; null when the date of birth is unknown. */
  ageYears: number | null;
  /** The child and the siblings to be placed with them (1: the child alone). */
  siblingGroupSize: number;
  specialNeeds: string[];
  languages: string[];
  /** Location codes from the root down to the case's location; null when unknown. */
  locationPath: string[] | null;
}

export interface FamilySide {
  id: string;
  /** ISO timestamp; among equal scores the family waiting longest comes first. */
  registeredAt: string;
  ageMin: number;
  ageMax: number;
  maxSiblingGroup: number;
  specialNeeds: string[];
  languages: string[];
  locationPath: string[] | null;
}

export interface CriterionScore {
  id: CriterionId;
  weight: number;
  /** 0..1 */
  points: number;
  /** points × weight */
  weighted: number;
  childValue: unknown;
  familyValue: unknown;
  /** Fully satisfied (points 1). */
  met: boolean;
  /** A constraint that rules the family out when not met. */
  hard: boolean;
  /** Absent on matches stored before explanations had codes. */
  code?: ExplanationCode;
  params?: ExplanationParams;
  explanation: string;
}

export interface FamilyScore {
  familyId: string;
  /** 0..100, one decimal. */
  score: number;
  /** Every hard constraint among the weighted criteria holds. */
  meetsAll: boolean;
  /** The hard constraints not met. */
  unmet: CriterionId[];
  criteria: CriterionScore[];
}

export type LocationLabel = (code: string) => string | null;

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
const normaliseLanguages = (items: string[]) => [...new Set(items.map((l) => l.trim().toLowerCase()).filter(Boolean))];
const needsOf = (items: string[]) => [...new Set(items.filter((n) => n !== 'none'))];

interface Partial {
  points: number;
  childValue: unknown;
  familyValue: unknown;
  code: ExplanationCode;
  params: ExplanationParams;
}

function scoreAge(child: ChildSide, family: FamilySide): Partial {
  const familyValue = { min: family.ageMin, max: family.ageMax };
  const range = { min: family.ageMin, max: family.ageMax };
  const age = child.ageYears;
  if (age === null) return { points: 0, childValue: null, familyValue, code: 'age_unknown', params: range };
  const inRange = age >= family.ageMin && age <= family.ageMax;
  const code = inRange ? 'age_in_range' : age < family.ageMin ? 'age_younger' : 'age_older';
  return { points: inRange ? 1 : 0, childValue: age, familyValue, code, params: { age, ...range } };
}

function scoreSiblings(child: ChildSide, family: FamilySide): Partial {
  const size = child.siblingGroupSize;
  const max = family.maxSiblingGroup;
  return { points: size <= max ? 1 : 0, childValue: size, familyValue: max, code: 'siblings', params: { size, max } };
}

function scoreSpecialNeeds(child: ChildSide, family: FamilySide): Partial {
  const needs = needsOf(child.specialNeeds);
  const canMeet = needsOf(family.specialNeeds);
  const childValue = needs;
  const familyValue = canMeet;
  if (needs.length === 0) return { points: 1, childValue, familyValue, code: 'needs_none', params: {} };
  const met = needs.filter((n) => canMeet.includes(n));
  const missed = needs.filter((n) => !canMeet.includes(n));
  const points = met.length / needs.length;
  if (missed.length === 0) return { points, childValue, familyValue, code: 'needs_all_met', params: { needs } };
  if (met.length === 0) return { points, childValue, familyValue, code: 'needs_none_met', params: { needs } };
  return { points, childValue, familyValue, code: 'needs_some_met', params: { met, missed } };
}

function scoreLanguage(child: ChildSide, family: FamilySide): Partial {
  const spoken = normaliseLanguages(child.languages);
  const offered = normaliseLanguages(family.languages);
  if (spoken.length === 0) return { points: 1, childValue: spoken, familyValue: offered, code: 'language_unrecorded', params: {} };
  const shared = spoken.filter((l) => offered.includes(l));
  if (shared.length === 0) return { points: 0, childValue: spoken, familyValue: offered, code: 'language_none_shared', params: { spoken, offered } };
  return { points: 1, childValue: spoken, familyValue: offered, code: 'language_shared', params: { shared } };
}

/**
 * How close two places are in the location tree. `same`: the same location; `near`: both within
 * the same parent (e.g. the same district); `region`: the same grandparent; `far` otherwise. Sharing
 * only the root (the country) is `far`: it says nothing about distance.
 */
export function proximity(child: string[] | null, family: string[] | null): { tier: ProximityTier; common: string | null } {
  if (!child?.length || !family?.length) return { tier: 'unknown', common: null };
  let common = 0;
  while (common < Math.min(child.length, family.length) && child[common] === family[common]) common++;
  if (common === 0) return { tier: 'far', common: null };
  const steps = Math.max(child.length, family.length) - common;
  const ancestor = child[common - 1];
  if (steps === 0) return { tier: 'same', common: ancestor };
  if (common === 1) return { tier: 'far', common: ancestor };
  if (steps === 1) return { tier: 'near', common: ancestor };
  if (steps === 2) return { tier: 'region', common: ancestor };
  return { tier: 'far', common: ancestor };
}

function scoreDistance(child: ChildSide, family: FamilySide): Partial {
  const childCode = child.locationPath?.at(-1) ?? null;
  const familyCode = family.locationPath?.at(-1) ?? null;
  const { tier, common } = proximity(child.locationPath, family.locationPath);
  const params: ExplanationParams = tier === 'unknown' ? { side: childCode === null ? 'child' : 'family' } : { child: childCode, family: familyCode, common };
  return { points: DISTANCE_POINTS[tier], childValue: childCode, familyValue: familyCode, code: `distance_${tier}`, params };
}

/** One family's score, criterion by criterion, in the order the pack lists the criteria. */
export function scoreFamily(child: ChildSide, family: FamilySide, criteria: CriterionSetting[], label: LocationLabel): FamilyScore {
  return scoreWithRaw(child, family, criteria, label).score;
}

/** The score and the unrounded weighted sum over the sum of weights (0..1), which decides exclusion. */
function scoreWithRaw(child: ChildSide, family: FamilySide, criteria: CriterionSetting[], label: LocationLabel): { score: FamilyScore; raw: number } {
  let sum = 0;
  let totalWeight = 0;
  const results: CriterionScore[] = criteria.map(({ id, weight }) => {
    const part =
      id === 'age'
        ? scoreAge(child, family)
        : id === 'siblings'
          ? scoreSiblings(child, family)
          : id === 'special_needs'
            ? scoreSpecialNeeds(child, family)
            : id === 'language'
              ? scoreLanguage(child, family)
              : scoreDistance(child, family);
    // Summed unrounded: three needs met out of three must not lose a point to rounding 1/3.
    sum += part.points * weight;
    totalWeight += weight;
    return {
      id,
      weight,
      points: round(part.points, 3),
      weighted: round(part.points * weight, 3),
      childValue: part.childValue,
      familyValue: part.familyValue,
      met: part.points >= 1,
      hard: HARD.has(id),
      code: part.code,
      params: part.params,
      explanation: explanationText(part.code, part.params, { locale: 'en', place: (c) => label(c) ?? c })!,
    };
  });
  const raw = totalWeight > 0 ? sum / totalWeight : 0;
  const unmet = results.filter((r) => r.hard && !r.met).map((r) => r.id);
  return { score: { familyId: family.id, score: round(100 * raw, 1), meetsAll: unmet.length === 0, unmet, criteria: results }, raw };
}

/** Ranking order: families meeting every hard constraint first, then by score, then the longest waiting. */
export function compareScores(a: FamilyScore & { registeredAt: string }, b: FamilyScore & { registeredAt: string }): number {
  if (a.meetsAll !== b.meetsAll) return a.meetsAll ? -1 : 1;
  if (a.score !== b.score) return b.score - a.score;
  if (a.registeredAt !== b.registeredAt) return a.registeredAt < b.registeredAt ? -1 : 1;
  return a.familyId < b.familyId ? -1 : a.familyId > b.familyId ? 1 : 0;
}

export interface Ranking {
  ranked: FamilyScore[];
  /** Families left out because nothing at all fits (total 0). */
  excluded: number;
}

/** Scores every family, leaves out those at 0, and ranks the rest. */
export function rankFamilies(child: ChildSide, families: FamilySide[], criteria: CriterionSetting[], label: LocationLabel): Ranking {
  const scored = families.map((f) => ({ ...scoreWithRaw(child, f, criteria, label), registeredAt: f.registeredAt }));
  const kept = scored
    .filter((s) => s.raw > 0)
    .map((s) => ({ ...s.score, registeredAt: s.registeredAt }))
    .sort(compareScores);
  return { ranked: kept.map(({ registeredAt: _registeredAt, ...s }) => s), excluded: scored.length - kept.length };
}
