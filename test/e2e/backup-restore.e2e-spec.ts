import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { SopRegistry } from '@app/sop-registry';
import { createCliRegistry } from '../../apps/cli/src/cli';
import { DemoCasesSeeder } from '../../apps/api/src/demo-cases.seeder';
import { startTestApp, TestApp } from '../support/app';
import { freshDatabase, migratedDataSource, TestDatabase } from '../support/database';

const PASSPHRASE = 'correct horse battery staple 42';

/** Runs the CLI in this process, as `npm run cmis -- ...` does, against the given databases. */
async function cli(args: string[], db: Pick<TestDatabase, 'url' | 'appUrl'>, cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const env = { ...process.env, DATABASE_OWNER_URL: db.url, DATABASE_URL: db.appUrl, CMIS_BACKUP_PASSPHRASE: '' };
  const code = await createCliRegistry().run(args, { out: (l) => out.push(l), err: (l) => err.push(l), cwd, env });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

async function counts(url: string) {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const n = async (sql: string) => Number((await c.query(sql)).rows[0].n);
    return {
      cases: await n('SELECT count(*) AS n FROM cases'),
      events: await n('SELECT count(*) AS n FROM case_events'),
      users: await n('SELECT count(*) AS n FROM users'),
      audit: await n('SELECT count(*) AS n FROM audit_log'),
      packs: await n('SELECT count(*) AS n FROM sop_versions'),
      popescu: await n(`SELECT count(*) AS n FROM cases WHERE display_name LIKE '%Popescu%'`),
    };
  } finally {
    await c.end();
  }
}

async function tables(url: string): Promise<number> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return Number((await c.query(`SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'`)).rows[0].n);
  } finally {
    await c.end();
  }
}

/**
 * `cmis backup` and `cmis restore` (docs/backup.md): a database with the demo cases and some activity
 * is backed up encrypted, and restored into a fresh, empty database with the same cases, events,
 * users and an intact audit log. A wrong passphrase, a damaged file and a database in use are refused
 * with nothing restored.
 */
describe('backup and restore', () => {
  let t: TestApp;
  let target: TestDatabase;
  let spare: TestDatabase;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    t = await startTestApp('backup_source');
    const sop = await t.app.get(SopRegistry).current();
    const seeded = await t.app.get(DemoCasesSeeder).seed(sop);
    expect(seeded.failed).toEqual([]);
    await t.login('admin'); // activity: a sign-in with two-factor, audited
    await t.login('caseworker');
    target = await freshDatabase('backup_target');
    spare = await freshDatabase('backup_spare');
    dir = mkdtempSync(path.join(tmpdir(), 'cmis-backup-'));
    writeFileSync(path.join(dir, 'passphrase'), `${PASSPHRASE}\n`);
    writeFileSync(path.join(dir, 'wrong'), 'not the passphrase at all\n');
    file = path.join(dir, 'cmis.backup');
  });

  afterAll(async () => {
    await t?.close();
    await target?.drop();
    await spare?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes an encrypted file: no table name, dump signature or child name in it, and the counts in the output', async () => {
    const before = await counts(t.db.url);
    expect(before.cases).toBeGreaterThan(0);
    expect(before.popescu).toBeGreaterThan(0);
    const res = await cli(['backup', 'cmis.backup', '--passphrase-file', 'passphrase'], t.db, dir);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`cases: ${before.cases}, events: ${before.events}, users: ${before.users}, audit entries: ${before.audit}`);
    const bytes = readFileSync(file);
    // Several 64 KiB frames: the damaged-file test below breaks one after pg_restore has had the first ones.
    expect(bytes.length).toBeGreaterThan(3 * 65_536);
    for (const plain of ['Popescu', 'PGDMP', 'case_events', 'CREATE TABLE', 'CMISDEMOONLYADMINTOTPSECRET23456']) expect(bytes.includes(plain)).toBe(false);
    // A second backup never overwrites the first.
    const again = await cli(['backup', 'cmis.backup', '--passphrase-file', 'passphrase'], t.db, dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/cmis\.backup exists/);
  });

  it('a wrong passphrase is refused, naming the file and the reason, and nothing is restored', async () => {
    const res = await cli(['restore', file, '--passphrase-file', 'wrong'], target, dir);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(file);
    expect(res.stderr).toMatch(/passphrase is wrong/);
    expect(await tables(target.url)).toBe(0);
  });

  it('a damaged file is refused and leaves the database empty', async () => {
    const damaged = Buffer.from(readFileSync(file));
    damaged[Math.floor(damaged.length * 0.9)] ^= 0x55;
    writeFileSync(path.join(dir, 'damaged.backup'), damaged);
    const res = await cli(['restore', 'damaged.backup', '--passphrase-file', 'passphrase'], spare, dir);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/damaged\.backup: it is damaged at byte \d+/);
    expect(await tables(spare.url)).toBe(0);
    writeFileSync(path.join(dir, 'truncated.backup'), readFileSync(file).subarray(0, Math.floor(damaged.length * 0.95)));
    const cut = await cli(['restore', 'truncated.backup', '--passphrase-file', 'passphrase'], spare, dir);
    expect(cut.code).toBe(1);
    expect(cut.stderr).toMatch(/truncated\.backup: it is truncated/);
    expect(await tables(spare.url)).toBe(0);
  });

  it('restores into a fresh empty database: same cases, events, users and packs, and the audit log verifies', async () => {
    const before = await counts(t.db.url);
    const res = await cli(['restore', 'cmis.backup', '--passphrase-file', 'passphrase'], target, dir);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`cases: ${before.cases}, events: ${before.events}, users: ${before.users}, audit entries: ${before.audit}`);
    expect(await counts(target.url)).toEqual(before);
    // As the application's role: its grants came back with the schema.
    const verify = await cli(['audit', 'verify'], { url: target.appUrl, appUrl: target.appUrl }, dir);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(new RegExp(`audit log intact: ${before.audit} entries`));
  });

  it('a backup of an older version is restored and brought up to the current schema', async () => {
    const old = await freshDatabase('backup_old');
    const newer = await freshDatabase('backup_old_target');
    try {
      const ds = await migratedDataSource(old.url);
      const all = Number((await ds.query(`SELECT count(*) AS n FROM migrations`))[0].n);
      const [latest] = await ds.query(`SELECT name FROM migrations ORDER BY timestamp DESC LIMIT 1`);
      await ds.undoLastMigration({ transaction: 'all' });
      await ds.destroy();
      expect((await cli(['backup', 'old.backup', '--passphrase-file', 'passphrase'], old, dir)).code).toBe(0);
      const res = await cli(['restore', 'old.backup', '--passphrase-file', 'passphrase'], newer, dir);
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      expect(res.stdout).toContain(`migrations applied after it: ${latest.name}`);
      const c = new Client({ connectionString: newer.url });
      await c.connect();
      expect(Number((await c.query(`SELECT count(*) AS n FROM migrations`)).rows[0].n)).toBe(all);
      await c.end();
    } finally {
      await old.drop();
      await newer.drop();
    }
  });

  it('refuses to restore into a database that is not empty', async () => {
    const res = await cli(['restore', 'cmis.backup', '--passphrase-file', 'passphrase'], t.db, dir);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/restore refused: the database \S+ is not empty/);
    expect((await counts(t.db.url)).cases).toBeGreaterThan(0);
  });
});
