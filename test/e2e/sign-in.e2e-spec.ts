import { base32Decode, hashPassword, totp, UsersRepository } from '@app/identity';
import { DataSource } from 'typeorm';
import { DEMO_PASSWORD, startTestApp, TestApp } from '../support/app';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DEMO_ADMIN_SECRET = 'CMISDEMOONLYADMINTOTPSECRET23456';

/**
 * Strong sign-in through real HTTP on real PostgreSQL: password policy, throttling without lock-out,
 * session expiry and revocation, tampered tokens, TOTP two-factor (mandatory per role), headers.
 * Requests come from distinct client IPs (X-Forwarded-For, trusted from loopback as with
 * CMIS_TRUST_PROXY=loopback) so that the per-IP rate limit of one test does not affect another.
 */
describe('sign-in', () => {
  let t: TestApp;
  let ipSeq = 0;
  const freshIp = () => `203.0.113.${++ipSeq}`;
  const savedTrustProxy = process.env.CMIS_TRUST_PROXY;

  beforeAll(async () => {
    process.env.CMIS_TRUST_PROXY = 'loopback';
    t = await startTestApp('sign_in');
  });
  afterAll(async () => {
    if (savedTrustProxy === undefined) delete process.env.CMIS_TRUST_PROXY;
    else process.env.CMIS_TRUST_PROXY = savedTrustProxy;
    await t?.close();
  });

  const login = (body: { username: string; password: string; totp?: string }, ip = freshIp()) =>
    t.http.post('/api/auth/login').set('X-Forwarded-For', ip).set('User-Agent', 'sign-in-e2e/1.0').send(body);

  async function tokenOf(username: string, password = DEMO_PASSWORD, code?: string): Promise<string> {
    const res = await login({ username, password, ...(code ? { totp: code } : {}) });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token;
  }

  const get = (path: string, token: string) => t.http.get(path).set('Authorization', `Bearer ${token}`);
  const post = (path: string, token: string, body: object = {}) => t.http.post(path).set('Authorization', `Bearer ${token}`).send(body);

  /** A user like the demo caseworker (same location and team) with its own name and roles. */
  async function createUser(username: string, roles = ['caseworker'], password = DEMO_PASSWORD): Promise<string> {
    const users = t.app.get(UsersRepository);
    const model = (await users.findByUsernameWithHash('caseworker'))!;
    return users.upsert({
      username,
      displayName: username,
      passwordHash: await hashPassword(password),
      roles,
      agencyId: model.agencyId,
      teamId: model.teamId,
      locationCode: model.locationCode,
      locationPath: model.locationPath,
      locale: 'en',
    });
  }

  const codeAt = (secret: string) => totp(base32Decode(secret), t.clock.now().getTime());
  const wrongCode = (secret: string) => String((Number(codeAt(secret)) + 1) % 1_000_000).padStart(6, '0');

  it('refuses weak new passwords with every reason (422 password_too_weak), and a wrong current password', async () => {
    await createUser('wendy');
    const token = await tokenOf('wendy');
    const change = (currentPassword: string, newPassword: string) => post('/api/auth/password', token, { currentPassword, newPassword });

    const short = await change(DEMO_PASSWORD, 'short');
    expect(short.status).toBe(422);
    expect(short.body).toMatchObject({ code: 'password_too_weak', reasons: expect.arrayContaining(['too_short']) });
    expect((await change(DEMO_PASSWORD, 'Password12345!')).body.reasons).toEqual(['common']);
    expect((await change(DEMO_PASSWORD, 'wendy-has-a-long-pass')).body.reasons).toEqual(['contains_username']);
    expect((await change(DEMO_PASSWORD, DEMO_PASSWORD)).body.reasons).toEqual(['same_as_current']);
    const longOne = await change(DEMO_PASSWORD, 'x'.repeat(129));
    expect(longOne.body.reasons).toEqual(expect.arrayContaining(['too_long', 'repetitive']));
    expect(JSON.stringify(longOne.body)).not.toContain('x'.repeat(129));

    const wrongCurrent = await change('not-my-password-at-all', 'violet kettle under the bridge');
    expect(wrongCurrent.status).toBe(403);
    expect(wrongCurrent.body.code).toBe('password_incorrect');
    // Nothing changed: the old password still signs in.
    expect((await login({ username: 'wendy', password: DEMO_PASSWORD })).status).toBe(200);
  });

  it('a password change signs out every other session; the sessions list shows them without tokens', async () => {
    await createUser('paul');
    const a = await tokenOf('paul');
    const b = await tokenOf('paul');

    const sessions = await get('/api/auth/sessions', a);
    expect(sessions.status).toBe(200);
    expect(sessions.body).toHaveLength(2);
    expect(sessions.body.filter((s: any) => s.current)).toHaveLength(1);
    expect(sessions.body[0]).toEqual({
      id: expect.any(String),
      createdAt: t.clock.now().toISOString(),
      lastSeenAt: expect.any(String),
      expiresAt: expect.any(String),
      ip: expect.stringMatching(/^203\.0\.113\.\d+$/),
      userAgent: 'sign-in-e2e/1.0',
      twoFactorVerified: false,
      current: expect.any(Boolean),
    });
    expect(JSON.stringify(sessions.body)).not.toContain(a);
    expect(JSON.stringify(sessions.body)).not.toContain(b);

    const changed = await post('/api/auth/password', a, { currentPassword: DEMO_PASSWORD, newPassword: 'violet kettle under the bridge' });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ revokedSessions: 1 });
    const other = await get('/api/auth/me', b);
    expect(other.status).toBe(401);
    expect(other.body.code).toBe('unauthenticated');
    expect((await get('/api/auth/me', a)).status).toBe(200);
    expect((await login({ username: 'paul', password: DEMO_PASSWORD })).body.code).toBe('invalid_credentials');
    expect((await login({ username: 'paul', password: 'violet kettle under the bridge' })).status).toBe(200);
  });

  it('answers unknown usernames, wrong passwords and deactivated accounts byte for byte alike', async () => {
    await createUser('lena');
    await createUser('gone');
    await t.app.get(DataSource).query(`UPDATE users SET active = false WHERE username = 'gone'`);
    const answers = await Promise.all([
      login({ username: 'lena', password: 'wrong-password-123' }),
      login({ username: 'no-such-person', password: 'wrong-password-123' }),
      login({ username: 'gone', password: DEMO_PASSWORD }),
    ]);
    // Every answer carries its own request id (in the body and the X-Request-Id header); all else is alike.
    const shape = (r: { status: number; text: string; headers: Record<string, string> }) => ({
      status: r.status,
      body: r.text.replace(r.headers['x-request-id'], '<request id>'),
      type: r.headers['content-type'],
      retryAfter: r.headers['retry-after'],
    });
    expect(answers[0].status).toBe(401);
    expect(JSON.parse(answers[0].text)).toMatchObject({ code: 'invalid_credentials', detail: 'Wrong username or password.' });
    expect(shape(answers[1])).toEqual(shape(answers[0]));
    expect(shape(answers[2])).toEqual(shape(answers[0]));

    // Throttled alike too: the same 429 for a known and an unknown username after the same failures.
    const ip = freshIp();
    for (let i = 0; i < 3; i++) await login({ username: 'lena', password: `wrong-${i}-password` }, ip);
    for (let i = 0; i < 3; i++) await login({ username: 'no-such-person', password: `wrong-${i}-password` }, ip);
    const [known, unknown] = [await login({ username: 'lena', password: 'x' }, ip), await login({ username: 'no-such-person', password: 'x' }, ip)];
    expect(known.status).toBe(429);
    expect(shape(unknown)).toEqual(shape(known));
  });

  it('wrong passwords slow down only their source: the attacking IP backs off (429, Retry-After), the owner signs in from elsewhere', async () => {
    await createUser('lara');
    const attacker = '198.51.100.66';
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await login({ username: 'lara', password: `guess-number-${i}` }, attacker)).status);
    // Three free failures, then every attempt is refused without checking the password.
    expect(statuses).toEqual([401, 401, 401, ...Array(17).fill(429)]);
    const refused = await login({ username: 'lara', password: DEMO_PASSWORD }, attacker);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('too_many_attempts');
    expect(refused.headers['retry-after']).toBe('2');
    // The owner, from another address, is not affected at all.
    expect((await login({ username: 'lara', password: DEMO_PASSWORD }, '192.0.2.10')).status).toBe(200);

    // The back-off doubles with each failure after the wait: 2 s, 4 s, 8 s...
    t.clock.advance(2_000);
    expect((await login({ username: 'lara', password: 'guess-number-x' }, attacker)).status).toBe(401);
    expect((await login({ username: 'lara', password: 'guess-number-y' }, attacker)).headers['retry-after']).toBe('4');
    t.clock.advance(4_000);
    expect((await login({ username: 'lara', password: 'guess-number-z' }, attacker)).status).toBe(401);
    expect((await login({ username: 'lara', password: DEMO_PASSWORD }, attacker)).headers['retry-after']).toBe('8');
    // Once the wait is over the right password works from there too, and clears that source's failures.
    t.clock.advance(8_000);
    expect((await login({ username: 'lara', password: DEMO_PASSWORD }, attacker)).status).toBe(200);
    expect((await login({ username: 'lara', password: 'one-typo-later' }, attacker)).status).toBe(401);
    expect((await login({ username: 'lara', password: DEMO_PASSWORD }, attacker)).status).toBe(200);
    t.clock.advance(10 * MINUTE);
  });

  it('refuses sign-in with 429 and Retry-After after 20 failures from one IP in 10 minutes; other IPs are not affected', async () => {
    await createUser('ivan');
    const ip = '198.51.100.7';
    for (let i = 0; i < 20; i++) {
      expect((await login({ username: `ghost${i}`, password: 'guessing-away-1234' }, ip)).status).toBe(401);
    }
    // Even the right password is not checked now.
    const refused = await login({ username: 'ivan', password: DEMO_PASSWORD }, ip);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('too_many_attempts');
    expect(refused.headers['retry-after']).toBe('600');
    expect((await login({ username: 'ivan', password: DEMO_PASSWORD }, '198.51.100.8')).status).toBe(200);
    t.clock.advance(5 * MINUTE);
    const later = await login({ username: 'ivan', password: DEMO_PASSWORD }, ip);
    expect(later.status).toBe(429);
    expect(later.headers['retry-after']).toBe('300');
    t.clock.advance(5 * MINUTE);
    expect((await login({ username: 'ivan', password: DEMO_PASSWORD }, ip)).status).toBe(200);
  });

  it('guessing one username from many IPs is slowed to one password check per 30 s; the owner still gets in after the wait', async () => {
    await createUser('ines');
    for (let i = 0; i < 10; i++) {
      expect((await login({ username: 'ines', password: 'guessing-away-1234' })).status).toBe(401);
    }
    const refused = await login({ username: 'ines', password: DEMO_PASSWORD });
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('30');
    // Another username from the same (fresh) client is fine.
    expect((await login({ username: 'caseworker', password: DEMO_PASSWORD })).status).toBe(200);
    t.clock.advance(30_000);
    expect((await login({ username: 'ines', password: DEMO_PASSWORD })).status).toBe(200);
    t.clock.advance(10 * MINUTE);
  });

  it('an attacker rotating addresses cannot keep the owner out: an address the owner signed in from is judged by its own back-off only', async () => {
    await createUser('olga');
    const home = '192.0.2.77';
    expect((await login({ username: 'olga', password: DEMO_PASSWORD }, home)).status).toBe(200);
    t.clock.advance(3 * 24 * HOUR); // days later: the address is still known (30 days)

    // Five rotating addresses guess, taking each password check the moment the per-username spacing allows.
    const attackers = ['198.51.100.101', '198.51.100.102', '198.51.100.103', '198.51.100.104', '198.51.100.105'];
    for (let i = 0; i < 10; i++) {
      expect((await login({ username: 'olga', password: `guess-${i}-of-many` }, attackers[i % 5])).status).toBe(401);
    }
    const takeSlot = async (i: number) => {
      expect((await login({ username: 'olga', password: `guess-slot-${i}` }, attackers[i % 5])).status).toBe(429);
      t.clock.advance(30_000);
      expect((await login({ username: 'olga', password: `guess-slot-${i}x` }, attackers[(i + 1) % 5])).status).toBe(401);
    };
    for (let i = 0; i < 3; i++) await takeSlot(i);

    // The per-username limit is still engaged for every other source, the right password included…
    const fresh = await login({ username: 'olga', password: DEMO_PASSWORD }, '192.0.2.78');
    expect(fresh.status).toBe(429);
    expect(fresh.headers['retry-after']).toBe('30');
    // …and a known username from a new address is answered exactly as an unknown one (no enumeration).
    for (let i = 0; i < 10; i++) await login({ username: 'nobody-here', password: `guess-${i}-of-many` }, attackers[i % 5]);
    const shape = (r: { status: number; text: string; headers: Record<string, string> }) => ({
      status: r.status,
      body: r.text.replace(r.headers['x-request-id'], '<request id>'),
      retryAfter: r.headers['retry-after'],
    });
    const [known, unknown] = [
      await login({ username: 'olga', password: 'x' }, '192.0.2.79'),
      await login({ username: 'nobody-here', password: 'x' }, '192.0.2.80'),
    ];
    expect(known.status).toBe(429);
    expect(shape(unknown)).toEqual(shape(known));

    // The owner, from the address they signed in from before, gets in at once.
    expect((await login({ username: 'olga', password: DEMO_PASSWORD }, home)).status).toBe(200);
    // Wrong passwords from there still back off (3 free failures, then 2 s, 4 s…), for that source alone.
    for (let i = 0; i < 3; i++) expect((await login({ username: 'olga', password: `typo-${i}-here` }, home)).status).toBe(401);
    expect((await login({ username: 'olga', password: DEMO_PASSWORD }, home)).headers['retry-after']).toBe('2');
    t.clock.advance(2_000);
    expect((await login({ username: 'olga', password: DEMO_PASSWORD }, home)).status).toBe(200);

    // An address is forgotten 30 days after its last successful sign-in: then it shares the per-username limit.
    t.clock.advance(31 * 24 * HOUR);
    for (let i = 0; i < 10; i++) await login({ username: 'olga', password: `guess-${i}-again` }, attackers[i % 5]);
    expect((await login({ username: 'olga', password: DEMO_PASSWORD }, home)).status).toBe(429);
    t.clock.advance(10 * MINUTE);
  });

  it('refuses tampered tokens (any change) with 401', async () => {
    const token = await tokenOf('teacher');
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    const tampered = [
      flip(token, 0),
      flip(token, 21),
      flip(token, token.length - 1),
      token + 'A',
      token.slice(0, -1),
      token.toUpperCase(),
      `${token} x`,
      'forged',
    ];
    for (const bad of tampered) {
      const res = await get('/api/auth/me', bad);
      expect({ bad, status: res.status, code: res.body.code }).toEqual({ bad, status: 401, code: 'unauthenticated' });
    }
    expect((await get('/api/auth/me', token)).status).toBe(200);
  });

  it('sessions expire 12 hours after sign-in even when in use (401 session_expired)', async () => {
    const token = await tokenOf('doctor');
    let elapsed = 0;
    while (elapsed + 50 * MINUTE < 12 * HOUR) {
      t.clock.advance(50 * MINUTE);
      elapsed += 50 * MINUTE;
      expect((await get('/api/auth/me', token)).status).toBe(200);
    }
    t.clock.advance(50 * MINUTE);
    const expired = await get('/api/cases', token);
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('session_expired');
    expect(expired.body.detail).not.toMatch(/without use/);

    const other = await tokenOf('doctor');
    t.clock.advance(13 * HOUR);
    expect((await get('/api/cases', other)).body.code).toBe('session_expired');
  });

  it('sessions expire after 60 minutes without use; use keeps them alive; last use is written at most once a minute', async () => {
    const token = await tokenOf('psychologist');
    const createdAt = t.clock.now().toISOString();
    t.clock.advance(30_000);
    const early = await get('/api/auth/sessions', token);
    expect(early.body.find((s: any) => s.current).lastSeenAt).toBe(createdAt);
    t.clock.advance(31_000);
    const touched = await get('/api/auth/sessions', token);
    expect(touched.body.find((s: any) => s.current).lastSeenAt).toBe(t.clock.now().toISOString());

    t.clock.advance(59 * MINUTE);
    expect((await get('/api/auth/me', token)).status).toBe(200);
    t.clock.advance(59 * MINUTE);
    expect((await get('/api/auth/me', token)).status).toBe(200);
    t.clock.advance(61 * MINUTE);
    const idle = await get('/api/auth/me', token);
    expect(idle.status).toBe(401);
    expect(idle.body.code).toBe('session_expired');
    expect(idle.body.detail).toMatch(/without use/);
  });

  it('a signed-out (revoked) token is refused with 401; revoke-others keeps only the current session', async () => {
    const token = await tokenOf('district');
    expect((await post('/api/auth/logout', token)).status).toBe(204);
    const after = await get('/api/auth/me', token);
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('unauthenticated');

    const a = await tokenOf('district');
    const b = await tokenOf('district');
    const c = await tokenOf('district');
    const res = await post('/api/auth/sessions/revoke-others', a);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ revoked: 2 });
    expect((await get('/api/auth/me', b)).status).toBe(401);
    expect((await get('/api/auth/me', c)).status).toBe(401);
    expect((await get('/api/auth/me', a)).status).toBe(200);
    expect((await get('/api/auth/sessions', a)).body).toHaveLength(1);
  });

  it('an administrator signs a user out of every session; others may not; unknown users are 404', async () => {
    const samId = await createUser('sam');
    const s1 = await tokenOf('sam');
    const s2 = await tokenOf('sam');
    const admin = await t.login('admin');
    const res = await t.http.post(`/api/users/${samId}/sessions/revoke`).set('Authorization', admin);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ revoked: 2 });
    expect((await get('/api/auth/me', s1)).status).toBe(401);
    expect((await get('/api/auth/me', s2)).status).toBe(401);

    const s3 = await tokenOf('sam');
    const byCaseworker = await post(`/api/users/${samId}/sessions/revoke`, s3);
    expect(byCaseworker.status).toBe(403);
    expect(byCaseworker.body.code).toBe('forbidden');
    expect((await get('/api/auth/me', s3)).status).toBe(200);
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const unknown = await t.http.post(`/api/users/${id}/sessions/revoke`).set('Authorization', admin);
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('user_not_found');
    }
  });

  it('TOTP: enrol, then sign-in needs a code, a code works once, wrong codes are throttled failures, disable', async () => {
    await createUser('tina');
    const first = await login({ username: 'tina', password: DEMO_PASSWORD });
    expect(first.body.twoFactor).toEqual({ enabled: false, required: false, enrolmentRequired: false });
    const token = first.body.token;

    const setup = await post('/api/auth/two-factor/setup', token);
    expect(setup.status).toBe(200);
    const secret: string = setup.body.secret;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.body.otpauthUri).toBe(`otpauth://totp/CMIS:tina?secret=${secret}&issuer=CMIS`);
    // Not active before confirmation.
    expect((await login({ username: 'tina', password: DEMO_PASSWORD })).status).toBe(200);

    const badConfirm = await post('/api/auth/two-factor/confirm', token, { code: wrongCode(secret) });
    expect(badConfirm.status).toBe(422);
    expect(badConfirm.body.code).toBe('two_factor_code_rejected');
    const confirmCode = codeAt(secret);
    expect((await post('/api/auth/two-factor/confirm', token, { code: confirmCode })).status).toBe(200);
    expect((await get('/api/auth/me', token)).body.twoFactor).toEqual({ enabled: true, required: false, enrolmentRequired: false });
    expect((await post('/api/auth/two-factor/setup', token)).body.code).toBe('two_factor_already_enabled');

    const sessionsBefore = (await get('/api/auth/sessions', token)).body.length;
    const noCode = await login({ username: 'tina', password: DEMO_PASSWORD });
    expect(noCode.status).toBe(401);
    expect(noCode.body.code).toBe('two_factor_required');
    expect(noCode.body.token).toBeUndefined();
    // The code used to confirm cannot sign in (same time step).
    expect((await login({ username: 'tina', password: DEMO_PASSWORD, totp: confirmCode })).body.code).toBe('two_factor_invalid');
    expect((await get('/api/auth/sessions', token)).body.length).toBe(sessionsBefore);

    t.clock.advance(30_000);
    const code = codeAt(secret);
    const ok = await login({ username: 'tina', password: DEMO_PASSWORD, totp: code });
    expect(ok.status).toBe(200);
    expect(ok.body.twoFactor).toEqual({ enabled: true, required: false, enrolmentRequired: false });
    const replay = await login({ username: 'tina', password: DEMO_PASSWORD, totp: code });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('two_factor_invalid');
    // A right password with a wrong code is a failed attempt: after three, that source must wait.
    const guesser = freshIp();
    for (let i = 0; i < 3; i++) {
      expect((await login({ username: 'tina', password: DEMO_PASSWORD, totp: wrongCode(secret) }, guesser)).body.code).toBe('two_factor_invalid');
    }
    expect((await login({ username: 'tina', password: DEMO_PASSWORD, totp: codeAt(secret) }, guesser)).status).toBe(429);
    t.clock.advance(30_000);
    const again = await login({ username: 'tina', password: DEMO_PASSWORD, totp: codeAt(secret) });
    expect(again.status).toBe(200);

    // Disable: needs the password and an unused code.
    const fresh = again.body.token;
    expect((await post('/api/auth/two-factor/disable', fresh, { password: DEMO_PASSWORD, code: codeAt(secret) })).body.code).toBe('two_factor_code_rejected');
    t.clock.advance(30_000);
    expect((await post('/api/auth/two-factor/disable', fresh, { password: 'not-my-password', code: codeAt(secret) })).body.code).toBe('password_incorrect');
    expect((await post('/api/auth/two-factor/disable', fresh, { password: DEMO_PASSWORD, code: codeAt(secret) })).status).toBe(204);
    expect((await login({ username: 'tina', password: DEMO_PASSWORD })).status).toBe(200);
  });

  it('the demo administrator (a role requiring two-factor) signs in with the code of its demo secret and cannot disable it', async () => {
    t.clock.advance(30_000);
    const noCode = await login({ username: 'admin', password: DEMO_PASSWORD });
    expect(noCode.status).toBe(401);
    expect(noCode.body.code).toBe('two_factor_required');
    const res = await login({ username: 'admin', password: DEMO_PASSWORD, totp: codeAt(DEMO_ADMIN_SECRET) });
    expect(res.status).toBe(200);
    expect(res.body.twoFactor).toEqual({ enabled: true, required: true, enrolmentRequired: false });
    expect((await get('/api/sop/versions', res.body.token)).status).toBe(200);
    t.clock.advance(30_000);
    const disable = await post('/api/auth/two-factor/disable', res.body.token, { password: DEMO_PASSWORD, code: codeAt(DEMO_ADMIN_SECRET) });
    expect(disable.status).toBe(403);
    expect(disable.body.code).toBe('two_factor_required_by_role');
  });

  it('a user whose role requires two-factor but who has not enrolled may only enrol; then the session is full', async () => {
    await createUser('newadmin', ['administrator']);
    const res = await login({ username: 'newadmin', password: DEMO_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.twoFactor).toEqual({ enabled: false, required: true, enrolmentRequired: true });
    const token = res.body.token;
    const other = await tokenOf('newadmin');

    for (const req of [
      get('/api/cases', token),
      get('/api/sop/versions', token),
      get('/api/auth/sessions', token),
      post('/api/auth/password', token, { currentPassword: DEMO_PASSWORD, newPassword: 'violet kettle under the bridge' }),
    ]) {
      const refused = await req;
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('two_factor_enrolment_required');
    }
    const me = await get('/api/auth/me', token);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: 'newadmin', twoFactor: { enabled: false, required: true, enrolmentRequired: true } });

    const setup = await post('/api/auth/two-factor/setup', token);
    expect(setup.status).toBe(200);
    expect((await post('/api/auth/two-factor/confirm', token, { code: codeAt(setup.body.secret) })).status).toBe(200);
    expect((await get('/api/cases', token)).status).toBe(200);
    expect((await get('/api/sop/versions', token)).status).toBe(200);
    // A session opened with the password alone before enrolment stays limited: sign in again with a code.
    expect((await get('/api/cases', other)).body.code).toBe('two_factor_enrolment_required');
    expect((await login({ username: 'newadmin', password: DEMO_PASSWORD })).body.code).toBe('two_factor_required');
    t.clock.advance(30_000);
    const withCode = await tokenOf('newadmin', DEMO_PASSWORD, codeAt(setup.body.secret));
    expect((await get('/api/cases', withCode)).status).toBe(200);

    // Lost phone: another administrator resets the two-factor; every session ends and enrolment starts again.
    const newadminId = (await get('/api/auth/me', withCode)).body.id;
    expect((await post(`/api/users/${newadminId}/two-factor/reset`, await tokenOf('caseworker'))).status).toBe(403);
    t.clock.advance(30_000);
    const admin = await tokenOf('admin', DEMO_PASSWORD, codeAt(DEMO_ADMIN_SECRET));
    const reset = await post(`/api/users/${newadminId}/two-factor/reset`, admin);
    expect(reset.status).toBe(200);
    expect(reset.body.revokedSessions).toBeGreaterThanOrEqual(1);
    expect((await get('/api/cases', withCode)).status).toBe(401);
    const again = await login({ username: 'newadmin', password: DEMO_PASSWORD });
    expect(again.body.twoFactor).toEqual({ enabled: false, required: true, enrolmentRequired: true });
  });

  it('sends security headers: CSP, nosniff, no referrer, no X-Powered-By, no-store on API answers; Swagger UI still loads', async () => {
    const health = await t.http.get('/api/health');
    expect(health.status).toBe(200);
    expect(health.headers['x-content-type-options']).toBe('nosniff');
    expect(health.headers['referrer-policy']).toBe('no-referrer');
    expect(health.headers['x-powered-by']).toBeUndefined();
    expect(health.headers['x-frame-options']).toBeDefined();
    expect(health.headers['strict-transport-security']).toMatch(/max-age=/);
    const csp = health.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(health.headers['cache-control']).toBe('no-store');

    const signIn = await login({ username: 'caseworker', password: DEMO_PASSWORD });
    expect(signIn.headers['cache-control']).toBe('no-store');
    const failed = await login({ username: 'caseworker', password: 'wrong-password-here' });
    expect(failed.headers['cache-control']).toBe('no-store');
    const cases = await get('/api/cases', signIn.body.token);
    expect(cases.status).toBe(200);
    expect(cases.headers['cache-control']).toBe('no-store');

    // Swagger UI: same-origin scripts only (no inline script the CSP would block).
    const docs = await t.http.get('/api/docs/');
    expect(docs.status).toBe(200);
    expect(docs.headers['content-security-policy']).toBe(csp);
    expect(docs.text).toContain('swagger-ui-bundle.js');
    expect(docs.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const init = await t.http.get('/api/docs/swagger-ui-init.js');
    expect(init.status).toBe(200);
    expect((await t.http.get('/api/openapi.json')).body.paths['/api/auth/two-factor/setup']).toBeDefined();
  });

  // Last: it moves the demo administrator to another secret.
  it('a role requiring two-factor moves to a new device: password and a current code start it, the old device works until the new one confirms', async () => {
    t.clock.advance(30_000);
    const session = await login({ username: 'admin', password: DEMO_PASSWORD, totp: codeAt(DEMO_ADMIN_SECRET) });
    const token = session.body.token;
    t.clock.advance(30_000);
    expect((await post('/api/auth/two-factor/replace', token, { password: 'not-the-password', code: codeAt(DEMO_ADMIN_SECRET) })).body.code).toBe(
      'password_incorrect',
    );
    expect((await post('/api/auth/two-factor/replace', token, { password: DEMO_PASSWORD, code: wrongCode(DEMO_ADMIN_SECRET) })).status).toBe(422);
    const started = await post('/api/auth/two-factor/replace', token, { password: DEMO_PASSWORD, code: codeAt(DEMO_ADMIN_SECRET) });
    expect(started.status).toBe(200);
    const newSecret = started.body.secret as string;
    expect(newSecret).not.toBe(DEMO_ADMIN_SECRET);

    // Not confirmed yet: the old device still signs in, the new one does not.
    t.clock.advance(30_000);
    expect((await login({ username: 'admin', password: DEMO_PASSWORD, totp: codeAt(newSecret) })).status).toBe(401);
    expect((await login({ username: 'admin', password: DEMO_PASSWORD, totp: codeAt(DEMO_ADMIN_SECRET) })).status).toBe(200);

    expect((await post('/api/auth/two-factor/confirm', token, { code: wrongCode(newSecret) })).status).toBe(422);
    const confirmed = await post('/api/auth/two-factor/confirm', token, { code: codeAt(newSecret) });
    expect(confirmed.status).toBe(200);
    t.clock.advance(30_000);
    expect((await login({ username: 'admin', password: DEMO_PASSWORD, totp: codeAt(DEMO_ADMIN_SECRET) })).status).toBe(401);
    expect((await login({ username: 'admin', password: DEMO_PASSWORD, totp: codeAt(newSecret) })).status).toBe(200);
    const audit = await t.app.get(DataSource).query(`SELECT action FROM audit_log WHERE action = 'auth.two_factor_replaced'`);
    expect(audit).toHaveLength(1);
  });
});
