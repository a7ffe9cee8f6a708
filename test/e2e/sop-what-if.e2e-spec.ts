import { DataSource } from 'typeorm';
import { HOUR_MS } from '@app/core';
import { startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/**
 * "What if" over history: real high-risk cases whose response was done 12, 30 or 60 hours after
 * registration, closed without it after 36 or 60 hours, or never done (controlled clock, through the
 * API), replayed through an unchanged draft (the live report's figures exactly) and through a draft
 * that shortens the high-risk response from 48 h to 24 h. Counts only, small cells suppressed,
 * nothing written.
 */
describe('SOP "what if" over history', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  let draftId: number;
  // Monday 2 March 2026, 08:00 UTC.
  const T0 = new Date('2026-03-02T08:00:00Z');
  const NOW = new Date('2026-03-20T08:00:00Z');
  const MARCH = { from: '2026-03-01', to: '2026-03-31' };
  const HIGH = '/deadlines.json/deadlines/0/due/0/after';
  const TABLES = ['cases', 'form_submissions', 'case_events', 'deadlines', 'deadline_alerts', 'outbox'];
  const admin = async () => ({ authorization: await t.login('admin') });
  const whatIf = async (body: Record<string, unknown>, h?: Record<string, string>) =>
    t.http
      .post(`/api/sop/drafts/${draftId}/what-if`)
      .set(h ?? (await admin()))
      .send(body);
  const row = (body: any, id: string) => body.deadlines.find((d: any) => d.deadline === id);
  const counts = async () => {
    const ds = t.app.get(DataSource);
    return Object.fromEntries(await Promise.all(TABLES.map(async (table) => [table, Number((await ds.query(`SELECT count(*) AS n FROM ${table}`))[0].n)])));
  };

  /** A high-risk case registered now by `worker`, assessed; its comprehensive assessment (the response) done later by `respond`. */
  const highRisk = async (worker: string, first: string) => {
    const reg = await api.register(worker, 'child_protection', {
      first_name: first,
      last_name: 'Rusu',
      sex: 'female',
      date_of_birth: '2019-02-11',
      consent_status: 'not_required_emergency',
      assent_status: 'given',
    });
    expect(reg.status).toBe(201);
    expect((await api.transition(worker, reg.body.id, 'start_assessment')).status).toBe(200);
    const filled = await api.fill(worker, reg.body.id, 'initial_assessment', { assessment_date: '2026-03-02', risk_level: 'high', summary: 'Seen at school.' });
    expect(filled.status).toBe(200);
    return { id: reg.body.id as string, worker };
  };
  const respond = async (c: { id: string; worker: string }) => {
    expect((await api.transition(c.worker, c.id, 'start_specialised_assessments')).status).toBe(200);
    expect((await api.transition(c.worker, c.id, 'start_comprehensive_assessment')).status).toBe(200);
    expect((await api.fill(c.worker, c.id, 'comprehensive_assessment', { assessment_date: '2026-03-04', summary: 'Done.' })).status).toBe(200);
  };
  const close = async (c: { id: string; worker: string }) => {
    expect((await api.fill(c.worker, c.id, 'closure', { closure_reason: 'needs_met', closure_date: '2026-03-03', summary: 'Safe.' })).status).toBe(200);
    expect((await api.transition(c.worker, c.id, 'close_case')).status).toBe(200);
  };

  beforeAll(async () => {
    t = await startTestApp('sop_what_if', { start: T0 });
    api = casesClient(t);
    const names = ['Ana', 'Maria', 'Ion', 'Elena', 'Victor', 'Irina', 'Petru', 'Olga', 'Andrei', 'Nina', 'Sergiu', 'Vera', 'Mihai', 'Lidia', 'Pavel', 'Zina'];
    // Chișinău (Bubuieci): 6 done after 12 h, 5 after 30 h, 5 after 60 h; 5 closed without it after
    // 36 h, 5 after 60 h; 5 never done. Strășeni: 2 done after 12 h.
    const ch = [];
    for (const n of names) ch.push(await highRisk('caseworker', n));
    const closedEarly = [];
    const closedLate = [];
    const neverDone = [];
    for (let i = 0; i < 5; i++) {
      closedEarly.push(await highRisk('caseworker', `Early${i}`));
      closedLate.push(await highRisk('caseworker', `Late${i}`));
      neverDone.push(await highRisk('caseworker', `Open${i}`));
    }
    const st = [await highRisk('caseworker2', 'Dana'), await highRisk('caseworker2', 'Radu')];
    t.clock.set(new Date(T0.getTime() + 12 * HOUR_MS));
    for (const c of [...ch.slice(0, 6), ...st]) await respond(c);
    t.clock.set(new Date(T0.getTime() + 30 * HOUR_MS));
    for (const c of ch.slice(6, 11)) await respond(c);
    t.clock.set(new Date(T0.getTime() + 36 * HOUR_MS));
    for (const c of closedEarly) await close(c);
    t.clock.set(new Date(T0.getTime() + 60 * HOUR_MS));
    for (const c of ch.slice(11)) await respond(c);
    for (const c of closedLate) await close(c);
    t.clock.set(NOW);
    draftId = (
      await t.http
        .post('/api/sop/drafts')
        .set(await admin())
        .send({})
    ).body.id;
  }, 300_000);
  afterAll(async () => t?.close());

  it("refuses a caseworker and an analyst (403): it is an administrator's tool", async () => {
    for (const who of ['caseworker', 'analyst']) {
      const res = await whatIf(MARCH, { authorization: await t.login(who) });
      expect([res.status, res.body.code]).toEqual([403, 'forbidden']);
    }
  });

  it("with the draft equal to the published version, gives exactly the live report's figures, for every deadline", async () => {
    const before = await counts();
    const res = await whatIf(MARCH);
    expect(res.status).toBe(200);
    expect(await counts()).toEqual(before);
    expect(res.body.deadlines.length).toBeGreaterThan(3);
    const analyst = { authorization: await t.login('analyst') };
    for (const d of res.body.deadlines) {
      const live = await t.http.get(`/api/reports/indicators/deadline.${d.deadline}`).query(MARCH).set(analyst);
      expect(live.status).toBe(200);
      const total = live.body.total;
      const liveFigures = total.suppressed
        ? { suppressed: true, counts: null, keptOnTimePercent: null }
        : {
            suppressed: false,
            counts: {
              due: total.n,
              cases: total.measures.cases,
              met: total.measures.met,
              late: total.measures.late,
              missed: total.measures.missed,
              stillOpen: total.measures.stillOpen,
            },
            keptOnTimePercent: total.value,
          };
      expect({ deadline: d.deadline, figures: d.published }).toEqual({ deadline: d.deadline, figures: liveFigures });
      expect(d.draft).toEqual(d.published);
    }
    // Not vacuous: the high-risk response of 28 cases, 13 kept on time, 5 late, 5 missed (closed after
    // 60 h without it), 5 still open; the 5 closed after 36 h stopped applying before it fell due.
    expect(row(res.body, 'initial_response').published).toEqual({
      suppressed: false,
      counts: { due: 28, cases: 28, met: 13, late: 5, missed: 5, stillOpen: 5 },
      keptOnTimePercent: 46.4,
    });
    expect(row(res.body, 'initial_response').change).toEqual({
      suppressed: false,
      counts: { due: 0, cases: 0, met: 0, late: 0, missed: 0, stillOpen: 0 },
      keptOnTimePoints: 0,
    });
  });

  it('after the draft shortens high risk from 48 h to 24 h, the responses done between 24 and 48 h turn from kept on time to late, and cases closed then without it miss it', async () => {
    const draft = await t.http.get(`/api/sop/drafts/${draftId}`).set(await admin());
    const edit = await t.http
      .post(`/api/sop/drafts/${draftId}/edits`)
      .set(await admin())
      .send({ baseRevision: draft.body.revision, operations: [{ op: 'replace', path: HIGH, value: { hours: 24 } }] });
    expect(edit.status).toBe(200);
    const res = await whatIf(MARCH);
    expect(res.status).toBe(200);
    const response = row(res.body, 'initial_response');
    expect(response.published.counts).toEqual({ due: 28, cases: 28, met: 13, late: 5, missed: 5, stillOpen: 5 });
    expect(response.draft).toEqual({ suppressed: false, counts: { due: 33, cases: 33, met: 8, late: 10, missed: 10, stillOpen: 5 }, keptOnTimePercent: 24.2 });
    expect(response.change).toEqual({ suppressed: false, counts: { due: 5, cases: 5, met: -5, late: 5, missed: 5, stillOpen: 0 }, keptOnTimePoints: -22.2 });
    // Counts only: no case id, number or name anywhere.
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/Rusu|Ana|[0-9a-f]{8}-[0-9a-f]{4}-/);
    // Audited like a report, with the period asked for.
    const audited = await t.app.get(DataSource).query(`SELECT details FROM audit_log WHERE action = 'report.what_if' ORDER BY seq DESC LIMIT 1`);
    expect(audited[0].details).toEqual({ draft: draftId, from: MARCH.from, to: MARCH.to, location: null });
  });

  it('suppresses small cells on both sides and in the change (Strășeni: 2 cases)', async () => {
    const res = await whatIf({ ...MARCH, location: 'ST' });
    expect(res.status).toBe(200);
    expect(res.body.location).toEqual({ code: 'ST', label: 'Strășeni' });
    const response = row(res.body, 'initial_response');
    expect(response.published).toEqual({ suppressed: true, counts: null, keptOnTimePercent: null });
    expect(response.draft).toEqual({ suppressed: true, counts: null, keptOnTimePercent: null });
    expect(response.change).toEqual({ suppressed: true, counts: null, keptOnTimePoints: null });
    // Chișinău alone: shown.
    const ch = row((await whatIf({ ...MARCH, location: 'CH' })).body, 'initial_response');
    expect(ch.published.counts).toEqual({ due: 26, cases: 26, met: 11, late: 5, missed: 5, stillOpen: 5 });
    expect(ch.draft.counts).toEqual({ due: 31, cases: 31, met: 6, late: 10, missed: 10, stillOpen: 5 });
  });

  it('refuses a bad period or place with 422 and a stable code', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ from: '2026-02-31', to: '2026-03-31' }, 'what_if_period_invalid'],
      [{ from: '2026-04-01', to: '2026-03-01' }, 'what_if_period_invalid'],
      [{ ...MARCH, location: 'XX' }, 'what_if_location_unknown'],
    ];
    for (const [body, code] of cases) {
      const res = await whatIf(body);
      expect([res.status, res.body.code]).toEqual([422, code]);
    }
    expect((await whatIf({ from: '2026-03-01' })).status).toBe(400);
  });
});
