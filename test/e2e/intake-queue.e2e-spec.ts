import { AuditService } from '@app/audit';
import { startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/**
 * Intake queue on the Moldova pack through the HTTP API: a police notification goes to the intake
 * queue of the community's social workers (pack.json assignTo.intakeQueue), owned by nobody; they
 * see it in GET /api/intake, another district's worker neither sees it nor counts it; one takes it
 * (roles.json `take`), becomes its owner, and it leaves the queue; audited and on the timeline.
 */
describe('Intake queue: a reported case waits for the team covering its location', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  let notification: string;
  const userId: Record<string, string> = {};

  const intake = async (user: string) => t.http.get('/api/intake').set(await api.as(user));
  const take = async (user: string, id: string, body: object = {}) =>
    t.http
      .post(`/api/cases/${id}/take`)
      .set(await api.as(user))
      .send(body);

  beforeAll(async () => {
    t = await startTestApp('intake_queue', { start: new Date('2026-03-02T08:00:00Z') });
    api = casesClient(t);
    for (const u of ['police', 'caseworker', 'caseworker3']) userId[u] = (await t.http.get('/api/auth/me').set(await api.as(u))).body.id;
    const res = await api.register('police', 'notification', {
      reporter_type: 'police',
      reporter_name: 'Sergiu Botnaru',
      child_description: 'Boy of about 10 alone at the market',
      concern_types: ['neglect'],
      concern_description: 'Seen begging every day.',
      immediate_danger: false,
    });
    expect(res.status).toBe(201);
    notification = res.body.id;
  });
  afterAll(async () => t?.close());

  it('the reported case is owned by nobody and its timeline says it waits in the intake queue', async () => {
    const view = await api.get('caseworker', notification);
    expect(view.status).toBe(200);
    expect(view.body.assignedTo).toBeNull();
    const timeline = await api.timeline('caseworker', notification);
    expect(timeline.body.map((e: any) => e.type)).toContain('case_queued');
    expect(timeline.body.find((e: any) => e.type === 'case_queued').data).toEqual({ roles: ['caseworker'], area: 'CH01' });
  });

  it('the social workers of the community see it in their intake list, with the count', async () => {
    for (const u of ['caseworker', 'caseworker3']) {
      const res = await intake(u);
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(1);
      expect(res.body.items).toEqual([
        expect.objectContaining({ id: notification, caseNumber: 'NT-CH-2026-000001', assignedTo: null, mayTake: true, queuedAt: '2026-03-02T08:00:00.000Z' }),
      ]);
      // Labels in the user's language, for a list without codes.
      expect(res.body.items[0]).toMatchObject({ caseType: 'notification', caseTypeLabel: 'Notification', locationCode: 'CH01', locationLabel: 'Bubuieci' });
    }
    const fr = await t.http.get('/api/intake?locale=fr').set(await api.as('caseworker'));
    expect(fr.body.items[0]).toMatchObject({ caseTypeLabel: 'Signalement' });
  });

  it('GET /api/auth/me says who has an intake queue and who sees team deadlines; the case says who may take it and read its consent', async () => {
    const capabilities = async (u: string) => (await t.http.get('/api/auth/me').set(await api.as(u))).body.capabilities;
    expect(await capabilities('caseworker')).toMatchObject({ intakeQueue: true, teamDeadlines: false });
    expect(await capabilities('supervisor')).toMatchObject({ intakeQueue: false, teamDeadlines: true });
    expect(await capabilities('police')).toMatchObject({ intakeQueue: false, teamDeadlines: false, reports: false });
    expect(await capabilities('teacher')).toMatchObject({ intakeQueue: false, teamDeadlines: false, reports: false });
    // The police's notification: the community's worker may take it, not read its consent records (another agency's).
    expect((await api.get('caseworker', notification)).body.may).toMatchObject({
      take: true,
      readConsent: false,
      forms: expect.arrayContaining(['notification']),
    });
    expect((await api.get('police', notification)).body.may).toMatchObject({ take: false });
  });

  it("another district's worker, a supervisor and the reporter neither see it nor count it", async () => {
    for (const u of ['caseworker2', 'supervisor', 'police']) {
      const res = await intake(u);
      expect([u, res.status, res.body.total, res.body.items]).toEqual([u, 200, 0, []]);
    }
  });

  it('who may not read it cannot take it (404, as for a case that does not exist); who may read but is not of the team may not (403)', async () => {
    const other = await take('caseworker2', notification);
    expect([other.status, other.body.code]).toEqual([404, 'case_not_found']);
    const reporter = await take('police', notification);
    expect([reporter.status, reporter.body.code]).toEqual([403, 'intake_take_not_permitted']);
    expect((await api.get('caseworker', notification)).body.assignedTo).toBeNull();
  });

  it('one of the team takes it: they own it, it leaves the queue, the timeline and the audit log say so', async () => {
    const res = await take('caseworker', notification, { note: 'I know the family' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ caseId: notification, assignedTo: userId.caseworker });
    const view = await api.get('caseworker', notification);
    expect(view.body.assignedTo).toBe(userId.caseworker);
    // Theirs now (their agency's): no longer to take, its consent records theirs to read.
    expect(view.body.may).toMatchObject({ take: false, readConsent: true });
    expect((await api.get('caseworker3', notification)).body.may).toMatchObject({ take: false });
    const timeline = await api.timeline('caseworker', notification);
    expect(timeline.body.at(-1)).toMatchObject({
      type: 'case_taken',
      actor: { id: userId.caseworker },
      data: { to: userId.caseworker, area: 'CH01', note: 'I know the family' },
    });
    const actions = (await t.app.get(AuditService).trailForCase(notification, { limit: 200 })).records.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['case.case_queued', 'case.case_taken', 'case.intake_listed.result']));
    for (const u of ['caseworker', 'caseworker3']) expect((await intake(u)).body).toMatchObject({ items: [], total: 0 });
    // The reporter still reads what it reported.
    expect((await api.get('police', notification)).status).toBe(200);
  });

  it('taking it again is 409; a case that never was in a queue is 409 too', async () => {
    const again = await take('caseworker3', notification);
    expect([again.status, again.body.code]).toEqual([409, 'intake_already_taken']);
    const own = await api.register('caseworker', 'child_protection', {
      first_name: 'Ana',
      last_name: 'Rusu',
      sex: 'female',
      date_of_birth: '2016-05-05',
      consent_status: 'given',
      assent_status: 'given',
    });
    expect(own.status).toBe(201);
    const res = await take('caseworker', own.body.id);
    expect([res.status, res.body.code]).toEqual([409, 'not_in_intake_queue']);
  });
});
