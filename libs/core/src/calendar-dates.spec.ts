import { isCalendarDate, isCalendarDateTime } from './calendar-dates';

describe('calendar dates (the one check of dates from outside)', () => {
  it('accepts real days in years 1000–9999 only', () => {
    expect(['1000-01-01', '2016-02-29', '2000-02-29', '9999-12-31'].filter((d) => !isCalendarDate(d))).toEqual([]);
    expect(
      [
        '0000-01-01',
        '0001-01-01',
        '0999-12-31',
        '10000-01-01',
        '+002016-06-01',
        '1900-02-29',
        '2026-02-29',
        '2026-04-31',
        '2026-13-01',
        '2026-00-10',
        '2026-06-00',
        '2026-6-1',
        ' 2026-06-01',
      ].filter((d) => isCalendarDate(d)),
    ).toEqual([]);
  });

  it('accepts moments with an offset whose day is such a day, and which JavaScript reads', () => {
    expect(
      ['2026-03-01T09:30:00Z', '2026-03-01T09:30Z', '2026-03-01 09:30:00.123456+02:00', '2026-03-01T09:30:00-0500', '2026-03-01t09:30:00z'].filter(
        (d) => !isCalendarDateTime(d),
      ),
    ).toEqual([]);
    expect(
      [
        '0000-01-01T00:00:00Z',
        '2026-02-29T10:00:00Z',
        '2026-03-01T24:00:00Z',
        '2026-03-01T09:60:00Z',
        '2026-12-31T23:59:60Z',
        '2026-03-01T09:30:00',
        '2026-03-01T09:30:00+25:00',
        '2026-03-01',
        'yesterday',
      ].filter((d) => isCalendarDateTime(d)),
    ).toEqual([]);
  });
});
