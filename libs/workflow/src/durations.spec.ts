import { addDuration, subtractDuration, isWorkingDay } from '@app/workflow';

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

  it('isWorkingDay uses the UTC date', () => {
    expect(isWorkingDay(new Date('2024-03-12T23:30:00Z'), cal)).toBe(false);
    expect(isWorkingDay(new Date('2024-03-13T00:30:00Z'), cal)).toBe(true);
  });
});
