import { Client } from 'pg';
import { DAY_MS } from '@app/core';
import { CaseEventHooks } from '@app/cases';
import { SchedulerService } from '@app/scheduler';
import { startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/**
 * The alerts of a tick are fired together (one statement per kind of row for the whole batch): one
 * of them failing must still fail alone, its effects undone and retried later, while the others of
 * the same batch fire exactly once with their messages.
 */
describe('Deadline alerts fired together', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  let scheduler: SchedulerService;
  let db: Client;
  const child = (first: string) => ({
    first_name: first,
    last_name: 'Lungu',
    sex: 'female',
    date_of_birth: '2015-04-01',
    consent_status: 'not_required_emergency',
    assent_status: 'given',
  });

  beforeAll(async () => {
    t = await startTestApp('deadline_alerts_batch', { start: new Date('2026-03-02T08:00:00Z') });
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
  /** Cases registered on `start` (a Monday 08:00): initial_assessment_due is Thursday 08:00, its reminder Wednesday 08:00. */
  const register = async (start: Date, names: string[]) => {
    // Alerts left by the earlier tests are set aside: each tick below sees only this test's cases.
    await db.query(`UPDATE deadline_alerts SET status = 'cancelled' WHERE status = 'pending'`);
    t.clock.set(start);
    const ids: string[] = [];
    for (const n of names) {
      const reg = await api.register('caseworker', 'child_protection', child(n));
      expect(reg.status).toBe(201);
      ids.push(reg.body.id);
    }
    return ids;
  };
  /** What each case got from its reminder: timeline events, inbox messages and outbox rows. */
  const reminded = async (caseId: string) => {
    const timeline = await api.timeline('caseworker', caseId);
    const { rows } = await db.query(
      `SELECT (SELECT count(*)::int FROM notifications WHERE case_id = $1 AND kind = 'deadline_reminder') AS inbox,
              (SELECT count(*)::int FROM outbox WHERE case_id = $1 AND kind = 'deadline_reminder') AS outbox,
              (SELECT count(*)::int FROM audit_log WHERE case_id = $1 AND action = 'deadline.reminder') AS audit`,
      [caseId],
    );
    return { events: timeline.body.filter((e: any) => e.type === 'deadline_reminder_sent').length, ...rows[0] };
  };
  const once = { events: 1, inbox: 1, outbox: 1, audit: 1 };
  const none = { events: 0, inbox: 0, outbox: 0, audit: 0 };

  it('a hook refusing one alert of a batch fails that alert alone; the others fire once, and it fires when retried', async () => {
    const [a, b, c] = await register(new Date('2026-03-02T08:00:00Z'), ['Ana', 'Bianca', 'Cristina']);
    const reminderAt = new Date('2026-03-04T08:00:00Z');
    const seen: string[] = [];
    let refuse = true;
    const off = t.app.get(CaseEventHooks).on('deadline_reminder_sent', (e) => {
      seen.push(e.caseId);
      if (e.caseId === b && refuse) throw new Error('a plugin hook refused');
    });
    try {
      const first = await at(reminderAt);
      expect(first.alerts).toMatchObject({ fired: 2, retrying: 1, failed: 0, deferred: 0 });
      expect(await reminded(a)).toEqual(once);
      expect(await reminded(c)).toEqual(once);
      expect(await reminded(b)).toEqual(none);
      // The refused alert's hook ran once; it is not run again when the others are fired without it.
      expect(seen.filter((id) => id === b)).toHaveLength(1);

      refuse = false;
      expect((await at(new Date(reminderAt.getTime() + 30_000))).alerts).toMatchObject({ fired: 0, retrying: 0 });
      expect((await at(new Date(reminderAt.getTime() + 60_000))).alerts).toMatchObject({ fired: 1, retrying: 0 });
      for (const id of [a, b, c]) expect(await reminded(id)).toEqual(once);
    } finally {
      off();
    }
  });

  it('a statement failing for one alert of a batch: the batch goes one alert at a time, that alert is retried, the others fire once', async () => {
    const [a, b, c] = await register(new Date('2026-03-09T08:00:00Z'), ['Dana', 'Elena', 'Felicia']);
    const reminderAt = new Date('2026-03-11T08:00:00Z');
    // The inbox refuses Elena's message (as a full disk or a bad row would): the batch's one INSERT fails.
    await db.query(`CREATE FUNCTION refuse_case_message() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN IF NEW.case_id = '${b}' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$`);
    await db.query(`CREATE TRIGGER refuse_case_message BEFORE INSERT ON notifications FOR EACH ROW EXECUTE FUNCTION refuse_case_message()`);
    try {
      const first = await at(reminderAt);
      expect(first.alerts).toMatchObject({ fired: 2, retrying: 1, failed: 0, deferred: 0 });
      expect(await reminded(a)).toEqual(once);
      expect(await reminded(c)).toEqual(once);
      expect(await reminded(b)).toEqual(none);
      const { rows } = await db.query(`SELECT status, attempts, last_error FROM deadline_alerts WHERE case_id = $1 AND kind = 'reminder'`, [b]);
      expect(rows).toEqual([{ status: 'pending', attempts: 1, last_error: expect.stringMatching(/^QueryFailedError .*see the scheduler log/) }]);
    } finally {
      await db.query(`DROP TRIGGER refuse_case_message ON notifications`);
      await db.query(`DROP FUNCTION refuse_case_message()`);
    }
    expect((await at(new Date(reminderAt.getTime() + 60_000))).alerts).toMatchObject({ fired: 1, retrying: 0 });
    for (const id of [a, b, c]) expect(await reminded(id)).toEqual(once);
  });

  it('alerts of one case due in the same tick each fire once, in their order, beside other cases', async () => {
    const [a, b] = await register(new Date('2026-03-16T08:00:00Z'), ['Gabriela', 'Hanna']);
    // A week later the reminder, the overdue mark and the first escalation of both cases are all due.
    const tick = await at(new Date(new Date('2026-03-16T08:00:00Z').getTime() + 7 * DAY_MS));
    expect(tick.alerts).toMatchObject({ fired: 6, cancelled: 0, retrying: 0, failed: 0 });
    for (const id of [a, b]) {
      const types = (await api.timeline('caseworker', id)).body.map((e: any) => e.type).filter((type: string) => type.startsWith('deadline_'));
      expect(types).toEqual(['deadline_set', 'deadline_reminder_sent', 'deadline_overdue', 'deadline_escalated']);
      expect(await reminded(id)).toEqual(once);
    }
  });
});
