import { startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/**
 * A transition guarded on the case's referrals (test/fixtures/packs/referral-guards): treatment
 * starts only once a medical service has accepted a referral. Through the HTTP API, with the clock
 * moving between the worker's referrals and the clinic's answers.
 */
describe('A transition that waits for a referral to be accepted', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  let caseId: string;
  const REASON = 'A medical service must accept a referral first';

  const refer = async (serviceType: string, providerId: string) => {
    const res = await t.http
      .post(`/api/cases/${caseId}/referrals`)
      .set(await api.as('worker'))
      .send({ serviceType, providerId, forms: ['registration'], reason: 'Needs care at home and a check-up' });
    expect(res.status).toBe(201);
    return res.body as { id: string; status: string };
  };
  const respond = async (user: string, id: string, body: Record<string, unknown>) => {
    const res = await t.http
      .post(`/api/referrals/${id}/respond`)
      .set(await api.as(user))
      .send(body);
    expect([res.status, res.body.status]).toEqual([200, body.decision]);
  };
  /** What the case's transition list says of start_treatment, and what the server does when asked. */
  const startTreatment = async () => {
    const offered = (await api.transitions('worker', caseId)).body.find((o: any) => o.id === 'start_treatment');
    const performed = await api.transition('worker', caseId, 'start_treatment');
    return { offered, performed };
  };
  const expectRefused = async () => {
    const { offered, performed } = await startTreatment();
    expect(offered).toMatchObject({ available: false, reasons: [{ code: 'guard_failed', message: REASON, detail: { guard: 0 } }] });
    expect([performed.status, performed.body.code, performed.body.detail]).toEqual([409, 'transition_blocked', REASON]);
    expect(performed.body.reasons).toEqual([expect.objectContaining({ code: 'guard_failed', message: REASON })]);
    expect((await api.get('worker', caseId)).body.step).toBe('assessment');
  };

  beforeAll(async () => {
    t = await startTestApp('referral_guards', { sopDir: 'test/fixtures/packs/referral-guards', start: new Date('2026-03-02T08:00:00Z') });
    api = casesClient(t);
    const reg = await api.register('worker', 'adult_support', { full_name: 'Maria Popescu', date_of_birth: '1950-04-02', sex: 'female' });
    expect(reg.status).toBe(201);
    caseId = reg.body.id;
    expect((await api.transition('worker', caseId, 'start_assessment')).status).toBe(200);
    expect((await api.fill('worker', caseId, 'assessment', { risk_level: 'medium', next_visit: '2026-03-09' })).status).toBe(200);
  });
  afterAll(async () => t?.close());

  it('is refused, with the reason, while the case has no referral', async () => {
    await expectRefused();
  });

  it('is refused while the only accepted referral is to another service type', async () => {
    const homeCare = await refer('home_care', 'north_home_care');
    // The home-care provider is outside the platform: the worker records its answer.
    await respond('worker', homeCare.id, { decision: 'accepted' });
    await expectRefused();
  });

  it('is refused while the medical referral waits for an answer, and after the clinic declines it', async () => {
    t.clock.advance(3_600_000);
    const first = await refer('medical', 'north_clinic');
    expect(first.status).toBe('sent');
    await expectRefused();
    t.clock.advance(26 * 3_600_000); // a day later, within the 2 days the clinic has to answer
    await respond('nurse', first.id, { decision: 'declined', reason: 'No doctor free this week' });
    await expectRefused();
  });

  it('is allowed once the clinic accepts a medical referral, and the case moves on', async () => {
    t.clock.advance(24 * 3_600_000);
    const second = await refer('medical', 'north_clinic');
    await expectRefused();
    t.clock.advance(2 * 3_600_000);
    await respond('nurse', second.id, { decision: 'accepted' });
    const { offered, performed } = await startTreatment();
    expect(offered).toMatchObject({ available: true, reasons: [] });
    expect([performed.status, performed.body.outcome, performed.body.toStep]).toEqual([200, 'moved', 'treatment']);
    expect((await api.get('worker', caseId)).body.step).toBe('treatment');
  });
});
