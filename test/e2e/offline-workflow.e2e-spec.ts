import { applyOfflineTransition, offlineTransitionOptions, type OfflineWorkflowBundle } from '../../apps/web/src/offline/offline-transitions';
import { startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/**
 * A phone keeps the workflow of each pack version its cases run on (GET /api/sync/workflow?version=),
 * so that offline it offers the transitions the server would offer (docs/adr/0012-offline-work-and-sync.md).
 * The bundle is the pack's, never a case's; with it, the engine on the phone answers the kept case
 * view as GET /api/cases/:id/transitions answers it.
 */
describe('the workflow a device keeps to offer transitions offline', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  const bundleOf = async (user: string, version: unknown) => t.http.get(`/api/sync/workflow?version=${version}`).set(await api.as(user));
  const me = async (user: string) => {
    const res = await t.http.get('/api/auth/me').set(await api.as(user));
    return { id: res.body.id as string, roles: res.body.roles as string[] };
  };
  const child = {
    first_name: 'Vasile',
    last_name: 'Offlineanu',
    sex: 'male',
    date_of_birth: '2014-02-03',
    consent_status: 'given',
    assent_status: 'given',
    address: 'Strada Morii 7',
    caregiver_phone: '069111222',
  };

  beforeAll(async () => {
    t = await startTestApp('offline_workflow');
    api = casesClient(t);
  });
  afterAll(() => t?.close());

  it("gives a signed-in caseworker the workflow of a case's version, with its guards, and nothing of any case", async () => {
    const reg = await api.register('caseworker', 'child_protection', child);
    expect(reg.status).toBe(201);
    const view = (await api.get('caseworker', reg.body.id)).body;
    const res = await bundleOf('caseworker', view.sopVersionId);
    expect(res.status).toBe(200);
    const bundle = res.body as OfflineWorkflowBundle;
    expect(bundle.versionId).toBe(view.sopVersionId);
    expect(Object.keys(bundle).sort()).toEqual(['forms', 'locations', 'manifest', 'packId', 'version', 'versionId', 'workflow']);
    const start = bundle.workflow.transitions.find((tr) => tr.id === 'start_assessment')!;
    expect(start.guards![0].rule).toEqual({ in: [{ var: 'forms.registration.consent_status' }, ['given', 'not_required_emergency']] });
    const text = JSON.stringify(bundle);
    for (const caseData of [view.id, view.caseNumber, 'Offlineanu', 'Strada Morii', '069111222']) expect(text).not.toContain(caseData);
    // The same for another signed-in user (a supervisor): it is the pack's, not the case's.
    expect((await bundleOf('supervisor', view.sopVersionId)).body).toEqual(bundle);
  });

  it('404s a version that does not exist, 400s one that is not a number, and answers nobody signed out', async () => {
    const unknown = await bundleOf('caseworker', 987654);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('sop_version_not_found');
    expect((await bundleOf('caseworker', 'latest')).status).toBe(400);
    expect((await t.http.get('/api/sync/workflow?version=1')).status).toBe(401);
  });

  it('with the bundle, the engine on the phone offers on the kept view what the API offers, and moves the case as the API does', async () => {
    const reg = await api.register('caseworker', 'child_protection', child);
    const id = reg.body.id as string;
    const worker = await me('caseworker');
    const kept = (await t.http.get(`/api/cases/${id}?locale=ro`).set(await api.as('caseworker'))).body;
    const bundle = (await bundleOf('caseworker', kept.sopVersionId)).body as OfflineWorkflowBundle;
    const online = async (user: string) => (await t.http.get(`/api/cases/${id}/transitions?locale=ro`).set(await api.as(user))).body;

    const offered = offlineTransitionOptions(bundle, kept, worker, 'ro', t.clock.now());
    expect(offered).toEqual(await online('caseworker'));
    expect(offered.find((o) => o.id === 'start_assessment')).toMatchObject({ available: true });
    // A supervisor may not start the assessment: the phone says so as the server does.
    expect(offlineTransitionOptions(bundle, kept, await me('supervisor'), 'ro', t.clock.now())).toEqual(await online('supervisor'));

    const moved = applyOfflineTransition(bundle, kept, 'start_assessment', worker, t.clock.now(), 'ro');
    expect((await api.transition('caseworker', id, 'start_assessment')).status).toBe(200);
    const server = (await t.http.get(`/api/cases/${id}?locale=ro`).set(await api.as('caseworker'))).body;
    for (const field of ['step', 'stepLabel', 'status', 'closedAt', 'fields', 'stepHistory', 'pendingApproval'] as const)
      expect(moved[field]).toEqual(server[field]);
    expect(offlineTransitionOptions(bundle, moved, worker, 'ro', t.clock.now())).toEqual(await online('caseworker'));
  });
});
