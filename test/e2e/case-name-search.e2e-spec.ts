import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/**
 * Name search and caseload totals at national scale (issue 18), through the HTTP API on the Moldova
 * pack: a name matches whatever its accents and case, with one typo, and never across the read rules
 * (neither listed nor counted). Totals count up to a cap and say when there are more.
 */
describe('case name search', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  const ids: Record<string, string> = {};
  const child = (first_name: string, last_name: string) => ({
    first_name,
    last_name,
    sex: 'male',
    date_of_birth: '2015-04-12',
    consent_status: 'given',
    assent_status: 'given',
  });

  const search = async (user: string, q: string) => {
    const res = await t.http
      .get('/api/cases')
      .query({ q, pageSize: 100 })
      .set(await api.as(user));
    expect(res.status).toBe(200);
    return res.body as { items: Array<{ id: string; displayName: string | null }>; total: number; totalExact: boolean };
  };
  const found = async (user: string, q: string) => (await search(user, q)).items.map((c) => c.id);

  beforeAll(async () => {
    t = await startTestApp('name_search');
    api = casesClient(t);
    const reg = async (user: string, key: string, first: string, last: string) => {
      const res = await api.register(user, 'child_protection', child(first, last));
      expect(res.status).toBe(201);
      ids[key] = res.body.id;
    };
    await reg('caseworker', 'ciobanu', 'Ion', 'Ciobanu');
    await reg('caseworker', 'ciobotaru', 'Maria', 'Ciobotaru');
    await reg('caseworker', 'stirbu', 'Elena', 'Știrbu'); // ș with a comma below
    await reg('caseworker', 'stirbuCedilla', 'Ana', 'ŞTIRBU'); // ş with a cedilla, in capitals
    // Another agency's case: the Chișinău caseworker may not read it.
    await reg('ngo_worker', 'ngoCiobanu', 'Petru', 'Ciobanu');
  });
  afterAll(async () => t?.close());

  it('finds a name whatever its case, accents and one typo, the closest first', async () => {
    for (const q of ['ciobanu', 'CIOBANU', 'Ciobanou', 'Ciobânu', 'Ion Ciobanu', 'ciobanu ion']) {
      expect([q, await found('caseworker', q)]).toEqual([q, [ids.ciobanu]]);
    }
    for (const q of ['stirbu', 'Știrbu', 'Ştirbu', 'STIRBU']) {
      expect([q, (await found('caseworker', q)).sort()]).toEqual([q, [ids.stirbu, ids.stirbuCedilla].sort()]);
    }
    // Part of a name still matches, as before; the closest name comes first.
    expect((await found('caseworker', 'Ciob')).sort()).toEqual([ids.ciobanu, ids.ciobotaru].sort());
    expect((await found('caseworker', 'Elena Stirbu'))[0]).toBe(ids.stirbu);
    // A different name that merely starts alike is not a typo of it.
    expect(await found('caseworker', 'ciobanu')).not.toContain(ids.ciobotaru);
    expect(await found('caseworker', 'Ciobotaru')).toEqual([ids.ciobotaru]);
    // Searching for nothing a name is made of matches no name (and not every name).
    expect((await search('caseworker', '--')).total).toBe(0);
  });

  it('never lists or counts a case the user may not read, nor one whose name they may not read', async () => {
    const mine = await search('caseworker', 'ciobanu');
    expect(mine.items.map((c) => c.id)).toEqual([ids.ciobanu]);
    expect([mine.total, mine.totalExact]).toEqual([1, true]);
    // The other agency's worker finds theirs (and not ours) with the same typo-tolerant search.
    expect(await found('ngo_worker', 'Ciobanou')).toEqual([ids.ngoCiobanu]);
    // The auditor reads the cases but not the names: a name search finds and counts nothing; the case number still finds it.
    expect((await api.get('auditor', ids.ciobanu)).status).toBe(200);
    const auditor = await search('auditor', 'Ciobanou');
    expect([auditor.total, auditor.items]).toEqual([0, []]);
    const number = (await api.get('caseworker', ids.ciobanu)).body.caseNumber as string;
    expect(await found('auditor', number.toLowerCase())).toEqual([ids.ciobanu]);
  });

  it('follows a corrected name: the new spelling is found, the old one no longer', async () => {
    const current = await api.get('caseworker', ids.ciobotaru);
    const answers = current.body.forms.registration[0].answers;
    expect((await api.fill('caseworker', ids.ciobotaru, 'registration', { ...answers, last_name: 'Țurcanu' })).status).toBe(200);
    expect(await found('caseworker', 'turcanu')).toEqual([ids.ciobotaru]);
    expect(await found('caseworker', 'ciobotaru')).toEqual([]);
  });

  it('counts a long caseload up to a cap and says there are more, and always past the page asked for', async () => {
    // 1,104 more cases of the caseworker's, copied in SQL (registering them through the API would take minutes).
    const ds = t.app.get(DataSource);
    await ds.query(
      `INSERT INTO cases (case_number, case_type, sop_version_id, step, status, display_name, assigned_to, created_by, team_id, agency_id,
         location_code, location_path, answers, registered_at, updated_at)
       SELECT 'CAP-' || g, case_type, sop_version_id, step, status, display_name, assigned_to, created_by, team_id, agency_id,
         location_code, location_path, answers, registered_at, updated_at - make_interval(secs => g)
       FROM cases, generate_series(1, 1104) g WHERE id = $1`,
      [ids.ciobanu],
    );
    const page = async (n: number, query: Record<string, string | number> = { mine: 'true', pageSize: 25 }) => {
      const res = await t.http
        .get('/api/cases')
        .query({ ...query, page: n })
        .set(await api.as('caseworker'));
      expect(res.status).toBe(200);
      return { total: res.body.total, exact: res.body.totalExact, items: res.body.items.length };
    };
    // 1,108 cases are the caseworker's: 4 registered above, the copies.
    expect(await page(1)).toEqual({ total: 1000, exact: false, items: 25 });
    expect(await page(44)).toEqual({ total: 1100, exact: false, items: 25 });
    expect(await page(45)).toEqual({ total: 1108, exact: true, items: 8 });
    // The name search counts the same way: the copies keep the child's name.
    const byName = await search('caseworker', 'ciobanu');
    expect([byName.total, byName.totalExact, byName.items.length]).toEqual([1000, false, 100]);
    expect(byName.items[0].id).toBe(ids.ciobanu);
    // Its pages go on past the cap, and a page past the last still counts them: 1,105 readable cases are named Ciobanu.
    const byNamePage = (n: number) => page(n, { q: 'ciobanu', pageSize: 100 });
    expect(await byNamePage(11)).toEqual({ total: 1100, exact: false, items: 100 });
    expect(await byNamePage(12)).toEqual({ total: 1105, exact: true, items: 5 });
    expect(await byNamePage(13)).toEqual({ total: 1105, exact: true, items: 0 });
  });
});
