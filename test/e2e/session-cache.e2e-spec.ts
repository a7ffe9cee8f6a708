import { Client } from 'pg';
import { DatabaseNotifications } from '@app/database';
import { DEMO_PASSWORD, startTestApp, TestApp } from '../support/app';
import { waitUntil } from '../support/scale-out';

/**
 * Sessions are kept a few seconds in the API's memory. A change made anywhere else (another API
 * process, the CLI, SQL) must still apply within moments, announced by the database; while the
 * announcements cannot arrive, the API reads every session again.
 */
describe('signed-in sessions kept in memory', () => {
  let t: TestApp;
  let owner: Client;
  // A session of its own each time (TestApp.login reuses one per user).
  const signIn = async (username: string) =>
    `Bearer ${(await t.http.post('/api/auth/login').send({ username, password: DEMO_PASSWORD }).expect(200)).body.token}`;
  const status = async (auth: string, url = '/api/cases') => (await t.http.get(url).set('authorization', auth)).status;

  beforeAll(async () => {
    t = await startTestApp('session_cache');
    owner = new Client({ connectionString: t.db.url });
    await owner.connect();
  });
  afterAll(async () => {
    await owner?.end();
    await t?.close();
  });

  const listenerConnections = async (): Promise<number> => {
    const [row] = (
      await owner.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'cmis notifications' AND datname = current_database()`)
    ).rows;
    return row.n;
  };

  it('listens on one connection of its own', async () => {
    const auth = await signIn('caseworker');
    expect(await status(auth)).toBe(200);
    await waitUntil('the listener to start', async () => t.app.get(DatabaseNotifications).live, 5_000);
    expect(await listenerConnections()).toBe(1);
  });

  it('a session revoked by another process stops working within moments', async () => {
    const auth = await signIn('caseworker');
    expect(await status(auth)).toBe(200);
    expect(await status(auth)).toBe(200);
    await owner.query(`UPDATE sessions SET revoked_at = now() WHERE token_hash = encode(sha256($1::bytea), 'hex')`, [auth.slice('Bearer '.length)]);
    await waitUntil('the revoked session to be refused', async () => (await status(auth)) === 401, 2_000);
    expect(await status(auth)).toBe(401);
  });

  it('a user deactivated elsewhere is refused within moments, and their new roles apply as soon as they are changed', async () => {
    const teacher = await signIn('teacher');
    expect(await status(teacher, '/api/auth/me')).toBe(200);
    const rolesOf = async () => (await t.http.get('/api/auth/me').set('authorization', teacher)).body.roles as string[];
    const before = await rolesOf();
    await owner.query(`UPDATE users SET roles = roles || '{caseworker}' WHERE username = 'teacher'`);
    await waitUntil('the new role to apply', async () => (await rolesOf()).includes('caseworker'), 2_000);
    expect(await rolesOf()).toEqual([...before, 'caseworker']);
    await owner.query(`UPDATE users SET active = false WHERE username = 'teacher'`);
    await waitUntil('the deactivated user to be refused', async () => (await status(teacher, '/api/auth/me')) === 401, 2_000);
  });

  it('while the listening connection is down, every request reads its session again, and caching resumes once it is back', async () => {
    const auth = await signIn('caseworker2');
    expect(await status(auth)).toBe(200);
    const notifications = t.app.get(DatabaseNotifications);
    await owner.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'cmis notifications' AND datname = current_database()`);
    await waitUntil('the API to notice the lost connection', async () => !notifications.live, 5_000);
    // Announced to nobody: only reading the session again can see it.
    await owner.query(`UPDATE sessions SET revoked_at = now() WHERE token_hash = encode(sha256($1::bytea), 'hex')`, [auth.slice('Bearer '.length)]);
    expect(await status(auth)).toBe(401);
    await waitUntil('the listener to reconnect', async () => notifications.live, 10_000);
    const again = await signIn('caseworker2');
    expect(await status(again)).toBe(200);
    expect(await status(auth)).toBe(401);
  });
});
