import { validatePack } from '@app/sop';
import { miniFiles } from './testing';

type Files = Record<string, any>;

async function issuesOf(mutate: (f: Files) => void) {
  return validatePack(await miniFiles(mutate)).issues.map((i) => `${i.severity} ${i.code} ${i.file} ${i.path}: ${i.message}`);
}
const due = (f: Files, after: unknown) => {
  f['deadlines.json'].deadlines[0].due[1].after = after;
};
const officeHours = (f: Files, hours: unknown) => {
  f['pack.json'].calendar.officeHours = hours;
};
const MON_FRI = { 'mon-fri': ['08:00-12:00', '13:00-17:00'] };

describe('validatePack: durations the engine would ignore or could not compute', () => {
  it('accepts working hours with office hours, and zero offsets (a date answer, an escalation at once)', async () => {
    expect(
      await issuesOf((f) => {
        officeHours(f, MON_FRI);
        due(f, { workingHours: 16 });
      }),
    ).toEqual([]);
    expect(
      await issuesOf((f) => {
        f['deadlines.json'].deadlines[0].escalation[0].afterOverdue = { hours: 0 };
      }),
    ).toEqual([]);
  });

  it.each([
    [
      'workingDays without days',
      { hours: 48, workingDays: true },
      'error duration_ignored deadlines.json $.deadlines[0].due[1].after.workingDays: workingDays only applies to days',
    ],
    ['no amount at all', { workingDays: false }, 'error duration_without_amount deadlines.json $.deadlines[0].due[1].after: has no amount'],
    [
      'half a working day',
      { days: 1.5, workingDays: true },
      'error working_days_fraction deadlines.json $.deadlines[0].due[1].after.days: working days are counted whole: 1.5',
    ],
    [
      'working hours with days',
      { workingHours: 4, days: 1 },
      'error duration_mixed_units deadlines.json $.deadlines[0].due[1].after: workingHours is written alone',
    ],
    [
      'working hours with workingDays',
      { workingHours: 4, workingDays: true },
      'error duration_mixed_units deadlines.json $.deadlines[0].due[1].after: workingHours is written alone',
    ],
  ])('%s', async (_label, after, expected) => {
    const issues = await issuesOf((f) => {
      officeHours(f, MON_FRI);
      due(f, after);
    });
    expect(issues.filter((i) => i.startsWith('error'))).toEqual([expect.stringContaining(expected)]);
  });

  it('months count on their own or with workingDays, never with working hours', async () => {
    expect(await issuesOf((f) => due(f, { months: 3, workingDays: true }))).toEqual([]);
    expect(await issuesOf((f) => due(f, { months: 3, days: 2 }))).toEqual([]);
    const mixed = await issuesOf((f) => {
      officeHours(f, MON_FRI);
      due(f, { months: 1, workingHours: 4 });
    });
    expect(mixed.filter((i) => i.startsWith('error'))).toEqual([
      expect.stringContaining('error duration_mixed_units deadlines.json $.deadlines[0].due[1].after'),
    ]);
  });

  it('working hours need office hours', async () => {
    expect(await issuesOf((f) => due(f, { workingHours: 8 }))).toEqual([
      expect.stringContaining(
        'error office_hours_missing deadlines.json $.deadlines[0].due[1].after.workingHours: working hours are counted inside office hours',
      ),
    ]);
  });

  it.each([
    [
      'weeks',
      { weeks: 2 },
      'unknown property "weeks" (check the spelling; this property is not part of the format; allowed here: months, hours, days, workingDays, workingHours)',
    ],
    ['part of a month', { months: 1.5 }, '$.deadlines[0].due[1].after.months: must be a whole number'],
    ['zero working hours', { workingHours: 0 }, '$.deadlines[0].due[1].after.workingHours: must be > 0'],
    ['beyond ten years', { days: 40000, workingDays: true }, '$.deadlines[0].due[1].after.days: must be <= 3660'],
  ])('the schema refuses %s', async (_label, after, expected) => {
    expect(await issuesOf((f) => due(f, after))).toEqual([expect.stringContaining(expected)]);
  });

  it('checks referral answer times (services.json) the same way', async () => {
    const issues = await issuesOf((f) => {
      f['services.json'] = {
        serviceTypes: [{ id: 'health', label: { en: 'Health', fr: 'Santé' }, referral: { respondWithin: { hours: 24, workingDays: true } } }],
        providers: [],
      };
    });
    expect(issues).toEqual([expect.stringContaining('error duration_ignored services.json $.serviceTypes[0].referral.respondWithin.workingDays')]);
  });

  it('a reminder as long as the time to the deadline would go out the moment it is set', async () => {
    // The only due entry is 48 h: a reminder 2 days before is at the start.
    const always = await issuesOf((f) => {
      f['deadlines.json'].deadlines[0].due = [{ after: { hours: 48 } }];
      f['deadlines.json'].deadlines[0].reminders[0].before = { days: 3 };
    });
    expect(always).toEqual([
      expect.stringContaining(
        'error reminder_before_start deadlines.json $.deadlines[0].reminders[0].before: is as long as or longer than the time to the deadline (due[0])',
      ),
    ]);
    // Only the high-risk entry (48 h) is shorter than 3 days; 10 working days are not: a warning.
    const some = await issuesOf((f) => {
      f['deadlines.json'].deadlines[0].reminders[0].before = { days: 3 };
    });
    expect(some).toEqual([
      expect.stringContaining(
        'warning reminder_before_start deadlines.json $.deadlines[0].reminders[0].before: is as long as or longer than the time to the deadline (due[0])',
      ),
    ]);
    // A date answer may lie ahead: a reminder before it is normal.
    expect(
      await issuesOf((f) => {
        f['deadlines.json'].deadlines[1].reminders[0].before = { days: 30 };
      }),
    ).toEqual([]);
  });
});

