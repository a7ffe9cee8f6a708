import { Client } from 'pg';
import { base32Decode, isSealed, totp } from '@app/identity';
import { SopRegistry } from '@app/sop-registry';
import { createCliRegistry } from '../../apps/cli/src/cli';
import { DEMO_PASSWORD, REPO_ROOT, startTestApp, TestApp } from '../support/app';

/**
 * Two-factor secrets are encrypted in the database (CMIS_SECRETS_KEY; unset under test, so the
 * development key): the columns hold no base32 secret, and signing in with a code still works, for the
 * seeded administrator, for a user who enrols, and for a secret stored in plain text before encryption
 * existed (sealed on that use).
 */
describe('two-factor secrets encrypted at rest', () => {
  let t: TestApp;
  let owner: Client;
  let adminSecret: string;

  beforeAll(async () => {
    t = await startTestApp('totp_at_rest');
    owner = new Client({ connectionString: t.db.url });
    await owner.connect();
    const sop = await t.app.get(SopRegistry).current();
    adminSecret = sop.pack.demoUsers.find((u) => u.username === 'admin')!.totpSecret!;
  });

  afterAll(async () => {
    await owner?.end();
    await t?.close();
  });

  const columns = async (username: string) =>
    (await owner.query(`SELECT totp_secret, totp_pending_secret FROM users WHERE username = $1`, [username])).rows[0] as {
      totp_secret: string | null;
      totp_pending_secret: string | null;
    };
  const expectSealed = (stored: string | null, secret: string) => {
    expect(stored).not.toBeNull();
    expect(isSealed(stored!)).toBe(true);
    expect(stored).not.toContain(secret);
    expect(stored).not.toMatch(/^[A-Z2-7]+=*$/);
  };
  const codeAt = (secret: string) => totp(base32Decode(secret), t.clock.now().getTime());
  const signIn = (username: string, code?: string) =>
    t.http.post('/api/auth/login').send({ username, password: DEMO_PASSWORD, ...(code ? { totp: code } : {}) });

  it('the seeded administrator: the column holds no base32 secret, and the code of the secret signs in', async () => {
    expectSealed((await columns('admin')).totp_secret, adminSecret);
    expect((await signIn('admin')).body.code).toBe('two_factor_required');
    const res = await signIn('admin', codeAt(adminSecret));
    expect(res.status).toBe(200);
    expect(res.body.twoFactorVerified ?? true).toBe(true);
  });

  it('a user who enrols: pending and active secrets are stored sealed, and the next sign-in takes the code', async () => {
    const first = await signIn('caseworker');
    expect(first.status).toBe(200);
    const auth = { Authorization: `Bearer ${first.body.token}` };
    const setup = await t.http.post('/api/auth/two-factor/setup').set(auth);
    expect(setup.status).toBe(200);
    const secret: string = setup.body.secret;
    expectSealed((await columns('caseworker')).totp_pending_secret, secret);
    expect(
      (
        await t.http
          .post('/api/auth/two-factor/confirm')
          .set(auth)
          .send({ code: codeAt(secret) })
      ).status,
    ).toBe(200);
    const stored = await columns('caseworker');
    expect(stored.totp_pending_secret).toBeNull();
    expectSealed(stored.totp_secret, secret);
    t.clock.advance(30_000);
    expect((await signIn('caseworker')).body.code).toBe('two_factor_required');
    expect((await signIn('caseworker', codeAt(secret))).status).toBe(200);
  });

  it('a secret stored in plain text before encryption still signs in, and is sealed on that use', async () => {
    await owner.query(`UPDATE users SET totp_secret = $1 WHERE username = 'admin'`, [adminSecret]);
    t.clock.advance(30_000);
    expect((await signIn('admin', codeAt(adminSecret))).status).toBe(200);
    expectSealed((await columns('admin')).totp_secret, adminSecret);
    t.clock.advance(30_000);
    expect((await signIn('admin', codeAt(adminSecret))).status).toBe(200);
  });

  it('`cmis secrets reencrypt` seals every secret still in plain text, all or nothing', async () => {
    const reencrypt = async () => {
      const out: string[] = [];
      const err: string[] = [];
      const env = { ...process.env, DATABASE_URL: t.db.appUrl, CMIS_SECRETS_KEY: '', CMIS_SECRETS_OLD_KEYS: '' };
      const code = await createCliRegistry().run(['secrets', 'reencrypt'], { out: (l) => out.push(l), err: (l) => err.push(l), cwd: REPO_ROOT, env });
      return { code, stdout: out.join('\n'), stderr: err.join('\n') };
    };
    await owner.query(`UPDATE users SET totp_secret = $1 WHERE username = 'admin'`, [adminSecret]);
    // A value that opens with no key stops the run before anything is written.
    await owner.query(`UPDATE users SET totp_pending_secret = 'v1.00000000.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAA' WHERE username = 'police'`);
    const refused = await reencrypt();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/nothing changed: user [0-9a-f-]+, pending secret: .*00000000/);
    expect((await columns('admin')).totp_secret).toBe(adminSecret);
    await owner.query(`UPDATE users SET totp_pending_secret = NULL WHERE username = 'police'`);
    const done = await reencrypt();
    expect(done.stderr).toBe('');
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/: 1 secret\(s\) of 1 user\(s\) changed/);
    expectSealed((await columns('admin')).totp_secret, adminSecret);
    t.clock.advance(30_000);
    expect((await signIn('admin', codeAt(adminSecret))).status).toBe(200);
    // Run again: nothing left to change.
    expect((await reencrypt()).stdout).toMatch(/: 0 secret\(s\) of 0 user\(s\) changed/);
  });

  it('a sealed secret copied onto another user does not sign that user in (a server fault, not a wrong code)', async () => {
    await owner.query(
      `UPDATE users SET totp_secret = (SELECT totp_secret FROM users WHERE username = 'admin'), totp_enabled_at = now() WHERE username = 'supervisor'`,
    );
    t.clock.advance(30_000);
    const res = await signIn('supervisor', codeAt(adminSecret));
    expect(res.status).toBe(500);
    expect(res.body.token).toBeUndefined();
  });
});
