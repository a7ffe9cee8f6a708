import { DataSource } from 'typeorm';
import { Dhis2Export } from '@app/dhis2-export';
import { SopRegistry } from '@app/sop-registry';
import { startTestApp, TestApp } from '../support/app';
import { Dhis2StandIn } from '../support/dhis2-stand-in';
import { ReportSeed } from '../support/report-seed';

const UID = /^[A-Za-z][A-Za-z0-9]{10}$/;
const NOVEMBER = { from: '2026-11-01', to: '2026-11-30' };

/**
 * Aggregate reporting to DHIS2 (Moldova's dhis2.json) against a local DHIS2 stand-in: the pushed body
 * is DHIS2's documented dataValueSets shape, each value is the figure the reports API shows the
 * national analyst (whose scope dhis2.json names) for the same period, and suppressed cells are absent.
 */
describe('DHIS2 aggregate reporting (Moldova)', () => {
  let t: TestApp;
  let dhis2: Dhis2StandIn;
  const saved: Record<string, string | undefined> = {};
  const as = async (who: string) => ({ authorization: await t.login(who) });

  beforeAll(async () => {
    dhis2 = await new Dhis2StandIn().start();
    for (const k of ['DHIS2_URL', 'DHIS2_USERNAME', 'DHIS2_PASSWORD', 'DHIS2_TOKEN']) saved[k] = process.env[k];
    Object.assign(process.env, { DHIS2_URL: dhis2.url, DHIS2_USERNAME: 'cmis-sync', DHIS2_PASSWORD: 'district-pass-1' });
    delete process.env.DHIS2_TOKEN;
    // 7 December 2026, 10:00 in Chișinău: November has closed, the pack's hour (06:00) has passed.
    t = await startTestApp('dhis2_export', { start: new Date('2026-12-07T08:00:00Z') });
    const sop = await t.app.get(SopRegistry).current();
    const seed = new ReportSeed(t.app.get(DataSource), sop.pack, sop.versionId);
    const ch = { agency: 'social_ch', team: 'ch_social_team', location: 'CH01', assignedTo: 'caseworker' };
    await seed.cases(6, { ...ch, sex: 'female', dateOfBirth: '2018-01-01', risk: 'high', registeredAt: '2026-11-10T09:00:00Z' });
    await seed.cases(2, { ...ch, sex: 'male', dateOfBirth: '2012-01-01', risk: 'low', registeredAt: '2026-11-11T09:00:00Z' });
    await seed.cases(3, { ...ch, sex: 'male', dateOfBirth: '2012-01-01', registeredAt: '2026-10-11T09:00:00Z' }); // October: another period
    const st = { agency: 'social_st', team: 'st_social_team', location: 'ST01', assignedTo: 'caseworker2' };
    await seed.cases(7, { ...st, sex: 'female', dateOfBirth: '2016-01-01', risk: 'high', registeredAt: '2026-11-12T09:00:00Z' });
    await seed.cases(5, { ...st, sex: 'male', dateOfBirth: '2016-01-01', risk: 'high', registeredAt: '2026-11-13T09:00:00Z' });
    const or = { location: 'OR01', assignedTo: null };
    await seed.cases(6, { ...or, sex: 'female', dateOfBirth: '2010-01-01', registeredAt: '2026-11-14T09:00:00Z' });
    await seed.cases(8, { ...or, sex: 'male', dateOfBirth: '2010-01-01', registeredAt: '2026-11-15T09:00:00Z' });
  });

  afterAll(async () => {
    await t?.close();
    await dhis2?.close();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('previews the period without sending anything: labels from the pack, suppressed cells marked', async () => {
    const res = await t.http.get('/api/dhis2/preview?period=202611').set(await as('analyst'));
    expect(res.status).toBe(200);
    expect(dhis2.received).toHaveLength(0);
    expect(res.body.period).toEqual({ id: '202611', from: '2026-11-01', to: '2026-11-30' });
    const chMale = res.body.rows.find((r: any) => r.dataElement === 'cpCasesSex1' && r.orgUnit.code === 'CH' && r.category.key === 'male');
    expect(chMale).toMatchObject({
      orgUnit: { label: 'Chișinău', id: 'mdChisinau1' },
      category: { label: 'Male', id: 'cocMale0001' },
      status: 'suppressed',
      value: null,
    });
    expect(res.body.counts.suppressed).toBeGreaterThan(0);
    expect(res.body.payload.dataValues).toHaveLength(res.body.counts.sent);

    const bad = await t.http.get('/api/dhis2/preview?period=2026-11').set(await as('analyst'));
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('dhis2_bad_period');
  });

  it("pushes one period in DHIS2's dataValueSets format, each value the reports' figure, suppressed cells left out", async () => {
    const res = await t.http
      .post('/api/dhis2/pushes')
      .set(await as('admin'))
      .send({ period: '202611' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ period: '202611', trigger: 'manual', status: 'succeeded', attempts: 1, httpStatus: 200, importStatus: 'SUCCESS' });

    expect(dhis2.received).toHaveLength(1);
    const got = dhis2.received[0];
    expect(got.method).toBe('POST');
    expect(got.url).toMatch(/^\/api\/dataValueSets(\?|$)/);
    expect(got.contentType).toMatch(/^application\/json/);
    expect(got.authorization).toBe(`Basic ${Buffer.from('cmis-sync:district-pass-1').toString('base64')}`);
    const body = got.body;
    expect(Object.keys(body).sort()).toEqual(['dataSet', 'dataValues', 'period']);
    expect(body).toMatchObject({ dataSet: 'cPmdChdPr01', period: '202611' });
    for (const v of body.dataValues) {
      expect(Object.keys(v).sort()).toEqual(['categoryOptionCombo', 'dataElement', 'orgUnit', 'period', 'value']);
      expect(v.period).toBe('202611');
      for (const id of [v.dataElement, v.orgUnit, v.categoryOptionCombo]) expect(id).toMatch(UID);
      expect(v.value).toMatch(/^\d+$/);
    }
    expect(res.body.valuesSent).toBe(body.dataValues.length);
    expect(res.body.importCount).toEqual({ imported: body.dataValues.length, updated: 0, ignored: 0 });
    const sent = (de: string, ou: string, coc: string) =>
      body.dataValues.find((v: any) => v.dataElement === de && v.orgUnit === ou && v.categoryOptionCombo === coc)?.value;

    // The national dashboard's "registered by district" widget, for November, as the national analyst sees it.
    const orgUnit: Record<string, string> = { CH: 'mdChisinau1', ST: 'mdStraseni1', OR: 'mdOrhei0001' };
    const dash = await t.http.get(`/api/reports/dashboards/national?from=${NOVEMBER.from}&to=${NOVEMBER.to}`).set(await as('analyst'));
    expect(dash.status).toBe(200);
    const widget = dash.body.widgets.find((w: any) => w.table.indicator.id === 'cases_registered' && w.by.join() === 'location:district');
    const byDistrict = new Map<string, any>(widget.table.cells.map((c: any) => [c.keys['location:district'], c]));
    expect(byDistrict.get('CH').value).toBe(8);
    expect(byDistrict.get('OR').value).toBe(14);
    for (const [code, id] of Object.entries(orgUnit)) {
      const cell = byDistrict.get(code);
      if (cell.suppressed) expect(sent('cpCasesReg1', id, 'HllvX50cXC0')).toBeUndefined();
      else expect(sent('cpCasesReg1', id, 'HllvX50cXC0')).toBe(String(cell.value));
    }

    // Split by sex: the same table through the reports API (same period, same dimensions).
    const table = await t.http
      .get(`/api/reports/indicators/cases_registered?by=location:district,sex&from=${NOVEMBER.from}&to=${NOVEMBER.to}`)
      .set(await as('analyst'));
    expect(table.status).toBe(200);
    const coc: Record<string, string> = { female: 'cocFemale01', male: 'cocMale0001' };
    let suppressed = 0;
    for (const c of table.body.cells) {
      const ou = orgUnit[c.keys['location:district']];
      const combo = coc[c.keys.sex];
      if (!ou || !combo) continue;
      if (c.suppressed) {
        suppressed++;
        expect(sent('cpCasesSex1', ou, combo)).toBeUndefined();
      } else expect(sent('cpCasesSex1', ou, combo)).toBe(String(c.value));
    }
    // Chișinău's 2 boys are a small cell: hidden, and not sent as 0 either; so are the cells that would
    // give them away from the totals (Chișinău's girls, Strășeni's boys, then Strășeni's girls). Orhei's are sent.
    expect(suppressed).toBe(4);
    expect(sent('cpCasesSex1', 'mdChisinau1', 'cocMale0001')).toBeUndefined();
    expect(sent('cpCasesSex1', 'mdStraseni1', 'cocFemale01')).toBeUndefined();
    expect(sent('cpCasesSex1', 'mdOrhei0001', 'cocFemale01')).toBe('6');
    expect(sent('cpCasesSex1', 'mdOrhei0001', 'cocMale0001')).toBe('8');
    expect(body.dataValues.some((v: any) => v.value === '2')).toBe(false);
    // No notification in November: every mapped district gets 0 (a figure), not a gap.
    for (const id of Object.values(orgUnit)) expect(sent('cpNotifRec1', id, 'HllvX50cXC0')).toBe('0');
  });

  it('retries after a 5xx answer and records one successful delivery', async () => {
    dhis2.received.length = 0;
    dhis2.failNext(500);
    const res = await t.http
      .post('/api/dhis2/pushes')
      .set(await as('admin'))
      .send({ period: '202611' });
    expect(res.body).toMatchObject({ status: 'succeeded', attempts: 2, httpStatus: 200 });
    expect(dhis2.received).toHaveLength(2);
    expect(dhis2.received[1].body).toEqual(dhis2.received[0].body);
  });

  it('records wrong credentials (401) as a failed delivery with the reason, without retrying', async () => {
    dhis2.received.length = 0;
    dhis2.expected.password = 'rotated-in-dhis2';
    try {
      const res = await t.http
        .post('/api/dhis2/pushes')
        .set(await as('admin'))
        .send({ period: '202611' });
      expect(res.body).toMatchObject({ status: 'failed', attempts: 1, httpStatus: 401, importCount: null });
      expect(res.body.reason).toMatch(/credentials.*401/);
      expect(dhis2.received).toHaveLength(1);
      const log = await t.http.get('/api/dhis2/pushes').set(await as('admin'));
      expect(log.body[0]).toMatchObject({ period: '202611', status: 'failed', httpStatus: 401, actor: { name: expect.any(String) } });
      expect(log.body.map((d: any) => d.status)).toEqual(['failed', 'succeeded', 'succeeded']);
    } finally {
      dhis2.expected.password = 'district-pass-1';
    }
  });

  it('the schedule pushes the closed period once, however often it runs; a refused one is tried again', async () => {
    dhis2.received.length = 0;
    const runner = t.app.get(Dhis2Export);
    dhis2.expected.password = 'rotated-in-dhis2';
    expect(await runner.runScheduled()).toMatchObject({ period: '202611', trigger: 'schedule', status: 'failed', httpStatus: 401 });
    dhis2.expected.password = 'district-pass-1';
    dhis2.received.length = 0;
    const first = await runner.runScheduled();
    expect(first).toMatchObject({ period: '202611', trigger: 'schedule', status: 'succeeded', actor: null });
    expect(await runner.runScheduled()).toBeNull();
    expect(dhis2.received).toHaveLength(1);
  });

  it('sending is for administrators; reading for those who may read reports', async () => {
    expect(
      (
        await t.http
          .post('/api/dhis2/pushes')
          .set(await as('analyst'))
          .send({ period: '202611' })
      ).status,
    ).toBe(403);
    expect((await t.http.get('/api/dhis2/status').set(await as('police'))).status).toBe(403);
    const status = await t.http.get('/api/dhis2/status').set(await as('analyst'));
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      configured: true,
      periodType: 'monthly',
      lastClosedPeriod: { id: '202611' },
      server: { configured: true, auth: 'basic' },
    });
    expect(JSON.stringify(status.body)).not.toContain('district-pass-1');
    expect(status.body.orgUnits).toEqual(expect.arrayContaining([{ code: 'CH', label: 'Chișinău', id: 'mdChisinau1' }]));
  });
});
