import { DomainError } from '@app/core';
import type { SopPack } from '@app/pack-types';
import { personFields, type PersonInput } from './person-fields';

const pack = {
  manifest: { locales: ['en', 'ro'] },
  roles: [{ id: 'caseworker', label: { en: 'Caseworker' }, rules: [] }],
  locations: {
    levels: ['country', 'district'],
    root: { code: 'MD', level: 'country', name: { en: 'Moldova' }, children: [{ code: 'CH', level: 'district', name: { en: 'Chișinău' } }] },
  },
  organisations: {
    agencies: [
      { id: 'social', name: { en: 'Social' }, location: 'CH' },
      { id: 'police', name: { en: 'Police' }, location: 'CH' },
    ],
    teams: [{ id: 'social_team', name: { en: 'Team' }, agency: 'social' }],
  },
} as unknown as SopPack;

const input = (over: Partial<PersonInput> = {}): PersonInput => ({
  username: 'ana',
  displayName: ' Ana Popescu ',
  email: 'ana@example.org',
  locale: 'ro',
  roles: ['caseworker', 'caseworker'],
  location: 'CH',
  agency: 'social',
  team: 'social_team',
  ...over,
});

const problems = (over: Partial<PersonInput>) => {
  try {
    personFields(pack, input(over));
  } catch (e) {
    if (e instanceof DomainError) return [e.code, (e.extra.errors ?? []).map((x) => `${x.path} ${x.keyword}`)];
    throw e;
  }
  return null;
};

describe("a user's fields, checked against the pack", () => {
  it("are stored with the place's path, the name trimmed and each role once", () => {
    expect(personFields(pack, input())).toMatchObject({ displayName: 'Ana Popescu', roles: ['caseworker'], locationPath: 'MD/CH/', teamId: 'social_team' });
  });

  it('name every problem at once, by field', () => {
    expect(problems({ roles: ['pilot'], locale: 'de', location: 'XX', agency: 'nope', team: null, email: null })).toEqual([
      'user_invalid',
      ['/roles/0 unknown_role', '/locale unknown_locale', '/location unknown_location', '/agency unknown_agency', '/email contact_required'],
    ]);
  });

  it('refuse a team of another agency, and accept a phone number instead of an e-mail address', () => {
    expect(problems({ agency: 'police' })).toEqual(['user_invalid', ['/team team_not_of_agency']]);
    expect(problems({ email: '', phone: '+373 22 123456' })).toBeNull();
  });
});
