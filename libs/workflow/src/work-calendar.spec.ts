import type { Duration } from '@app/pack-types';
import { addDuration, isWorkingDay, parseOfficeHours, subtractDuration, workCalendar, type WorkCalendar } from '@app/workflow';

// Chișinău: UTC+2 in winter, UTC+3 from 29 March 2026 (02:00 → 03:00) to 25 October 2026 (03:00 → 02:00).
const TZ = 'Europe/Chisinau';
const officeHours = { 'mon-thu': ['08:00-12:00', '13:00-17:00'], fri: ['08:00-12:00', '13:00-16:00'] };
const md: WorkCalendar = { weekend: [0, 6], holidays: ['2026-05-01', '2026-03-10'], officeHours, timeZone: TZ };
const add = (iso: string, d: Duration, cal: WorkCalendar = md) => addDuration(new Date(iso), d, cal).toISOString();
const sub = (iso: string, d: Duration, cal: WorkCalendar = md) => subtractDuration(new Date(iso), d, cal).toISOString();

describe('working days are local dates of the pack time zone', () => {
  it('a moment just after local midnight is already the next local day', () => {
    // Saturday 00:30 in Chișinău is still Friday 22:30 in UTC.
    expect(isWorkingDay(new Date('2026-03-06T22:30:00Z'), md)).toBe(false);
    expect(isWorkingDay(new Date('2026-03-06T21:30:00Z'), md)).toBe(true); // Friday 23:30 local
    // 1 May (holiday) starts at 21:00 UTC on 30 April in summer time.
    expect(isWorkingDay(new Date('2026-04-30T22:30:00Z'), md)).toBe(false);
    expect(isWorkingDay(new Date('2026-05-01T21:30:00Z'), md)).toBe(false); // Saturday 00:30 local
  });

  it('Saturday 00:30 local + 1 working day is Monday 00:30 local; Friday 23:30 + 1 is Monday 23:30', () => {
    expect(add('2026-03-06T22:30:00Z', { days: 1, workingDays: true })).toBe('2026-03-08T22:30:00.000Z');
    expect(add('2026-03-06T21:30:00Z', { days: 1, workingDays: true })).toBe('2026-03-09T21:30:00.000Z');
    // + 2 skips Tuesday 10 March, a holiday of this calendar.
    expect(add('2026-03-06T21:30:00Z', { days: 2, workingDays: true })).toBe('2026-03-11T21:30:00.000Z');
  });

  it('keeps the local time of day across the start of summer time', () => {
    // Without a change: Tue 15:10 + 2 working days = Thu 15:10.
    expect(add('2026-03-17T13:10:00Z', { days: 2, workingDays: true })).toBe('2026-03-19T13:10:00.000Z');
    // Friday 27 March 15:10 EET + 1 working day = Monday 30 March 15:10 EEST (an hour less elapsed).
    expect(add('2026-03-27T13:10:00Z', { days: 1, workingDays: true })).toBe('2026-03-30T12:10:00.000Z');
    // Calendar days too: Saturday 10:00 EET + 2 days = Monday 10:00 EEST.
    expect(add('2026-03-28T08:00:00Z', { days: 2 })).toBe('2026-03-30T07:00:00.000Z');
    // Hours stay elapsed time: 48 h later is 11:00 local.
    expect(add('2026-03-28T08:00:00Z', { hours: 48 })).toBe('2026-03-30T08:00:00.000Z');
  });

  it('keeps the local time of day across the end of summer time', () => {
    expect(add('2026-10-24T07:00:00Z', { days: 1 })).toBe('2026-10-25T08:00:00.000Z');
    expect(add('2026-10-23T12:00:00Z', { days: 1, workingDays: true })).toBe('2026-10-26T13:00:00.000Z');
  });

  it('a local time the change skips moves forward by the gap; one that happens twice is the first', () => {
    // Monday 30 March 02:30 EEST − 1 day: Sunday 02:30 does not exist, 03:30 EEST.
    expect(sub('2026-03-29T23:30:00Z', { days: 1 })).toBe('2026-03-29T00:30:00.000Z');
    // Monday 26 October 02:30 EET − 1 day: Sunday 02:30 happens twice, the first (still EEST).
    expect(sub('2026-10-26T00:30:00Z', { days: 1 })).toBe('2026-10-24T23:30:00.000Z');
  });

  it('counts backwards (reminders) by local dates too', () => {
    // Due Monday 00:30 local − 1 working day = Friday 00:30 local.
    expect(sub('2026-03-08T22:30:00Z', { days: 1, workingDays: true })).toBe('2026-03-05T22:30:00.000Z');
    // Due Monday 30 March 09:00 EEST − 1 day = Sunday 09:00 EEST; − 2 days = Saturday 09:00 EET.
    expect(sub('2026-03-30T06:00:00Z', { days: 1 })).toBe('2026-03-29T06:00:00.000Z');
    expect(sub('2026-03-30T06:00:00Z', { days: 2 })).toBe('2026-03-28T07:00:00.000Z');
  });

  it('workCalendar takes the calendar and zone of pack.json (UTC and Saturday/Sunday without them)', () => {
    expect(workCalendar({ timezone: TZ, calendar: md })).toMatchObject({ timeZone: TZ, holidays: md.holidays });
    expect(workCalendar({})).toEqual({ weekend: [0, 6], holidays: [], timeZone: 'UTC' });
  });
});

