import { SchedulerService } from '@app/scheduler';
import { startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/**
 * Assignment on the Moldova pack through the HTTP API: a supervisor assigns one or many cases
 * within reach, a departing worker's cases are handed over in one action, all or nothing, and
 * deadlines follow the new worker.
 */
describe('Working together on a case: assignment and handover', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  const ids: string[] = [];
  const userId: Record<string, string> = {};
  const t0 = new Date('2026-03-02T08:00:00Z'); // Monday

  const assign = async (actor: string, body: unknown) =>
    t.http
      .post('/api/cases/assignments')
      .set(await api.as(actor))
      .send(body as object);
  const handover = async (actor: string, from: string, body: unknown) =>
    t.http
      .post(`/api/users/${from}/handover`)
      .set(await api.as(actor))
      .send(body as object);
  const assignee = async (id: string) => (await api.get('supervisor', id)).body.assignedTo;

  beforeAll(async () => {
    t = await startTestApp('case_assignment', { start: t0 });
    api = casesClient(t);
    for (const u of ['caseworker', 'caseworker2', 'caseworker3', 'supervisor']) {
      userId[u] = (await t.http.get('/api/auth/me').set(await api.as(u))).body.id;
    }
    for (const first of ['Ion', 'Dan', 'Eva']) {
      const res = await api.register('caseworker', 'child_protection', {
        first_name: first,
        last_name: 'Rotaru',
        sex: 'male',
        date_of_birth: '2017-09-09',
        consent_status: 'not_required_emergency',
        assent_status: 'given',
      });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
  });
  afterAll(async () => t?.close());

  it('a caseworker may not assign cases', async () => {
    const res = await assign('caseworker', { caseIds: [ids[0]], userId: userId.caseworker3, reason: 'holiday cover' });
    expect([res.status, res.body.code]).toEqual([403, 'assignment_not_permitted']);
  });

  it('the supervisor assigns one case to a colleague of the team, who is told; the timeline says who, to whom and why', async () => {
    const res = await assign('supervisor', { caseIds: [ids[0]], userId: userId.caseworker3, reason: 'Elena is on leave for two weeks' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ assigned: 1, to: { id: userId.caseworker3, name: expect.any(String) } });
    expect(await assignee(ids[0])).toBe(userId.caseworker3);
    const inbox = await t.http.get('/api/me/notifications').set(await api.as('caseworker3'));
    expect(inbox.body.filter((m: any) => m.kind === 'case_assigned' && m.caseId === ids[0])).toHaveLength(1);
    const timeline = await api.timeline('caseworker3', ids[0]);
    expect(timeline.body.at(-1)).toMatchObject({
      type: 'case_assigned',
      actor: { id: userId.supervisor },
      data: { from: userId.caseworker, to: userId.caseworker3, reason: 'Elena is on leave for two weeks' },
    });
  });

  it('all or nothing: to a worker who could not read the cases, none moves and each refusal says why', async () => {
    const res = await assign('supervisor', { caseIds: [ids[1], ids[2]], userId: userId.caseworker2, reason: 'Moving to Strășeni' });
    expect([res.status, res.body.code]).toEqual([422, 'assignment_refused']);
    expect(res.body.cases).toEqual([
      { caseId: ids[1], code: 'receiver_cannot_read', reason: expect.stringContaining('could not read this case') },
      { caseId: ids[2], code: 'receiver_cannot_read', reason: expect.stringContaining('could not read this case') },
    ]);
    expect(await assignee(ids[1])).toBe(userId.caseworker);
    // Another district's supervisor cannot even see the cases: the same answer as for an unknown id.
    const other = await assign('supervisor_st', { caseIds: [ids[1], '00000000-0000-4000-8000-000000000000'], userId: userId.caseworker2, reason: 'not mine' });
    expect(other.status).toBe(422);
    expect(other.body.cases).toEqual([
      { caseId: ids[1], code: 'case_not_found', reason: 'case not found' },
      { caseId: '00000000-0000-4000-8000-000000000000', code: 'case_not_found', reason: 'case not found' },
    ]);
  });

  it('a handover neither names nor counts a case the actor may not see, and a user who may not assign learns nothing about users', async () => {
    // Dan and Eva are caseworker's, in Chișinău: out of sight for Strășeni's supervisor, so they stay.
    const other = await handover('supervisor_st', userId.caseworker, { toUserId: userId.caseworker2, reason: 'not my district' });
    expect(other.status).toBe(200);
    expect(other.body).toEqual({ assigned: 0, to: { id: userId.caseworker2, name: expect.any(String) } });
    expect(await assignee(ids[1])).toBe(userId.caseworker);
    const probe = await handover('caseworker', '00000000-0000-4000-8000-000000000000', { toUserId: userId.caseworker3, reason: 'who?' });
    expect([probe.status, probe.body.code]).toEqual([403, 'assignment_not_permitted']);
  });

  it('refuses bad input clearly', async () => {
    const cases = [
      { caseIds: [], userId: userId.caseworker3, reason: 'none' },
      { caseIds: ['not-a-uuid'], userId: userId.caseworker3, reason: 'bad id' },
      { caseIds: [ids[1]], userId: userId.caseworker3 },
      { caseIds: [ids[1], ids[1]], userId: userId.caseworker3, reason: 'twice' },
      { caseIds: [ids[1]], userId: '00000000-0000-4000-8000-000000000000', reason: 'nobody' },
    ];
    for (const body of cases) {
      const res = await assign('supervisor', body);
      expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
    }
    expect((await handover('supervisor', userId.caseworker, { toUserId: userId.caseworker, reason: 'same' })).status).toBe(400);
    const unknown = await handover('supervisor', '00000000-0000-4000-8000-000000000000', { toUserId: userId.caseworker3, reason: 'who?' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'not_found']);
  });

  it("a departing worker's open cases go to a colleague in one action, and their reminders follow", async () => {
    const res = await handover('supervisor', userId.caseworker, { toUserId: userId.caseworker3, reason: 'Elena left the service' });
    expect(res.status).toBe(200);
    expect(res.body.assigned).toBe(2);
    for (const id of ids) expect(await assignee(id)).toBe(userId.caseworker3);
    const inbox = await t.http.get('/api/me/notifications').set(await api.as('caseworker3'));
    expect(inbox.body.find((m: any) => m.kind === 'case_assigned' && m.caseId === null).title).toBe('2 cases are now assigned to you');
    // initial_assessment_due (3 working days) reminds the owner one working day before: now caseworker3.
    t.clock.set(new Date('2026-03-04T08:00:00Z'));
    await t.app.get(SchedulerService).tick();
    const reminders = async (u: string) =>
      (await t.http.get('/api/me/notifications').set(await api.as(u))).body.filter((m: any) => m.kind === 'deadline_reminder');
    expect((await reminders('caseworker3')).map((m: any) => m.caseId).sort()).toEqual([...ids].sort());
    expect(await reminders('caseworker')).toEqual([]);
    // Nothing left to hand over.
    expect((await handover('supervisor', userId.caseworker, { toUserId: userId.caseworker3, reason: 'again' })).body.assigned).toBe(0);
  });

  it('hands over a large caseload (150 cases) in one action', async () => {
    const many: string[] = [];
    for (let i = 0; i < 150; i++) {
      const res = await api.register('caseworker3', 'child_protection', {
        first_name: `Child${i}`,
        last_name: 'Bulk',
        sex: 'female',
        date_of_birth: '2015-01-01',
        consent_status: 'not_required_emergency',
        assent_status: 'given',
      });
      many.push(res.body.id);
    }
    const res = await handover('supervisor', userId.caseworker3, { toUserId: userId.caseworker, reason: 'Caseload rebalanced' });
    expect(res.status).toBe(200);
    expect(res.body.assigned).toBe(153);
    expect(await assignee(many[149])).toBe(userId.caseworker);
  }, 120_000);
});
