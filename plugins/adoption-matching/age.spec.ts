import { ageInYears, dateIn, parseDate } from './age';

describe('parseDate', () => {
  it('reads real calendar dates only', () => {
    expect(parseDate('2019-03-10')).toEqual({ y: 2019, m: 3, d: 10 });
    expect(parseDate('2020-02-29')).toEqual({ y: 2020, m: 2, d: 29 });
    expect(parseDate('2019-02-29')).toBeNull();
    expect(parseDate('2019-04-31')).toBeNull();
    expect(parseDate('2019-3-10')).toBeNull();
    expect(parseDate('10/03/2019')).toBeNull();
    expect(parseDate(undefined)).toBeNull();
    expect(parseDate(20190310)).toBeNull();
  });
});

describe('ageInYears', () => {
  const at = (iso: string) => new Date(iso);

  it('counts completed years', () => {
    expect(ageInYears('2019-03-10', at('2026-03-09T12:00:00Z'), 'UTC')).toBe(6);
    expect(ageInYears('2019-03-10', at('2026-03-10T12:00:00Z'), 'UTC')).toBe(7);
    expect(ageInYears('2019-03-10', at('2026-12-31T12:00:00Z'), 'UTC')).toBe(7);
    expect(ageInYears('2019-12-31', at('2026-01-01T00:00:00Z'), 'UTC')).toBe(6);
  });

  it('is 0 for a baby, including on the day of birth', () => {
    expect(ageInYears('2026-03-10', at('2026-03-10T08:00:00Z'), 'UTC')).toBe(0);
    expect(ageInYears('2025-06-01', at('2026-03-10T08:00:00Z'), 'UTC')).toBe(0);
  });

  it('takes "today" in the given time zone', () => {
    // 22:30 UTC on 9 March is already 10 March in Chișinău (UTC+2 in winter).
    const now = at('2026-03-09T22:30:00Z');
    expect(dateIn(now, 'Europe/Chisinau')).toEqual({ y: 2026, m: 3, d: 10 });
    expect(ageInYears('2019-03-10', now, 'UTC')).toBe(6);
    expect(ageInYears('2019-03-10', now, 'Europe/Chisinau')).toBe(7);
  });

  it('reaches a 29 February birthday on 1 March in common years', () => {
    expect(ageInYears('2020-02-29', at('2027-02-28T12:00:00Z'), 'UTC')).toBe(6);
    expect(ageInYears('2020-02-29', at('2027-03-01T12:00:00Z'), 'UTC')).toBe(7);
    expect(ageInYears('2020-02-29', at('2028-02-29T12:00:00Z'), 'UTC')).toBe(8);
  });

  it('is null for a missing, malformed or future date', () => {
    expect(ageInYears(null, at('2026-03-10T12:00:00Z'), 'UTC')).toBeNull();
    expect(ageInYears('', at('2026-03-10T12:00:00Z'), 'UTC')).toBeNull();
    expect(ageInYears('2019-02-30', at('2026-03-10T12:00:00Z'), 'UTC')).toBeNull();
    expect(ageInYears('2026-03-11', at('2026-03-10T12:00:00Z'), 'UTC')).toBeNull();
  });

  it('refuses an unknown time zone', () => {
    expect(() => ageInYears('2019-03-10', at('2026-03-10T12:00:00Z'), 'Mars/Olympus')).toThrow(RangeError);
  });
});
