/**
 * The people pages' texts (people-*.json, falling back to the app's), the API's shapes for them, and
 * the pack's names for roles, places, agencies and teams (the pages show labels, never ids).
 */
import type { ApiSchemas } from '../api-types';
import { Messages, translate } from '../i18n';
import peopleAr from '../locales/people-ar.json';
import peopleEn from '../locales/people-en.json';
import peopleFr from '../locales/people-fr.json';
import peopleRo from '../locales/people-ro.json';
import { useApp } from '../session';
import { pick, type SopSummary } from '../sop';

const PEOPLE_MESSAGES: Record<string, Messages> = { en: peopleEn, fr: peopleFr, ar: peopleAr, ro: peopleRo };

export type PeopleT = (key: string, vars?: Record<string, string | number>) => string;

export function peopleTranslate(locale: string, key: string, vars: Record<string, string | number> = {}): string {
  return translate(locale, key, vars, PEOPLE_MESSAGES);
}

export function usePeopleT(): PeopleT {
  const { locale } = useApp();
  return (key, vars) => translate(locale, key, vars, PEOPLE_MESSAGES);
}

// The API's shapes for these pages (generated from its OpenAPI document).
export type Person = ApiSchemas['PersonView'];
export type OpenCase = ApiSchemas['OpenCase'];
export type PasswordCode = ApiSchemas['PasswordCode'];
/** What the administrator may give: roles, places and agencies (null: any). */
export type Reach = ApiSchemas['AdministrationReach'];

/** The pack's names in the user's language. */
export interface PackNames {
  role(id: string): string;
  /** A place with the places above it that are not the country: "Bubuieci (Chișinău)". */
  place(code: string): string;
  agency(id: string | null): string;
  team(id: string | null): string;
  caseType(id: string): string;
  /** Every place under the country's root, in tree order, with its name as `place` gives it. */
  places: Array<{ code: string; name: string }>;
}

type LocationNode = SopSummary['locations']['root'];

export function packNames(sop: SopSummary, locale: string): PackNames {
  const places: Array<{ code: string; name: string }> = [];
  const byCode = new Map<string, string>();
  const walk = (node: LocationNode, above: string[]) => {
    const own = pick(node.name, locale);
    const name = above.length > 0 ? `${own} (${above[above.length - 1]})` : own;
    places.push({ code: node.code, name });
    byCode.set(node.code, name);
    // The country is not named after each place: the first level below it is.
    const next = node === sop.locations.root ? [] : [...above, own];
    for (const child of node.children ?? []) walk(child as LocationNode, next);
  };
  walk(sop.locations.root, []);
  const label = (list: Array<{ id: string; name?: unknown; label?: unknown }>, id: string | null) => {
    if (!id) return '';
    const found = list.find((x) => x.id === id);
    return found ? pick((found.name ?? found.label) as Record<string, string>, locale) : id;
  };
  return {
    role: (id) => label(sop.roles, id),
    place: (code) => byCode.get(code) ?? code,
    agency: (id) => label(sop.organisations.agencies, id),
    team: (id) => label(sop.organisations.teams, id),
    caseType: (id) => label(sop.manifest.caseTypes as Array<{ id: string; label?: unknown }>, id),
    places,
  };
}
