import * as path from 'node:path';
import { UsersRepository } from '@app/identity';
import { readPackDir } from '@app/sop';
import { REPO_ROOT, startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/** Every kind of bad input gets a problem-details answer with a stable code, and nothing is half-saved. */
describe('bad input is refused clearly and leaves no partial data', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  let caseId: string;
  const child = { first_name: 'Ana', last_name: 'Munteanu', sex: 'female', date_of_birth: '2016-06-01', consent_status: 'given', assent_status: 'given' };

  beforeAll(async () => {
    t = await startTestApp('bad_input', { bodyLimit: '200kb' });
    api = casesClient(t);
    caseId = (await api.register('caseworker', 'child_protection', child)).body.id;
  });
  afterAll(async () => t?.close());

  async function state() {
    const [c, timeline] = await Promise.all([api.get('caseworker', caseId), api.timeline('caseworker', caseId)]);
    return { version: c.body.version, forms: c.body.forms, events: timeline.body.length };
  }

  it('refuses unknown fields and wrong types with field-level messages; nothing saved', async () => {
    const before = await state();
    const res = await api.fill('caseworker', caseId, 'registration', { ...child, date_of_birth: 'yesterday', favourite_colour: 'blue', disability: 'no' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('answers_invalid');
    const paths = res.body.errors.map((e: any) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/date_of_birth', '/favourite_colour', '/disability']));
    expect(await state()).toEqual(before);
  });

  it('refuses dates that do not exist or that PostgreSQL and JavaScript read differently (never a 500), naming the field', async () => {
    const before = await state();
    for (const date of [
      '0000-01-01',
      '0099-12-31',
      '0999-01-01',
      '-0001-01-01',
      '10000-01-01',
      '+002016-06-01',
      '2026-02-31',
      '2026-02-29',
      '2025-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-06-00',
    ]) {
      const fill = await api.fill('caseworker', caseId, 'registration', { ...child, date_of_birth: date });
      expect([date, fill.status, fill.body.code, fill.body.errors?.map((e: any) => e.path)]).toEqual([date, 422, 'answers_invalid', ['/date_of_birth']]);
      const reg = await api.register('caseworker', 'child_protection', { ...child, date_of_birth: date });
      expect([date, reg.status, reg.body.errors?.map((e: any) => e.path)]).toEqual([date, 422, ['/date_of_birth']]);
    }
    expect(await state()).toEqual(before);
    // A real leap day is a date.
    expect((await api.fill('caseworker', caseId, 'registration', { ...child, date_of_birth: '2016-02-29' }, 'draft')).status).toBe(200);
  });

  it('refuses the same dates in request bodies and query parameters (400 naming the parameter), never storing year 0 as 1 BC', async () => {
    const as = await api.as('caseworker');
    const consent = (givenAt: string, purpose = 'services') =>
      t.http.post(`/api/cases/${caseId}/consents`).set(as).send({ purpose, decision: 'granted', givenBy: 'parent', method: 'written', givenAt });
    // Those the registration form recorded (security.json consent.fromForms); the refused ones add none.
    const recorded = (await t.http.get(`/api/cases/${caseId}/consents`).set(as)).body.records;
    for (const givenAt of [
      '0000-01-01T00:00:00Z',
      '0001-01-01T00:00:00Z',
      '0999-12-31T12:00:00Z',
      '2026-02-29T10:00:00Z',
      '2025-12-31T23:59:60Z',
      '2025-12-31T25:00:00Z',
    ]) {
      const res = await consent(givenAt);
      expect([givenAt, res.status, res.body.code, res.body.errors?.map((e: any) => e.path)]).toEqual([givenAt, 400, 'validation_failed', ['/givenAt']]);
    }
    expect((await t.http.get(`/api/cases/${caseId}/consents`).set(as)).body.records).toEqual(recorded);
    expect((await consent('2026-03-01T09:30:00+02:00', 'data_sharing')).status).toBe(201);

    // A share's expiry: a leap second (which JavaScript cannot read) is refused, not a 500.
    const teacher = (await t.app.get(UsersRepository).findByUsernameWithHash('teacher'))!.id;
    const share = await t.http.post(`/api/cases/${caseId}/shares`).set(as).send({ userId: teacher, reason: 'check', expiresAt: '2026-12-31T23:59:60Z' });
    expect([share.status, share.body.errors?.map((e: any) => e.path)]).toEqual([400, ['/expiresAt']]);

    // Report and export periods.
    const report = async (who: string, url: string, query: Record<string, string>) =>
      t.http
        .get(url)
        .query(query)
        .set(await api.as(who));
    for (const [who, url] of [
      ['analyst', '/api/reports/indicators/cases_registered'],
      ['supervisor', '/api/reports/exports/cases'],
    ]) {
      for (const query of [{ from: '0000-01-01' }, { to: '0001-12-31' }, { from: '0999-01-01', to: '2026-01-01' }] as Array<Record<string, string>>) {
        const res = await report(who, url, query);
        expect([url, query, res.status, res.body.code, res.body.errors?.[0]?.path]).toEqual([url, query, 400, 'bad_report_query', `/${Object.keys(query)[0]}`]);
      }
    }
    expect((await report('analyst', '/api/reports/indicators/cases_registered', { from: '1000-01-01', to: '2026-12-31' })).status).toBe(200);
  });

  it('refuses a value outside the option list and missing required fields on submit', async () => {
    const res = await api.fill('caseworker', caseId, 'registration', { first_name: 'Ana', sex: 'unknown' });
    expect(res.status).toBe(422);
    const byPath = Object.fromEntries(res.body.errors.map((e: any) => [e.path, e.message]));
    expect(byPath['/sex']).toMatch(/female/);
    expect(byPath['/last_name']).toMatch(/required/);
    // A draft may be incomplete, but never of the wrong type.
    const draft = await api.fill('caseworker', caseId, 'registration', { first_name: 'Ana' }, 'draft');
    expect(draft.status).toBe(200);
  });

  it('refuses a registration whose start form is invalid; no case and no case number consumed', async () => {
    const bad = await api.register('caseworker', 'child_protection', { ...child, consent_status: 'maybe' });
    expect(bad.status).toBe(422);
    const ok = await api.register('caseworker', 'child_protection', { ...child, first_name: 'Elena' });
    expect(ok.body.caseNumber).toBe('MD-CH-2026-000002');
  });

  it('refuses unknown case types, unknown forms, unknown transitions and unknown links', async () => {
    expect((await api.register('caseworker', 'adoption', child)).body.code).toBe('unknown_case_type');
    expect((await api.register('police', 'child_protection', child)).body.code).toBe('case_type_not_permitted');
    const link = await api.register('caseworker', 'child_protection', child, [{ caseId: '00000000-0000-4000-8000-000000000000', kind: 'sibling' }]);
    expect(link.status).toBe(400);
    expect(link.body.code).toBe('link_target_not_found');
    expect((await api.fill('caseworker', caseId, 'no_such_form', {})).status).toBe(404);
    const tr = await api.transition('caseworker', caseId, 'fly_to_the_moon');
    expect(tr.status).toBe(404);
    expect(tr.body.code).toBe('transition_not_found');
  });

  it('answers 404 for unknown case ids, well-formed or not', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const res = await api.get('caseworker', id);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'case_not_found', status: 404 });
    }
  });

  it('refuses stale and missing versions (409 / 428), never overwriting silently', async () => {
    const etag = await api.version('caseworker', caseId);
    const first = await t.http
      .put(`/api/cases/${caseId}/forms/registration`)
      .set(await api.as('caseworker'))
      .set('If-Match', etag)
      .send({ answers: { ...child, address: 'str. Florilor 1' } });
    expect(first.status).toBe(200);
    const before = await state();
    const stale = await t.http
      .put(`/api/cases/${caseId}/forms/registration`)
      .set(await api.as('caseworker'))
      .set('If-Match', etag)
      .send({ answers: { ...child, address: 'str. Stale 2' } });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('version_conflict');
    const missing = await t.http
      .put(`/api/cases/${caseId}/forms/registration`)
      .set(await api.as('caseworker'))
      .send({ answers: child });
    expect(missing.status).toBe(428);
    expect(missing.body.code).toBe('precondition_required');
    expect(await state()).toEqual(before);
    expect((await api.get('caseworker', caseId)).body.forms.registration[0].answers.address).toBe('str. Florilor 1');
  });

  it('refuses oversized and malformed bodies', async () => {
    const big = await t.http
      .post('/api/cases')
      .set(await api.as('caseworker'))
      .send({ caseType: 'child_protection', answers: { ...child, address: 'x'.repeat(300_000) } });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('payload_too_large');
    const malformed = await t.http
      .post('/api/cases')
      .set(await api.as('caseworker'))
      .set('Content-Type', 'application/json')
      .send('{"caseType": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('validation_failed');
    const extra = await t.http
      .post('/api/cases')
      .set(await api.as('caseworker'))
      .send({ caseType: 'child_protection', answers: child, priority: 'high' });
    expect(extra.status).toBe(400);
    expect(extra.body.errors).toEqual([expect.objectContaining({ path: '/priority', message: 'unknown field' })]);
  });

  it('requires sign-in and refuses wrong passwords', async () => {
    expect((await t.http.get('/api/cases')).body.code).toBe('unauthenticated');
    expect((await t.http.get('/api/cases').set('Authorization', 'Bearer forged')).status).toBe(401);
    const wrong = await t.http.post('/api/auth/login').send({ username: 'caseworker', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('invalid_credentials');
  });

  it('refuses a malformed pack with file and JSON path, publishing nothing; only administrators may publish', async () => {
    const files = await readPackDir(path.join(REPO_ROOT, 'sops/moldova'));
    const workflow = structuredClone(files['workflow.json']) as any;
    workflow.transitions[0].to = 'nowhere';
    const res = await t.http
      .post('/api/sop/versions')
      .set(await api.as('admin'))
      .send({ files: { ...files, 'workflow.json': workflow } });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('sop_invalid');
    expect(res.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: expect.stringMatching(/^workflow\.json \$\.transitions\[0\]\.to/) })]),
    );
    const versions = await t.http.get('/api/sop/versions').set(await api.as('admin'));
    expect(versions.body).toHaveLength(1);
    expect(
      (
        await t.http
          .post('/api/sop/versions')
          .set(await api.as('caseworker'))
          .send({ files })
      ).status,
    ).toBe(403);
    const other = await readPackDir(path.join(REPO_ROOT, 'test/fixtures/packs/ngo-lite'));
    const mismatch = await t.http
      .post('/api/sop/versions')
      .set(await api.as('admin'))
      .send({ files: other });
    expect(mismatch.status).toBe(409);
    expect(mismatch.body.code).toBe('sop_pack_mismatch');
    expect((await t.http.get('/api/sop/versions').set(await api.as('admin'))).body).toHaveLength(1);
  });
});
