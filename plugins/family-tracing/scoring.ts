/**
 * How well a registered child fits a tracing request: a score in 0..1 and the reasons that make it
 * up (what a caseworker reads before confirming). Each reason is a code with its parameters, written
 * in the reader's language when shown (reason-texts.ts); `detail` keeps the English wording, which
 * is all that rows stored before the codes have. Pure: the database gives the name similarity
 * (pg_trgm), everything else is computed here.
 */
import { ageDifference } from './age';
import { ReasonCode, ReasonParams, reasonText, TextTools } from './reason-texts';

export interface MatchReason {
  criterion: 'name' | 'phonetic' | 'age' | 'sex' | 'location';
  /** Absent on rows stored before reasons had codes. */
  code?: ReasonCode;
  params?: ReasonParams;
  detail: string;
  points: number;
}

const ENGLISH: TextTools = { locale: 'en', place: (code) => code };

function reason(criterion: MatchReason['criterion'], code: ReasonCode, params: ReasonParams, points: number, english = ENGLISH): MatchReason {
  return { criterion, code, params, detail: reasonText(code, params, english)!, points };
}

/** The child a relative is looking for, as recorded on the request. */
export interface SoughtChild {
  /** "First Last" as the relative spelled it. */
  name: string;
  /** Each word of the name as written, with its phonetic key (see keyedWords). */
  words: Array<{ text: string; key: string }>;
  sex: string | null;
  dateOfBirth: string | null;
  ageYears: number | null;
  /** Location codes from the root down to where the child was last seen; null when unknown. */
  locationPath: string[] | null;
  /** The day the request was recorded: the age sought is an age on that day. */
  requestDate: string;
}

/** A child of the tracing index. */
export interface IndexedChild {
  fullName: string;
  phoneticKeys: string[];
  sex: string | null;
  dateOfBirth: string | null;
  locationPath: string[];
}

export interface ScoringOptions {
  ageToleranceYears: number;
  /** Level names from the root down (may be empty or shorter than the paths). */
  locationLevels: string[];
  /** A location's name, for the reasons. */
  labelOf(code: string): string | null;
}

export type Scored = { excluded: true; why: string } | { excluded: false; score: number; reasons: MatchReason[] };

/** Points each criterion can give; they add up to 1. Sex gives none: it can only exclude. */
export const WEIGHTS = { name: 0.45, phonetic: 0.2, age: 0.2, location: 0.15 } as const;

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Name reason as stored; `redactNameReason` rewrites it for a user who may not read the child's name. */
export function nameReason(sought: string, registered: string, similarity: number): MatchReason {
  const points = round(WEIGHTS.name * Math.max(0, Math.min(1, similarity)));
  return reason('name', 'name_similar', { sought, percent: Math.round(similarity * 100), registered }, points);
}

/** The name reason without the registered child's name (for a user who may not read it), stored with a code or not. */
export function redactNameReason(stored: MatchReason): MatchReason {
  if (stored.criterion !== 'name') return stored;
  if (stored.code && stored.params) {
    return reason('name', 'name_similar_redacted', { sought: stored.params.sought ?? '', percent: stored.params.percent ?? 0 }, stored.points);
  }
  return { criterion: 'name', detail: stored.detail.replace(/ to ".*"$/, " to the child's registered name"), points: stored.points };
}

function phoneticReason(sought: SoughtChild, child: IndexedChild): MatchReason | null {
  if (sought.words.length === 0) return null;
  const matched = sought.words.map((w) => ({ word: w.text, hit: w.key !== '' && child.phoneticKeys.includes(w.key) }));
  const hits = matched.filter((m) => m.hit);
  if (hits.length === 0) return null;
  const points = round(WEIGHTS.phonetic * (hits.length / matched.length));
  if (hits.length === matched.length) return reason('phonetic', 'phonetic_all', {}, points);
  return reason('phonetic', 'phonetic_some', { words: hits.map((h) => h.word) }, points);
}

/** Codes the two paths share from the root. */
function sharedDepth(a: string[], b: string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

export function locationReason(lastSeen: string[] | null, registered: string[], options: ScoringOptions): MatchReason | null {
  if (!lastSeen || lastSeen.length === 0 || registered.length === 0) return null;
  const shared = sharedDepth(lastSeen, registered);
  const deepest = Math.max(lastSeen.length, registered.length);
  if (shared <= 1 || deepest <= 1) {
    // Only the country (or nothing) in common: no points, but worth saying.
    const level = options.locationLevels[Math.max(shared, 1)] ?? 'area';
    return reason('location', 'location_different', { level }, 0);
  }
  const code = lastSeen[shared - 1];
  const level = options.locationLevels[shared - 1] ?? (shared === deepest ? 'place' : 'area');
  const points = round(WEIGHTS.location * ((shared - 1) / (deepest - 1)));
  const english: TextTools = { locale: 'en', place: (c) => options.labelOf(c) ?? c };
  return reason('location', 'location_same', { level, code }, points, english);
}

/**
 * Scores a candidate. A known sex that differs, or ages further apart than the tolerance, exclude it;
 * an unknown sex, age or location neither adds nor excludes.
 */
export function scoreCandidate(sought: SoughtChild, child: IndexedChild, nameSimilarity: number, options: ScoringOptions): Scored {
  if (sought.sex && child.sex && sought.sex !== child.sex) return { excluded: true, why: 'sex differs' };
  const reasons: MatchReason[] = [nameReason(sought.name, child.fullName, nameSimilarity)];
  const phonetic = phoneticReason(sought, child);
  if (phonetic) reasons.push(phonetic);

  const age = ageDifference(sought, child.dateOfBirth, sought.requestDate);
  if (age) {
    // Dates of birth: allow the extra day a leap year puts between two birthdays.
    if (age.years > options.ageToleranceYears + (sought.dateOfBirth ? 0.003 : 0)) return { excluded: true, why: age.detail };
    reasons.push(reason('age', age.code, age.params, round(WEIGHTS.age * (1 - age.years / (options.ageToleranceYears + 1)))));
  }

  if (sought.sex && child.sex) reasons.push(reason('sex', 'sex_same', { sex: child.sex }, 0));

  const location = locationReason(sought.locationPath, child.locationPath, options);
  if (location) reasons.push(location);

  const score = round(
    Math.min(
      1,
      reasons.reduce((sum, r) => sum + r.points, 0),
    ),
  );
  return { excluded: false, score, reasons };
}
