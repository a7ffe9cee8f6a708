import { SchedulerService } from '@app/scheduler';
import { startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/**
 * Deadlines of the Moldova pack (Europe/Chisinau) land at the right local time through the API:
 * "initial assessment within 3 working days" counts Chișinău dates (not UTC ones) and keeps the
 * local time of registration across the start of summer time; its reminder (1 day before) follows.
 */
describe('Deadlines in the pack time zone', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  let scheduler: SchedulerService;
  const child = (first: string) => ({
    first_name: first,
    last_name: 'Ceban',
    sex: 'male',
    date_of_birth: '2017-06-01',
    consent_status: 'not_required_emergency',
    assent_status: 'given',
  });

  // Friday 6 March 2026, 22:30 UTC: already Saturday 00:30 in Chișinău (UTC+2).
  const saturdayJustAfterMidnight = new Date('2026-03-06T22:30:00Z');

  beforeAll(async () => {
    t = await startTestApp('deadline_time_zone', { start: saturdayJustAfterMidnight });
    api = casesClient(t);
    scheduler = t.app.get(SchedulerService);
  });
  afterAll(async () => {
    await t?.close();
  });

  const registerAndDue = async (first: string) => {
    const reg = await api.register('caseworker', 'child_protection', child(first));
    expect(reg.status).toBe(201);
    const deadlines = await api.deadlines('caseworker', reg.body.id);
    expect(deadlines.status).toBe(200);
    return { id: reg.body.id as string, dueAt: deadlines.body.find((d: any) => d.deadline === 'initial_assessment_due')?.dueAt };
  };

  it('a case registered Saturday 00:30 local is due Wednesday 00:30 local (Mon, Tue, Wed), not Wednesday 22:30 UTC', async () => {
    const { dueAt } = await registerAndDue('Ion');
    expect(dueAt).toBe('2026-03-10T22:30:00.000Z');
  });

  it('its reminder shows the due date and time in Chișinău, not the UTC day before', async () => {
    const { id } = await registerAndDue('Vasile');
    t.clock.set(new Date('2026-03-09T22:30:00Z'));
    const tick = await scheduler.tick();
    expect(tick.errors).toEqual([]);
    const res = await t.http.get('/api/me/notifications').set(await api.as('caseworker'));
    expect(res.status).toBe(200);
    const titles = (res.body as any[]).filter((m) => m.caseId === id && m.kind === 'deadline_reminder').map((m) => m.title as string);
    expect(titles.some((title) => title.endsWith('is due 11 March 2026, 00:30 (Europe/Chisinau)'))).toBe(true);
    expect(titles.join('\n')).not.toContain('UTC');
  });

  describe('across the start of summer time (29 March)', () => {
    let caseId: string;
    it('Friday 27 March 15:10 (UTC+2) + 3 working days is Wednesday 1 April 15:10 (UTC+3)', async () => {
      t.clock.set(new Date('2026-03-27T13:10:00Z'));
      const { id, dueAt } = await registerAndDue('Petru');
      caseId = id;
      expect(dueAt).toBe('2026-04-01T12:10:00.000Z');
    });

    it('the reminder a day before comes at Tuesday 15:10 local, not an hour later', async () => {
      const reminders = async () => {
        const res = await t.http.get('/api/me/notifications').set(await api.as('caseworker'));
        expect(res.status).toBe(200);
        return (res.body as any[]).filter((m) => m.caseId === caseId && m.kind === 'deadline_reminder');
      };
      t.clock.set(new Date('2026-03-31T12:09:00Z'));
      await scheduler.tick();
      expect(await reminders()).toHaveLength(0);
      t.clock.set(new Date('2026-03-31T12:10:00Z'));
      const tick = await scheduler.tick();
      expect(tick.errors).toEqual([]);
      expect(await reminders()).toHaveLength(1);
    });
  });
});
