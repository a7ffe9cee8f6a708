import { AuditService } from '@app/audit';
import { startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/** The directory's administrators add, correct and withdraw providers; withdrawn ones stay for history but are no longer offered. */
describe('Service directory administration', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  const as = async (user: string) => api.as(user);
  const offered = async (query: string) =>
    ((await t.http.get(`/api/services${query}`).set(await as('caseworker2'))).body.providers as Array<{ id: string }>).map((p) => p.id);
  const provider = {
    id: 'straseni_counselling',
    name: { en: 'Strășeni counselling centre', ro: 'Centrul de consiliere Strășeni' },
    serviceTypes: ['psychological_counselling'],
    locations: ['ST'],
    contact: { phone: '+373 237 00 000' },
  };

  beforeAll(async () => {
    t = await startTestApp('service_directory_admin');
    api = casesClient(t);
  });
  afterAll(async () => t?.close());

  it('lists every provider whole for administrators only', async () => {
    const res = await t.http
      .get('/api/admin/services/providers')
      .set(await as('admin'))
      .expect(200);
    const law = res.body.providers.find((p: any) => p.id === 'law_centre_chisinau');
    expect(law).toMatchObject({ origin: 'pack', withdrawn: false, name: expect.objectContaining({ en: expect.any(String), ro: expect.any(String) }) });
    expect((await t.http.get('/api/admin/services/providers').set(await as('caseworker'))).status).toBe(403);
  });

  it('adds a provider, refuses the same id twice and bad fields by path, saving nothing', async () => {
    expect(
      (
        await t.http
          .post('/api/admin/services/providers')
          .set(await as('supervisor'))
          .send(provider)
      ).status,
    ).toBe(403);
    const bad = await t.http
      .post('/api/admin/services/providers')
      .set(await as('admin'))
      .send({ ...provider, locations: ['ATLANTIS'] });
    expect([bad.status, bad.body.code]).toEqual([400, 'validation_failed']);
    expect(bad.body.errors.map((e: any) => e.path)).toContain('$.locations[0]');
    expect(await offered('?location=ST01&serviceType=psychological_counselling')).not.toContain(provider.id);

    const added = await t.http
      .post('/api/admin/services/providers')
      .set(await as('admin'))
      .send(provider);
    expect(added.status).toBe(201);
    expect(await offered('?location=ST01&serviceType=psychological_counselling')).toContain(provider.id);
    const twice = await t.http
      .post('/api/admin/services/providers')
      .set(await as('admin'))
      .send(provider);
    expect([twice.status, twice.body.code]).toEqual([409, 'provider_exists']);
    const pack = await t.http
      .post('/api/admin/services/providers')
      .set(await as('admin'))
      .send({ ...provider, id: 'law_centre_chisinau' });
    expect(pack.status).toBe(409);
  });

  it("says what is wrong with each field in the reader's language", async () => {
    const res = await t.http
      .post('/api/admin/services/providers?locale=ro')
      .set(await as('admin'))
      .send({ ...provider, id: 'ro_check', locations: [], agency: 'nobody_agency' });
    expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
    const byPath = Object.fromEntries(res.body.errors.map((e: { path: string; message: string }) => [e.path, e.message]));
    expect(byPath['$.locations']).toBe('Alegeți cel puțin 1.');
    const unknown = await t.http
      .post('/api/admin/services/providers?locale=ro')
      .set(await as('admin'))
      .send({ ...provider, id: 'ro_check', locations: ['ATLANTIS'], agency: 'nobody_agency' });
    const messages = Object.fromEntries(unknown.body.errors.map((e: { path: string; message: string }) => [e.path, e.message]));
    expect(messages).toMatchObject({ '$.locations[0]': 'Acest loc nu există.', '$.agency': 'Această instituție nu există.' });
  });

  it('corrects a provider, then withdraws it: kept for history, no longer offered; every change audited', async () => {
    const corrected = await t.http
      .put(`/api/admin/services/providers/${provider.id}`)
      .set(await as('admin'))
      .send({ ...provider, contact: { phone: '+373 237 11 111' } });
    expect(corrected.status).toBe(200);
    const withdrawn = await t.http.post(`/api/admin/services/providers/${provider.id}/withdraw`).set(await as('admin'));
    expect([withdrawn.status, withdrawn.body.active]).toEqual([200, false]);
    expect(await offered('?location=ST01&serviceType=psychological_counselling')).not.toContain(provider.id);
    const all = (await t.http.get('/api/admin/services/providers').set(await as('admin'))).body.providers;
    expect(all.find((p: any) => p.id === provider.id)).toMatchObject({ withdrawn: true, origin: 'added', contact: { phone: '+373 237 11 111' } });
    expect((await t.http.post('/api/admin/services/providers/nobody/withdraw').set(await as('admin'))).status).toBe(404);

    const trail = await t.app.get(AuditService).trail({ limit: 50 });
    const actions = trail.records.filter((r) => r.details.providerId === provider.id).map((r) => r.action);
    expect(actions.sort()).toEqual(['service_directory.provider_added', 'service_directory.provider_saved', 'service_directory.provider_withdrawn']);
  });
});
