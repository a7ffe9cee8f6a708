import { addDuration, subtractDuration, isWorkingDay, workCalendar } from '@app/workflow';

const cal = { weekend: [0, 6], holidays: ['2024-03-12'] };
const iso = (d: Date) => d.toISOString();

describe('addDuration', () => {
  it('adds hours and calendar days', () => {
    expect(iso(addDuration(new Date('2024-03-08T10:00:00Z'), { hours: 48 }))).toBe('2024-03-10T10:00:00.000Z');
    expect(iso(addDuration(new Date('2024-03-08T10:00:00Z'), { days: 2, hours: 3 }))).toBe('2024-03-10T13:00:00.000Z');
  });

  it('working days skip the weekend and holidays', () => {
    // Friday + 3 working days: Mon 11, (Tue 12 holiday), Wed 13, Thu 14.
    expect(iso(addDuration(new Date('2024-03-08T10:00:00Z'), { days: 3, workingDays: true }, cal))).toBe('2024-03-14T10:00:00.000Z');
    // Saturday + 1 working day is Monday.
    expect(iso(addDuration(new Date('2024-03-09T08:00:00Z'), { days: 1, workingDays: true }, cal))).toBe('2024-03-11T08:00:00.000Z');
    // Without a calendar only Saturday/Sunday are skipped.
    expect(iso(addDuration(new Date('2024-03-08T10:00:00Z'), { days: 3, workingDays: true }))).toBe('2024-03-13T10:00:00.000Z');
  });

  it('working-day durations also work backwards (reminders)', () => {
    expect(iso(subtractDuration(new Date('2024-03-13T10:00:00Z'), { days: 2, workingDays: true }, cal))).toBe('2024-03-08T10:00:00.000Z');
    expect(iso(subtractDuration(new Date('2024-03-13T10:00:00Z'), { hours: 24 }))).toBe('2024-03-12T10:00:00.000Z');
  });

  it('months move by calendar date in the pack zone, keep the local time, and end on the last day of a shorter month', () => {
    expect(iso(addDuration(new Date('2024-01-31T10:00:00Z'), { months: 1 }))).toBe('2024-02-29T10:00:00.000Z');
    expect(iso(addDuration(new Date('2023-11-30T10:00:00Z'), { months: 3 }))).toBe('2024-02-29T10:00:00.000Z');
    const chisinau = workCalendar({ timezone: 'Europe/Chisinau', calendar: { weekend: [0, 6], holidays: [] } });
    // 08:00 in Chișinău in winter (UTC+2) and three months later in summer time (UTC+3).
    expect(iso(addDuration(new Date('2024-01-15T06:00:00Z'), { months: 3 }, chisinau))).toBe('2024-04-15T05:00:00.000Z');
    // 00:30 local on 1 March is still 29 February in UTC: the local date counts.
    expect(iso(addDuration(new Date('2024-02-29T22:30:00Z'), { months: 1 }, chisinau))).toBe('2024-03-31T21:30:00.000Z');
  });

  it('months with workingDays: a due day off moves to the next working day (the previous one backwards)', () => {
    // Friday 8 March + 3 months = Saturday 8 June → Monday 10 June.
    expect(iso(addDuration(new Date('2024-03-08T10:00:00Z'), { months: 3, workingDays: true }, cal))).toBe('2024-06-10T10:00:00.000Z');
    expect(iso(addDuration(new Date('2024-03-08T10:00:00Z'), { months: 3 }, cal))).toBe('2024-06-08T10:00:00.000Z');
    // 12 February + 1 month = 12 March, a holiday → 13 March.
    expect(iso(addDuration(new Date('2024-02-12T10:00:00Z'), { months: 1, workingDays: true }, cal))).toBe('2024-03-13T10:00:00.000Z');
    expect(iso(subtractDuration(new Date('2024-04-12T10:00:00Z'), { months: 1, workingDays: true }, cal))).toBe('2024-03-11T10:00:00.000Z');
  });

  it('isWorkingDay uses the UTC date', () => {
    expect(isWorkingDay(new Date('2024-03-12T23:30:00Z'), cal)).toBe(false);
    expect(isWorkingDay(new Date('2024-03-13T00:30:00Z'), cal)).toBe(true);
  });
});
