import { Writable } from 'node:stream';
import { Logger } from '@nestjs/common';
import { DEMO_PASSWORD, startTestApp, TestApp } from '../support/app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Structured logs: one JSON line per request carrying its request id (X-Request-Id in and out, and in
 * problem details), and never a password, a token or an Authorization value.
 */
describe('request ids and structured request logs', () => {
  let t: TestApp;
  const lines: string[] = [];
  const logs = () => lines.map((l) => JSON.parse(l) as Record<string, any>);

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    t = await startTestApp('request_logs', { logLevel: 'info', logDestination: destination as never });
  });
  afterAll(async () => {
    await t?.close();
    Logger.overrideLogger(['error']);
  });

  async function lineFor(reqId: string): Promise<Record<string, any>> {
    for (let i = 0; i < 50; i++) {
      const found = logs().find((l) => l.reqId === reqId && l.req);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no request log line with reqId ${reqId}; lines:\n${lines.join('\n')}`);
  }

  it('gives every response an X-Request-Id, keeping a well-formed incoming one', async () => {
    const fresh = await t.http.get('/api/health').expect(200);
    expect(fresh.headers['x-request-id']).toMatch(UUID);
    const kept = await t.http.get('/api/health').set('X-Request-Id', 'lb-7f3a9c21-0001').expect(200);
    expect(kept.headers['x-request-id']).toBe('lb-7f3a9c21-0001');
    const replaced = await t.http.get('/api/health').set('X-Request-Id', '<script>x</script>').expect(200);
    expect(replaced.headers['x-request-id']).toMatch(UUID);
    expect((await lineFor(fresh.headers['x-request-id'])).req).toEqual({ method: 'GET', path: '/api/health' });
  });

  it('names the request id in problem details', async () => {
    const res = await t.http.get('/api/cases/00000000-0000-4000-8000-000000000000?q=Ion').set('X-Request-Id', 'probe-problem-0001');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.body).toMatchObject({ requestId: 'probe-problem-0001' });
    const line = await lineFor('probe-problem-0001');
    expect(line).toMatchObject({ level: 'warn', res: { statusCode: res.status } });
    expect(line.req.path).toBe('/api/cases/00000000-0000-4000-8000-000000000000'); // no query string: it can hold names
  });

  it('logs a sign-in with its request id and without the password or the Authorization value', async () => {
    const bearer = 'Bearer probe-token-5f2d8e1a9b7c';
    const res = await t.http
      .post('/api/auth/login')
      .set('X-Request-Id', 'probe-login-0001')
      .set('Authorization', bearer)
      .send({ username: 'caseworker', password: DEMO_PASSWORD });
    expect(res.status).toBe(200);
    const line = await lineFor('probe-login-0001');
    expect(line).toMatchObject({ level: 'info', reqId: 'probe-login-0001', req: { method: 'POST', path: '/api/auth/login' }, res: { statusCode: 200 } });
    expect(typeof line.responseTime).toBe('number');
    const all = lines.join('\n');
    for (const secret of [DEMO_PASSWORD, 'probe-token-5f2d8e1a9b7c', res.body.token]) expect(all).not.toContain(secret);
  });
});
