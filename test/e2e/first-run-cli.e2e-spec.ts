import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { REPO_ROOT } from '../support/app';
import { freshDatabase, migratedDataSource, TestDatabase } from '../support/database';

/** The CLI as an operator runs it, from the sources: `cmis <args>` with `input` on standard input. */
function cli(db: TestDatabase, args: string[], input = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', path.join(REPO_ROOT, 'scripts/lib/ts-register.cjs'), path.join(REPO_ROOT, 'apps/cli/src/main.ts'), ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_URL: db.appUrl, DATABASE_OWNER_URL: db.url },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** `cmis admin create-first`: the first administrator from a shell on the server, once. */
describe('cmis admin create-first', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const args = ['admin', 'create-first', '--username', 'ion.rusu', '--name', 'Ion Rusu', '--email', 'ion@example.md', '--locale', 'ro'];

  beforeAll(async () => {
    db = await freshDatabase('first_run_cli');
    ds = await migratedDataSource(db.url);
    expect((await cli(db, ['sop', 'publish', 'sops/moldova'])).code).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('refuses a weak password, creates the administrator with a strong one (audited), then refuses for good', async () => {
    const weak = await cli(db, args, 'short\n');
    expect([weak.code, weak.stderr]).toEqual([1, expect.stringContaining('password_too_weak')]);
    expect(await ds.query('SELECT username FROM users')).toEqual([]);

    const made = await cli(db, args, 'correct horse battery 42\n');
    expect([made.code, made.stdout]).toEqual([0, expect.stringContaining('administrator created: ion.rusu')]);
    const users = await ds.query('SELECT username, roles, locale FROM users');
    expect(users).toEqual([{ username: 'ion.rusu', roles: ['administrator'], locale: 'ro' }]);
    const audit = await ds.query(`SELECT details FROM audit_log WHERE action = 'setup.first_administrator_created'`);
    expect(audit).toEqual([{ details: expect.objectContaining({ username: 'ion.rusu', via: 'cli' }) }]);

    const again = await cli(db, [...args.slice(0, 3), 'someone.else', ...args.slice(4)], 'another horse battery 43\n');
    expect([again.code, again.stderr]).toEqual([1, expect.stringContaining('setup_complete')]);
    expect((await ds.query('SELECT count(*)::int AS n FROM users'))[0].n).toBe(1);
  });
});
