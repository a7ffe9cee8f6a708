import { consistencyProblems, matchingColumns, REQUEST_FORM, SENSITIVE_FIELDS, soughtChildOf } from './request-answers';

const today = '2026-05-10';
const base = { requester_name: 'Maria Ciobanu', relationship: 'mother', child_first_name: 'Ioan', child_last_name: 'Ciobanou' };

describe('consistencyProblems', () => {
  it('accepts a date of birth or an age', () => {
    expect(consistencyProblems({ ...base, child_age_years: 9 }, today)).toEqual([]);
    expect(consistencyProblems({ ...base, child_date_of_birth: '2016-04-01' }, today)).toEqual([]);
    expect(consistencyProblems({ ...base, child_age_years: 0 }, today)).toEqual([]);
  });

  it('needs one of them', () => {
    expect(consistencyProblems(base, today)).toEqual([{ path: '/child_age_years', message: "give the child's date of birth or approximate age" }]);
  });

  it('refuses dates in the future, a separation before birth, an age that contradicts the date of birth', () => {
    expect(consistencyProblems({ ...base, child_date_of_birth: '2026-05-11' }, today).map((p) => p.path)).toEqual(['/child_date_of_birth']);
    expect(consistencyProblems({ ...base, child_age_years: 3, separation_date: '2026-06-01' }, today).map((p) => p.path)).toEqual(['/separation_date']);
    expect(consistencyProblems({ ...base, child_date_of_birth: '2016-04-01', separation_date: '2015-01-01' }, today)).toEqual([
      { path: '/separation_date', message: 'must not be before the date of birth' },
    ]);
    expect(consistencyProblems({ ...base, child_date_of_birth: '2016-04-01', child_age_years: 10 }, today)).toEqual([]);
    expect(consistencyProblems({ ...base, child_date_of_birth: '2016-04-01', child_age_years: 13 }, today)).toEqual([
      { path: '/child_age_years', message: 'does not fit the date of birth (age 10 today)' },
    ]);
  });

  it('needs letters in the names', () => {
    expect(consistencyProblems({ ...base, child_first_name: ' - ', child_age_years: 9 }, today)).toEqual([
      { path: '/child_first_name', message: 'must contain letters' },
    ]);
  });
});

it('derives the matching columns from the answers', () => {
  expect(
    matchingColumns({ ...base, child_first_name: ' Ioan ', child_sex: 'male', child_age_years: 9, last_seen_location: 'CH01' }, ['MD', 'CH', 'CH01']),
  ).toEqual({
    soughtName: 'Ioan Ciobanou',
    nameNorm: 'ioan ciobanou',
    phoneticKeys: ['IN', 'XBN'],
    sex: 'male',
    dateOfBirth: null,
    ageYears: 9,
    locationCode: 'CH01',
    locationPath: 'MD.CH.CH01',
  });
});

it('reads a stored request as the child sought', () => {
  const sought = soughtChildOf({ sought_name: 'Ioan Ciobanou', sex: null, date_of_birth: null, age_years: 9, location_path: 'MD.CH', request_date: today });
  expect(sought).toMatchObject({
    words: [
      { text: 'Ioan', key: 'IN' },
      { text: 'Ciobanou', key: 'XBN' },
    ],
    locationPath: ['MD', 'CH'],
    ageYears: 9,
  });
});

describe('the request form', () => {
  const props = REQUEST_FORM.schema.properties as Record<string, any>;

  it('marks the requester and the circumstances sensitive', () => {
    expect(SENSITIVE_FIELDS.sort()).toEqual(['circumstances', 'requester_name', 'requester_phone']);
  });

  it('labels every field and every option in English, French, Romanian and Arabic', () => {
    for (const [name, p] of Object.entries(props)) {
      expect([name, Object.keys(p['x-label'] ?? {}).sort()]).toEqual([name, ['ar', 'en', 'fr', 'ro']]);
      for (const value of p.enum ?? [])
        expect([name, value, Object.keys(p['x-enumLabels']?.[value] ?? {}).sort()]).toEqual([name, value, ['ar', 'en', 'fr', 'ro']]);
    }
  });

  it('uses only the annotations the form catalogue allows', () => {
    const allowed = ['x-optionList', 'x-sensitive', 'x-label', 'x-help', 'x-enumLabels'];
    for (const p of Object.values(props)) for (const k of Object.keys(p)) if (k.startsWith('x-')) expect(allowed).toContain(k);
  });

  it('lists every field in the UI order', () => {
    expect([...REQUEST_FORM.uiSchema!['ui:order']].sort()).toEqual(Object.keys(props).sort());
  });
});
