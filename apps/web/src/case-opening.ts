import type { SopSummary } from './sop';

/** A case type's openings as the pack declares them (pack.json caseTypes[].openFrom). */
type Opening = { caseType: string; link: 'notification' | 'related'; answers: Record<string, string> };

/** The case types a case of `caseType` can be opened into, among those the user may register. */
export function openableFrom(sop: SopSummary, caseType: string, creatable: string[]): string[] {
  return sop.manifest.caseTypes.filter((ct) => creatable.includes(ct.id) && (ct.openFrom ?? []).some((o) => o.caseType === caseType)).map((ct) => ct.id);
}

/** How a case of `target` is opened from one of `source`, or null when the pack does not say it can be. */
export function openingOf(sop: SopSummary, target: string, source: string): Opening | null {
  return (sop.manifest.caseTypes.find((ct) => ct.id === target)?.openFrom ?? []).find((o) => o.caseType === source) ?? null;
}

/**
 * The start form's first answers, carried from the other case's start form as the pack maps them
 * (`{ "registration.address": "notification.address" }`). Only answers the user can read reach
 * this: the API leaves the others out of the case it gives them.
 */
export function carriedAnswers(opening: Opening, sourceAnswers: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [to, from] of Object.entries(opening.answers)) {
    const value = sourceAnswers?.[from.slice(from.indexOf('.') + 1)];
    if (value !== undefined && value !== null && value !== '') out[to.slice(to.indexOf('.') + 1)] = value;
  }
  return out;
}
