import { Writable } from 'node:stream';
import { base32Decode, totp } from '@app/identity';
import { FirstRunService } from '@app/sop-registry';
import { startTestApp, TestApp } from '../support/app';
import { DataSource } from 'typeorm';

/**
 * A new production installation (no demo, no user): the server prints a one-time set-up code in its
 * log; nothing but the first-run step works; the code creates the first administrator, who enrols
 * two-factor and reaches the administrator's pages; then set-up is over for good.
 */
describe('first run without demo data', () => {
  let t: TestApp;
  const lines: string[] = [];
  const setupCodes = () =>
    lines
      .map((l) => JSON.parse(l) as { msg?: string })
      .map((l) => /set-up code ([A-Z0-9-]+)/.exec(l.msg ?? '')?.[1])
      .filter((c): c is string => !!c);
  const admin = {
    displayName: 'Ana Munteanu',
    username: 'ana.munteanu',
    email: 'ana.munteanu@example.md',
    locale: 'ro',
    password: 'correct horse battery 42',
  };

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    t = await startTestApp('first_run', { logLevel: 'info', logDestination: destination as never, seedDemoUsers: false });
  });
  afterAll(() => t?.close());

  it('prints a set-up code at start and keeps only its hash', async () => {
    const [code] = setupCodes();
    expect(code).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/);
    const stored: Array<{ code_hash: string }> = await t.app.get(DataSource).query('SELECT code_hash FROM setup_codes');
    expect(stored).toHaveLength(1);
    expect(stored[0].code_hash).not.toContain(code.replace(/-/g, ''));
    expect(stored[0].code_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('says set-up is required, and refuses everything else', async () => {
    const status = await t.http.get('/api/setup').expect(200);
    expect(status.body).toMatchObject({ required: true, defaultLocale: 'en' });
    expect(status.body.locales).toEqual(expect.arrayContaining(['en', 'fr', 'ro', 'ar']));
    for (const path of ['/api/cases', '/api/auth/me', '/api/services', '/api/sop']) {
      const res = await t.http.get(path).expect(503);
      expect(res.body.code).toBe('setup_required');
    }
    const login = await t.http.post('/api/auth/login').send({ username: 'admin', password: 'demo-only-Passw0rd!' }).expect(401);
    expect(login.body.code).toBe('invalid_credentials');
  });

  it('refuses a wrong code, a weak password and an unknown language, saving nothing', async () => {
    const code = setupCodes()[0];
    const wrong = await t.http
      .post('/api/setup/administrator')
      .send({ ...admin, code: 'AAAA-BBBB-CCCC-DDDD' })
      .expect(403);
    expect(wrong.body.code).toBe('setup_code_invalid');
    const weak = await t.http
      .post('/api/setup/administrator')
      .send({ ...admin, code, password: 'password' })
      .expect(422);
    expect(weak.body.code).toBe('password_too_weak');
    const language = await t.http
      .post('/api/setup/administrator')
      .send({ ...admin, code, locale: 'de' })
      .expect(400);
    expect(language.body.errors[0].path).toBe('/locale');
    expect((await t.http.get('/api/setup').expect(200)).body.required).toBe(true);
  });

  it('creates the first administrator with the code, who must enrol two-factor, then reaches the administrator pages', async () => {
    const code = setupCodes()[0].toLowerCase(); // typed back in any case
    const created = await t.http
      .post('/api/setup/administrator')
      .send({ ...admin, code })
      .expect(201);
    expect(created.body.user).toMatchObject({ username: admin.username, roles: ['administrator'], locale: 'ro' });

    const login = await t.http.post('/api/auth/login').send({ username: admin.username, password: admin.password }).expect(200);
    expect(login.body.twoFactor).toMatchObject({ required: true, enrolmentRequired: true });
    const auth = `Bearer ${login.body.token}`;
    expect((await t.http.get('/api/cases').set('authorization', auth).expect(403)).body.code).toBe('two_factor_enrolment_required');

    const setup = await t.http.post('/api/auth/two-factor/setup').set('authorization', auth).expect(200);
    const current = totp(base32Decode(setup.body.secret), t.clock.now().getTime());
    await t.http.post('/api/auth/two-factor/confirm').set('authorization', auth).send({ code: current }).expect(200);
    await t.http.get('/api/admin/sop/lint').set('authorization', auth).expect(200);

    const audit: Array<{ details: object }> = await t.app
      .get(DataSource)
      .query(`SELECT details FROM audit_log WHERE action = 'setup.first_administrator_created'`);
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toMatchObject({ username: admin.username, role: 'administrator', via: 'web' });
    expect(JSON.stringify(audit[0])).not.toContain(admin.password);
  });

  it('is over for good: the code is refused and the status says so', async () => {
    const again = await t.http
      .post('/api/setup/administrator')
      .send({ ...admin, username: 'intruder', code: setupCodes()[0] })
      .expect(409);
    expect(again.body.code).toBe('setup_complete');
    expect((await t.http.get('/api/setup').expect(200)).body.required).toBe(false);
    expect((await t.http.get('/api/cases').expect(401)).body.code).toBe('unauthenticated');
    expect(await t.app.get(FirstRunService).issueCodeIfRequired()).toBeNull();
    expect(await t.app.get(DataSource).query('SELECT * FROM setup_codes')).toEqual([]);
  });
});
