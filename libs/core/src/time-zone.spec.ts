import { fromWallTime, isValidTimeZone, wallTime, zonedDay } from './time-zone';

describe('zonedDay', () => {
  it('is the UTC day by default', () => {
    expect(zonedDay(new Date('2026-03-04T23:30:00Z'))).toEqual({
      day: '2026-03-04',
      hour: 23,
      start: new Date('2026-03-04T00:00:00Z'),
      end: new Date('2026-03-05T00:00:00Z'),
    });
  });

  it('follows Chișinău (UTC+2 in winter): 23:30 UTC is already the next day there', () => {
    expect(zonedDay(new Date('2026-03-04T23:30:00Z'), 'Europe/Chisinau')).toEqual({
      day: '2026-03-05',
      hour: 1,
      start: new Date('2026-03-04T22:00:00Z'),
      end: new Date('2026-03-05T22:00:00Z'),
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

describe('wallTime / fromWallTime', () => {
  const day = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000;
  const h = (n: number) => n * 3_600_000;

  it('reads the local date and time of day (23:30 UTC is 01:30 the next day in Chișinău)', () => {
    expect(wallTime(new Date('2026-03-04T23:30:00Z'), 'Europe/Chisinau')).toEqual({ dayNumber: day('2026-03-05'), msOfDay: h(1.5) });
    expect(wallTime(new Date('2026-03-04T23:30:00Z'))).toEqual({ dayNumber: day('2026-03-04'), msOfDay: h(23.5) });
  });

  it('turns a local wall time back into the instant, in winter and summer time', () => {
    expect(fromWallTime(day('2026-03-05'), h(1.5), 'Europe/Chisinau')).toEqual(new Date('2026-03-04T23:30:00Z'));
    expect(fromWallTime(day('2026-07-01'), h(9), 'Europe/Chisinau')).toEqual(new Date('2026-07-01T06:00:00Z'));
    expect(fromWallTime(day('2026-07-01'), h(9), 'America/Bogota')).toEqual(new Date('2026-07-01T14:00:00Z'));
  });

  it('moves a skipped wall time forward by the gap and takes the first of a repeated one', () => {
    expect(fromWallTime(day('2026-03-29'), h(2.5), 'Europe/Chisinau')).toEqual(new Date('2026-03-29T00:30:00Z')); // 03:30 EEST
    expect(fromWallTime(day('2026-10-25'), h(2.5), 'Europe/Chisinau')).toEqual(new Date('2026-10-24T23:30:00Z')); // 02:30 EEST
    expect(fromWallTime(day('2026-10-25'), h(3.5), 'Europe/Chisinau')).toEqual(new Date('2026-10-25T01:30:00Z')); // 03:30 EET
  });
});
