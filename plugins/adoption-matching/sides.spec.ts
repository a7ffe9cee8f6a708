import { answerAt, childSide, readChildProfile } from './child';
import { familyProblems, familySide, type FamilyRow } from './family';

const PATHS: Record<string, string[]> = { CH01: ['MD', 'CH', 'CH01'], CH02: ['MD', 'CH', 'CH02'] };
const path = (code: string) => PATHS[code] ?? null;

describe('the child side', () => {
  const answers = {
    registration: { date_of_birth: '2016-06-01' },
    adoption_matching_child_profile: { sibling_group_size: 2, special_needs: ['none'], languages: ['ro'] },
  };

  it('reads `form.field` answers', () => {
    expect(answerAt(answers, 'registration.date_of_birth')).toBe('2016-06-01');
    expect(answerAt(answers, 'registration.missing')).toBeUndefined();
    expect(answerAt(answers, 'nowhere.date_of_birth')).toBeUndefined();
    expect(answerAt(answers, 'registration')).toBeUndefined();
  });

  it('needs every profile field (absent or unreadable counts as missing)', () => {
    expect(readChildProfile(undefined)).toEqual({ missing: ['sibling_group_size', 'special_needs', 'languages'] });
    expect(readChildProfile({ sibling_group_size: 0, special_needs: [], languages: 'ro' })).toEqual({ missing: ['sibling_group_size', 'languages'] });
    expect(readChildProfile({ sibling_group_size: 1, special_needs: [], languages: [] })).toEqual({
      profile: { siblingGroupSize: 1, specialNeeds: [], languages: [] },
    });
  });

  it('computes the age at ctx.now in the pack time zone, and takes the case location', () => {
    const read = readChildProfile(answers.adoption_matching_child_profile);
    if (!('profile' in read)) throw new Error('profile expected');
    const opts = { dateOfBirthPath: 'registration.date_of_birth', timeZone: 'Europe/Chisinau', path };
    // 31 May 22:30 UTC is 1 June 01:30 in Chișinău: the tenth birthday.
    expect(childSide({ answers, locationCode: 'CH01' }, read.profile, { ...opts, now: new Date('2026-05-31T22:30:00Z') })).toEqual({
      ageYears: 10,
      siblingGroupSize: 2,
      specialNeeds: ['none'],
      languages: ['ro'],
      locationPath: ['MD', 'CH', 'CH01'],
    });
    expect(childSide({ answers, locationCode: 'CH01' }, read.profile, { ...opts, now: new Date('2026-05-31T20:00:00Z') }).ageYears).toBe(9);
    expect(childSide({ answers: {}, locationCode: 'XX' }, read.profile, { ...opts, now: new Date('2026-05-31T20:00:00Z') })).toMatchObject({
      ageYears: null,
      locationPath: null,
    });
    expect(childSide({ answers, locationCode: 'CH01' }, read.profile, { ...opts, dateOfBirthPath: 'registration.other', now: new Date() }).ageYears).toBeNull();
  });
});

describe('the family side', () => {
  const known = (code: string) => path(code) !== null;
  const ok = { accepted_age_min: 2, accepted_age_max: 8, special_needs: ['trauma_support'], location_code: 'CH01' };

  it('checks what the form schema cannot', () => {
    expect(familyProblems(ok, known)).toEqual([]);
    expect(familyProblems({ ...ok, accepted_age_min: 8, accepted_age_max: 8 }, known)).toEqual([]);
    expect(familyProblems({ ...ok, accepted_age_min: 9 }, known)).toEqual([
      { path: '/accepted_age_max', message: 'must not be below the youngest age accepted' },
    ]);
    expect(familyProblems({ ...ok, special_needs: ['none'] }, known)).toEqual([]);
    expect(familyProblems({ ...ok, special_needs: ['none', 'behavioural'] }, known)).toEqual([
      { path: '/special_needs', message: '"none" cannot be combined with other needs' },
    ]);
    expect(familyProblems({ ...ok, location_code: 'ZZ9' }, known)).toEqual([{ path: '/location_code', message: '"ZZ9" is not a location of this pack' }]);
  });

  it('is what the scoring reads', () => {
    const row: FamilyRow = {
      id: 'f1',
      answers: { ...ok, max_sibling_group: 3, languages: ['ro', 'uk'], family_name: 'Secret' },
      location_code: 'CH02',
      status: 'approved',
      registered_by: 'u1',
      registered_at: new Date('2026-01-05T10:00:00Z'),
      updated_by: null,
      updated_at: null,
      decided_by: 'u2',
      decided_at: new Date(),
      decision_reason: null,
    };
    expect(familySide(row, path)).toEqual({
      id: 'f1',
      registeredAt: '2026-01-05T10:00:00.000Z',
      ageMin: 2,
      ageMax: 8,
      maxSiblingGroup: 3,
      specialNeeds: ['trauma_support'],
      languages: ['ro', 'uk'],
      locationPath: ['MD', 'CH', 'CH02'],
    });
  });
});
