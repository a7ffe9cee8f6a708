/**
 * The child's side of a match, read from the case as the acting user may see it: the plugin's
 * child profile form (filled in the adoption step), the date of birth answer and the case location.
 */
import { ageInYears } from './age';
import type { ChildSide } from './scoring';

export const CHILD_PROFILE_FORM = 'adoption_matching_child_profile';
export const FAMILY_FORM = 'adoption_matching_family';

/** The answer at `form.field` of the case's latest answers, or undefined. */
export function answerAt(answers: Record<string, Record<string, unknown>>, path: string): unknown {
  const dot = path.indexOf('.');
  if (dot < 0) return undefined;
  return answers[path.slice(0, dot)]?.[path.slice(dot + 1)];
}

const strings = (v: unknown): string[] | null => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null);

export interface ChildProfile {
  siblingGroupSize: number;
  specialNeeds: string[];
  languages: string[];
}

/**
 * The child profile when every field the matching needs is there (and readable by the user), else
 * the names of the missing fields.
 */
export function readChildProfile(answers: Record<string, unknown> | undefined): { profile: ChildProfile } | { missing: string[] } {
  const a = answers ?? {};
  const size = a.sibling_group_size;
  const specialNeeds = strings(a.special_needs);
  const languages = strings(a.languages);
  const missing: string[] = [];
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) missing.push('sibling_group_size');
  if (!specialNeeds) missing.push('special_needs');
  if (!languages) missing.push('languages');
  if (missing.length) return { missing };
  return { profile: { siblingGroupSize: size as number, specialNeeds: specialNeeds!, languages: languages! } };
}

export interface ChildSource {
  answers: Record<string, Record<string, unknown>>;
  locationCode: string;
}

/** Everything the scoring needs about the child; `ageYears` null when the date of birth is unknown or unreadable. */
export function childSide(
  source: ChildSource,
  profile: ChildProfile,
  opts: { dateOfBirthPath: string; now: Date; timeZone: string; path: (code: string) => string[] | null },
): ChildSide {
  return {
    ageYears: ageInYears(answerAt(source.answers, opts.dateOfBirthPath), opts.now, opts.timeZone),
    siblingGroupSize: profile.siblingGroupSize,
    specialNeeds: profile.specialNeeds,
    languages: profile.languages,
    locationPath: opts.path(source.locationCode),
  };
}
