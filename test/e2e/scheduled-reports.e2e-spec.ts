import { DataSource } from 'typeorm';
import { SchedulerService } from '@app/scheduler';
import { SopRegistry } from '@app/sop-registry';
import { startTestApp, TestApp } from '../support/app';
import { ReportSeed } from '../support/report-seed';

/**
 * reporting.json schedules: the monthly district report and the quarterly national report go out
 * after 07:00 Chișinău on the first day after the period, once per person, each in its own scope.
 */
describe('Scheduled reports (Moldova)', () => {
  let t: TestApp;
  let scheduler: SchedulerService;
  const inbox = async (who: string) => (await t.http.get('/api/me/notifications').set('authorization', await t.login(who))).body;
  const reports = (list: any) => (list.items ?? list).filter((m: any) => m.kind === 'scheduled_report');

  beforeAll(async () => {
    // 1 July 2026, 06:30 in Chișinău (UTC+3): June has ended, the reports' hour (07:00) has not come.
    t = await startTestApp('scheduled_reports', { start: new Date('2026-07-01T03:30:00Z') });
    scheduler = t.app.get(SchedulerService);
    const sop = await t.app.get(SopRegistry).current();
    const seed = new ReportSeed(t.app.get(DataSource), sop.pack, sop.versionId);
    const ch = { agency: 'social_ch', team: 'ch_social_team', location: 'CH01', assignedTo: 'caseworker' };
    await seed.cases(6, {
      ...ch,
      sex: 'female',
      dateOfBirth: '2018-01-01',
      risk: 'high',
      registeredAt: '2026-06-10T09:00:00Z',
      displayName: 'Cristina Secretname',
    });
    await seed.cases(2, { ...ch, sex: 'male', dateOfBirth: '2012-01-01', risk: 'low', registeredAt: '2026-06-11T09:00:00Z', displayName: 'Ion Secretname' });
    await seed.cases(3, { ...ch, sex: 'male', dateOfBirth: '2012-01-01', registeredAt: '2026-05-11T09:00:00Z' }); // May: outside June
    await seed.cases(7, {
      agency: 'social_st',
      team: 'st_social_team',
      location: 'ST01',
      assignedTo: 'caseworker2',
      sex: 'female',
      dateOfBirth: '2016-01-01',
      registeredAt: '2026-06-12T09:00:00Z',
    });
  });

  afterAll(() => t?.close());

  it('sends nothing before the period has ended and the hour has come', async () => {
    const early = await scheduler.tick();
    expect(early.reports).toEqual({ sent: 0, taken: 0, skipped: 0, failed: 0 });
    expect(reports(await inbox('district'))).toEqual([]);
  });

  it('sends the June district report to the district authority and the second quarter to the national analyst, each in its own scope', async () => {
    t.clock.set(new Date('2026-07-01T04:05:00Z')); // 07:05
    const res = await scheduler.tick();
    expect(res.errors).toEqual([]);
    expect(res.reports).toMatchObject({ sent: 2, failed: 0 });

    // The district authority reads Romanian (its locale), labels from the pack.
    const [district] = reports(await inbox('district'));
    expect(district.title).toBe('Raport lunar al raionului: 2026-06-01 – 2026-06-30');
    // Chișinău only, June only: 8 registered (6 female 5-9, 2 male 10-14). Messages leave the system, so
    // small cells are hidden even from the district authority, who could read the names in the app.
    expect(district.body).toContain('Cazuri de protecție a copilului înregistrate: 8');
    expect(district.body).toMatch(/- Masculin \/ 10–14: \*\n/);
    expect(district.body).not.toMatch(/: 2\n/);
    expect(district.body).not.toMatch(/Feminin \/ 18\+/); // empty categories are left out
    expect(district.body).not.toMatch(/Secretname|Cristina/);

    const [national] = reports(await inbox('analyst'));
    expect(national.title).toBe('Quarterly national report: 2026-04-01 – 2026-06-30');
    // The country, April to June: Chișinău 11, Strășeni 7; the analyst reads no names, so small cells are hidden.
    expect(national.body).toMatch(/Chișinău: 11/);
    expect(national.body).toMatch(/Strășeni: 7/);
    // Moldova's own template (sops/moldova/templates/scheduled_report) keeps its wording; the default speaks of people.
    expect(national.body).toMatch(/\* hidden to protect children's identities/);
    expect(national.body).not.toMatch(/Secretname|Cristina/);
    expect(reports(await inbox('caseworker'))).toEqual([]);
  });

  it('sends each report once per person and period, and audits it', async () => {
    t.clock.set(new Date('2026-07-01T06:00:00Z'));
    const again = await scheduler.tick();
    expect(again.reports).toEqual({ sent: 0, taken: 0, skipped: 0, failed: 0 }); // nobody left to send to
    expect(reports(await inbox('district'))).toHaveLength(1);
    const audit = await t.app.get(DataSource).query(`SELECT details FROM audit_log WHERE action = 'report.scheduled_sent'`);
    expect(audit.map((a: any) => `${a.details.schedule}:${a.details.period}`).sort()).toEqual(['monthly_district:2026-06', 'quarterly_national:2026-Q2']);
  });
});
