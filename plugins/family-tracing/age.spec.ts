import { ageDifference, completedYears, daysBetween, isoDate } from './age';

describe('completedYears', () => {
  it.each([
    ['2015-06-15', '2024-06-14', 8],
    ['2015-06-15', '2024-06-15', 9],
    ['2016-02-29', '2024-02-28', 7],
    ['2016-02-29', '2024-02-29', 8],
    ['2024-01-01', '2024-01-01', 0],
  ])('born %s, on %s: %i', (dob, on, years) => expect(completedYears(dob, on)).toBe(years));

  it('rejects what is not a date', () => expect(() => completedYears('15/06/2015', '2024-01-01')).toThrow('not a date'));
});

it('counts days across a leap year', () => expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2));
it('gives the UTC calendar date of an instant', () => expect(isoDate(new Date('2026-03-01T23:30:00Z'))).toBe('2026-03-01'));

describe('ageDifference', () => {
  const onRequest = '2026-05-10';

  it('compares dates of birth when both are known', () => {
    expect(ageDifference({ dateOfBirth: '2016-04-01', ageYears: null }, '2016-04-01', onRequest)).toMatchObject({
      years: 0,
      code: 'age_same_dob',
      detail: 'same date of birth',
    });
    expect(ageDifference({ dateOfBirth: '2016-04-01', ageYears: null }, '2016-04-13', onRequest)?.detail).toBe('dates of birth are 12 days apart');
    expect(ageDifference({ dateOfBirth: '2016-04-01', ageYears: null }, '2016-07-01', onRequest)?.detail).toBe('dates of birth are 3 months apart');
    const far = ageDifference({ dateOfBirth: '2016-04-01', ageYears: null }, '2017-10-01', onRequest)!;
    expect(far.detail).toBe('dates of birth are about 1.5 years apart');
    expect(far.years).toBeCloseTo(1.5, 1);
  });

  it("compares an approximate age with the child's age on the day of the request", () => {
    expect(ageDifference({ dateOfBirth: null, ageYears: 9 }, '2016-04-01', onRequest)).toMatchObject({
      years: 1,
      code: 'age_differ',
      params: { years: 1, sought: 9, registered: 10 },
      detail: 'ages differ by 1 year (9 sought, 10 registered)',
    });
    expect(ageDifference({ dateOfBirth: null, ageYears: 10 }, '2016-04-01', onRequest)).toMatchObject({
      years: 0,
      code: 'age_same',
      params: { age: 10 },
      detail: 'same age (10 years)',
    });
    expect(ageDifference({ dateOfBirth: null, ageYears: 7 }, '2016-04-01', onRequest)?.detail).toBe('ages differ by 3 years (7 sought, 10 registered)');
  });

  it('prefers the date of birth over the age', () => {
    expect(ageDifference({ dateOfBirth: '2016-04-01', ageYears: 3 }, '2016-04-01', onRequest)?.years).toBe(0);
  });

  it('is unknown when either side is', () => {
    expect(ageDifference({ dateOfBirth: null, ageYears: null }, '2016-04-01', onRequest)).toBeNull();
    expect(ageDifference({ dateOfBirth: '2016-04-01', ageYears: 9 }, null, onRequest)).toBeNull();
  });
});
