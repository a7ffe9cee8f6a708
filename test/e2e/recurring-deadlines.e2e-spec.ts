import { DAY_MS } from '@app/core';
import { SchedulerService } from '@app/scheduler';
import { startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/**
 * Recurring deadlines and deadlines kept by a given entry, through the API, PostgreSQL and the real
 * scheduler tick with a controlled clock, on the camp-response fixture pack (Africa/Nairobi, UTC+3,
 * no summer time): a tracing review every 14 days while tracing goes on, a case review every 3 months
 * on a working day, and follow-up visits at 2 and 6 weeks kept by the first and second visit entries.
 *
 *   Case A (worker):  tracing from day 0; reviews on days 10 and 27 (the second one late), leaves
 *                     tracing on day 43 with the third occurrence overdue: met, late, missed.
 *   Case B (worker):  leaves tracing on day 8, before its first review fell due: cancelled.
 *   Case C (worker2): reunified on 1 April 2027; visits on 12 April (on time) and 20 May (late).
 */
describe('Recurring deadlines and deadlines kept by the Nth entry (camp-response pack)', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  let scheduler: SchedulerService;
  // Monday 1 March 2027, 01:30 in Nairobi (still Sunday 28 February in UTC).
  const registeredAt = new Date('2027-02-28T22:30:00Z');
  // Monday 1 March 2027, 09:00 in Nairobi.
  const tracingStart = new Date('2027-03-01T06:00:00Z');
  const day = (n: number) => new Date(tracingStart.getTime() + n * DAY_MS);
  const iso = (n: number) => day(n).toISOString();
  const child = (name: string) => ({ child_name: name, date_of_birth: '2015-05-04', sex: 'female', separation_type: 'unaccompanied' });
  const review = (date: string) => ({ review_date: date, tracing_status: 'searching' });
  /** The local date and time in the pack's zone, e.g. "Wed 2027-06-02 01:30". */
  const nairobi = (isoText: string) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Africa/Nairobi',
        weekday: 'short',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      })
        .formatToParts(new Date(isoText))
        .map((p) => [p.type, p.value]),
    );
    return `${parts.weekday} ${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
  };

  let caseA: { id: string; caseNumber: string };
  let caseB: { id: string; caseNumber: string };
  let caseC: { id: string; caseNumber: string };

  beforeAll(async () => {
    t = await startTestApp('recurring_deadlines', { sopDir: 'test/fixtures/packs/camp-response', start: registeredAt });
    api = casesClient(t);
    scheduler = t.app.get(SchedulerService);
  });
  afterAll(async () => {
    await t?.close();
  });

  const tickAt = async (when: Date) => {
    t.clock.set(when);
    const tick = await scheduler.tick();
    expect(tick.errors).toEqual([]);
    return tick;
  };
  const inbox = async (user: string, caseId: string, kind?: string) => {
    const res = await t.http.get('/api/me/notifications').set(await api.as(user));
    expect(res.status).toBe(200);
    return (res.body as any[]).filter((m) => m.caseId === caseId && (!kind || m.kind === kind));
  };
  /** The case's deadlines of one definition, all statuses, oldest first. */
  const rows = async (user: string, caseId: string, deadline: string) => {
    const res = await api.deadlines(user, caseId, 'all');
    expect(res.status).toBe(200);
    return (res.body as any[]).filter((d) => d.deadline === deadline).sort((a, b) => a.anchorAt.localeCompare(b.anchorAt));
  };
  const brief = (d: any) => ({ key: d.key, anchorAt: d.anchorAt, dueAt: d.dueAt, status: d.status, closedAt: d.closedAt });
  const events = async (caseId: string, type: RegExp) => {
    const res = await api.timeline('worker', caseId);
    expect(res.status).toBe(200);
    return (res.body as any[]).filter((e) => type.test(e.type)).map((e) => `${e.type}:${e.data?.key}`);
  };
  const register = async (user: string, name: string) => {
    const reg = await api.register(user, 'separated_child', child(name));
    expect(reg.status).toBe(201);
    return reg.body as { id: string; caseNumber: string };
  };
  const addReview = async (caseId: string, when: Date, date: string) => {
    t.clock.set(when);
    const res = await api.addEntry('worker', caseId, 'tracing_review', review(date));
    expect(res.status).toBe(201);
  };

  it('the 3-month case review registered 1 March 01:30 in Nairobi falls on 1 June, Madaraka Day, and moves to Wednesday 2 June 01:30', async () => {
    caseA = await register('worker', 'Achieng');
    caseB = await register('worker', 'Baraka');
    const [caseReview] = await rows('worker', caseA.id, 'case_review');
    expect(brief(caseReview)).toEqual({
      key: 'case_review',
      anchorAt: registeredAt.toISOString(),
      dueAt: '2027-06-01T22:30:00.000Z',
      status: 'open',
      closedAt: null,
    });
    // Counted in UTC it would be Friday 28 May 22:30 UTC (28 February + 3 months), a working day.
    expect(nairobi(caseReview.dueAt)).toBe('Wed 2027-06-02 01:30');
    expect(await rows('worker', caseA.id, 'tracing_review')).toEqual([]);
  });

  describe('a tracing review every 14 days from the day tracing starts', () => {
    it('the first review is due 14 days after the case enters family tracing', async () => {
      t.clock.set(tracingStart);
      for (const c of [caseA, caseB]) expect((await api.transition('worker', c.id, 'start_tracing')).status).toBe(200);
      expect((await rows('worker', caseA.id, 'tracing_review')).map(brief)).toEqual([
        { key: 'tracing_review:0', anchorAt: iso(0), dueAt: iso(14), status: 'open', closedAt: null },
      ]);
    });

    it('leaving tracing before the review fell due cancels it (case B), and nothing comes back', async () => {
      t.clock.set(day(8));
      expect((await api.transition('worker', caseB.id, 'reunify')).status).toBe(200);
      expect((await rows('worker', caseB.id, 'tracing_review')).map(brief)).toEqual([
        { key: 'tracing_review:0', anchorAt: iso(0), dueAt: iso(14), status: 'cancelled', closedAt: iso(8) },
      ]);
      expect(await events(caseB.id, /^deadline_(set|met|late|missed|cancelled)$/)).toEqual(
        expect.arrayContaining(['deadline_set:tracing_review:0', 'deadline_cancelled:tracing_review:0']),
      );
      // A review written up after tracing ended keeps nothing and starts nothing.
      await addReview(caseB.id, day(9), '2027-03-10');
      expect(await rows('worker', caseB.id, 'tracing_review')).toHaveLength(1);
    });

    it('a review on day 10 keeps the first occurrence on time; the next is due on day 24', async () => {
      await addReview(caseA.id, day(10), '2027-03-11');
      expect((await rows('worker', caseA.id, 'tracing_review')).map(brief)).toEqual([
        { key: 'tracing_review:0', anchorAt: iso(0), dueAt: iso(14), status: 'met', closedAt: iso(10) },
        { key: 'tracing_review:0:2', anchorAt: iso(10), dueAt: iso(24), status: 'open', closedAt: null },
      ]);
      expect(await events(caseA.id, /^deadline_met$/)).toEqual(['deadline_met:tracing_review:0']);
    });

    it("the kept occurrence's reminder (day 12) and escalation (day 15) never go, nor the cancelled one's", async () => {
      await tickAt(day(12));
      await tickAt(day(15));
      for (const c of [caseA, caseB]) {
        expect(await inbox('worker', c.id)).toEqual([]);
        expect(await inbox('super', c.id)).toEqual([]);
      }
    });

    it('the second occurrence is reminded on day 22, overdue on day 24 and escalated to the supervisor on day 25', async () => {
      // Case C (another worker) starts tracing meanwhile; it is reunified later.
      t.clock.set(day(19));
      caseC = await register('worker2', 'Chiku');
      expect((await api.transition('worker2', caseC.id, 'start_tracing')).status).toBe(200);

      await tickAt(new Date(day(22).getTime() - 60_000));
      expect(await inbox('worker', caseA.id)).toEqual([]);
      await tickAt(day(22));
      const reminders = await inbox('worker', caseA.id, 'deadline_reminder');
      expect(reminders).toHaveLength(1);
      expect(reminders[0].title).toContain('is due 25 March 2027, 09:00 (Africa/Nairobi)');

      await tickAt(day(24));
      const [open] = (await rows('worker', caseA.id, 'tracing_review')).filter((d) => d.status === 'open');
      expect(open).toMatchObject({ key: 'tracing_review:0:2', overdueSince: iso(24) });
      const worklist = await t.http.get('/api/me/deadlines').set(await api.as('worker'));
      expect(worklist.body.overdue.filter((i: any) => i.caseId === caseA.id).map((i: any) => [i.deadline, i.overdueSince])).toEqual([
        ['tracing_review', iso(24)],
      ]);

      await tickAt(new Date(day(25).getTime() - 60_000));
      expect(await inbox('super', caseA.id)).toEqual([]);
      await tickAt(day(25));
      const escalations = await inbox('super', caseA.id, 'deadline_escalation');
      expect(escalations).toHaveLength(1);
      expect(escalations[0].title).toContain('(due 25 March 2027, 09:00 (Africa/Nairobi))');
      expect(escalations[0].title).toContain(caseA.caseNumber);
      expect(await inbox('worker2', caseA.id)).toEqual([]);
      expect((await rows('worker', caseA.id, 'tracing_review')).find((d) => d.status === 'open')).toMatchObject({ key: 'tracing_review:0:2', overdue: true });
    });

    it('a review on day 27 closes it late and sets the next, due on day 41', async () => {
      await addReview(caseA.id, day(27), '2027-03-28');
      expect((await rows('worker', caseA.id, 'tracing_review')).map(brief)).toEqual([
        { key: 'tracing_review:0', anchorAt: iso(0), dueAt: iso(14), status: 'met', closedAt: iso(10) },
        { key: 'tracing_review:0:2', anchorAt: iso(10), dueAt: iso(24), status: 'late', closedAt: iso(27) },
        { key: 'tracing_review:0:3', anchorAt: iso(27), dueAt: iso(41), status: 'open', closedAt: null },
      ]);
      expect(await events(caseA.id, /^deadline_late$/)).toEqual(['deadline_late:tracing_review:0:2']);
      const worklist = await t.http.get('/api/me/deadlines').set(await api.as('worker'));
      expect(worklist.body.overdue.filter((i: any) => i.caseId === caseA.id)).toEqual([]);
    });
  });

  describe('visits at 2 and 6 weeks kept by the first and the second entry of one visit form (case C)', () => {
    // Reunified on 1 April 2027: a date is a whole day in Nairobi, from 31 March 21:00 UTC; offsets count from its end.
    it('the reunification date sets both visits, due by the end of 15 April and of 13 May in Nairobi', async () => {
      t.clock.set(new Date('2027-04-01T08:00:00Z'));
      expect((await api.transition('worker2', caseC.id, 'reunify')).status).toBe(200);
      expect((await api.fill('worker2', caseC.id, 'reunification', { reunification_date: '2027-04-01', reunified_with: 'Aunt' })).status).toBe(200);
      expect((await api.transition('worker2', caseC.id, 'start_follow_up')).status).toBe(200);
      const visits = [...(await rows('worker2', caseC.id, 'visit_2_weeks')), ...(await rows('worker2', caseC.id, 'visit_6_weeks'))];
      expect(visits.map(brief)).toEqual([
        { key: 'visit_2_weeks', anchorAt: '2027-03-31T21:00:00.000Z', dueAt: '2027-04-15T21:00:00.000Z', status: 'open', closedAt: null },
        { key: 'visit_6_weeks', anchorAt: '2027-03-31T21:00:00.000Z', dueAt: '2027-05-13T21:00:00.000Z', status: 'open', closedAt: null },
      ]);
      // Its tracing review (due 2 April) had not fallen due when tracing ended.
      expect((await rows('worker2', caseC.id, 'tracing_review')).map((d) => d.status)).toEqual(['cancelled']);
    });

    it('the first visit entry (12 April) keeps the 2-week visit on time and leaves the 6-week one open', async () => {
      t.clock.set(new Date('2027-04-12T10:00:00Z'));
      const first = await api.addEntry('worker2', caseC.id, 'follow_up_visit', { which_visit: '2_weeks', visit_date: '2027-04-12', child_doing_well: true });
      expect(first.status).toBe(201);
      expect(brief((await rows('worker2', caseC.id, 'visit_2_weeks'))[0])).toMatchObject({ status: 'met', closedAt: '2027-04-12T10:00:00.000Z' });
      expect((await rows('worker2', caseC.id, 'visit_6_weeks'))[0]).toMatchObject({ status: 'open' });
    });
  });

  describe('leaving family tracing ends the series (case A)', () => {
    it('the third occurrence is reminded on day 39 and escalated on day 42, once each', async () => {
      await tickAt(day(39));
      expect((await inbox('worker', caseA.id, 'deadline_reminder')).map((m) => m.title)).toEqual([
        expect.stringContaining('is due 11 April 2027, 09:00 (Africa/Nairobi)'),
        expect.stringContaining('is due 25 March 2027, 09:00 (Africa/Nairobi)'),
      ]);
      await tickAt(day(41));
      await tickAt(day(42));
      expect((await inbox('super', caseA.id, 'deadline_escalation')).map((m) => m.title)).toEqual([
        expect.stringContaining('(due 11 April 2027, 09:00 (Africa/Nairobi))'),
        expect.stringContaining('(due 25 March 2027, 09:00 (Africa/Nairobi))'),
      ]);
    });

    it('moving on to reunification on day 43 ends it: the overdue occurrence is missed, and later reviews start nothing', async () => {
      t.clock.set(day(43));
      expect((await api.transition('worker', caseA.id, 'reunify')).status).toBe(200);
      const after = (await rows('worker', caseA.id, 'tracing_review')).map(brief);
      expect(after).toEqual([
        { key: 'tracing_review:0', anchorAt: iso(0), dueAt: iso(14), status: 'met', closedAt: iso(10) },
        { key: 'tracing_review:0:2', anchorAt: iso(10), dueAt: iso(24), status: 'late', closedAt: iso(27) },
        { key: 'tracing_review:0:3', anchorAt: iso(27), dueAt: iso(41), status: 'missed', closedAt: iso(43) },
      ]);
      expect(await events(caseA.id, /^deadline_(met|late|missed|cancelled)$/)).toEqual(
        expect.arrayContaining(['deadline_met:tracing_review:0', 'deadline_late:tracing_review:0:2', 'deadline_missed:tracing_review:0:3']),
      );
      expect(await events(caseA.id, /^deadline_cancelled$/)).toEqual([]);

      await addReview(caseA.id, day(44), '2027-04-14');
      await addReview(caseA.id, day(45), '2027-04-15');
      expect((await rows('worker', caseA.id, 'tracing_review')).map(brief)).toEqual(after);
      // Nothing more is sent about it, however long the clock runs.
      await tickAt(day(60));
      await tickAt(day(80));
      expect(await inbox('worker', caseA.id, 'deadline_reminder')).toHaveLength(2);
      expect(await inbox('super', caseA.id, 'deadline_escalation')).toHaveLength(2);
      expect((await api.deadlines('worker', caseA.id)).body.map((d: any) => d.key)).toEqual(['case_review']);
    });
  });

  describe('after the 6-week visit', () => {
    it('the second visit entry, 20 May, keeps the 6-week visit late', async () => {
      t.clock.set(new Date('2027-05-20T07:00:00Z'));
      const second = await api.addEntry('worker2', caseC.id, 'follow_up_visit', { which_visit: '6_weeks', visit_date: '2027-05-20' });
      expect(second.status).toBe(201);
      expect(brief((await rows('worker2', caseC.id, 'visit_6_weeks'))[0])).toEqual({
        key: 'visit_6_weeks',
        anchorAt: '2027-03-31T21:00:00.000Z',
        dueAt: '2027-05-13T21:00:00.000Z',
        status: 'late',
        closedAt: '2027-05-20T07:00:00.000Z',
      });
      expect(brief((await rows('worker2', caseC.id, 'visit_2_weeks'))[0])).toMatchObject({ status: 'met' });
      // A third visit keeps nothing more.
      t.clock.set(new Date('2027-05-21T07:00:00Z'));
      expect((await api.addEntry('worker2', caseC.id, 'follow_up_visit', { which_visit: 'other', visit_date: '2027-05-21' })).status).toBe(201);
      expect((await rows('worker2', caseC.id, 'visit_6_weeks')).map((d) => d.status)).toEqual(['late']);
    });
  });

  describe('SOP compliance counts each occurrence', () => {
    const year = { from: '2027-01-01', to: '2027-12-31' };
    const indicator = async (user: string, id: string, query: Record<string, string> = {}) => {
      const res = await t.http
        .get(`/api/reports/indicators/${id}`)
        .query({ ...year, ...query })
        .set(await api.as(user));
      expect(res.status).toBe(200);
      return res.body;
    };

    it("deadline.tracing_review over worker's cases: case A's three occurrences met, late and missed; case B's cancelled one is not counted", async () => {
      const own = await indicator('worker', 'deadline.tracing_review');
      expect(own.total).toMatchObject({ n: 3, value: 33.3, measures: { cases: 1, met: 1, late: 1, missed: 1, stillOpen: 0 }, suppressed: false });
      // Median delay of the late one alone: day 27 − day 24 = 72 h (the missed one's end is no delay).
      expect(own.total.measures.medianDelayHours).toBe(72);
    });

    it('the supervisor sees the same per worker; the visits count on their own', async () => {
      const team = await indicator('super', 'deadline.tracing_review', { by: 'worker' });
      expect(team.total).toMatchObject({ n: 3, measures: { met: 1, late: 1, missed: 1, stillOpen: 0 } });
      expect(team.dimensions[0].values.map((v: any) => v.label)).toEqual(['Wanjiru Worker']);
      const twoWeeks = await indicator('super', 'deadline.visit_2_weeks');
      expect(twoWeeks.total).toMatchObject({ n: 1, value: 100, measures: { met: 1, late: 0, missed: 0 } });
      const sixWeeks = await indicator('super', 'deadline.visit_6_weeks');
      expect(sixWeeks.total).toMatchObject({ n: 1, value: 0, measures: { met: 0, late: 1, missed: 0 } });
      // Late by 6 days 10 hours (14 May 00:00 → 20 May 10:00, Nairobi).
      expect(sixWeeks.total.measures.medianDelayHours).toBe(154);
    });
  });
});
