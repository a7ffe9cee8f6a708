/**
 * Family tracing's and adoption matching's screens through the real API and PostgreSQL on the
 * Moldova pack: who is offered which screen and which action, decided by their rights (on the
 * child's case for the case page), in their language.
 */
import { casesClient } from '../support/cases-client';
import { startTestApp, type TestApp } from '../support/app';

const CHILD = { first_name: 'Doina', last_name: 'Ciobanu', sex: 'female', date_of_birth: '2016-06-01', consent_status: 'given', assent_status: 'given' };

describe('plugin screens: family tracing and adoption matching (Moldova)', () => {
  let t: TestApp;
  let c: ReturnType<typeof casesClient>;
  let atAdoption: string;
  let atRegistration: string;
  let familyId: string;
  let requestId: string;
  const get = async (user: string, url: string) => t.http.get(url).set(await c.as(user));
  const ids = (body: Array<{ pluginId: string; id: string }>) => body.map((s) => `${s.pluginId}/${s.id}`).sort();
  const actionIds = (list: Array<{ id: string }>) => list.map((a) => a.id);
  const table = (screen: any) => screen.view.sections.find((s: any) => s.kind === 'table');

  beforeAll(async () => {
    t = await startTestApp('tracing_adoption_screens');
    c = casesClient(t);
    const reg = await c.register('caseworker', 'child_protection', CHILD);
    atAdoption = reg.body.id;
    expect((await c.transition('caseworker', atAdoption, 'start_assessment')).status).toBe(200);
    expect(
      (await c.fill('caseworker', atAdoption, 'initial_assessment', { assessment_date: '2026-03-02', risk_level: 'low', summary: 'Low risk.' })).status,
    ).toBe(200);
    expect((await c.transition('caseworker', atAdoption, 'start_specialised_assessments')).status).toBe(200);
    expect((await c.transition('caseworker', atAdoption, 'start_comprehensive_assessment')).status).toBe(200);
    expect((await c.fill('caseworker', atAdoption, 'comprehensive_assessment', { assessment_date: '2026-03-03', summary: 'No family can care.' })).status).toBe(
      200,
    );
    expect((await c.transition('caseworker', atAdoption, 'start_care_planning')).status).toBe(200);
    expect((await c.transition('caseworker', atAdoption, 'refer_for_adoption')).status).toBe(200);
    atRegistration = (await c.register('caseworker', 'child_protection', { ...CHILD, first_name: 'Ana' })).body.id;

    const family = await t.http
      .post('/api/plugins/adoption-matching/families')
      .set(await c.as('caseworker'))
      .send({
        answers: {
          family_name: 'Family Rusu',
          contact: '+373 600 00 000',
          adults: 2,
          languages: ['ro'],
          accepted_age_min: 5,
          accepted_age_max: 12,
          max_sibling_group: 2,
          special_needs: ['none'],
          location_code: 'CH01',
        },
      });
    expect(family.status).toBe(201);
    familyId = family.body.id;
    const request = await t.http
      .post('/api/plugins/family-tracing/requests')
      .set(await c.as('caseworker'))
      .send({
        answers: { requester_name: 'Maria Ciobanu', relationship: 'mother', child_first_name: 'Doina', child_last_name: 'Ciobanu', child_age_years: 9 },
        requester_consent: true,
      });
    expect(request.status).toBe(201);
    requestId = request.body.id;
  });
  afterAll(() => t?.close());

  it('in the menu: the caseworker gets tracing requests and families, the panel only families, a teacher neither', async () => {
    const menu = async (user: string) => ids((await get(user, '/api/plugin-screens?placement=menu')).body).filter((id) => !id.startsWith('gbv/'));
    expect(await menu('caseworker')).toEqual(['adoption-matching/families', 'family-tracing/requests']);
    expect(await menu('panel')).toEqual(['adoption-matching/families']);
    expect(await menu('teacher')).toEqual([]);
    expect(ids((await get('teacher', '/api/plugin-screens?placement=home')).body)).toEqual([]);
    expect((await get('teacher', '/api/plugin-screens/family-tracing/request')).status).toBe(404);
  });

  it('tracing: the caseworker records requests and decides on candidates; the supervisor reads them only', async () => {
    const requests = await get('caseworker', '/api/plugin-screens/family-tracing/requests?locale=ro');
    expect(requests.body.title).toBe('Cereri de căutare a familiei');
    expect(requests.body.view.actions.map((a: any) => [a.id, a.method, a.path, a.body])).toEqual([
      ['record', 'POST', '/api/plugins/family-tracing/requests', { requester_consent: true }],
    ]);
    // The plugin's own form, labelled in the user's language.
    expect(requests.body.view.actions[0].form.schema.properties.child_first_name.title).toBe('Prenumele copilului');
    // Paged by offset, 50 at a time, as the route pages: asking as the screen would gives a page and the total.
    const paging = requests.body.view.paging;
    expect(paging).toEqual({ kind: 'offset', query: 'offset', pageSize: 50, limitQuery: 'limit', total: 'total' });
    const page = await get('caseworker', `/api/plugins/family-tracing/requests?${paging.limitQuery}=1&${paging.query}=0`);
    expect([page.status, page.body.requests.length, page.body[paging.total] >= 1]).toEqual([200, 1, true]);
    const supervisor = await get('supervisor', '/api/plugin-screens/family-tracing/requests');
    expect(supervisor.body.view.actions).toEqual([]);

    const candidates = await get('caseworker', '/api/plugin-screens/family-tracing/candidates?locale=fr');
    expect(actionIds(table(candidates.body).rowActions)).toEqual(['decide']);
    expect(table(candidates.body).rowActions[0].form.schema.properties.decision.oneOf.map((o: any) => o.title)).toEqual([
      "Confirmer : c'est bien l'enfant",
      "Écarter : ce n'est pas l'enfant",
    ]);
    expect(table(candidates.body).columns.find((f: any) => f.value === 'row.score').format).toBe('percent');
    expect(table((await get('supervisor', '/api/plugin-screens/family-tracing/candidates')).body).rowActions).toEqual([]);
    // The request's screen reads what its route answers: the one recorded above, open.
    const request = await get('caseworker', `/api/plugins/family-tracing/requests/${requestId}`);
    expect(request.body.status).toBe('open');
  });

  it('the family registry: the caseworker registers, the supervisor approves or rejects, the panel reads', async () => {
    const families = async (user: string) => (await get(user, '/api/plugin-screens/adoption-matching/families')).body.view.actions;
    const familyPaging = (await get('panel', '/api/plugin-screens/adoption-matching/families')).body.view.paging;
    expect(familyPaging).toMatchObject({ kind: 'offset', query: 'offset', pageSize: 50, total: 'total' });
    const familyPage = await get('panel', `/api/plugins/adoption-matching/families?${familyPaging.limitQuery}=1&${familyPaging.query}=0`);
    expect([familyPage.status, familyPage.body.items.length, familyPage.body[familyPaging.total] >= 1]).toEqual([200, 1, true]);
    expect(actionIds(await families('caseworker'))).toEqual(['register']);
    expect(await families('panel')).toEqual([]);
    const family = async (user: string) => (await get(user, '/api/plugin-screens/adoption-matching/family')).body.view.actions;
    expect(actionIds(await family('supervisor'))).toEqual(['decide']);
    expect(await family('caseworker')).toEqual([]);
    expect(await family('panel')).toEqual([]);
    expect((await get('caseworker', `/api/plugins/adoption-matching/families/${familyId}`)).body.status).toBe('pending');
  });

  it("on the child's case page at the adoption step: the panel gets the decision, the caseworker the proposal, a teacher nothing", async () => {
    const section = async (user: string, caseId: string) =>
      (await get(user, `/api/plugin-screens?placement=case&caseId=${caseId}&locale=ro`)).body.find((s: any) => s.id === 'case_matches');
    const panel = await section('panel', atAdoption);
    expect(panel.title).toBe('Potrivirea pentru adopție');
    expect(actionIds(table(panel).rowActions)).toEqual(['decide']);
    expect(table(panel).rowActions[0].form.schema.required).toEqual(['decision', 'reason']);
    const worker = await section('caseworker', atAdoption);
    expect(table(worker).rowActions).toEqual([]);
    expect(worker.view.sections.find((s: any) => s.kind === 'link')).toMatchObject({ screen: 'proposals', params: { caseId: 'params.caseId' } });
    expect(await section('teacher', atAdoption)).toBeUndefined();
    // The panel sees only children at the adoption step: another child of the same caseworker is not theirs to read.
    expect(await section('panel', atRegistration)).toBeUndefined();

    // The link to the ranked families holds only at the adoption step (elsewhere they cannot be ranked or proposed).
    const link = worker.view.sections.find((s: any) => s.kind === 'link');
    expect(link.when).toContainEqual({ value: 'data.atAdoptionStep', in: [true] });
    const matches = async (caseId: string) => (await get('caseworker', `/api/plugins/adoption-matching/cases/${caseId}/matches`)).body;
    expect(await matches(atAdoption)).toMatchObject({ atAdoptionStep: true, approvedMatchId: null, matches: [] });
    expect(await matches(atRegistration)).toMatchObject({ atAdoptionStep: false, matches: [] });

    const proposals = async (user: string) => get(user, `/api/plugin-screens/adoption-matching/proposals?caseId=${atAdoption}`);
    const propose = table((await proposals('caseworker')).body).rowActions;
    expect(propose.map((a: any) => [a.id, a.path, a.bodyFrom])).toEqual([
      ['propose', '/api/plugins/adoption-matching/cases/:caseId/matches', { familyId: 'row.familyId' }],
    ]);
    expect(table((await proposals('panel')).body).rowActions).toEqual([]);
    expect((await proposals('teacher')).status).toBe(404);
  });
});
