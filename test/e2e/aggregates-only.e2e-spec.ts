import { startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/**
 * "Aggregates only" (`count` on `report`): ngo-lite's funder counts the programme's young people
 * without any case read right. Figures over its scope, always small-cell suppressed; no case, no
 * list, no export, and answers it may not read split nothing.
 */
describe('aggregates-only reporting role (ngo-lite funder)', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  const ids: string[] = [];
  const get = async (who: string, url: string, query: Record<string, string> = {}) =>
    t.http
      .get(url)
      .query(query)
      .set(await api.as(who));
  const cell = (table: any, keys: Record<string, string | null>) => table.cells.find((c: any) => Object.entries(keys).every(([k, v]) => c.keys[k] === v));

  beforeAll(async () => {
    t = await startTestApp('aggregates_only', { sopDir: 'test/fixtures/packs/ngo-lite', start: new Date('2026-03-06T10:00:00Z') });
    api = casesClient(t);
    // 7 young people in the North, 2 in the South.
    for (const [who, n] of [
      ['vol1', 7],
      ['vol2', 2],
    ] as const) {
      for (let i = 0; i < n; i++) {
        const res = await api.register(who, 'beneficiary', { full_name: `Pupil ${who} ${i}`, birth_year: 2008, priority: 'normal' });
        expect(res.status).toBe(201);
        ids.push(res.body.id);
      }
    }
  });
  afterAll(async () => t?.close());

  it('counts every case of its scope, small cells and their complement hidden, the total shown', async () => {
    const res = await get('funder', '/api/reports/indicators/beneficiaries', { by: 'location:region' });
    expect(res.status).toBe(200);
    expect(res.body.total).toMatchObject({ n: 9, suppressed: false });
    expect(cell(res.body, { 'location:region': 'SOUTH' })).toMatchObject({ n: null, value: null, suppressed: true });
    // The North alone would give the South back by subtraction from the total.
    expect(cell(res.body, { 'location:region': 'NORTH' })).toMatchObject({ n: null, suppressed: true });
    expect(res.body.suppression).toMatchObject({ applied: true, threshold: 5 });
    expect(JSON.stringify(res.body)).not.toMatch(/Pupil/);
  });

  it('is never exact, even where no cell is small, and sees its dashboard', async () => {
    const byStep = await get('funder', '/api/reports/indicators/beneficiaries', { by: 'step' });
    expect(cell(byStep.body, { step: 'intake' })).toMatchObject({ n: 9, suppressed: false });
    expect(byStep.body.suppression.applied).toBe(true);
    expect((await get('funder', '/api/reports/dashboards')).body.map((d: any) => d.id)).toEqual(['programme']);
    const dash = await get('funder', '/api/reports/dashboards/programme');
    expect(dash.status).toBe(200);
    expect(cell(dash.body.widgets[0].table, { 'location:region': 'SOUTH' })).toMatchObject({ suppressed: true });
  });

  it('splits nothing by an answer it may not read', async () => {
    const res = await get('funder', '/api/reports/indicators/beneficiaries', { by: 'answer:intake.priority' });
    expect(res.status).toBe(200);
    expect(res.body.cells.every((c: any) => c.n === 0 || c.n === null)).toBe(true);
    expect(res.body.total.n).toBe(0);
  });

  it('reads no case: not in the list, not one by one, not in any export', async () => {
    const list = await get('funder', '/api/cases');
    expect(list.status === 403 || (list.status === 200 && list.body.total === 0 && list.body.items.length === 0)).toBe(true);
    for (const id of ids) expect([403, 404]).toContain((await api.get('funder', id)).status);
    for (const url of ['/api/reports/exports/cases', '/api/reports/exports/cases-deidentified', '/api/reports/indicators/beneficiaries/export']) {
      const res = await get('funder', url);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('export_not_permitted');
    }
  });

  it('leaves roles without any report rule refused', async () => {
    const res = await get('coord', '/api/reports/indicators/beneficiaries');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('report_not_permitted');
  });
});
