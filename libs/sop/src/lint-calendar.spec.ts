import { lintPack, validatePack } from '@app/sop';
import { lintCalendar } from './lint-calendar';
import { miniFiles } from './testing';

type Files = Record<string, any>;

async function packOf(mutate?: (f: Files) => void) {
  const { pack, issues } = validatePack(await miniFiles(mutate));
  expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  return pack!;
}
const holidays =
  (...years: number[]) =>
  (f: Files) => {
    f['pack.json'].calendar.holidays = years.flatMap((y) => [`${y}-01-01`, `${y}-05-01`]);
  };
const day = (iso: string) => new Date(iso);

describe('lintCalendar: the holiday list must cover the deadlines it is used for', () => {
  // The mini pack's assessment deadline is 10 working days (two weeks and a few days at most).
  it('is quiet while the listed years cover deadlines set in the coming month', async () => {
    const pack = await packOf(holidays(2026, 2027));
    expect(lintCalendar(pack, day('2026-03-01T12:00:00Z'))).toEqual([]);
    expect(lintCalendar(pack, day('2027-10-01T12:00:00Z'))).toEqual([]);
  });

  it('warns, with the file and path, when a deadline set in the coming month can fall due after the last listed year', async () => {
    const pack = await packOf(holidays(2026, 2027));
    expect(lintCalendar(pack, day('2027-12-01T12:00:00Z'))).toEqual([
      {
        file: 'pack.json',
        path: '$.calendar.holidays',
        code: 'holidays_run_out',
        severity: 'warning',
        message:
          'no public holidays are listed for 2028, but deadlines set in the coming month can run to 2028-01-23 (deadlines.json $.deadlines[0].due[1].after counts working time): add those holidays, or working-day deadlines will count them as working days',
        params: { years: '2028', until: '2028-01-23' },
      },
    ]);
  });

  it('warns when the list has no entry for the current year (stale) or skips one', async () => {
    expect((await lintCalendar(await packOf(holidays(2025)), day('2026-03-01T12:00:00Z')))[0].message).toMatch(/^no public holidays are listed for 2026,/);
    expect(lintCalendar(await packOf(holidays(2026, 2028)), day('2026-12-20T12:00:00Z'))[0].message).toMatch(/^no public holidays are listed for 2027,/);
  });

  it('counts from the day in the pack time zone, and adds the longest escalation to the longest offset', async () => {
    const pack = await packOf((f) => {
      holidays(2026)(f);
      f['pack.json'].timezone = 'Europe/Chisinau';
      // 2 days, then an escalation 1 working day later: at most 2 + 9 days, plus the month's notice.
      f['deadlines.json'].deadlines[0].due = [{ after: { hours: 48 } }];
      f['deadlines.json'].deadlines[0].escalation = [{ afterOverdue: { days: 1, workingDays: true }, notify: ['supervisor'] }];
    });
    expect(lintCalendar(pack, day('2026-11-19T12:00:00Z'))).toEqual([]); // 19 Nov + 42 days = 31 Dec
    // 22:30 UTC on 19 November is already the 20th in Chișinău: 1 January 2027 is in reach.
    expect(lintCalendar(pack, day('2026-11-19T22:30:00Z'))[0]?.message).toContain(
      'listed for 2027, but deadlines set in the coming month can run to 2027-01-01 (deadlines.json $.deadlines[0].escalation[0].afterOverdue counts',
    );
  });

  it('counts working hours by the office hours of a week', async () => {
    const pack = await packOf((f) => {
      holidays(2026)(f);
      f['pack.json'].calendar.officeHours = { 'mon-fri': ['09:00-13:00'] }; // 20 h a week
      f['deadlines.json'].deadlines[0].due = [{ after: { workingHours: 200 } }]; // ten weeks
    });
    expect(lintCalendar(pack, day('2026-09-01T12:00:00Z'))).toEqual([]);
    expect(lintCalendar(pack, day('2026-10-01T12:00:00Z'))[0].message).toMatch(/listed for 2027, but deadlines set in the coming month can run to 2027-01-18/);
  });

  it('says nothing when no duration counts working time, and warns when working time is used without any holiday', async () => {
    const calendarOnly = (f: Files) => {
      f['deadlines.json'].deadlines[0].due[1].after = { days: 10 };
      f['pack.json'].calendar.holidays = [];
    };
    expect(lintCalendar(await packOf(calendarOnly), day('2026-03-01T12:00:00Z'))).toEqual([]);
    expect(lintCalendar(await packOf(holidays()), day('2026-03-01T12:00:00Z'))).toEqual([
      expect.objectContaining({
        path: '$.calendar.holidays',
        code: 'holidays_run_out',
        message: expect.stringContaining('no public holidays are listed, so working-day deadlines (e.g. deadlines.json $.deadlines[0].due[1].after)'),
      }),
    ]);
  });

  it('runs as part of lintPack', async () => {
    expect(lintPack(await packOf(holidays(2020)))).toContainEqual(expect.objectContaining({ code: 'holidays_run_out', path: '$.calendar.holidays' }));
  });
});
