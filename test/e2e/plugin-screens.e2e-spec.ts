/**
 * Plugins' screens as data (docs/plugins.md, "Screens") through the real API and PostgreSQL, on
 * the Moldova pack: which screens each user is offered, in their language, with only the actions
 * they may take, and case page sections decided on the case itself.
 */
import { casesClient } from '../support/cases-client';
import { startTestApp, type TestApp } from '../support/app';

const CHILD = { first_name: 'Ecaterina', last_name: 'Munteanu', sex: 'female', date_of_birth: '2012-06-01', consent_status: 'given', assent_status: 'given' };

describe('plugin screens (Moldova pack: gbv, family tracing, adoption matching)', () => {
  let t: TestApp;
  let c: ReturnType<typeof casesClient>;
  let caseId: string;
  const screens = async (user: string, query: string) => t.http.get(`/api/plugin-screens?${query}`).set(await c.as(user));
  const ids = (body: Array<{ pluginId: string; id: string }>) => body.map((s) => `${s.pluginId}/${s.id}`).sort();

  beforeAll(async () => {
    t = await startTestApp('plugin_screens');
    c = casesClient(t);
    const reg = await c.register('caseworker', 'child_protection', CHILD);
    expect(reg.status).toBe(201);
    caseId = reg.body.id;
  });
  afterAll(() => t?.close());

  it('the GBV specialist gets the incidents screen in the menu, in Romanian, with its status filter labelled', async () => {
    const res = await screens('gbv_specialist', 'placement=menu&locale=ro');
    expect(res.status).toBe(200);
    const gbv = res.body.find((s: any) => s.pluginId === 'gbv' && s.id === 'incidents');
    expect(gbv.title).toBe('Incidente de violență bazată pe gen');
    expect(gbv.view.source).toBe('/api/plugins/gbv/incidents');
    expect(gbv.view.filters[0].options).toEqual([
      { value: 'open', label: 'Deschis' },
      { value: 'closed', label: 'Închis' },
    ]);
  });

  it('a teacher, who may not know that incidents exist, is offered no GBV screen anywhere', async () => {
    for (const placement of ['menu', 'home']) {
      const res = await screens('teacher', `placement=${placement}`);
      expect(res.status).toBe(200);
      expect(ids(res.body).filter((id) => id.startsWith('gbv/'))).toEqual([]);
    }
    const one = await t.http.get('/api/plugin-screens/gbv/incidents').set(await c.as('teacher'));
    expect([one.status, one.body.code]).toEqual([404, 'plugin_screen_not_found']);
  });

  it('on the case page: the specialist may record an incident on this case; the caseworker sees the section without the action', async () => {
    const specialist = await screens('gbv_specialist', `placement=case&caseId=${caseId}&locale=en`);
    const section = specialist.body.find((s: any) => s.id === 'case_incidents');
    expect(section.view.actions.map((a: any) => [a.id, a.method, a.path])).toEqual([['record', 'POST', '/api/plugins/gbv/cases/:caseId/incidents']]);
    // The action's form is the plugin's incident form as a client schema: labelled fields.
    expect(section.view.actions[0].form.answers).toBe(true);
    expect(section.view.actions[0].form.schema.properties.incident_type.title).toBe('Type of incident (GBVIMS classification)');

    const worker = await screens('caseworker', `placement=case&caseId=${caseId}`);
    const theirs = worker.body.find((s: any) => s.id === 'case_incidents');
    expect(theirs).toBeDefined();
    expect(theirs.view.actions).toEqual([]);
  });

  it('a case the user may not read gets no section at all (not even an empty one), and an unknown id neither', async () => {
    for (const id of [caseId, '00000000-0000-4000-8000-000000000000', 'not-a-case']) {
      const res = await screens('teacher', `placement=case&caseId=${id}`);
      expect([res.status, res.body]).toEqual([200, []]);
    }
  });

  it('the incident screen: consent and referral forms list the pack settings as labelled options, in the user language', async () => {
    const res = await t.http.get('/api/plugin-screens/gbv/incident?locale=fr').set(await c.as('gbv_specialist'));
    expect(res.status).toBe(200);
    const consent = res.body.view.actions.find((a: any) => a.id === 'record_consent');
    expect(consent.form.schema.properties.purpose.oneOf).toContainEqual({ const: 'health', title: 'Soins de santé' });
    expect(consent.form.schema.properties.decision.oneOf.map((o: any) => o.const)).toEqual(['granted', 'refused', 'withdrawn']);
    expect(consent.when).toEqual([
      { value: 'data.detailsHidden', in: [false] },
      { value: 'data.status', in: ['open'] },
    ]);
    // A caseworker may read incidents but not consent or refer: the screen comes without those actions.
    const worker = await t.http.get('/api/plugin-screens/gbv/incident').set(await c.as('caseworker'));
    expect(worker.body.view.actions).toEqual([]);
  });

  it("a plugin's event on the timeline by the label it declares, in the reader's language", async () => {
    const incident = await t.http
      .post(`/api/plugins/gbv/cases/${caseId}/incidents`)
      .set(await c.as('gbv_specialist'))
      .send({ answers: { incident_type: 'denial_of_resources', incident_date: '2026-01-02', date_reported: '2026-01-03' } });
    expect(incident.status).toBe(201);
    const timeline = await t.http.get(`/api/cases/${caseId}/timeline?locale=ro`).set(await c.as('gbv_specialist'));
    expect(timeline.body.find((e: any) => e.type === 'gbv.incident_recorded')?.label).toBe('Incident de violență bazată pe gen înregistrat');
    // The core's events are named by the web app in every language: no label from the API.
    expect(timeline.body.find((e: any) => e.type === 'case_registered')?.label).toBeNull();
  });

  it('refuses a placement it does not know, naming the parameter', async () => {
    const res = await screens('caseworker', 'placement=sidebar');
    expect([res.status, res.body.code, res.body.errors?.[0]?.path]).toEqual([400, 'validation_failed', '/placement']);
  });
});
