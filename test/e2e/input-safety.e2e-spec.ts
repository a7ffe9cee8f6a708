import * as path from 'node:path';
import { readPackDir } from '@app/sop';
import { REPO_ROOT, startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

const NUL = '\u0000';
const LONE = '\uD800';

/**
 * Text PostgreSQL cannot store (NUL, lone surrogates) is refused up front with the field named, on
 * every kind of endpoint; and a pack's answer patterns are matched in linear time, so no pattern can
 * make the API hang.
 */
describe('input safety: unstorable text and answer patterns', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  let caseId: string;
  const child = { first_name: 'Ana', last_name: 'Munteanu', sex: 'female', date_of_birth: '2016-06-01', consent_status: 'given', assent_status: 'given' };

  beforeAll(async () => {
    t = await startTestApp('input_safety');
    api = casesClient(t);
    caseId = (await api.register('caseworker', 'child_protection', child)).body.id;
  });
  afterAll(async () => t?.close());

  async function snapshot() {
    const [list, c, notes] = await Promise.all([
      t.http.get('/api/cases').set(await api.as('caseworker')),
      api.get('caseworker', caseId),
      t.http.get(`/api/cases/${caseId}/notes`).set(await api.as('caseworker')),
    ]);
    return { cases: list.body.total ?? list.body.items?.length ?? list.body.length, version: c.body.version, notes: notes.body.length };
  }

  /** The Moldova pack with the IDNP pattern changed (in registration v2: a published form version never changes). */
  async function withIdnpPattern(pattern: string) {
    const files = await readPackDir(path.join(REPO_ROOT, 'sops/moldova'));
    const form = { ...(structuredClone(files['forms/registration.v1.json']) as any), version: 2 };
    form.schema.properties.idnp.pattern = pattern;
    const pack = structuredClone(files['pack.json']) as any;
    pack.forms.find((f: any) => f.id === 'registration').version = 2;
    return { ...files, 'pack.json': pack, 'forms/registration.v2.json': form };
  }

  /** 400 invalid_characters whose first error names `where` and `path`. */
  function expectRefused(res: { status: number; body: any }, where: string, fieldPath: string) {
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'invalid_characters' });
    expect(res.body.errors[0]).toMatchObject({ in: where, path: fieldPath, keyword: 'invalid_characters' });
    expect(res.body.detail).toContain(fieldPath);
  }

  it('refuses NUL and lone surrogates in bodies, nested answers and field names, naming the field; nothing saved', async () => {
    const before = await snapshot();
    const as = await api.as('caseworker');
    const etag = await api.version('caseworker', caseId);
    const cases: Array<[Promise<any> | any, string, string]> = [
      [
        t.http
          .post('/api/cases')
          .set(as)
          .send({ caseType: 'child_protection', answers: { ...child, first_name: `An${NUL}a` } }),
        'body',
        '/answers/first_name',
      ],
      [
        t.http
          .post('/api/cases')
          .set(as)
          .send({ caseType: 'child_protection', answers: { ...child, last_name: `M${LONE}` } }),
        'body',
        '/answers/last_name',
      ],
      [
        t.http
          .post('/api/cases')
          .set(as)
          .send({ caseType: 'child_protection', answers: { ...child, languages: ['ro', `r${NUL}u`] } }),
        'body',
        '/answers/languages/1',
      ],
      [
        t.http
          .post('/api/cases')
          .set(as)
          .send({ caseType: 'child_protection', answers: { ...child, [`x${NUL}y`]: 'a' } }),
        'body',
        `/answers/x${NUL}y`,
      ],
      [
        t.http
          .put(`/api/cases/${caseId}/forms/registration`)
          .set(as)
          .set('If-Match', etag)
          .send({ answers: { ...child, notes: `trailing\uDFFF` } }),
        'body',
        '/answers/notes',
      ],
      [
        t.http
          .post(`/api/cases/${caseId}/notes`)
          .set(as)
          .send({ text: `a note${NUL}`, visibility: 'team' }),
        'body',
        '/text',
      ],
      [
        t.http
          .post('/api/plugins/family-tracing/requests')
          .set(as)
          .send({ answers: { name: `I${NUL}on` }, requester_consent: true }),
        'body',
        '/answers/name',
      ],
    ];
    for (const [req, where, p] of cases) expectRefused(await req, where, p);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses NUL in query and path parameters: list filters, search, plugin routes', async () => {
    const as = await api.as('caseworker');
    expectRefused(await t.http.get(`/api/cases?q=Ana%00`).set(as), 'query', '/q');
    expectRefused(await t.http.get(`/api/cases?status=open%00`).set(as), 'query', '/status');
    expectRefused(await t.http.get(`/api/services?location=MD%00`).set(as), 'query', '/location');
    expectRefused(await t.http.get(`/api/cases/${caseId}/deadlines?status=%00`).set(as), 'query', '/status');
    expectRefused(await t.http.get(`/api/cases/abc%00def`).set(as), 'path', '/id');
    expectRefused(await t.http.get(`/api/cases/${caseId}/timeline?x%00y=1`).set(as), 'query', `/x${NUL}y`);
    const plugin = await t.http.get(`/api/plugins/family-tracing/requests/%00/matches`).set(as);
    expect(plugin.status).toBe(400);
    expect(plugin.body.errors[0]).toMatchObject({ in: 'path', path: expect.stringMatching(/^\/path\/\d+$/) });
  });

  it('refuses NUL and lone surrogates in the sign-in username and password with 400, never 500', async () => {
    expectRefused(await t.http.post('/api/auth/login').send({ username: `caseworker${NUL}`, password: 'x' }), 'body', '/username');
    expectRefused(await t.http.post('/api/auth/login').send({ username: 'caseworker', password: `pw${LONE}` }), 'body', '/password');
    // A well-formed surrogate pair (an emoji) is ordinary text.
    const emoji = await t.http.post('/api/auth/login').send({ username: 'caseworker\uD83D\uDE00', password: 'x' });
    expect(emoji.status).toBe(401);
  });

  it('refuses at publish a form pattern that cannot be matched in linear time (backreference, lookahead), naming file and path', async () => {
    for (const pattern of ['^(\\d)\\1{12}$', '^(?=\\d{13}$)\\d+$']) {
      const res = await t.http
        .post('/api/sop/versions')
        .set(await api.as('admin'))
        .send({ files: await withIdnpPattern(pattern) });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('sop_invalid');
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: 'forms/registration.v2.json $.schema.properties.idnp.pattern', message: expect.stringContaining('linear time') }),
        ]),
      );
    }
    expect((await t.http.get('/api/sop/versions').set(await api.as('admin'))).body).toHaveLength(1);
  });

  it('checks an answer against a catastrophic-backtracking pattern promptly (422, the API stays responsive)', async () => {
    const published = await t.http
      .post('/api/sop/versions')
      .set(await api.as('admin'))
      .send({ files: await withIdnpPattern('^(\\d+)+$') });
    expect(published.status).toBe(201);
    // With a backtracking engine this answer takes 2^40 steps (hours); RE2 answers at once.
    const res = await api.register('caseworker', 'child_protection', { ...child, idnp: `${'1'.repeat(40)}!` });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: '/idnp' })]);
    expect((await api.register('caseworker', 'child_protection', { ...child, idnp: '2001234567890' })).status).toBe(201);
  }, 20_000);
});
