import { DAY_MS, HOUR_MS } from '@app/core';
import { SchedulerService } from '@app/scheduler';
import { startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';
import { SmtpSink, startSmtpSink } from '../support/smtp-sink';

/**
 * Reminders, overdue marks and escalations from the Moldova pack, driven by a controlled clock and
 * the real scheduler tick (no cron): who is told, in which order, exactly once; deadlines closed by
 * the work and moved by a risk change; email over a real SMTP conversation.
 */
describe('Deadlines that are kept: reminders, escalations, notifications', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  let sink: SmtpSink;
  let scheduler: SchedulerService;
  // Monday 2 March 2026, 08:00 UTC.
  const t0 = new Date('2026-03-02T08:00:00Z');
  const child = (first: string) => ({
    first_name: first,
    last_name: 'Rusu',
    sex: 'female',
    date_of_birth: '2019-02-11',
    consent_status: 'not_required_emergency',
    assent_status: 'given',
  });

  beforeAll(async () => {
    sink = await startSmtpSink();
    process.env.CMIS_SMTP_URL = sink.url;
    process.env.CMIS_PUBLIC_URL = 'https://cmis.example.md';
    t = await startTestApp('deadline_alerts', { start: t0 });
    api = casesClient(t);
    scheduler = t.app.get(SchedulerService);
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
    delete process.env.CMIS_SMTP_URL;
    delete process.env.CMIS_PUBLIC_URL;
  });

  const at = async (when: Date) => {
    t.clock.set(when);
    return scheduler.tick();
  };
  const inbox = async (user: string, caseId?: string) => {
    const res = await t.http.get('/api/me/notifications').set(await api.as(user));
    expect(res.status).toBe(200);
    return (res.body as any[]).filter((m) => !caseId || m.caseId === caseId);
  };
  const startHighRisk = async (first: string, summary: string) => {
    const reg = await api.register('caseworker', 'child_protection', child(first));
    expect(reg.status).toBe(201);
    expect((await api.transition('caseworker', reg.body.id, 'start_assessment')).status).toBe(200);
    const filled = await api.fill('caseworker', reg.body.id, 'initial_assessment', {
      assessment_date: '2026-03-02',
      risk_level: 'high',
      protection_concerns: ['sexual_abuse'],
      summary,
    });
    expect(filled.status).toBe(200);
    return reg.body as { id: string; caseNumber: string };
  };

  describe('a high-risk case whose assessment is late', () => {
    let cristina: { id: string; caseNumber: string };
    const summary = 'Hospital report: <script>alert("x")</script> & <b>bruises</b>';
    // initial_response: high risk, due 48 h after registration (Wed 08:00); reminder 12 h before;
    // escalations 24 h after (supervisor) and 3 days after (district authority).
    const due = new Date(t0.getTime() + 48 * HOUR_MS);

    it('sets the deadline and sends nothing before the reminder is due', async () => {
      cristina = await startHighRisk('Cristina', summary);
      const open = await api.deadlines('caseworker', cristina.id);
      expect(open.body.find((d: any) => d.deadline === 'initial_response').dueAt).toBe(due.toISOString());
      const tick = await at(new Date(due.getTime() - 13 * HOUR_MS));
      expect(tick.alerts).toMatchObject({ fired: 0, failed: 0 });
      expect(await inbox('caseworker', cristina.id)).toEqual([]);
    });

    it("reminds the caseworker 12 h before, once, in the inbox and by email without the child's name", async () => {
      const tick = await at(new Date(due.getTime() - 12 * HOUR_MS));
      expect(tick.errors).toEqual([]);
      expect(tick.alerts!.fired).toBe(1);
      expect(tick.dispatch!.sent).toBe(1);
      const msgs = await inbox('caseworker', cristina.id);
      expect(msgs).toHaveLength(1);
      expect(msgs[0]).toMatchObject({ kind: 'deadline_reminder' });
      expect(msgs[0].title).toContain(cristina.caseNumber);
      expect(await inbox('supervisor', cristina.id)).toEqual([]);

      await sink.waitFor(1, 5000);
      const mail = sink.messages.at(-1)!;
      expect(mail.to.map((a) => a.address)).toEqual(['caseworker@demo.cmis.example']);
      expect(mail.subject).toContain(cristina.caseNumber);
      for (const part of [mail.subject, mail.text ?? '', String(mail.html ?? '')]) {
        expect(part).not.toContain('Cristina');
        expect(part).not.toContain('Rusu');
      }
      expect(mail.text).toContain(`https://cmis.example.md/cases/${cristina.id}`);

      // Ticking again, even much later in the reminder window, sends nothing new.
      await at(new Date(due.getTime() - 11 * HOUR_MS));
      expect(await inbox('caseworker', cristina.id)).toHaveLength(1);
      expect(sink.messages.filter((m) => m.subject.includes(cristina.caseNumber))).toHaveLength(1);
    });

    it('marks the deadline overdue at the due time and lists it as overdue', async () => {
      const tick = await at(due);
      expect(tick.alerts!.fired).toBe(1);
      const res = await t.http.get('/api/me/deadlines').set(await api.as('caseworker'));
      expect(res.status).toBe(200);
      const item = res.body.overdue.find((i: any) => i.caseId === cristina.id && i.deadline === 'initial_response');
      expect(item).toMatchObject({ caseNumber: cristina.caseNumber, displayName: 'Cristina Rusu', overdueSince: due.toISOString() });
      const timeline = await api.timeline('caseworker', cristina.id);
      expect(timeline.body.map((e: any) => e.type)).toContain('deadline_overdue');
    });

    it('sends each worker one daily digest of what is overdue and due today (team for the supervisor)', async () => {
      // The pack's digest hour is 07:00 in Chișinău (05:00 UTC in March): the tick at 08:00 UTC was the first of the day.
      const digests = async (user: string) => (await inbox(user)).filter((m) => m.kind === 'daily_digest');
      expect(await digests('caseworker')).toHaveLength(1);
      expect(await digests('supervisor')).toHaveLength(1);
      expect(await digests('district')).toHaveLength(0);
      const [digest] = await digests('caseworker');
      expect(digest.body).toContain(cristina.caseNumber);
      expect(digest.body).not.toContain('Cristina');
      await at(new Date(due.getTime() + HOUR_MS));
      expect(await digests('caseworker')).toHaveLength(1);
      const supervisorTeam = await t.http.get('/api/me/deadlines?scope=team').set(await api.as('supervisor'));
      expect(supervisorTeam.status).toBe(200);
      expect(supervisorTeam.body.overdue.map((i: any) => i.caseId)).toContain(cristina.id);
      const notSupervisor = await t.http.get('/api/me/deadlines?scope=team').set(await api.as('caseworker'));
      expect(notSupervisor.status).toBe(403);
      expect(notSupervisor.body.code).toBe('worklist_team_not_permitted');
      const bogus = await t.http.get('/api/me/deadlines?scope=everyone&days=7').set(await api.as('supervisor'));
      expect(bogus.status).toBe(400);
      expect(bogus.body.errors).toEqual([{ path: '/scope', message: 'mine or team' }]);
      expect((await t.http.get('/api/me/deadlines?days=365').set(await api.as('supervisor'))).status).toBe(400);
      // The district authority's own worklist does not include cases assigned to others.
      const district = await t.http.get('/api/me/deadlines').set(await api.as('district'));
      expect(district.body.overdue).toEqual([]);
    });

    it('escalates to the supervisor 24 h after, showing the assessment summary escaped in HTML', async () => {
      await at(new Date(due.getTime() + 24 * HOUR_MS - 60_000));
      expect(await inbox('supervisor', cristina.id)).toEqual([]);
      const tick = await at(new Date(due.getTime() + 24 * HOUR_MS));
      expect(tick.alerts!.fired).toBe(1);
      const msgs = await inbox('supervisor', cristina.id);
      expect(msgs).toHaveLength(1);
      expect(msgs[0].kind).toBe('deadline_escalation');
      // The in-app copy keeps no answers (it outlives access to the case); the email below has the summary.
      expect(msgs[0].body).not.toContain('Hospital report');
      expect(await inbox('district', cristina.id)).toEqual([]);
      expect(await inbox('caseworker', cristina.id)).toHaveLength(1);

      await sink.waitFor(2, 5000);
      const mail = sink.messages.find((m) => m.to.some((a) => a.address === 'supervisor@demo.cmis.example') && m.subject.includes(cristina.caseNumber))!;
      expect(mail).toBeDefined();
      expect(mail.subject).not.toContain('<script>');
      expect(mail.text).toContain('<script>alert("x")</script> & <b>bruises</b>');
      expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bruises&lt;/b&gt;');
      expect(mail.html).not.toContain('<script>');
      expect(mail.html).not.toContain('<b>bruises');
    });

    it('escalates to the district authority 3 days after, and every message went once, in order', async () => {
      await at(new Date(due.getTime() + 3 * DAY_MS));
      await at(new Date(due.getTime() + 4 * DAY_MS));
      expect(await inbox('district', cristina.id)).toHaveLength(1);
      expect(await inbox('supervisor', cristina.id)).toHaveLength(1);
      expect(await inbox('caseworker', cristina.id)).toHaveLength(1);
      const timeline = await api.timeline('caseworker', cristina.id);
      const alerts = timeline.body.filter((e: any) => e.data?.deadline === 'initial_response' && /^deadline_(reminder_sent|overdue|escalated)$/.test(e.type));
      expect(alerts.map((e: any) => `${e.type}:${e.data.level}`)).toEqual([
        'deadline_reminder_sent:1',
        'deadline_overdue:1',
        'deadline_escalated:1',
        'deadline_escalated:2',
      ]);
      expect(alerts.map((e: any) => e.at)).toEqual([...alerts.map((e: any) => e.at)].sort());
      const cristinaMail = sink.messages.filter((m) => m.subject.includes(cristina.caseNumber));
      expect(cristinaMail.map((m) => m.to.map((a) => a.address).join(','))).toEqual([
        'caseworker@demo.cmis.example',
        'supervisor@demo.cmis.example',
        'district@demo.cmis.example',
      ]);
      expect(new Set(sink.messages.map((m) => m.messageId)).size).toBe(sink.messages.length);
    });

    it('the comprehensive assessment done late closes the deadline as late, with when; nothing more fires', async () => {
      const done = new Date(due.getTime() + 5 * DAY_MS);
      t.clock.set(done);
      expect((await api.transition('caseworker', cristina.id, 'start_specialised_assessments')).status).toBe(200);
      expect((await api.transition('caseworker', cristina.id, 'start_comprehensive_assessment')).status).toBe(200);
      expect((await api.fill('caseworker', cristina.id, 'comprehensive_assessment', { assessment_date: '2026-03-09', summary: 'Done.' })).status).toBe(200);
      const all = await api.deadlines('caseworker', cristina.id, 'all');
      expect(all.body.find((x: any) => x.deadline === 'initial_response')).toMatchObject({ status: 'late', closedAt: done.toISOString() });
      const closing = (await api.timeline('caseworker', cristina.id)).body.filter(
        (e: any) => e.data?.key === 'initial_response' && /^deadline_(met|late|missed|cancelled)$/.test(e.type),
      );
      expect(closing.map((e: any) => [e.type, e.data.closedAt])).toEqual([['deadline_late', done.toISOString()]]);
      await at(new Date(done.getTime() + 10 * DAY_MS));
      const res = await t.http.get('/api/me/deadlines').set(await api.as('caseworker'));
      expect(res.body.overdue.filter((i: any) => i.caseId === cristina.id)).toEqual([]);
      // Nothing more about this case: still the one reminder, the two escalations.
      expect(
        (await inbox('caseworker', cristina.id)).length + (await inbox('supervisor', cristina.id)).length + (await inbox('district', cristina.id)).length,
      ).toBe(3);
    });
  });

  it('administrators see the scheduler keeping up; others may not', async () => {
    const res = await t.http.get('/api/admin/scheduler').set(await api.as('admin'));
    expect(res.status).toBe(200);
    expect(res.body.alerts).toMatchObject({ due: 0, failed: 0 });
    expect(res.body.failedAlerts).toEqual([]);
    expect(res.body.outbox.sent).toBe(sink.messages.length);
    expect(res.body.outbox).toMatchObject({ pending: 0, failed: 0 });
    expect((await t.http.get('/api/admin/scheduler').set(await api.as('supervisor'))).status).toBe(403);
  });

  describe('deadlines follow the work', () => {
    it('a submitted form closes the deadline: its reminder never goes', async () => {
      const start = new Date('2026-03-09T08:00:00Z'); // Monday
      t.clock.set(start);
      const reg = await api.register('caseworker', 'child_protection', child('Ana'));
      // initial_assessment_due: 3 working days (Thu 08:00), reminder 1 working day before (Wed 08:00).
      const open = await api.deadlines('caseworker', reg.body.id);
      expect(open.body.find((d: any) => d.deadline === 'initial_assessment_due').dueAt).toBe('2026-03-12T08:00:00.000Z');
      t.clock.set(new Date('2026-03-10T09:00:00Z'));
      expect((await api.transition('caseworker', reg.body.id, 'start_assessment')).status).toBe(200);
      expect(
        (await api.fill('caseworker', reg.body.id, 'initial_assessment', { assessment_date: '2026-03-10', risk_level: 'low', summary: 'Low risk.' })).status,
      ).toBe(200);
      const met = await api.deadlines('caseworker', reg.body.id, 'met');
      expect(met.body.find((d: any) => d.deadline === 'initial_assessment_due')).toMatchObject({ status: 'met', closedAt: '2026-03-10T09:00:00.000Z' });
      await at(new Date('2026-03-11T08:00:00Z'));
      await at(new Date('2026-03-13T08:00:00Z'));
      const told = (await inbox('caseworker', reg.body.id)).concat(await inbox('supervisor', reg.body.id));
      expect(told.filter((m) => m.title.includes('Initial assessment') || m.body.includes('Initial assessment'))).toEqual([]);
    });

    it('a risk change from low to high moves the deadline and its reminder', async () => {
      const start = new Date('2026-03-16T08:00:00Z'); // Monday
      t.clock.set(start);
      const reg = await api.register('caseworker', 'child_protection', child('Maria'));
      expect((await api.transition('caseworker', reg.body.id, 'start_assessment')).status).toBe(200);
      await api.fill('caseworker', reg.body.id, 'initial_assessment', { assessment_date: '2026-03-16', risk_level: 'low', summary: 'Low risk.' });
      const low = await api.deadlines('caseworker', reg.body.id);
      expect(low.body.find((d: any) => d.deadline === 'initial_response').dueAt).toBe('2026-03-26T08:00:00.000Z'); // 10 days
      t.clock.set(new Date('2026-03-16T10:00:00Z'));
      await api.fill('caseworker', reg.body.id, 'initial_assessment', { assessment_date: '2026-03-16', risk_level: 'high', summary: 'Now high.' });
      const high = await api.deadlines('caseworker', reg.body.id);
      expect(high.body.find((d: any) => d.deadline === 'initial_response').dueAt).toBe('2026-03-18T08:00:00.000Z'); // 48 h
      // The reminder now comes 12 h before the new due time, and only once.
      await at(new Date('2026-03-17T19:59:00Z'));
      expect((await inbox('caseworker', reg.body.id)).filter((m) => m.kind === 'deadline_reminder')).toHaveLength(0);
      await at(new Date('2026-03-17T20:00:00Z'));
      expect((await inbox('caseworker', reg.body.id)).filter((m) => m.kind === 'deadline_reminder')).toHaveLength(1);
      // Past the old (10-day) reminder time nothing more comes for it.
      await at(new Date('2026-03-25T20:00:00Z'));
      expect((await inbox('caseworker', reg.body.id)).filter((m) => m.kind === 'deadline_reminder')).toHaveLength(1);
    });

    it("a working-day deadline skips the weekend and the pack's 1 May holiday", async () => {
      t.clock.set(new Date('2026-04-29T08:00:00Z')); // Wednesday; Friday 1 May is a public holiday
      const reg = await api.register('caseworker', 'child_protection', child('Elena'));
      const open = await api.deadlines('caseworker', reg.body.id);
      // Thu 30 (1), Fri 1 May holiday, Sat, Sun, Mon 4 (2), Tue 5 (3).
      expect(open.body.find((d: any) => d.deadline === 'initial_assessment_due').dueAt).toBe('2026-05-05T08:00:00.000Z');
      // The reminder (1 working day before) comes on Monday 4 May, not over the long weekend.
      await at(new Date('2026-05-03T23:59:00Z'));
      expect(await inbox('caseworker', reg.body.id)).toEqual([]);
      await at(new Date('2026-05-04T08:00:00Z'));
      expect(await inbox('caseworker', reg.body.id)).toHaveLength(1);
    });

    it('"due today" is the day in Chișinău (pack timezone), not the UTC day', async () => {
      t.clock.set(new Date('2026-05-11T23:00:00Z')); // Tuesday 02:00 in Chișinău (UTC+3)
      const reg = await api.register('caseworker', 'child_protection', child('Dana'));
      const due = (await api.deadlines('caseworker', reg.body.id)).body.find((d: any) => d.deadline === 'initial_assessment_due').dueAt;
      expect(due).toBe('2026-05-14T23:00:00.000Z'); // Friday 02:00 in Chișinău
      const bucketAt = async (when: string) => {
        t.clock.set(new Date(when));
        const res = await t.http.get('/api/me/deadlines').set(await api.as('caseworker'));
        const [bucket] = ['overdue', 'dueToday', 'upcoming'].filter((b) => res.body[b].some((i: any) => i.caseId === reg.body.id));
        return bucket;
      };
      expect(await bucketAt('2026-05-14T20:30:00Z')).toBe('upcoming'); // Thursday 23:30 there: due tomorrow
      expect(await bucketAt('2026-05-14T21:30:00Z')).toBe('dueToday'); // Friday 00:30 there
      expect(await bucketAt('2026-05-14T23:00:00Z')).toBe('overdue');
    });
  });
});
