import { DataSource } from 'typeorm';
import { ReportSnapshots } from '@app/reporting';
import { SopRegistry } from '@app/sop-registry';
import { startTestApp, TestApp } from '../support/app';
import { ReportSeed } from '../support/report-seed';

/**
 * Report snapshots (issue 18): an expensive figure is kept and served for a bounded time. Here every
 * figure counts as expensive (CMIS_REPORT_KEEP_AFTER_MS=0) and the bound is 5 minutes
 * (CMIS_REPORT_MAX_AGE=300: recomputed in the background after 1 minute).
 */
describe('Report snapshots: expensive figures kept for a bounded time', () => {
  let t: TestApp;
  let seed: ReportSeed;
  const saved = { keep: process.env.CMIS_REPORT_KEEP_AFTER_MS, age: process.env.CMIS_REPORT_MAX_AGE };
  const get = async (who: string, url: string, query: Record<string, string> = {}) =>
    t.http
      .get(url)
      .query(query)
      .set('authorization', await t.login(who));
  const national = () => get('analyst', '/api/reports/dashboards/national', { from: '2026-01-01', to: '2026-12-31' });
  const registered = (body: any) => body.widgets.find((w: any) => w.table.indicator.id === 'cases_registered').table.total.value;
  const snapshots = async () => Number((await t.app.get(DataSource).query('SELECT count(*) AS n FROM report_snapshots'))[0].n);
  const minutes = (n: number) => t.clock.advance(n * 60_000);

  beforeAll(async () => {
    process.env.CMIS_REPORT_KEEP_AFTER_MS = '0';
    process.env.CMIS_REPORT_MAX_AGE = '300';
    t = await startTestApp('report_snapshots', { start: new Date('2026-06-15T10:00:00Z') });
    const sop = await t.app.get(SopRegistry).current();
    seed = new ReportSeed(t.app.get(DataSource), sop.pack, sop.versionId);
    const ch = { agency: 'social_ch', team: 'ch_social_team', location: 'CH01', assignedTo: 'caseworker' };
    await seed.cases(12, { ...ch, sex: 'female', dateOfBirth: '2018-01-01', risk: 'high', registeredAt: '2026-03-10T09:00:00Z' });
    await seed.cases(7, { ...ch, sex: 'male', dateOfBirth: '2012-01-01', risk: 'low', registeredAt: '2026-04-10T09:00:00Z' });
    await seed.cases(9, {
      agency: 'social_st',
      team: 'st_social_team',
      location: 'ST01',
      assignedTo: 'caseworker2',
      sex: 'female',
      dateOfBirth: '2019-03-01',
      risk: 'medium',
      registeredAt: '2026-03-05T09:00:00Z',
    });
  });

  afterAll(async () => {
    await t?.app.get(ReportSnapshots).settled();
    await t?.close();
    for (const [k, v] of [
      ['CMIS_REPORT_KEEP_AFTER_MS', saved.keep],
      ['CMIS_REPORT_MAX_AGE', saved.age],
    ] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('serves a kept dashboard exactly as it was computed, with the time of its figures', async () => {
    const first = await national();
    expect(first.status).toBe(200);
    expect(registered(first.body)).toBe(28);
    expect(await snapshots()).toBeGreaterThan(0);
    for (const w of first.body.widgets) expect(w.table.asOf).toBe('2026-06-15T10:00:00.000Z');
    expect(first.body.asOf).toBe('2026-06-15T10:00:00.000Z');

    await minutes(0.5);
    const second = await national();
    // Every widget, cell, label and suppression decision read back from the snapshot is what was computed.
    expect(second.body.widgets).toEqual(first.body.widgets);
  });

  it('keeps serving it while young, refreshes it in the background after a minute, and never serves it past the bound', async () => {
    await seed.cases(3, { agency: 'social_ch', team: 'ch_social_team', location: 'CH01', sex: 'male', registeredAt: '2026-06-01T09:00:00Z' });
    // Young (30 s): the new cases are not counted yet, and the figures say when they are from.
    const young = await national();
    expect(registered(young.body)).toBe(28);
    expect(young.body.widgets[0].table.asOf).toBe('2026-06-15T10:00:00.000Z');

    // Past a minute: served once more as kept, while one recomputation runs in the background.
    await minutes(1);
    const stale = await national();
    expect(registered(stale.body)).toBe(28);
    await t.app.get(ReportSnapshots).settled();
    const refreshed = await national();
    expect(registered(refreshed.body)).toBe(31);
    expect(refreshed.body.widgets[0].table.asOf).toBe('2026-06-15T10:01:30.000Z');
    expect(refreshed.body.asOf).toBe('2026-06-15T10:01:30.000Z');

    // Past the bound with no view in between: computed live again, never served older.
    await seed.cases(1, { agency: 'social_ch', team: 'ch_social_team', location: 'CH01', sex: 'female', registeredAt: '2026-06-02T09:00:00Z' });
    await minutes(6);
    const late = await national();
    expect(registered(late.body)).toBe(32);
    expect(late.body.widgets[0].table.asOf).toBe('2026-06-15T10:07:30.000Z');
  });

  it('never lets one scope read figures kept for another', async () => {
    const byPlace = async (location: string) =>
      (await get('analyst', '/api/reports/indicators/cases_registered', { from: '2026-01-01', to: '2026-12-31', location })).body.total.value;
    expect(await byPlace('CH')).toBe(23);
    expect(await byPlace('ST')).toBe(9);
    expect(await byPlace('CH')).toBe(23);
    // The district authority of Chișinău: its own scope (its district), not the analyst's national figures.
    const district = await get('district', '/api/reports/indicators/cases_registered', { from: '2026-01-01', to: '2026-12-31' });
    expect(district.body.total.value).toBe(23);
  });

  it('computes live, every time, figures whose scope rests on access grants (they expire at an instant)', async () => {
    // A supervisor may also read the cases it opened by break the glass: that part of its scope is never kept.
    const count = async () => (await get('supervisor', '/api/reports/indicators/active_cases')).body.total.value;
    const before = await count();
    await seed.cases(2, { agency: 'social_ch', team: 'ch_social_team', location: 'CH01', assignedTo: 'caseworker', registeredAt: '2026-06-03T09:00:00Z' });
    expect(await count()).toBe(before + 2);
  });
});
