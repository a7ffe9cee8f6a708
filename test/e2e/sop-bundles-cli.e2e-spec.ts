import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { REPO_ROOT } from '../support/app';
import { freshDatabase, migratedDataSource, TestDatabase } from '../support/database';

/** The CLI as an operator runs it, from the sources, on one database. */
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
    child.stdin.end();
  });
}

/**
 * `cmis sop diff`, `sop export` and `sop import` between two installations (two databases): the
 * version exported from one is published on the other with the same content hash; a tampered bundle
 * is refused naming the file, nothing published.
 */
describe('cmis sop diff, export and import', () => {
  let source: TestDatabase;
  let target: TestDatabase;
  const open: DataSource[] = [];
  let dir: string;
  const hashes = (ds: DataSource) => ds.query('SELECT version, content_hash AS hash FROM sop_versions ORDER BY version');

  beforeAll(async () => {
    [source, target] = await Promise.all([freshDatabase('bundle_cli_source'), freshDatabase('bundle_cli_target')]);
    open.push(await migratedDataSource(source.url), await migratedDataSource(target.url));
    // The Moldova pack with high risk within 24 h, in a directory of its own (its forms where they are).
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cmis-bundle-'));
    await fs.cp(path.join(REPO_ROOT, 'sops/moldova'), path.join(dir, 'pack'), { recursive: true });
    const manifest = JSON.parse(await fs.readFile(path.join(dir, 'pack/pack.json'), 'utf8'));
    await fs.writeFile(path.join(dir, 'pack/pack.json'), JSON.stringify({ ...manifest, formsDir: path.join(REPO_ROOT, 'forms') }));
    const deadlines = JSON.parse(await fs.readFile(path.join(dir, 'pack/deadlines.json'), 'utf8'));
    deadlines.deadlines.find((d: any) => d.id === 'initial_response').due[0].after = { hours: 24 };
    await fs.writeFile(path.join(dir, 'pack/deadlines.json'), JSON.stringify(deadlines));
    for (const [db, pack] of [
      [source, 'sops/moldova'],
      [source, path.join(dir, 'pack')],
      [target, 'sops/moldova'],
    ] as const) {
      expect((await cli(db, ['sop', 'publish', pack])).code).toBe(0);
    }
  }, 180_000);
  afterAll(async () => {
    await Promise.all(open.map((ds) => ds.destroy()));
    await Promise.all([source?.drop(), target?.drop()]);
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('prints what changed between two published versions', async () => {
    const diff = await cli(source, ['sop', 'diff', '1', '2']);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain('deadline "Response according to the risk level" (initial_response) when High: 48 h → 24 h');
    expect(diff.stdout).toContain('change(s) from version 1 to version 2');
  }, 60_000);

  it('exports version 2 and imports it into the other database with the same content hash; a tampered copy is refused', async () => {
    const file = path.join(dir, 'moldova-v2.json');
    const exported = await cli(source, ['sop', 'export', '2', file]);
    expect([exported.code, exported.stdout]).toEqual([0, expect.stringContaining(`to ${file}`)]);
    const [, sourceV2] = await hashes(open[0]);

    const tampered = path.join(dir, 'tampered.json');
    const bundle = JSON.parse(await fs.readFile(file, 'utf8'));
    bundle.files['deadlines.json'].deadlines[0].due[0].after = { hours: 1 };
    await fs.writeFile(tampered, JSON.stringify(bundle));
    const refused = await cli(target, ['sop', 'import', tampered]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${tampered}: sop_bundle_hash_mismatch: The bundle's content does not match its content hash`);
    expect(await hashes(open[1])).toHaveLength(1);

    const imported = await cli(target, ['sop', 'import', file]);
    expect([imported.code, imported.stdout]).toEqual([0, expect.stringContaining(`published: moldova version 2 from ${file} (content hash ${sourceV2.hash})`)]);
    expect((await hashes(open[1]))[1]).toEqual(sourceV2);
    const again = await cli(target, ['sop', 'import', file]);
    expect([again.code, again.stdout]).toEqual([0, expect.stringContaining('unchanged: moldova version 2')]);
  }, 120_000);
});
