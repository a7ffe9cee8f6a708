import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { hashPackFiles, readPackDir } from '@app/sop';
import { REPO_ROOT } from '../support/app';
import { freshDatabase, migratedDataSource, TestDatabase } from '../support/database';

function cli(db: TestDatabase, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
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
  });
}

/** `cmis sop draft import|export`: the JSON files stay the source of truth the draft comes from and goes back to. */
describe('cmis sop draft', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let tmp: string;

  beforeAll(async () => {
    db = await freshDatabase('sop_drafts_cli');
    ds = await migratedDataSource(db.url);
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'cmis-draft-'));
    expect((await cli(db, ['sop', 'publish', 'sops/moldova'])).code).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  it('opens a draft from a directory, exports it as files that read back the same, and imports a change as a change of the file', async () => {
    const dir = path.join(tmp, 'sops', 'moldova');
    const none = await cli(db, ['sop', 'draft', 'export', dir]);
    expect([none.code, none.stderr]).toEqual([1, expect.stringContaining('No open draft')]);

    const opened = await cli(db, ['sop', 'draft', 'import', 'sops/moldova']);
    expect([opened.code, opened.stdout]).toEqual([0, expect.stringContaining('revision 1: 0 errors')]);
    const exported = await cli(db, ['sop', 'draft', 'export', dir]);
    expect(exported.code).toBe(0);
    const [{ files }] = await ds.query(`SELECT files FROM sop_drafts WHERE status = 'open'`);
    expect(hashPackFiles(await readPackDir(dir))).toBe(hashPackFiles(files));

    const deadlines = JSON.parse(await fs.readFile(path.join(dir, 'deadlines.json'), 'utf8'));
    deadlines.deadlines[0].due[0].after = { hours: 24 };
    await fs.writeFile(path.join(dir, 'deadlines.json'), JSON.stringify(deadlines, null, 2));
    const imported = await cli(db, ['sop', 'draft', 'import', dir]);
    expect([imported.code, imported.stdout]).toEqual([0, expect.stringContaining('revision 2: 0 errors')]);
    const log = await ds.query(`SELECT revision, kind, changed_by_name, operations FROM sop_draft_changes ORDER BY revision`);
    expect(log.map((c: any) => [c.revision, c.kind, c.changed_by_name, c.operations.map((o: any) => o.path)])).toEqual([
      [1, 'created', 'cli', []],
      [2, 'imported', 'cli', ['/deadlines.json']],
    ]);
    const audit = await ds.query(`SELECT action FROM audit_log WHERE action LIKE 'sop_draft.%' ORDER BY action`);
    expect(audit.map((a: any) => a.action)).toEqual(['sop_draft.created', 'sop_draft.imported']);
  });
});
