import { DataSource } from 'typeorm';
import { SopRegistry } from '@app/sop-registry';
import { startTestApp, TestApp } from '../support/app';
import { ReportSeed } from '../support/report-seed';

/**
 * Indicators and dashboards on a seeded Moldova data set whose figures are computed by hand:
 *
 *   CH01 caseworker : 7 F open 5-9 high (Mar) · 3 M open 10-14 low (Apr) · 2 F closed 15-17 medium (Feb)
 *   CH01 caseworker3: 6 M open 0-4 high (May), placed in foster care
 *   CH02 caseworker3: 4 F open 5-9, no risk (May)
 *   ST01 caseworker2: 9 F open 5-9 medium · 1 M open 10-14, no risk (Mar)
 *   CH01 notifications: 2
 * Initial assessment deadlines of the 12 CH01 caseworker cases: 10 met, 5 kept 10/20/30/50/60 h late,
 * 5 missed (never kept; they stopped applying 500 h after due), 5 still open 70 h past due; plus one
 * not yet due and one cancelled, which do not count.
 */
describe('Reporting: indicators and dashboards (Moldova, seeded data set)', () => {
  let t: TestApp;
  let seed: ReportSeed;
  /** A case with one deadline of each outcome. */
  let sample: string;
  const year = { from: '2026-01-01', to: '2026-12-31' };
  const get = async (who: string, url: string, query: Record<string, string> = {}) =>
    t.http
      .get(url)
      .query(query)
      .set('authorization', await t.login(who));
  const cell = (table: any, keys: Record<string, string | null>) => table.cells.find((c: any) => Object.entries(keys).every(([k, v]) => c.keys[k] === v));

  beforeAll(async () => {
    t = await startTestApp('reporting', { start: new Date('2026-06-15T10:00:00Z') });
    const sop = await t.app.get(SopRegistry).current();
    const ds = t.app.get(DataSource);
    seed = new ReportSeed(ds, sop.pack, sop.versionId);
    const ch = { agency: 'social_ch', team: 'ch_social_team' };
    const mine = [
      ...(await seed.cases(7, {
        ...ch,
        location: 'CH01',
        assignedTo: 'caseworker',
        sex: 'female',
        dateOfBirth: '2018-01-01',
        risk: 'high',
        registeredAt: '2026-03-10T09:00:00Z',
      })),
      ...(await seed.cases(3, {
        ...ch,
        location: 'CH01',
        assignedTo: 'caseworker',
        sex: 'male',
        dateOfBirth: '2013-01-01',
        risk: 'low',
        registeredAt: '2026-04-10T09:00:00Z',
      })),
    ];
    const closed = await seed.cases(2, {
      ...ch,
      location: 'CH01',
      assignedTo: 'caseworker',
      sex: 'female',
      dateOfBirth: '2010-06-01',
      risk: 'medium',
      status: 'closed',
      step: 'closed',
      registeredAt: '2026-02-10T09:00:00Z',
      answers: { closure: { closure_reason: 'needs_met' } },
    });
    await seed.cases(6, {
      ...ch,
      location: 'CH01',
      assignedTo: 'caseworker3',
      sex: 'male',
      dateOfBirth: '2023-05-01',
      risk: 'high',
      registeredAt: '2026-05-10T09:00:00Z',
      answers: { placement: { placement_type: 'foster_care', placement_date: '2026-05-12' } },
    });
    await seed.cases(4, { ...ch, location: 'CH02', assignedTo: 'caseworker3', sex: 'female', dateOfBirth: '2019-02-01', registeredAt: '2026-05-11T09:00:00Z' });
    const st = { agency: 'social_st', team: 'st_social_team', location: 'ST01', assignedTo: 'caseworker2', registeredAt: '2026-03-05T09:00:00Z' };
    await seed.cases(9, { ...st, sex: 'female', dateOfBirth: '2019-03-01', risk: 'medium' });
    await seed.cases(1, { ...st, sex: 'male', dateOfBirth: '2014-03-01' });
    await seed.cases(2, { caseType: 'notification', step: 'notification_received', location: 'CH01', registeredAt: '2026-03-01T09:00:00Z', displayName: null });

    const deadlines = [...mine, ...closed]; // 12 cases: met 8 here, 2 more below
    sample = deadlines[4];
    const due = '2026-04-01T10:00:00Z';
    const after = (hours: number) => new Date(Date.parse(due) + hours * 3_600_000).toISOString();
    for (const id of deadlines.slice(0, 8)) await seed.deadline(id, 'initial_assessment_due', { dueAt: due, status: 'met', closedAt: '2026-03-31T10:00:00Z' });
    for (const [i, hours] of [10, 20, 30].entries()) {
      await seed.deadline(deadlines[8 + i], 'initial_assessment_due', { dueAt: due, status: 'late', closedAt: after(hours) });
    }
    for (const id of deadlines.slice(4, 9)) await seed.deadline(id, 'initial_assessment_due', { dueAt: '2026-06-12T12:00:00Z', status: 'open' }); // 70 h overdue now
    await seed.deadline(deadlines[4], 'initial_assessment_due', { dueAt: due, status: 'late', closedAt: after(50) });
    await seed.deadline(deadlines[11], 'initial_assessment_due', { dueAt: due, status: 'late', closedAt: after(60) });
    for (const id of deadlines.slice(4, 9)) await seed.deadline(id, 'initial_assessment_due', { dueAt: due, status: 'missed', closedAt: after(500) });
    await seed.deadline(deadlines[0], 'initial_assessment_due', { dueAt: '2026-05-01T10:00:00Z', status: 'met', closedAt: '2026-05-01T09:00:00Z' });
    await seed.deadline(deadlines[1], 'initial_assessment_due', { dueAt: '2026-05-02T10:00:00Z', status: 'met', closedAt: '2026-05-01T09:00:00Z' });
    await seed.deadline(deadlines[2], 'initial_assessment_due', { dueAt: '2026-07-01T10:00:00Z', status: 'open' }); // not due yet
    await seed.deadline(deadlines[3], 'initial_assessment_due', { dueAt: '2026-04-01T10:00:00Z', status: 'cancelled', closedAt: '2026-03-20T10:00:00Z' });
    for (const id of closed)
      await seed.event(id, 'transition_performed', '2026-05-20T10:00:00Z', { transition: 'close_case', from: 'follow_up', to: 'closed' });
  });

  afterAll(() => t?.close());

  it('counts every registered case of the country by district for the national analyst', async () => {
    const res = await get('analyst', '/api/reports/indicators/cases_registered', { ...year, by: 'location:district' });
    expect(res.status).toBe(200);
    expect(cell(res.body, { 'location:district': 'CH' })).toMatchObject({ n: 22, value: 22, suppressed: false });
    expect(cell(res.body, { 'location:district': 'ST' })).toMatchObject({ n: 10, value: 10 });
    expect(res.body.total).toMatchObject({ value: 32, suppressed: false });
    expect(res.body.dimensions[0].values.map((v: any) => v.label)).toEqual(['Chișinău', 'Strășeni']);
    expect(res.body.suppression).toEqual({ applied: true, threshold: 5, suppressedCells: 0 });
  });

  it('suppresses small age bands for someone who cannot read the names', async () => {
    const res = await get('analyst', '/api/reports/indicators/cases_registered', { ...year, by: 'ageBand' });
    const v = (k: string) => cell(res.body, { ageBand: k });
    expect(v('0')).toMatchObject({ value: 6, suppressed: false });
    expect(v('5')).toMatchObject({ value: 20, suppressed: false });
    expect(v('10')).toEqual({ keys: { ageBand: '10' }, n: null, value: null, suppressed: true }); // 4
    expect(v('15')).toMatchObject({ value: null, suppressed: true }); // 2
    expect(v('18')).toMatchObject({ value: 0, suppressed: false });
    expect(res.body.dimensions[0].values.map((x: any) => x.label)).toEqual(['0–4', '5–9', '10–14', '15–17', '18+']);
    expect(res.body.total.value).toBe(32);
  });

  it('hides a complementary cell so that a single small cell cannot be recomputed from the total', async () => {
    const res = await get('analyst', '/api/reports/indicators/cases_registered', { ...year, by: 'status' });
    // open 30, pending 0, closed 2: with the total 32 shown, "closed" would be 32 - 30 - 0.
    expect(cell(res.body, { status: 'closed' })).toMatchObject({ suppressed: true, value: null });
    expect(cell(res.body, { status: 'open' })).toMatchObject({ suppressed: true, value: null });
    expect(cell(res.body, { status: 'paused' })).toMatchObject({ suppressed: false, value: 0 });
    expect(res.body.total.value).toBe(32);
    expect(res.body.suppression.suppressedCells).toBe(2);
  });

  it('protects both ways of a two-way table', async () => {
    const res = await get('analyst', '/api/reports/indicators/cases_registered', { ...year, by: 'sex,ageBand' });
    // female: 5-9 20, 15-17 2; male: 0-4 6, 10-14 4
    const hidden = res.body.cells.filter((c: any) => c.suppressed).map((c: any) => `${c.keys.sex}/${c.keys.ageBand}`);
    expect(hidden).toEqual(expect.arrayContaining(['female/15', 'male/10']));
    for (const dim of ['sex', 'ageBand']) {
      const other = dim === 'sex' ? 'ageBand' : 'sex';
      const perLine = new Map<string, number>();
      for (const c of res.body.cells) if (c.suppressed) perLine.set(c.keys[other], (perLine.get(c.keys[other]) ?? 0) + 1);
      for (const n of perLine.values()) expect(n).not.toBe(1);
    }
    expect(res.body.cells.filter((c: any) => c.suppressed).length).toBe(hidden.length);
  });

  it('scopes a district authority to its own district and leaves its figures whole (it reads those names anyway)', async () => {
    const res = await get('district', '/api/reports/indicators/cases_registered', { ...year, by: 'location:community' });
    expect(res.body.total.value).toBe(22);
    expect(cell(res.body, { 'location:community': 'CH01' }).value).toBe(18);
    expect(cell(res.body, { 'location:community': 'CH02' }).value).toBe(4);
    expect(res.body.cells.some((c: any) => c.keys['location:community']?.startsWith('ST'))).toBe(false);
    expect(res.body.suppression.applied).toBe(false);
    const strășeni = await get('district', '/api/reports/indicators/cases_registered', { ...year, location: 'ST' });
    expect(strășeni.body.total.value).toBe(0);
  });

  it("gives a caseworker their own work and a supervisor the team's caseload per worker", async () => {
    const own = await get('caseworker', '/api/reports/indicators/active_cases');
    expect(own.body.total.value).toBe(10);
    const team = await get('supervisor', '/api/reports/indicators/active_cases', { by: 'worker' });
    const byName = Object.fromEntries(team.body.dimensions[0].values.map((v: any) => [v.label, cell(team.body, { worker: v.key }).value]));
    expect(byName).toEqual({ 'Elena Cojocaru': 10, 'Ion Rusu': 10 });
    const st = await get('supervisor_st', '/api/reports/indicators/active_cases');
    expect(st.body.total.value).toBe(10);
  });

  it('computes ratios, current counts and counts of events', async () => {
    const share = await get('analyst', '/api/reports/indicators/high_risk_share', { ...year, by: 'location:district' });
    expect(share.body.indicator).toMatchObject({ kind: 'ratio', unit: 'percent' });
    expect(cell(share.body, { 'location:district': 'CH' })).toMatchObject({ n: 18, value: 72.2, measures: { numerator: 13 } });
    expect(cell(share.body, { 'location:district': 'ST' })).toMatchObject({ n: 9, value: 0, measures: { numerator: 0 } });
    expect(share.body.total).toMatchObject({ n: 27, value: 48.1 });
    const care = await get('analyst', '/api/reports/indicators/children_in_care', { from: '2026-06-01' }); // current: the period does not apply
    expect(care.body.total.value).toBe(6);
    expect(care.body.period).toEqual({ from: null, to: null });
    const closures = await get('analyst', '/api/reports/indicators/cases_closed_during_period', year);
    expect(closures.body.total).toMatchObject({ suppressed: true, value: null }); // 2 closures
    const closuresDistrict = await get('district', '/api/reports/indicators/cases_closed_during_period', year);
    expect(closuresDistrict.body.total.value).toBe(2);
  });

  it('measures SOP compliance from the deadlines: kept on time, kept late, missed, still open, and the median delay', async () => {
    const res = await get('analyst', '/api/reports/indicators/deadline.initial_assessment_due', year);
    expect(res.body.indicator).toMatchObject({ kind: 'deadline', unit: 'percent' });
    expect(res.body.indicator.description).toMatch(/missed/);
    // 25 due: 10 kept on time (40 %), 5 kept late, 5 missed, 5 still open. Delays of the late and still
    // open ones: 10, 20, 30, 50, 60, 70 ×5 h, median 65 (the missed ones' 500 h would make it 70).
    expect(res.body.total).toMatchObject({
      n: 25,
      value: 40,
      measures: { cases: 12, met: 10, late: 5, missed: 5, stillOpen: 5, medianDelayHours: 65 },
      suppressed: false,
    });
    const byWorker = await get('supervisor', '/api/reports/indicators/deadline.initial_assessment_due', { ...year, by: 'worker' });
    expect(byWorker.body.total.n).toBe(25);
    expect(byWorker.body.dimensions[0].values.map((v: any) => v.label)).toEqual(['Elena Cojocaru']);
    // By sex, girls 9 kept on time, 3 late, 3 missed, 3 open; boys 1, 2, 2, 2: every small count hides its cell.
    const bySex = await get('analyst', '/api/reports/indicators/deadline.initial_assessment_due', { ...year, by: 'sex' });
    expect(cell(bySex.body, { sex: 'female' })).toMatchObject({ n: null, value: null, suppressed: true });
    expect(cell(bySex.body, { sex: 'male' })).toMatchObject({ n: null, value: null, suppressed: true });
    expect(bySex.body.total).toMatchObject({ n: 25, value: 40, suppressed: false });
    // The export holds the same categories, hidden figures as "*".
    const exported = await get('analyst', '/api/reports/indicators/deadline.initial_assessment_due/export', {
      ...year,
      by: 'sex',
      format: 'csv',
      locale: 'en',
    });
    expect(exported.status).toBe(200);
    const lines = exported.text.replace(/^\uFEFF/, '').split(/\r?\n/);
    expect(lines[0]).toBe('Sex,Percent,Due,Kept on time,Kept late,Missed,Still open,Median delay (hours)');
    expect(lines.find((l) => l.startsWith('Female,'))).toBe('Female,*,*,*,*,*,*,*');
    expect(lines).toContain('Total,40,25,10,5,5,5,65');
    const district = await get('district', '/api/reports/indicators/deadline.initial_assessment_due', { ...year, by: 'sex' });
    expect(cell(district.body, { sex: 'female' })).toMatchObject({ n: 18, value: 50, measures: { met: 9, late: 3, missed: 3, stillOpen: 3 } });
    expect(cell(district.body, { sex: 'male' })).toMatchObject({ n: 7, value: 14.3, measures: { met: 1, late: 2, missed: 2, stillOpen: 2 } });
  });

  it("lists a case's deadlines by outcome: met, late, missed or open", async () => {
    // The fifth case has one of each (and its seeded rows are the only deadlines it has).
    const list = async (status?: string) => {
      const res = await get('caseworker', `/api/cases/${sample}/deadlines`, status ? { status } : {});
      expect(res.status).toBe(200);
      return (res.body as any[]).map((d) => ({ status: d.status, closedAt: d.closedAt, overdue: d.overdue }));
    };
    expect(await list('late')).toEqual([{ status: 'late', closedAt: '2026-04-03T12:00:00.000Z', overdue: false }]);
    expect(await list('missed')).toEqual([{ status: 'missed', closedAt: '2026-04-22T06:00:00.000Z', overdue: false }]);
    expect(await list('met')).toEqual([{ status: 'met', closedAt: '2026-03-31T10:00:00.000Z', overdue: false }]);
    expect(await list()).toEqual([{ status: 'open', closedAt: null, overdue: true }]);
    expect((await list('all')).map((d) => d.status).sort()).toEqual(['late', 'met', 'missed', 'open']);
  });

  it('counts an answer only where the user may read it', async () => {
    const analyst = await get('analyst', '/api/reports/indicators/cases_registered', { ...year, by: 'answer:closure.closure_reason' });
    expect(cell(analyst.body, { 'answer:closure.closure_reason': 'needs_met' })).toMatchObject({ suppressed: true });
    const district = await get('district', '/api/reports/indicators/cases_registered', { ...year, by: 'answer:closure.closure_reason' });
    expect(cell(district.body, { 'answer:closure.closure_reason': 'needs_met' }).value).toBe(2);
    // The analyst may not read registration.disability: nothing is counted by it.
    const hidden = await get('analyst', '/api/reports/indicators/cases_registered', { ...year, by: 'answer:registration.disability' });
    expect(hidden.status).toBe(200);
    expect(hidden.body.total.value).toBe(0);
  });

  it('refuses roles without report rules and bad queries, with a stable code', async () => {
    for (const who of ['teacher', 'auditor', 'doctor']) {
      const res = await get(who, '/api/reports/indicators/cases_registered');
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('report_not_permitted');
    }
    const cases: Array<[Record<string, string>, number, string]> = [
      [{ by: 'colour' }, 400, 'bad_report_query'],
      [{ by: 'answer:registration.first_name' }, 400, 'bad_report_query'],
      [{ by: 'answer:health_assessment.sexual_abuse_findings' }, 400, 'bad_report_query'],
      [{ by: 'sex,ageBand,status' }, 400, 'bad_report_query'],
      [{ from: '2026-13-01' }, 400, 'bad_report_query'],
      [{ from: '2026-02-31' }, 400, 'bad_report_query'],
      [{ from: '2026-05-01', to: '2026-04-01' }, 400, 'bad_report_query'],
      [{ location: 'XX' }, 400, 'bad_report_query'],
    ];
    for (const [query, status, code] of cases) {
      const res = await get('analyst', '/api/reports/indicators/cases_registered', query);
      expect([query, res.status, res.body.code]).toEqual([query, status, code]);
    }
    const unknown = await get('analyst', '/api/reports/indicators/nothing');
    expect([unknown.status, unknown.body.code]).toEqual([404, 'unknown_indicator']);
    const currentByPeriod = await get('analyst', '/api/reports/indicators/active_cases', { by: 'period:month' });
    expect([currentByPeriod.status, currentByPeriod.body.code]).toEqual([400, 'bad_report_query']);
  });

  it('gives each role its dashboards, never with a name, and audits each view', async () => {
    const list = await get('analyst', '/api/reports/dashboards');
    expect(list.body.map((d: any) => d.id)).toEqual(['national']);
    expect((await get('district', '/api/reports/dashboards')).body.map((d: any) => d.id)).toEqual(['district']);
    const other = await get('analyst', '/api/reports/dashboards/district');
    expect([other.status, other.body.code]).toEqual([404, 'unknown_dashboard']);

    const national = await get('analyst', '/api/reports/dashboards/national');
    expect(national.status).toBe(200);
    expect(national.body.period.from).toBe('2025-06-30T21:00:00.000Z'); // 1 July 2025, Chișinău, 12 months
    expect(national.body.widgets.map((w: any) => w.chart)).toEqual(['bar', 'bar', 'bar', 'bar', 'bar', 'bar', 'line']);
    expect(national.body.widgets[0].table.total.value).toBe(32);
    const district = await get('district', '/api/reports/dashboards/district');
    expect(district.status).toBe(200);
    for (const body of [national.body, district.body]) {
      expect(JSON.stringify(body)).not.toMatch(/Seedchild|Seedfamily/);
    }
    const audit = await t.app.get(DataSource).query(`SELECT action, details FROM audit_log WHERE action LIKE 'report.%' ORDER BY seq`);
    expect(audit.map((a: any) => a.action)).toEqual(expect.arrayContaining(['report.view', 'report.dashboard_view']));
    expect(
      audit
        .filter((a: any) => a.action === 'report.dashboard_view')
        .map((a: any) => a.details.dashboard)
        .sort(),
    ).toEqual(['district', 'national']);
  });
});
