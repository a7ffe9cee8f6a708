import { startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/**
 * A supervisor's team at work through the HTTP API: workload per worker (open cases, overdue
 * deadlines) counted over what the supervisor may read, refused to a caseworker; and the case list's
 * filters and orders the web app's case list uses (worker, team, location, flagged, sort) with the
 * worker's name on each case.
 */
describe("The team's workload and the case list's filters", () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  const userId: Record<string, string> = {};
  const mine: string[] = [];
  const theirs: string[] = [];
  const t0 = new Date('2026-03-02T08:00:00Z'); // Monday

  const workload = async (user: string) => t.http.get('/api/team/workload').set(await api.as(user));
  const list = async (user: string, query: string) => t.http.get(`/api/cases?${query}`).set(await api.as(user));
  const child = (first: string) => ({
    first_name: first,
    last_name: 'Lungu',
    sex: 'female',
    date_of_birth: '2016-05-05',
    consent_status: 'not_required_emergency',
    assent_status: 'given',
  });

  beforeAll(async () => {
    t = await startTestApp('team_workload', { start: t0 });
    api = casesClient(t);
    for (const u of ['caseworker', 'caseworker2', 'caseworker3', 'supervisor']) {
      userId[u] = (await t.http.get('/api/auth/me').set(await api.as(u))).body.id;
    }
    for (const first of ['Ana', 'Maria', 'Ioana']) mine.push((await api.register('caseworker', 'child_protection', child(first))).body.id);
    // Registered a day later, so the two workers' cases are told apart by date as well.
    t.clock.set(new Date('2026-03-03T08:00:00Z'));
    theirs.push((await api.register('caseworker3', 'child_protection', child('Elena'))).body.id);
    // Strășeni: another team and district.
    await api.register('caseworker2', 'child_protection', child('Vera'));
  });
  afterAll(async () => t?.close());

  it('the supervisor sees each active member of the team with open cases and overdue deadlines; a caseworker gets 403', async () => {
    const before = await workload('supervisor');
    expect(before.status).toBe(200);
    const row = (u: string) => before.body.workers.find((w: any) => w.id === userId[u]);
    expect(row('caseworker')).toEqual({ id: userId.caseworker, name: expect.any(String), openCases: 3, overdueDeadlines: 0 });
    expect(row('caseworker3')).toMatchObject({ openCases: 1, overdueDeadlines: 0 });
    // Another team's worker is not in this team's list.
    expect(row('caseworker2')).toBeUndefined();

    const refused = await workload('caseworker');
    expect([refused.status, refused.body.code]).toEqual([403, 'team_workload_not_permitted']);

    // Two weeks on, every case's first deadlines are past due: counted per worker, as the list shows them.
    t.clock.set(new Date('2026-03-16T08:00:00Z'));
    const after = await workload('supervisor');
    const late = after.body.workers.find((w: any) => w.id === userId.caseworker);
    expect(late.overdueDeadlines).toBeGreaterThan(0);
    const overdueCases = await list('supervisor', `assignedTo=${userId.caseworker}&overdue=true`);
    expect(overdueCases.body.total).toBe(3);

    // Strășeni's supervisor reads none of Chișinău's cases: their team's counts show only their own.
    const st = await workload('supervisor_st');
    expect(st.body.workers.find((w: any) => w.id === userId.caseworker2)).toMatchObject({ openCases: 1 });
    expect(st.body.workers.some((w: any) => w.id === userId.caseworker)).toBe(false);
  });

  it('lists by worker (with their name), by team, by location and by flag, in an indexed order', async () => {
    const byWorker = await list('supervisor', `assignedTo=${userId.caseworker3}`);
    expect(byWorker.body.items.map((c: any) => c.id)).toEqual(theirs);
    expect(byWorker.body.items[0].assignedToName).toEqual(expect.any(String));
    expect(byWorker.body.items[0].assignedToName).not.toBe('');

    const team = await list('supervisor', 'team=true&pageSize=100');
    expect(team.body.total).toBe(4);
    const strasheni = await list('supervisor_st', 'location=ST');
    expect(strasheni.body.total).toBe(1);
    expect((await list('supervisor', 'location=ST')).body.total).toBe(0);
    expect((await list('supervisor', 'location=CH01')).body.total).toBe(4);

    const flag = await t.http
      .post(`/api/cases/${mine[1]}/flags`)
      .set(await api.as('caseworker'))
      .send({ reason: 'Neighbour reports shouting at night' });
    expect(flag.status).toBe(201);
    expect((await list('caseworker', 'flagged=true')).body.items.map((c: any) => c.id)).toEqual([mine[1]]);
    expect((await list('caseworker', 'flagged=false&mine=true')).body.total).toBe(2);
    // A removed flag no longer counts (cases.open_flags is kept by a trigger on case_flags).
    const removed = await t.http
      .post(`/api/cases/${mine[1]}/flags/${flag.body.id}/remove`)
      .set(await api.as('caseworker'))
      .send({ reason: 'Visited: a television, not a quarrel' });
    expect(removed.status).toBe(204);
    expect((await list('caseworker', 'flagged=true')).body.total).toBe(0);
    expect((await list('caseworker', 'flagged=false&mine=true')).body.total).toBe(3);

    const oldestFirst = await list('supervisor', 'team=true&sort=registered_asc');
    expect(oldestFirst.body.items.at(-1).id).toBe(theirs[0]);
    const newestFirst = await list('supervisor', 'team=true&sort=registered');
    expect(newestFirst.body.items[0].id).toBe(theirs[0]);
  });

  it('refuses an unknown order, location or worker id clearly', async () => {
    for (const query of ['sort=name', 'location=NOWHERE', 'assignedTo=someone']) {
      const res = await list('caseworker', query);
      expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
    }
  });
});