describe('validatePack: the calendar', () => {
  it('refuses holidays that are no date and a week without working days', async () => {
    expect(
      await issuesOf((f) => {
        f['pack.json'].calendar = { weekend: [0, 1, 2, 3, 4, 5, 6], holidays: ['2026-02-30'] };
      }),
    ).toEqual([
      expect.stringContaining('error no_working_day pack.json $.calendar.weekend: every day of the week is a weekend day'),
      expect.stringContaining('error invalid_date pack.json $.calendar.holidays[0]: "2026-02-30" is not a date of the calendar'),
    ]);
  });

  it('office hours: malformed keys and periods are schema errors', async () => {
    expect(await issuesOf((f) => officeHours(f, { weekdays: ['08:00-17:00'], mon: ['8:00-17:00'] }))).toEqual([
      expect.stringContaining(
        'error schema pack.json $.calendar.officeHours: has an invalid key "weekdays" (keys must be a weekday (mon, tue, wed, thu, fri, sat, sun) or a range such as mon-fri)',
      ),
      expect.stringContaining('error schema pack.json $.calendar.officeHours.mon[0]: must be a period HH:MM-HH:MM such as 08:00-12:00'),
    ]);
  });

  it('office hours the engine could not use are errors naming the key', async () => {
    expect(await issuesOf((f) => officeHours(f, { 'fri-mon': ['08:00-17:00'], 'mon-fri': ['08:00-12:00', '11:00-17:00'], tue: ['17:00-09:00'] }))).toEqual([
      expect.stringContaining('error office_hours pack.json $.calendar.officeHours[\'fri-mon\']: "fri-mon" is not a weekday or a range of weekdays'),
      expect.stringContaining("error office_hours pack.json $.calendar.officeHours['mon-fri']: periods overlap: 08:00-12:00, 11:00-17:00"),
      expect.stringContaining('error office_hours pack.json $.calendar.officeHours.tue[0]: "17:00-09:00" ends before it starts'),
      expect.stringContaining('error office_hours pack.json $.calendar.officeHours.tue: tue already has office hours under "mon-fri"'),
    ]);
  });

  it('office hours on a weekend day would never count; a working day without any is a warning', async () => {
    expect(await issuesOf((f) => officeHours(f, { 'mon-thu': ['08:00-17:00'], sat: ['09:00-13:00'] }))).toEqual([
      expect.stringContaining('warning working_day_without_office_hours pack.json $.calendar.officeHours: fri is a working day but has no office hours'),
      expect.stringContaining('error office_hours_on_weekend pack.json $.calendar.officeHours.sat: sat is a weekend day'),
    ]);
    expect(await issuesOf((f) => officeHours(f, { sat: ['09:00-13:00'], sun: [] }))).toEqual(
      expect.arrayContaining([expect.stringContaining('error no_office_hours pack.json $.calendar.officeHours: no working day has office hours')]),
    );
  });
});