describe('working hours count only office hours of working days', () => {
  // Week of Monday 16 March 2026 (EET, UTC+2).
  it.each([
    ['within the morning', '2026-03-16T07:00:00Z', 2, '2026-03-16T09:00:00.000Z'], // 09:00 → 11:00
    ['over the lunch break', '2026-03-16T09:00:00Z', 2, '2026-03-16T12:00:00.000Z'], // 11:00 → 14:00
    ['from before opening', '2026-03-16T04:00:00Z', 2, '2026-03-16T08:00:00.000Z'], // 06:00 → 10:00
    ['from the lunch break', '2026-03-16T10:30:00Z', 1, '2026-03-16T12:00:00.000Z'], // 12:30 → 14:00
    ['a full day', '2026-03-16T07:00:00Z', 8, '2026-03-17T07:00:00.000Z'], // Mon 09:00 → Tue 09:00
    ['ending exactly at closing', '2026-03-16T06:00:00Z', 8, '2026-03-16T15:00:00.000Z'], // 08:00 → 17:00, not Tue 08:00
    ['ending exactly at lunch', '2026-03-16T06:00:00Z', 4, '2026-03-16T10:00:00.000Z'], // 08:00 → 12:00
    ['fractions', '2026-03-16T09:00:00Z', 1.5, '2026-03-16T11:30:00.000Z'], // 11:00 → 13:30
    ['from the evening', '2026-03-16T17:00:00Z', 1, '2026-03-17T07:00:00.000Z'], // Mon 19:00 → Tue 09:00
    ['from after local midnight', '2026-03-16T22:30:00Z', 1, '2026-03-17T07:00:00.000Z'], // Tue 00:30 → Tue 09:00
    ['over the weekend, Friday closing at 16:00', '2026-03-20T13:00:00Z', 4, '2026-03-23T09:00:00.000Z'], // Fri 15:00 → Mon 11:00
    ['over a holiday', '2026-03-09T13:00:00Z', 4, '2026-03-11T08:00:00.000Z'], // Mon 9 Mar 15:00 → (Tue 10 holiday) Wed 10:00
  ])('%s', (_label, from, hours, due) => {
    expect(add(from, { workingHours: hours })).toBe(due);
  });

  it('over the weekend summer time starts: Friday 15:00 EET + 2 h = Monday 09:00 EEST', () => {
    expect(add('2026-03-27T13:00:00Z', { workingHours: 2 })).toBe('2026-03-30T06:00:00.000Z');
  });

  it('over a holiday in summer time: Thursday 30 April 16:00 + 2 h = Monday 4 May 09:00', () => {
    expect(add('2026-04-30T13:00:00Z', { workingHours: 2 })).toBe('2026-05-04T06:00:00.000Z');
  });

  it('backwards (a reminder before the due time) mirrors it', () => {
    expect(sub('2026-03-23T09:00:00Z', { workingHours: 4 })).toBe('2026-03-20T13:00:00.000Z'); // Mon 11:00 → Fri 15:00
    expect(sub('2026-03-17T06:00:00Z', { workingHours: 1 })).toBe('2026-03-16T14:00:00.000Z'); // Tue 08:00 → Mon 16:00
    expect(sub('2026-03-16T11:30:00Z', { workingHours: 1 })).toBe('2026-03-16T09:30:00.000Z'); // 13:30 → 11:30 (lunch skipped)
    expect(sub('2026-03-16T10:00:00Z', { workingHours: 4 })).toBe('2026-03-16T06:00:00.000Z'); // 12:00 → 08:00, not Friday
  });

  it('needs office hours', () => {
    expect(() => add('2026-03-16T07:00:00Z', { workingHours: 1 }, { ...md, officeHours: undefined })).toThrow(/office hours/);
    expect(() => add('2026-03-16T07:00:00Z', { workingHours: 1 }, { ...md, officeHours: { sat: ['08:00-12:00'] } })).toThrow(/no office hours/);
  });
});

describe('parseOfficeHours', () => {
  it('reads ranges, single days and periods up to 24:00', () => {
    const { byWeekday, problems } = parseOfficeHours({ 'mon-wed': ['13:00-17:00', '08:00-12:00'], sun: ['20:00-24:00'] });
    expect(problems).toEqual([]);
    expect(byWeekday[1]).toEqual([
      { start: 8 * 3_600_000, end: 12 * 3_600_000 },
      { start: 13 * 3_600_000, end: 17 * 3_600_000 },
    ]);
    expect(byWeekday[3]).toEqual(byWeekday[1]);
    expect(byWeekday[4]).toEqual([]);
    expect(byWeekday[0]).toEqual([{ start: 20 * 3_600_000, end: 24 * 3_600_000 }]);
  });

  it.each([
    [{ weekdays: ['08:00-17:00'] }, 'weekdays', undefined, /not a weekday/],
    [{ 'fri-mon': ['08:00-17:00'] }, 'fri-mon', undefined, /Monday to Sunday/],
    [{ mon: ['8:00-17:00'] }, 'mon', 0, /HH:MM-HH:MM/],
    [{ mon: ['17:00-08:00'] }, 'mon', 0, /ends before it starts/],
    [{ mon: ['08:00-12:00', '11:00-17:00'] }, 'mon', undefined, /overlap/],
    [{ 'mon-fri': ['08:00-17:00'], fri: ['08:00-12:00'] }, 'fri', undefined, /fri already has office hours under "mon-fri"/],
  ])('refuses %j', (def, key, index, message) => {
    const { problems } = parseOfficeHours(def as Record<string, string[]>);
    expect(problems).toHaveLength(1);
    expect([problems[0].key, problems[0].index]).toEqual([key, index]);
    expect(problems[0].message).toMatch(message);
  });
});
