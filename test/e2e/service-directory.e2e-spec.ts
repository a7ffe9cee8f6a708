import { AuditService } from '@app/audit';
import { startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/** The Moldova service directory through the API: what exists where the child lives; administrators' edits. */
describe('Service directory', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  const list = async (user: string, query = '') => t.http.get(`/api/services${query}`).set(await api.as(user));
  const save = async (user: string, id: string, body: unknown) =>
    t.http
      .put(`/api/admin/services/providers/${id}`)
      .set(await api.as(user))
      .send(body as object);

  beforeAll(async () => {
    t = await startTestApp('service_directory');
    api = casesClient(t);
  });
  afterAll(async () => t?.close());

  it('a caseworker finds the services covering Bubuieci, by type and case type, in their language', async () => {
    const all = await list('caseworker', '?location=CH01&caseType=child_protection');
    expect(all.status).toBe(200);
    expect(all.body.providers.map((p: any) => p.id).sort()).toEqual([
      'bubuieci_health_centre',
      'chisinau_foster_care',
      'law_centre_chisinau',
      'partnerships_counselling',
    ]);
    expect(all.body.serviceTypes.find((s: any) => s.id === 'foster_care')).toMatchObject({
      label: 'Foster care',
      referral: { minForms: ['registration', 'initial_assessment'], respondWithin: { hours: 24 } },
    });
    const foster = await list('caseworker', '?location=CH01&serviceType=foster_care');
    expect(foster.body.providers).toEqual([expect.objectContaining({ id: 'chisinau_foster_care', agency: 'foster_ch', usesPlatform: true })]);
    // Strășeni: the Chișinău health centre and foster service do not cover it; the NGO and the national law centre do.
    const straseni = await list('caseworker2', '?location=ST01');
    expect(straseni.body.providers.map((p: any) => p.id).sort()).toEqual(['law_centre_chisinau', 'partnerships_counselling']);
    const ro = await list('police', '?serviceType=legal_assistance');
    expect(ro.body.providers[0]).toMatchObject({
      name: 'Centrul de drept pentru copii (Chișinău)',
      usesPlatform: false,
      contact: expect.objectContaining({ email: 'intake@law-centre.example.md' }),
    });
    expect((await list('caseworker', '?location=ATLANTIS')).status).toBe(400);
    expect((await list('caseworker', '?serviceType=astrology')).status).toBe(400);
    expect((await list('caseworker', '?caseType=adoption_of_pets')).status).toBe(400);
    expect((await t.http.get('/api/services')).status).toBe(401);
  });

  it('an administrator corrects a provider and adds one; the directory shows them; the edits are audited', async () => {
    const health = (await list('caseworker', '?serviceType=health_care')).body.providers[0];
    const corrected = {
      id: health.id,
      name: { en: 'Bubuieci health centre', ro: 'Centrul de sănătate Bubuieci' },
      serviceTypes: ['health_care'],
      locations: ['CH01', 'CH02'],
      agency: 'health_ch',
      usesPlatform: true,
      contact: { phone: '+373 22 999 999' },
    };
    const res = await save('admin', health.id, corrected);
    expect(res.status).toBe(200);
    const after = (await list('caseworker', '?serviceType=health_care&location=CH02')).body.providers;
    expect(after).toEqual([expect.objectContaining({ id: health.id, contact: { phone: '+373 22 999 999' } })]);
    const added = await save('admin', 'straseni_counselling', {
      id: 'straseni_counselling',
      name: { en: 'Strășeni counselling centre' },
      serviceTypes: ['psychological_counselling'],
      locations: ['ST'],
      contact: { phone: '+373 237 00 000' },
    });
    expect(added.status).toBe(200);
    expect((await list('caseworker2', '?location=ST01&serviceType=psychological_counselling')).body.providers.map((p: any) => p.id).sort()).toEqual([
      'partnerships_counselling',
      'straseni_counselling',
    ]);
    // Withdrawn providers are no longer offered.
    expect((await save('admin', 'straseni_counselling', { ...added.body, active: false })).status).toBe(200);
    expect((await list('caseworker2', '?location=ST01&serviceType=psychological_counselling')).body.providers.map((p: any) => p.id)).toEqual([
      'partnerships_counselling',
    ]);
    const trail = await t.app.get(AuditService).trail({ limit: 50 });
    const saved = trail.records.filter((r) => r.action === 'service_directory.provider_saved');
    expect(saved).toHaveLength(3);
    const correction = saved.find((r) => r.details.providerId === health.id)!;
    expect((correction.details.before as any).contact.phone).toBe('+373 22 000 101');
    expect((correction.details.after as any).contact.phone).toBe('+373 22 999 999');
  });

  it('refuses edits by others and invalid providers, naming the path; nothing is saved', async () => {
    const body = { id: 'x1', name: { en: 'X' }, serviceTypes: ['health_care'], locations: ['CH'] };
    expect((await save('supervisor', 'x1', body)).status).toBe(403);
    const cases: Array<[unknown, string]> = [
      [{ ...body, locations: ['ATLANTIS'] }, '$.locations[0]'],
      [{ ...body, serviceTypes: ['astrology'] }, '$.serviceTypes[0]'],
      [{ ...body, agency: 'nobody_agency' }, '$.agency'],
      [{ ...body, usesPlatform: true }, '$.agency'],
      [{ ...body, id: 'other' }, '$.id'],
      [{ ...body, phone: '123' }, '$.phone'],
    ];
    for (const [bad, path] of cases) {
      const res = await save('admin', 'x1', bad);
      expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
      expect(res.body.errors.map((e: any) => e.path)).toContain(path);
    }
    expect((await list('caseworker')).body.providers.map((p: any) => p.id)).not.toContain('x1');
  });
});
