import { isValidTimeZone, zonedDay } from './time-zone';

describe('zonedDay', () => {
  it('is the UTC day by default', () => {
    expect(zonedDay(new Date('2026-03-04T23:30:00Z'))).toEqual({
      day: '2026-03-04', hour: 23, start: new Date('2026-03-04T00:00:00Z'), end: new Date('2026-03-05T00:00:00Z'),
    });
  });

  it('follows Chișinău (UTC+2 in winter): 23:30 UTC is already the next day there', () => {
    expect(zonedDay(new Date('2026-03-04T23:30:00Z'), 'Europe/Chisinau')).toEqual({
      day: '2026-03-05', hour: 1, start: new Date('2026-03-04T22:00:00Z'), end: new Date('2026-03-05T22:00:00Z'),
    });
  });

  it('has a 23-hour day when summer time starts (29 March 2026) and UTC+3 after', () => {
    const d = zonedDay(new Date('2026-03-29T12:00:00Z'), 'Europe/Chisinau');
    expect(d.day).toBe('2026-03-29');
    expect(d.start).toEqual(new Date('2026-03-28T22:00:00Z'));
    expect(d.end).toEqual(new Date('2026-03-29T21:00:00Z'));
    expect(d.hour).toBe(15);
  });

  it('works west of UTC', () => {
    expect(zonedDay(new Date('2026-07-01T02:00:00Z'), 'America/Bogota')).toMatchObject({ day: '2026-06-30', hour: 21 });
  });

  it('knows valid zone names', () => {
    expect(isValidTimeZone('Europe/Chisinau')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
