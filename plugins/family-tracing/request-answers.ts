/** The tracing request form's answers: checks the schema cannot express, and the child they describe. */
import type { FormDef, PluginFormProblem } from '@app/plugin-sdk';
import requestForm from './forms/family_tracing_request.v1.json';
import { completedYears, daysBetween } from './age';
import { keyedWords, normaliseName } from './names';
import type { SoughtChild } from './scoring';

export const REQUEST_FORM = requestForm as unknown as FormDef;
export const REQUEST_FORM_ID = REQUEST_FORM.id;

export interface RequestAnswers {
  requester_name: string;
  relationship: string;
  requester_phone?: string;
  child_first_name: string;
  child_last_name: string;
  child_sex?: string;
  child_date_of_birth?: string;
  child_age_years?: number;
  last_seen_location?: string;
  separation_date?: string;
  circumstances?: string;
  notes?: string;
}

/** Fields marked `x-sensitive` in the form (who may read them is the pack's field permissions). */
export const SENSITIVE_FIELDS: string[] = Object.entries(REQUEST_FORM.schema.properties as Record<string, any>)
  .filter(([, p]) => p['x-sensitive'] === true)
  .map(([k]) => k);

/** The consistency checks on top of the form's schema (dates are calendar dates, `today` included). */
export function consistencyProblems(a: Partial<RequestAnswers>, today: string): PluginFormProblem[] {
  const problems: PluginFormProblem[] = [];
  for (const field of ['child_first_name', 'child_last_name'] as const) {
    const v = a[field];
    if (typeof v === 'string' && normaliseName(v) === '') problems.push({ path: `/${field}`, message: 'must contain letters' });
  }
  const dob = a.child_date_of_birth;
  const age = a.child_age_years;
  if (!dob && (age === undefined || age === null)) {
    problems.push({ path: '/child_age_years', message: "give the child's date of birth or approximate age" });
  }
  if (dob && daysBetween(dob, today) < 0) problems.push({ path: '/child_date_of_birth', message: 'must not be in the future' });
  if (dob && typeof age === 'number' && daysBetween(dob, today) >= 0 && Math.abs(completedYears(dob, today) - age) > 1) {
    problems.push({ path: '/child_age_years', message: `does not fit the date of birth (age ${completedYears(dob, today)} today)` });
  }
  const sep = a.separation_date;
  if (sep && daysBetween(sep, today) < 0) problems.push({ path: '/separation_date', message: 'must not be in the future' });
  if (sep && dob && daysBetween(dob, sep) < 0) problems.push({ path: '/separation_date', message: 'must not be before the date of birth' });
  return problems;
}

/** "First Last" as the family gave it. */
export function soughtName(a: Pick<RequestAnswers, 'child_first_name' | 'child_last_name'>): string {
  return `${a.child_first_name.trim()} ${a.child_last_name.trim()}`.trim();
}

/** What the matching columns of a request hold, from its answers. */
export function matchingColumns(a: RequestAnswers, locationPath: string[] | null) {
  const name = soughtName(a);
  return {
    soughtName: name,
    nameNorm: normaliseName(name),
    phoneticKeys: [
      ...new Set(
        keyedWords(name)
          .map((w) => w.key)
          .filter(Boolean),
      ),
    ],
    sex: a.child_sex ?? null,
    dateOfBirth: a.child_date_of_birth ?? null,
    ageYears: typeof a.child_age_years === 'number' ? a.child_age_years : null,
    locationCode: a.last_seen_location ?? null,
    locationPath: locationPath ? locationPath.join('.') : null,
  };
}

/** A stored request row as the scoring reads it. */
export function soughtChildOf(row: {
  sought_name: string;
  sex: string | null;
  date_of_birth: string | null;
  age_years: number | null;
  location_path: string | null;
  request_date: string;
}): SoughtChild {
  return {
    name: row.sought_name,
    words: keyedWords(row.sought_name),
    sex: row.sex,
    dateOfBirth: row.date_of_birth,
    ageYears: row.age_years,
    locationPath: row.location_path ? row.location_path.split('.') : null,
    requestDate: row.request_date,
  };
}
