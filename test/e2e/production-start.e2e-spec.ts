import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import * as path from 'node:path';
import request from 'supertest';
import { REPO_ROOT } from '../support/app';
import { freshDatabase, TestDatabase } from '../support/database';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A fresh clone started for production (`npm run start:prod` with the operator's database: no demo,
 * NODE_ENV=production) as a real process: it prints a set-up code, and nothing but the first-run
 * step works until the first administrator exists.
 */
describe('production start of a new installation', () => {
  let db: TestDatabase;
  let server: ChildProcess;
  let output = '';
  let url: string;

  beforeAll(async () => {
    db = await freshDatabase('production_start');
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, ['-r', path.join(REPO_ROOT, 'scripts/lib/ts-register.cjs'), path.join(REPO_ROOT, 'apps/api/src/main.ts')], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        CMIS_DEMO: '0',
        DATABASE_URL: db.appUrl,
        DATABASE_OWNER_URL: db.url,
        CMIS_SECRETS_KEY: randomBytes(32).toString('hex'),
        PORT: String(port),
        HOST: '127.0.0.1',
      },
    });
    server.stdout!.on('data', (d) => (output += d));
    server.stderr!.on('data', (d) => (output += d));
    const deadline = Date.now() + 90_000;
    while (!/CMIS is running/.test(output)) {
      if (server.exitCode !== null) throw new Error(`the server stopped:\n${output}`);
      if (Date.now() > deadline) throw new Error(`the server did not start in time:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 120_000);
  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    await db?.drop();
  });

  it('prints a set-up code, has no demo user, and answers only the first-run step', async () => {
    expect(output).toMatch(/set-up code [A-Z0-9]{4}(-[A-Z0-9]{4}){3}/);
    expect(output).not.toMatch(/Demo users/);
    const http = request(url);
    expect((await http.get('/api/health')).status).toBe(200);
    expect((await http.get('/api/setup')).body).toMatchObject({ required: true });
    for (const p of ['/api/cases', '/api/sop', '/api/auth/me', '/api/services']) {
      const res = await http.get(p);
      expect([p, res.status, res.body.code]).toEqual([p, 503, 'setup_required']);
    }
    const demo = await http.post('/api/auth/login').send({ username: 'admin', password: 'demo-only-Passw0rd!' });
    expect([demo.status, demo.body.code]).toEqual([401, 'invalid_credentials']);
  });
});
