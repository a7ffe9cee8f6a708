import { DomainError, type FieldError } from '@app/core';
import type { SopPack } from '@app/pack-types';
import { locationPaths } from '@app/sop';
import { PeopleErrorCode } from './people.errors';
import type { PersonFields } from './people.repository';

/** What an administrator sends to create a user (or, all optional but the username, to change one). */
export interface PersonInput {
  username: string;
  displayName: string;
  email?: string | null;
  phone?: string | null;
  locale: string;
  roles: string[];
  location: string;
  agency?: string | null;
  team?: string | null;
}

/**
 * Checks the input against the pack (its roles, languages, places, agencies and teams) and returns
 * the fields to store; every problem at once as 422 `user_invalid` with field paths. Pure.
 */
export function personFields(pack: SopPack, input: PersonInput): PersonFields {
  const errors: FieldError[] = [];
  const bad = (path: string, keyword: string, message: string) => errors.push({ path, keyword, message });
  const roles = new Set(pack.roles.map((r) => r.id));
  input.roles.forEach((r, i) => {
    if (!roles.has(r)) bad(`/roles/${i}`, 'unknown_role', `"${r}" is not a role of the pack`);
  });
  if (!pack.manifest.locales.includes(input.locale)) bad('/locale', 'unknown_locale', `"${input.locale}" is not a language of the pack`);
  const path = locationPaths(pack.locations.root).get(input.location);
  if (!path) bad('/location', 'unknown_location', `"${input.location}" is not a place of the pack`);
  const agency = input.agency ? pack.organisations.agencies.find((a) => a.id === input.agency) : null;
  if (input.agency && !agency) bad('/agency', 'unknown_agency', `"${input.agency}" is not an agency of the pack`);
  const team = input.team ? pack.organisations.teams.find((t) => t.id === input.team) : null;
  if (input.team && !team) bad('/team', 'unknown_team', `"${input.team}" is not a team of the pack`);
  else if (team && team.agency !== (input.agency ?? null)) bad('/team', 'team_not_of_agency', `team "${team.id}" belongs to another agency`);
  const email = input.email?.trim() || null;
  const phone = input.phone?.trim() || null;
  if (!email && !phone) bad('/email', 'contact_required', 'give an e-mail address or a phone number');
  if (errors.length > 0) throw new DomainError(PeopleErrorCode.UserInvalid, 'The user details are not valid.', { errors });
  return {
    username: input.username,
    displayName: input.displayName.trim(),
    email,
    phone,
    roles: [...new Set(input.roles)],
    agencyId: input.agency ?? null,
    teamId: input.team ?? null,
    locationCode: input.location,
    locationPath: path!,
    locale: input.locale,
  };
}
