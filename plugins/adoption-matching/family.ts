/**
 * Families as the registry keeps them: checks beyond the form schema, what the scoring reads, and
 * the record as the registry's routes return it. The answers live in the plugin's table, not in a
 * case, so core field permissions do not apply: reading the registry (`read` on `adoption_family`)
 * is what shows names and contacts; matching routes show a family's name only to such users.
 */
import type { PluginFormProblem } from '@app/plugin-sdk';
import { FAMILY_FORM } from './child';
import type { FamilySide } from './scoring';

export type FamilyStatus = 'pending' | 'approved' | 'rejected';
export const FAMILY_STATUSES: readonly FamilyStatus[] = ['pending', 'approved', 'rejected'];

export interface FamilyRow {
  id: string;
  answers: Record<string, unknown>;
  location_code: string;
  status: FamilyStatus;
  registered_by: string;
  registered_at: Date | string;
  updated_by: string | null;
  updated_at: Date | string | null;
  decided_by: string | null;
  decided_at: Date | string | null;
  decision_reason: string | null;
}

export const iso = (v: Date | string | null): string | null => (v === null ? null : v instanceof Date ? v.toISOString() : new Date(v).toISOString());

/** What the form schema cannot say: a coherent age range, "none" alone, a location of the pack. */
export function familyProblems(answers: Record<string, unknown>, knownLocation: (code: string) => boolean): PluginFormProblem[] {
  const problems: PluginFormProblem[] = [];
  const min = answers.accepted_age_min;
  const max = answers.accepted_age_max;
  if (typeof min === 'number' && typeof max === 'number' && min > max) {
    problems.push({ path: '/accepted_age_max', message: 'must not be below the youngest age accepted' });
  }
  const needs = answers.special_needs;
  if (Array.isArray(needs) && needs.includes('none') && needs.length > 1) {
    problems.push({ path: '/special_needs', message: '"none" cannot be combined with other needs' });
  }
  const code = answers.location_code;
  if (typeof code === 'string' && !knownLocation(code)) {
    problems.push({ path: '/location_code', message: `"${code}" is not a location of this pack` });
  }
  return problems;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const int = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

/** The family as the scoring reads it (answers were checked against the form on registration). */
export function familySide(row: FamilyRow, path: (code: string) => string[] | null): FamilySide {
  const a = row.answers;
  return {
    id: row.id,
    registeredAt: iso(row.registered_at)!,
    ageMin: int(a.accepted_age_min, 0),
    ageMax: int(a.accepted_age_max, -1),
    maxSiblingGroup: int(a.max_sibling_group, 1),
    specialNeeds: strings(a.special_needs),
    languages: strings(a.languages),
    locationPath: path(row.location_code),
  };
}

export interface FamilyView {
  id: string;
  status: FamilyStatus;
  familyName: string | null;
  locationCode: string;
  locationLabel: string | null;
  answers: Record<string, unknown>;
  registeredBy: string;
  registeredAt: string;
  updatedBy: string | null;
  updatedAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
}

/** The whole record: the registry's routes all need a right on `adoption_family`. */
export function familyView(row: FamilyRow, label: (code: string) => string | null): FamilyView {
  return {
    id: row.id,
    status: row.status,
    familyName: typeof row.answers.family_name === 'string' ? row.answers.family_name : null,
    locationCode: row.location_code,
    locationLabel: label(row.location_code),
    answers: row.answers,
    registeredBy: row.registered_by,
    registeredAt: iso(row.registered_at)!,
    updatedBy: row.updated_by,
    updatedAt: iso(row.updated_at),
    decidedBy: row.decided_by,
    decidedAt: iso(row.decided_at),
    decisionReason: row.decision_reason,
  };
}

/** `formId.field` paths of the answers shown or written, for audit entries (never the values). */
export function auditedFields(answers: Record<string, unknown>): string[] {
  return Object.keys(answers)
    .sort()
    .map((k) => `${FAMILY_FORM}.${k}`);
}
