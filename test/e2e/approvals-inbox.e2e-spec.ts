import { startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/** "Approvals waiting for me": the supervisor of the agency sees the care plan to approve; nobody else does. */
describe('Approvals waiting for me', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  let id: string;
  const waiting = async (user: string) => {
    const res = await t.http.get('/api/me/approvals').set(await api.as(user));
    expect(res.status).toBe(200);
    return res.body.items as any[];
  };

  beforeAll(async () => {
    t = await startTestApp('approvals_inbox');
    api = casesClient(t);
    const reg = await api.register('caseworker', 'child_protection', {
      first_name: 'Ana',
      last_name: 'Lupu',
      sex: 'female',
      date_of_birth: '2015-01-01',
      consent_status: 'not_required_emergency',
      assent_status: 'given',
    });
    id = reg.body.id;
    await api.transition('caseworker', id, 'start_assessment');
    await api.fill('caseworker', id, 'initial_assessment', { assessment_date: '2026-03-02', risk_level: 'low', summary: 'Low risk.' });
    await api.transition('caseworker', id, 'start_specialised_assessments');
    await api.transition('caseworker', id, 'start_comprehensive_assessment');
    await api.fill('caseworker', id, 'comprehensive_assessment', { assessment_date: '2026-03-03', summary: 'Needs school support.' });
    await api.transition('caseworker', id, 'start_care_planning');
    await api.fill('caseworker', id, 'care_plan', {
      goals: [{ goal: 'School support', service: 'health_care', responsible: 'Teacher', target_date: '2026-04-01' }],
      review_date: '2026-03-20',
    });
    expect((await api.transition('caseworker', id, 'implement_care_plan')).status).toBe(202);
  });
  afterAll(async () => t?.close());

  it('the supervisor of the agency sees the request with who asked and when; the requester and other agencies do not', async () => {
    const mine = await waiting('supervisor');
    expect(mine).toEqual([
      expect.objectContaining({
        case: expect.objectContaining({ id, displayName: 'Ana Lupu', step: 'case_planning' }),
        transition: { id: 'implement_care_plan', label: 'Implement the care plan' },
        requestedBy: { id: expect.any(String), name: 'Elena Cojocaru' },
        requestedAt: expect.any(String),
      }),
    ]);
    expect(await waiting('caseworker')).toEqual([]);
    expect(await waiting('supervisor_st')).toEqual([]);
    expect(await waiting('district')).toEqual([]); // reads the case, but the pack gives this approval to supervisors
  });

  it('once decided, it is no longer waiting', async () => {
    expect((await api.decide('supervisor', id, 'approve')).status).toBe(200);
    expect(await waiting('supervisor')).toEqual([]);
  });
});
