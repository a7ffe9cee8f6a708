import { startTestApp, type TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/**
 * Conditional questions (docs/adr/0011-conditional-questions.md) through the HTTP API, on the
 * conditional-questions fixture pack: "Why not?" is asked, and required, only when the child does not
 * go to school; "Follow-up agreed" only when abuse is suspected, an answer the supervisor may not read.
 */
describe('conditional questions (e2e)', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  let caseId: string;
  const base = { risk_level: 'low', next_visit: '2026-03-20' };

  beforeAll(async () => {
    t = await startTestApp('conditional_questions', { sopDir: 'test/fixtures/packs/conditional-questions' });
    api = casesClient(t);
    const reg = await api.register('worker', 'child_protection', { child_name: 'Ana Lupu', date_of_birth: '2015-04-02', sex: 'female' });
    expect(reg.status).toBe(201);
    caseId = reg.body.id;
    expect((await api.transition('worker', caseId, 'start_assessment')).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  const answers = async (user: string): Promise<Record<string, unknown>> => {
    const res = await api.get(user, caseId);
    const entries: Array<{ answers: Record<string, unknown> }> = res.body.forms?.assessment ?? [];
    return entries[entries.length - 1]?.answers ?? {};
  };

  it('refuses an answer to a question not asked, naming the field, and saves nothing', async () => {
    const res = await api.fill('worker', caseId, 'assessment', { ...base, in_school: 'yes', why_not_in_school: 'too far' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('answers_invalid');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: '/why_not_in_school', keyword: 'not_asked' })]);
    // Nor when the answer it depends on is missing, even in a draft.
    const draft = await api.fill('worker', caseId, 'assessment', { abuse_followup: 'weekly visits' }, 'draft');
    expect(draft.status).toBe(422);
    expect(draft.body.errors).toEqual([expect.objectContaining({ path: '/abuse_followup', keyword: 'not_asked' })]);
    expect(await answers('worker')).toEqual({});
  });

  it('requires the question when its condition holds, on completion only, with the field named (in French too)', async () => {
    const res = await api.fill('worker', caseId, 'assessment', { ...base, in_school: 'no' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: '/why_not_in_school', keyword: 'required' })]);
    const fr = await t.http
      .put(`/api/cases/${caseId}/forms/assessment?locale=fr`)
      .set(await api.as('worker'))
      .set('If-Match', await api.version('worker', caseId))
      .send({ answers: { ...base, in_school: 'yes', why_not_in_school: 'loin' }, status: 'complete' });
    expect(fr.status).toBe(422);
    expect(fr.body.errors).toEqual([expect.objectContaining({ path: '/why_not_in_school', label: 'Pourquoi pas ?', keyword: 'not_asked' })]);
    expect(fr.body.errors[0].message).toMatch(/pas posée/);
    expect((await api.fill('worker', caseId, 'assessment', { ...base, in_school: 'no' }, 'draft')).status).toBe(200);
    const done = await api.fill('worker', caseId, 'assessment', {
      ...base,
      in_school: 'no',
      why_not_in_school: 'works on the farm',
      abuse_suspected: true,
      abuse_followup: 'weekly visits',
    });
    expect(done.status).toBe(200);
    expect(await answers('worker')).toMatchObject({ in_school: 'no', why_not_in_school: 'works on the farm', abuse_followup: 'weekly visits' });
  });

  it('a role that may not read the answer tested sees the question without its condition, and nothing of that answer', async () => {
    const worker = await t.http.get(`/api/cases/${caseId}/forms/assessment/schema`).set(await api.as('worker'));
    expect(worker.status).toBe(200);
    expect(worker.body.schema.allOf).toHaveLength(3);
    const supervisor = await t.http.get(`/api/cases/${caseId}/forms/assessment/schema`).set(await api.as('super'));
    expect(supervisor.status).toBe(200);
    expect(JSON.stringify(supervisor.body.schema)).not.toContain('abuse_suspected');
    expect(Object.keys(supervisor.body.schema.properties)).toEqual(expect.arrayContaining(['in_school', 'why_not_in_school', 'abuse_followup']));
    // The school conditions stay: the supervisor may read "in school".
    expect(supervisor.body.schema.allOf).toHaveLength(2);
    const seen = await answers('super');
    expect(seen).not.toHaveProperty('abuse_suspected');
    expect(seen).toMatchObject({ why_not_in_school: 'works on the farm', abuse_followup: 'weekly visits' });
  });

  it('a change of the answer tested that stops asking a question: its answer must go, and then it is gone', async () => {
    const kept = await api.fill('worker', caseId, 'assessment', {
      ...base,
      in_school: 'yes',
      why_not_in_school: 'works on the farm',
      abuse_suspected: true,
      abuse_followup: 'weekly visits',
    });
    expect(kept.status).toBe(422);
    const res = await api.fill('worker', caseId, 'assessment', { ...base, in_school: 'yes', abuse_suspected: false });
    expect(res.status).toBe(200);
    const now = await answers('worker');
    expect(now).toMatchObject({ in_school: 'yes', abuse_suspected: false });
    expect(now).not.toHaveProperty('why_not_in_school');
    expect(now).not.toHaveProperty('abuse_followup');
  });
});
