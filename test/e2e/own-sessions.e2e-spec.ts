import { startTestApp, TestApp, DEMO_PASSWORD } from '../support/app';

/** Self-service: a user ends one of their own sessions (a lost phone), and only their own. */
describe('ending one of my sessions', () => {
  let t: TestApp;
  const signIn = async (username: string, userAgent: string) =>
    `Bearer ${(await t.http.post('/api/auth/login').set('user-agent', userAgent).send({ username, password: DEMO_PASSWORD }).expect(200)).body.token}`;

  beforeAll(async () => {
    t = await startTestApp('own_sessions');
  });
  afterAll(() => t?.close());

  it('lists my sessions with the current one marked, ends another one, and cannot end anyone else’s', async () => {
    const laptop = await signIn('caseworker', 'Laptop browser');
    const phone = await signIn('caseworker', 'Phone browser');
    const list = (await t.http.get('/api/auth/sessions').set('authorization', laptop).expect(200)).body as Array<{
      id: string;
      userAgent: string;
      current: boolean;
    }>;
    expect(list.find((s) => s.current)?.userAgent).toBe('Laptop browser');
    const other = list.find((s) => s.userAgent === 'Phone browser')!;
    expect(other.current).toBe(false);

    const colleague = await signIn('caseworker2', 'Colleague');
    expect((await t.http.post(`/api/auth/sessions/${other.id}/revoke`).set('authorization', colleague)).status).toBe(404);
    await t.http.get('/api/cases').set('authorization', phone).expect(200);

    expect((await t.http.post(`/api/auth/sessions/${other.id}/revoke`).set('authorization', laptop).expect(200)).body).toEqual({ revoked: 1 });
    expect((await t.http.get('/api/cases').set('authorization', phone)).status).toBe(401);
    await t.http.get('/api/cases').set('authorization', laptop).expect(200);
    expect((await t.http.post(`/api/auth/sessions/${other.id}/revoke`).set('authorization', laptop)).status).toBe(404);
    expect((await t.http.post('/api/auth/sessions/not-a-session/revoke').set('authorization', laptop)).status).toBe(404);
  });
});
