import 'reflect-metadata';
import * as os from 'node:os';
import * as path from 'node:path';
import { CaseMigrationService, type MigrationPlan } from '@app/case-migration';
import { toCurrentUser, UsersRepository } from '@app/identity';
import { readPackDir, type PackFiles } from '@app/sop';
import { DEMO_PASSWORD, SopRegistry } from '@app/sop-registry';
import { withScratchApp } from './scratch-app';

/**
 * Moving open cases to a new SOP version (issue 21, docs/case-migration.md): `BENCH_MIGRATION_CASES`
 * (default 10000) open Moldova child-protection cases in the initial assessment, with answers and open
 * deadlines, move to a version where that step is renamed, the registration form gains two required
 * fields (one with a default, one left as a task: a flag per case) and the high-risk deadline is
 * shorter (recomputed). Prints the time of the dry run (every case judged, nothing written) and of
 * the run (batches of 500 per transaction: timeline event, audit entry, flag, deadlines re-planned).
 *
 * Seeding: a few cases through the HTTP API, the rest SQL copies of them (case row, submissions,
 * timeline, consents, deadlines and their alerts), then VACUUM ANALYZE.
 */
export async function migrationBench(): Promise<void> {
  const target = Number(process.env.BENCH_MIGRATION_CASES ?? 10000);
  if (!Number.isInteger(target) || target < 10) throw new Error(`BENCH_MIGRATION_CASES must be an integer ≥ 10, got "${process.env.BENCH_MIGRATION_CASES}"`);
  await withScratchApp('migration', async ({ app, base, q }) => {
    const [{ version }] = await q(`SELECT current_setting('server_version') AS version`);
    console.log(`\nCMIS case migration benchmark: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, PostgreSQL ${version}`);
    const call = async (token: string | null, method: string, url: string, body?: unknown) => {
      const res = await fetch(`${base}${url}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: token } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
      return { body: (await res.json().catch(() => null)) as any, etag: res.headers.get('etag') ?? '' };
    };
    const login = await call(null, 'POST', '/api/auth/login', { username: 'caseworker', password: DEMO_PASSWORD });
    const worker = `Bearer ${login.body.token}`;
    const names = ['Ana', 'Ion', 'Maria', 'Mihai', 'Elena', 'Andrei'];
    for (let i = 0; i < names.length; i++) {
      const reg = await call(worker, 'POST', '/api/cases', {
        caseType: 'child_protection',
        answers: {
          first_name: names[i],
          last_name: `Move${i}`,
          sex: i % 2 ? 'male' : 'female',
          date_of_birth: `201${i}-0${1 + i}-1${i}`,
          date_of_birth_estimated: false,
          consent_status: 'given',
          assent_status: 'given',
        },
      });
      const id = reg.body.id;
      const etag = async () => (await call(worker, 'GET', `/api/cases/${id}`)).etag;
      await fetch(`${base}/api/cases/${id}/transitions/start_assessment`, {
        method: 'POST',
        headers: { authorization: worker, 'content-type': 'application/json', 'if-match': await etag() },
        body: '{}',
      });
      await fetch(`${base}/api/cases/${id}/forms/initial_assessment`, {
        method: 'PUT',
        headers: { authorization: worker, 'content-type': 'application/json', 'if-match': await etag() },
        body: JSON.stringify({
          answers: { assessment_date: '2026-03-02', risk_level: ['high', 'medium', 'low'][i % 3], summary: 'Bench.' },
          status: 'complete',
        }),
      });
    }
    const templates = (await q<{ id: string }>(`SELECT id FROM cases WHERE step = 'initial_assessment' ORDER BY case_number`)).map((r) => r.id);
    if (templates.length !== names.length) throw new Error(`expected ${names.length} template cases in the initial assessment, found ${templates.length}`);

    const s0 = Date.now();
    await copyCases(q, templates, target - templates.length);
    const [{ n: open }] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE status = 'open'`);
    console.log(`seeded ${open} open cases (${templates.length} through the API, the rest SQL copies) in ${((Date.now() - s0) / 1000).toFixed(1)} s`);

    const registry = app.get(SopRegistry);
    const v2 = await registry.publish(await changedPack(), 'bench', 'initial_assessment renamed, two new required fields, high risk 24 h');
    const plan: MigrationPlan = {
      fromVersion: v2.sop.version - 1,
      toVersion: v2.sop.version,
      steps: { initial_assessment: 'first_assessment' },
      newFields: { registration: { nationality: { default: 'MD' }, birth_registered: { task: true } } },
      deadlines: 'recompute',
    };
    const migrations = app.get(CaseMigrationService);
    const admin = toCurrentUser((await app.get(UsersRepository).findByUsername('admin'))!);

    const d0 = process.hrtime.bigint();
    const dry = await migrations.dryRun(plan, { offset: 0, limit: 20 });
    const dryS = Number(process.hrtime.bigint() - d0) / 1e9;
    if (dry.summary.willMove !== open) throw new Error(`the dry run would move ${dry.summary.willMove} of ${open} cases: ${JSON.stringify(dry.summary)}`);

    const r0 = process.hrtime.bigint();
    const { run } = await migrations.start(admin, plan);
    let batches = 0;
    const done = await migrations.continue(admin, run.id, (r) => {
      if (++batches % 4 === 0) process.stderr.write(`  ${r.moved + r.cannotMove}/${r.total} cases\n`);
    });
    const runS = Number(process.hrtime.bigint() - r0) / 1e9;
    const [{ n: moved }] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE sop_version_id = $1 AND step = 'first_assessment'`, [
      v2.sop.versionId,
    ]);
    if (done.moved !== open || moved !== open) throw new Error(`the run moved ${done.moved} (${moved} on the new version) of ${open} cases`);

    const rate = (n: number, s: number) => `${(n / s).toFixed(0)} cases/s`;
    console.log(`\n${'phase'.padEnd(10)} ${'cases'.padStart(7)} ${'seconds'.padStart(9)}   rate`);
    console.log(`${'dry run'.padEnd(10)} ${String(dry.summary.cases).padStart(7)} ${dryS.toFixed(2).padStart(9)}   ${rate(dry.summary.cases, dryS)}`);
    console.log(`${'run'.padEnd(10)} ${String(done.moved).padStart(7)} ${runS.toFixed(2).padStart(9)}   ${rate(done.moved, runS)}`);
  });
}

/** Copies the template cases `count` times over (round robin), with their records, in one transaction. */
async function copyCases(q: <T = any>(sql: string, params?: unknown[]) => Promise<T[]>, templates: string[], count: number): Promise<void> {
  if (count <= 0) return;
  const columns = async (table: string, except: string[]) =>
    (
      await q<{ c: string }>(
        `SELECT column_name AS c FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
        [table],
      )
    )
      .map((r) => r.c)
      .filter((c) => !except.includes(c));
  const list = (cols: string[], prefix: string) => cols.map((c) => `${prefix}.${c}`).join(', ');
  const caseCols = await columns('cases', ['id', 'case_number']);
  const deadlineCols = await columns('deadlines', ['id', 'case_id']);
  const alertCols = await columns('deadline_alerts', ['id', 'deadline_id', 'case_id']);
  await q('BEGIN');
  await q(
    `CREATE TEMP TABLE bench_new ON COMMIT DROP AS
     SELECT g, gen_random_uuid() AS id, ($1::uuid[])[1 + g % cardinality($1::uuid[])] AS tpl FROM generate_series(1, $2::int) g`,
    [templates, count],
  );
  await q(`INSERT INTO cases (id, case_number, ${caseCols.join(', ')})
           SELECT n.id, 'MOVE-' || lpad(n.g::text, 7, '0'), ${list(caseCols, 'c')} FROM bench_new n JOIN cases c ON c.id = n.tpl`);
  for (const t of ['form_submissions', 'case_events', 'case_consents']) {
    const cols = await columns(t, ['id', 'case_id']);
    await q(`INSERT INTO ${t} (case_id, ${cols.join(', ')}) SELECT n.id, ${list(cols, 'x')} FROM bench_new n JOIN ${t} x ON x.case_id = n.tpl`);
  }
  await q(`CREATE TEMP TABLE bench_deadlines ON COMMIT DROP AS
           SELECT gen_random_uuid() AS id, n.id AS case_id, d.id AS tpl_id FROM bench_new n JOIN deadlines d ON d.case_id = n.tpl`);
  await q(
    `INSERT INTO deadlines (id, case_id, ${deadlineCols.join(', ')}) SELECT b.id, b.case_id, ${list(deadlineCols, 'd')} FROM bench_deadlines b JOIN deadlines d ON d.id = b.tpl_id`,
  );
  await q(`INSERT INTO deadline_alerts (deadline_id, case_id, ${alertCols.join(', ')})
           SELECT b.id, b.case_id, ${list(alertCols, 'a')} FROM bench_deadlines b JOIN deadline_alerts a ON a.deadline_id = b.tpl_id`);
  await q('COMMIT');
  for (const t of ['cases', 'form_submissions', 'case_events', 'case_consents', 'deadlines', 'deadline_alerts']) await q(`VACUUM ANALYZE ${t}`);
}

/** The Moldova pack with the step initial_assessment renamed first_assessment, registration v2 (nationality, birth_registered required), high risk 48 h → 24 h. */
async function changedPack(): Promise<PackFiles> {
  // The pack the scratch app published (withScratchApp sets CMIS_SOP_DIR).
  const files = (await readPackDir(path.resolve(process.env.CMIS_SOP_DIR!))) as Record<string, any>;
  // The step's id is also a form's: rename it only where it names a step.
  const formKeys = new Set(['form', 'forms', 'fields', 'requiresForms', 'minForms', 'maxForms', 'startForm', 'answers', 'id']);
  const walk = (node: any, key: string | null): any => {
    if (typeof node === 'string') return node === 'initial_assessment' && !formKeys.has(key ?? '') ? 'first_assessment' : node;
    if (Array.isArray(node)) return node.map((n) => walk(n, key));
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, k)]));
    return node;
  };
  for (const name of Object.keys(files)) if (!name.startsWith('forms/') && name.endsWith('.json')) files[name] = walk(files[name], null);
  for (const s of files['workflow.json'].steps) if (s.id === 'initial_assessment') s.id = 'first_assessment';
  const reg = structuredClone(files['forms/registration.v1.json']);
  reg.version = 2;
  reg.schema.properties.nationality = { type: 'string', minLength: 2, maxLength: 2, title: 'Nationality' };
  reg.schema.properties.birth_registered = { type: 'boolean', title: 'Birth registered' };
  reg.schema.required = [...reg.schema.required, 'nationality', 'birth_registered'];
  files['forms/registration.v2.json'] = reg;
  files['pack.json'].forms = files['pack.json'].forms.map((f: any) => (f.id === 'registration' ? { id: 'registration', version: 2 } : f));
  const def = files['deadlines.json'].deadlines.find((d: any) => d.id === 'initial_response');
  def.due.find((d: any) => JSON.stringify(d.when ?? null).includes('high')).after = { hours: 24 };
  return files;
}
