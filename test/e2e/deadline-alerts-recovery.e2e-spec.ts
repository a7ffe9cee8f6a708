import { Client } from 'pg';
import { DAY_MS, HOUR_MS } from '@app/core';
import { CaseEventHooks } from '@app/cases';
import { SchedulerService } from '@app/scheduler';
import { startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/**
 * Alerts when things go wrong: a deadline moved after its escalations went, an alert whose firing
 * fails, deadlines set before alerts existed (a database upgraded to this version).
 */
describe('Deadline alerts: moved deadlines, failures and upgrades', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  let scheduler: SchedulerService;
  let db: Client;
  const t0 = new Date('2026-03-02T08:00:00Z'); // Monday
  const child = (first: string) => ({
    first_name: first,
    last_name: 'Ciobanu',
    sex: 'male',
    date_of_birth: '2016-06-01',
    consent_status: 'not_required_emergency',
    assent_status: 'given',
  });

  beforeAll(async () => {
    t = await startTestApp('deadline_alerts_recovery', { start: t0 });
    api = casesClient(t);
    scheduler = t.app.get(SchedulerService);
    db = new Client({ connectionString: t.db.url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  const at = async (when: Date) => {
    t.clock.set(when);
    return scheduler.tick();
  };
  const told = async (user: string, caseId: string, kind: string) => {
    const res = await t.http.get('/api/me/notifications').set(await api.as(user));
    return (res.body as any[]).filter((m) => m.caseId === caseId && m.kind === kind);
  };
  const assessed = async (first: string, risk: string) => {
    const reg = await api.register('caseworker', 'child_protection', child(first));
    expect(reg.status).toBe(201);
    expect((await api.transition('caseworker', reg.body.id, 'start_assessment')).status).toBe(200);
    expect(
      (await api.fill('caseworker', reg.body.id, 'initial_assessment', { assessment_date: '2026-03-02', risk_level: risk, summary: 'Seen.' })).status,
    ).toBe(200);
    return reg.body.id as string;
  };

  it('moving an overdue deadline earlier does not repeat an escalation already sent, but sends one now due', async () => {
    t.clock.set(t0);
    const id = await assessed('Vlad', 'medium'); // initial_response: 5 days (Sat 7 March 08:00)
    await at(new Date(t0.getTime() + 6 * DAY_MS + HOUR_MS)); // a day overdue: the supervisor was told
    expect(await told('supervisor', id, 'deadline_escalation')).toHaveLength(1);
    expect(await told('district', id, 'deadline_escalation')).toHaveLength(0);

    // Risk revised to high: due 48 h after registration, so both escalations' times have passed.
    t.clock.set(new Date(t0.getTime() + 6 * DAY_MS + 2 * HOUR_MS));
    expect((await api.fill('caseworker', id, 'initial_assessment', { assessment_date: '2026-03-02', risk_level: 'high', summary: 'Worse.' })).status).toBe(200);
    const due = (await api.deadlines('caseworker', id)).body.find((d: any) => d.deadline === 'initial_response');
    expect(due.dueAt).toBe(new Date(t0.getTime() + 48 * HOUR_MS).toISOString());
    await at(new Date(t0.getTime() + 6 * DAY_MS + 3 * HOUR_MS));
    // The supervisor is not told again; the district authority (3 days after the new due date) now is.
    expect(await told('supervisor', id, 'deadline_escalation')).toHaveLength(1);
    expect(await told('district', id, 'deadline_escalation')).toHaveLength(1);
  });

  it('an alert whose firing fails is retried with back-off and fires once it can; nothing half-done in between', async () => {
    const start = new Date('2026-03-16T08:00:00Z');
    t.clock.set(start);
    const reg = await api.register('caseworker', 'child_protection', child('Radu'));
    // initial_assessment_due: Thu 19 March 08:00; reminder one working day before (Wed 08:00).
    const reminderAt = new Date('2026-03-18T08:00:00Z');
    let failures = 0;
    const off = t.app.get(CaseEventHooks).on('deadline_reminder_sent', (e) => {
      if (e.caseId === reg.body.id && failures < 2) {
        failures++;
        throw new Error('a plugin hook failed');
      }
    });
    try {
      const first = await at(reminderAt);
      expect(first.alerts).toMatchObject({ fired: 0, retrying: 1, failed: 0 });
      expect(await told('caseworker', reg.body.id, 'deadline_reminder')).toEqual([]);
      const timeline = await api.timeline('caseworker', reg.body.id);
      expect(timeline.body.map((e: any) => e.type)).not.toContain('deadline_reminder_sent');
      // Retried 1 min later (fails again), then 2 min after that.
      expect((await at(new Date(reminderAt.getTime() + 60_000))).alerts).toMatchObject({ retrying: 1 });
      expect((await at(new Date(reminderAt.getTime() + 170_000))).alerts).toMatchObject({ fired: 0, retrying: 0 });
      expect((await at(new Date(reminderAt.getTime() + 180_000))).alerts).toMatchObject({ fired: 1, retrying: 0 });
      expect(failures).toBe(2);
      expect(await told('caseworker', reg.body.id, 'deadline_reminder')).toHaveLength(1);
    } finally {
      off();
    }
  });

  it('an alert that keeps failing waits for an administrator, who sees why and sends it again', async () => {
    const start = new Date('2026-03-23T08:00:00Z');
    t.clock.set(start);
    const reg = await api.register('caseworker', 'child_protection', child('Petru'));
    const reminderAt = new Date('2026-03-25T08:00:00Z');
    const off = t.app.get(CaseEventHooks).on('deadline_reminder_sent', (e) => {
      if (e.caseId === reg.body.id) throw new Error('a plugin hook is broken');
    });
    let failedId: string;
    try {
      let when = reminderAt.getTime();
      for (let i = 0; i < 5; i++) {
        await at(new Date(when));
        when += 60_000 * 2 ** i;
      }
      const status = await t.http.get('/api/admin/scheduler').set(await api.as('admin'));
      expect(status.body.alerts.failed).toBe(1);
      const failed = status.body.failedAlerts.find((a: any) => a.caseId === reg.body.id);
      expect(failed).toMatchObject({ kind: 'reminder', attempts: 5 });
      // Only the kind of error is shown (its text may quote case data; it is in the log).
      expect(failed.lastError).toMatch(/^Error at .*: see the scheduler log for alert /);
      expect(failed.lastError).not.toContain('plugin hook');
      failedId = failed.id;
      // Still failed later: it is not retried on its own any more.
      await at(new Date(when + DAY_MS));
      expect(await told('caseworker', reg.body.id, 'deadline_reminder')).toEqual([]);
    } finally {
      off();
    }
    expect((await t.http.post(`/api/admin/scheduler/alerts/${failedId!}/retry`).set(await api.as('supervisor'))).status).toBe(403);
    expect((await t.http.post(`/api/admin/scheduler/alerts/${failedId!}/retry`).set(await api.as('admin'))).status).toBe(204);
    await at(new Date(t.clock.now().getTime() + 1000));
    expect(await told('caseworker', reg.body.id, 'deadline_reminder')).toHaveLength(1);
    const again = await t.http.post(`/api/admin/scheduler/alerts/${failedId!}/retry`).set(await api.as('admin'));
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('not_found');
  });

  it('deadlines set before alerts existed get their alerts when a scheduler starts', async () => {
    const start = new Date('2026-04-06T08:00:00Z'); // Monday
    t.clock.set(start);
    const reg = await api.register('caseworker', 'child_protection', child('Ilie'));
    // As in a database migrated from before alerts existed: the open deadline has no alert rows.
    await db.query(`DELETE FROM deadline_alerts WHERE case_id = $1`, [reg.body.id]);
    expect(await scheduler.prepare()).toBe(1);
    expect(await scheduler.prepare()).toBe(0);
    const { rows } = await db.query(`SELECT kind, status FROM deadline_alerts WHERE case_id = $1 ORDER BY fire_at, kind`, [reg.body.id]);
    expect(rows).toEqual([
      { kind: 'reminder', status: 'pending' },
      { kind: 'overdue', status: 'pending' },
      { kind: 'escalation', status: 'pending' },
    ]);
    await at(new Date('2026-04-08T08:00:00Z'));
    expect(await told('caseworker', reg.body.id, 'deadline_reminder')).toHaveLength(1);
  });

  it('a deadline moved earlier after its reminder gets a new reminder: the person was told of a later date', async () => {
    t.clock.set(new Date('2026-04-13T08:00:00Z'));
    const id = await assessed('Mihai', 'low');
    for (const tr of ['start_specialised_assessments', 'start_comprehensive_assessment']) expect((await api.transition('caseworker', id, tr)).status).toBe(200);
    expect((await api.fill('caseworker', id, 'comprehensive_assessment', { assessment_date: '2026-04-13', summary: 'Plan.' })).status).toBe(200);
    expect((await api.transition('caseworker', id, 'start_care_planning')).status).toBe(200);
    const plan = (review_date: string) => api.fill('caseworker', id, 'care_plan', { goals: [{ goal: 'School support' }], review_date });
    expect((await plan('2026-05-20')).status).toBe(200);
    // care_plan_review: due by the end of the review date (Chișinău: 21 May 00:00 = 20 May 21:00 UTC), reminder 2 days before.
    const reviewReminders = async () => (await told('caseworker', id, 'deadline_reminder')).filter((m) => m.title.includes('Care plan review'));
    await at(new Date('2026-05-18T20:00:00Z'));
    expect(await reviewReminders()).toHaveLength(0);
    await at(new Date('2026-05-19T00:00:00Z'));
    expect(await reviewReminders()).toHaveLength(1);
    // The review is brought forward to today: its reminder time has passed, but the caseworker was told of the 20th.
    t.clock.set(new Date('2026-05-19T01:00:00Z'));
    expect((await plan('2026-05-19')).status).toBe(200);
    await at(new Date('2026-05-19T01:00:30Z'));
    expect(await reviewReminders()).toHaveLength(2);
    await at(new Date('2026-05-19T12:00:00Z'));
    expect(await reviewReminders()).toHaveLength(2);
  });

  it('email nobody can send waits in the outbox, is shown per channel, and fails as stale after 72 h', async () => {
    // This app has no CMIS_SMTP_URL: the pack lists email, so reminders queue email for a process that could send it.
    const status = await t.http.get('/api/admin/scheduler').set(await api.as('admin'));
    const email = status.body.outbox.pendingByChannel.find((c: any) => c.channel === 'email');
    expect(email.pending).toBeGreaterThan(0);
    const pendingBefore = status.body.outbox.pending;
    await at(new Date(t.clock.now().getTime() + 73 * HOUR_MS));
    const after = await t.http.get('/api/admin/scheduler').set(await api.as('admin'));
    expect(after.body.outbox.pending).toBeLessThan(pendingBefore);
    const failed = await t.http.get('/api/admin/outbox?status=failed').set(await api.as('admin'));
    expect(failed.body.messages.some((m: any) => /not sent within 72 hours/.test(m.lastError))).toBe(true);
  });
});
