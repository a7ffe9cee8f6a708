import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';

/**
 * An administrator tries the SOP without touching real data: a synthetic case through the published
 * version and through a draft (deadline shortened), and the registration form previewed as two roles.
 * Nothing reaches the case tables, the alerts or the outbox.
 */
describe('SOP simulation', () => {
  let t: TestApp;
  let draftId: number;
  let versionId: number;
  const HIGH = '/deadlines.json/deadlines/0/due/0/after';
  const REGISTRATION = { first_name: 'Ana', last_name: 'Rusu', sex: 'female', date_of_birth: '2016-05-01', consent_status: 'given', assent_status: 'given' };
  const HIGH_RISK_CASE = {
    caseType: 'child_protection',
    role: 'caseworker',
    answers: REGISTRATION,
    startAt: '2026-03-02T08:00:00Z',
    viewers: ['caseworker', 'supervisor', 'teacher'],
    actions: [
      { kind: 'transition', role: 'caseworker', transition: 'start_assessment' },
      {
        kind: 'fill',
        role: 'caseworker',
        form: 'initial_assessment',
        answers: { assessment_date: '2026-03-02', risk_level: 'high', summary: 'Bruises seen at school.' },
      },
    ],
  };
  const TABLES = ['cases', 'form_submissions', 'case_events', 'deadlines', 'deadline_alerts', 'outbox', 'approvals'];
  const counts = async () => {
    const ds = t.app.get(DataSource);
    return Object.fromEntries(await Promise.all(TABLES.map(async (table) => [table, Number((await ds.query(`SELECT count(*) AS n FROM ${table}`))[0].n)])));
  };
  const admin = async () => ({ authorization: await t.login('admin') });
  const responseDeadline = (body: any) => body.steps[2].deadlines.all.find((d: any) => d.deadline === 'initial_response');
  const hoursAfterStart = (iso: string) => (new Date(iso).getTime() - new Date(HIGH_RISK_CASE.startAt).getTime()) / 3_600_000;

  beforeAll(async () => {
    t = await startTestApp('sop_simulation');
    const created = await t.http
      .post('/api/sop/drafts')
      .set(await admin())
      .send({});
    draftId = created.body.id;
    versionId = (await t.http.get('/api/sop/versions').set(await admin())).body[0].id;
  });
  afterAll(async () => t?.close());

  it('refuses a caseworker every simulation endpoint (403)', async () => {
    const h = { authorization: await t.login('caseworker') };
    const calls = [
      t.http.post(`/api/sop/drafts/${draftId}/simulate`).set(h).send(HIGH_RISK_CASE),
      t.http.post(`/api/sop/drafts/${draftId}/preview-form`).set(h).send({ form: 'registration', role: 'teacher' }),
      t.http.post(`/api/sop/versions/${versionId}/simulate`).set(h).send(HIGH_RISK_CASE),
      t.http.post(`/api/sop/versions/${versionId}/preview-form`).set(h).send({ form: 'registration', role: 'teacher' }),
    ];
    expect((await Promise.all(calls)).map((r) => [r.status, r.body.code])).toEqual(calls.map(() => [403, 'forbidden']));
  });

  it('a high-risk case on the published version gets the 48 h response deadline, the escalation to the supervisor, and writes nothing', async () => {
    const before = await counts();
    const res = await t.http
      .post(`/api/sop/versions/${versionId}/simulate`)
      .set(await admin())
      .send(HIGH_RISK_CASE);
    expect(res.status).toBe(200);
    expect(res.body.steps.map((s: any) => s.step.id)).toEqual(['registration', 'initial_assessment', 'initial_assessment']);
    const response = responseDeadline(res.body);
    expect(hoursAfterStart(response.dueAt)).toBe(48);
    const messages = res.body.steps[2].alerts.filter((a: any) => a.deadlineKey === response.key).flatMap((a: any) => a.messages);
    expect(messages.find((m: any) => m.notify === 'case_owner_supervisor')).toMatchObject({
      roles: [{ id: 'supervisor', label: 'Supervisor' }],
      channels: ['inbox', 'email'],
      subject: expect.stringContaining('SIMULATION'),
    });
    expect(await counts()).toEqual(before);
  });

  it('the same case on the draft after an edit to 24 h shows 24 h; the published version still says 48 h', async () => {
    const { revision } = (await t.http.get(`/api/sop/drafts/${draftId}`).set(await admin())).body;
    const edited = await t.http
      .post(`/api/sop/drafts/${draftId}/edits`)
      .set(await admin())
      .send({ baseRevision: revision, operations: [{ op: 'replace', path: HIGH, value: { hours: 24 } }] });
    expect(edited.status).toBe(200);
    const before = await counts();
    const draft = await t.http
      .post(`/api/sop/drafts/${draftId}/simulate`)
      .set(await admin())
      .send(HIGH_RISK_CASE);
    expect(draft.status).toBe(200);
    expect(hoursAfterStart(responseDeadline(draft.body).dueAt)).toBe(24);
    const published = await t.http
      .post(`/api/sop/versions/${versionId}/simulate`)
      .set(await admin())
      .send(HIGH_RISK_CASE);
    expect(hoursAfterStart(responseDeadline(published.body).dueAt)).toBe(48);
    expect(await counts()).toEqual(before);
  });

  it('previews the registration form as a caseworker and as a teacher: what the teacher may not see is hidden, labels in the language', async () => {
    const preview = async (role: string) =>
      (
        await t.http
          .post(`/api/sop/drafts/${draftId}/preview-form?locale=fr`)
          .set(await admin())
          .send({ form: 'registration', role })
      ).body;
    const caseworker = await preview('caseworker');
    const teacher = await preview('teacher');
    const hidden = (p: any) => p.fields.filter((f: any) => f.access === 'hidden').map((f: any) => f.field);
    expect(hidden(caseworker)).toEqual([]);
    expect(hidden(teacher)).toEqual(expect.arrayContaining(['idnp', 'caregiver_phone', 'notes']));
    expect(hidden(teacher)).not.toContain('first_name');
    expect(teacher.fields.find((f: any) => f.field === 'sex').label).toBe('Sexe');
    expect(Object.keys(teacher.schema.properties)).not.toContain('idnp');
  });

  it('answers a refused action, an unknown role and invalid answers with their codes', async () => {
    const simulate = async (body: object) =>
      t.http
        .post(`/api/sop/drafts/${draftId}/simulate`)
        .set(await admin())
        .send(body);
    const refused = await simulate({ ...HIGH_RISK_CASE, actions: [{ kind: 'transition', role: 'teacher', transition: 'start_assessment' }] });
    expect([refused.status, refused.body.code, refused.body.action]).toEqual([422, 'simulation_action_refused', 1]);
    expect(refused.body.reasons.map((r: any) => r.code)).toContain('role_not_allowed');
    const unknownRole = await simulate({ ...HIGH_RISK_CASE, role: 'wizard' });
    expect([unknownRole.status, unknownRole.body.code]).toEqual([422, 'simulation_unknown_role']);
    const invalid = await simulate({ ...HIGH_RISK_CASE, answers: { first_name: 'Ana' } });
    expect([invalid.status, invalid.body.code]).toEqual([422, 'answers_invalid']);
    const missing = await t.http
      .post('/api/sop/drafts/99999/simulate')
      .set(await admin())
      .send(HIGH_RISK_CASE);
    expect([missing.status, missing.body.code]).toEqual([404, 'sop_draft_not_found']);
  });
});
