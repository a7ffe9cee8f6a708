import 'reflect-metadata';
import * as path from 'node:path';
import * as os from 'node:os';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { createDataSource } from '@app/database';
import { DemoUsersSeeder, DEMO_PASSWORD, SopRegistry } from '@app/sop-registry';
import { AppModule } from '../../api/src/app.module';
import { configureApp } from '../../api/src/app.setup';
import { reportingBench } from './reporting';
import { schedulerTickBench } from './scheduler-tick';
import { formatRow, HEADER, measure, Measurement } from './stats';

/**
 * `npm run bench [-- api|scheduler|reporting]`: the case API benchmark, the scheduler tick benchmark
 * (./scheduler-tick.ts) and the reporting benchmark (./reporting.ts), each of the last two in a
 * scratch database of its own; one alone when named.
 */
async function main(): Promise<void> {
  const which = process.argv[2] ?? 'all';
  if (!['all', 'api', 'scheduler', 'reporting'].includes(which)) throw new Error(`unknown benchmark "${which}": api, scheduler, reporting, or none for all`);
  if (which === 'all' || which === 'api') await apiBench();
  if (which === 'all' || which === 'scheduler') await schedulerTickBench();
  if (which === 'all' || which === 'reporting') await reportingBench();
}

/**
 * Benchmark of the case API at a stated concurrency, over real HTTP and PostgreSQL, beside raw
 * PostgreSQL figures (comparable insert and select) measured in the same run on the same pool.
 */
async function apiBench(): Promise<void> {
  const cases = Number(process.env.BENCH_CASES ?? 100_000);
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
  const samples = Math.min(Number(process.env.BENCH_SAMPLES ?? 2000), cases);
  process.env.CMIS_SOP_DIR ??= path.resolve(__dirname, '../../../../sops/moldova');
  process.env.CMIS_DEMO = '0';
  // One JSON line per request would flood the run's output and slow it: warnings and errors only.
  process.env.CMIS_LOG_LEVEL ??= 'warn';
  process.env.DB_POOL_SIZE ??= String(Math.max(20, concurrency * 2));

  const app = await NestFactory.create(AppModule.forRoot(), { logger: ['error', 'warn'] });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  const sop = await app.get(SopRegistry).current();
  await app.get(DemoUsersSeeder).seed(sop.pack);
  const ds = app.get(DataSource);

  const login = async (username: string) => {
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    return `Bearer ${((await res.json()) as { token: string }).token}`;
  };
  const workers = [await login('caseworker'), await login('caseworker2')];
  const call = async (method: string, url: string, auth: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { authorization: auth, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as any;
    if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };

  console.log(`CMIS benchmark: ${cases} cases, concurrency ${concurrency}, ${os.cpus().length} CPUs, Node ${process.version}`);
  const ids: string[] = new Array(cases);
  const results: Measurement[] = [];
  const firstNames = ['Ana', 'Ion', 'Maria', 'Mihai', 'Elena', 'Andrei', 'Cristina', 'Victor'];
  results.push(
    await measure('register case (POST /api/cases)', cases, concurrency, async (i) => {
      const res = await call('POST', '/api/cases', workers[i % 2], {
        caseType: 'child_protection',
        answers: {
          first_name: firstNames[i % firstNames.length],
          last_name: `Bench${i}`,
          sex: i % 2 ? 'male' : 'female',
          date_of_birth: `20${String(10 + (i % 15)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}`,
          consent_status: 'given',
          assent_status: 'given',
        },
      });
      ids[i] = res.id;
      if ((i + 1) % 10_000 === 0) process.stderr.write(`  ${i + 1} cases registered\n`);
    }),
  );
  results.push(
    await measure('submit form (PUT forms/registration)', samples, concurrency, async (i) => {
      const id = ids[(i * 7919) % cases];
      const auth = workers[((i * 7919) % cases) % 2];
      const current = await call('GET', `/api/cases/${id}`, auth);
      await call(
        'PUT',
        `/api/cases/${id}/forms/registration`,
        auth,
        { answers: { ...current.forms.registration[0].answers, address: `Street ${i}` } },
        { 'if-match': `"${current.version}"` },
      );
    }),
  );
  results.push(
    await measure('get case (GET /api/cases/:id)', samples, concurrency, async (i) => {
      const n = (i * 104729) % cases;
      await call('GET', `/api/cases/${ids[n]}`, workers[n % 2]);
    }),
  );
  results.push(
    await measure('list caseload (GET ?mine=true)', samples, concurrency, async (i) => {
      await call('GET', `/api/cases?mine=true&pageSize=25&page=${1 + (i % 20)}`, workers[i % 2]);
    }),
  );
  results.push(
    await measure('list caseload (status+overdue filter)', Math.min(samples, 500), concurrency, async (i) => {
      await call('GET', `/api/cases?status=open&overdue=false&pageSize=25&page=${1 + (i % 5)}`, workers[i % 2]);
    }),
  );

  results.push(
    await measure('search by name (GET ?q=, rules in SQL)', Math.min(samples, 500), concurrency, async (i) => {
      await call('GET', `/api/cases?q=Bench${(i * 7919) % cases}&pageSize=25`, workers[i % 2]);
    }),
  );

  // Raw PostgreSQL on the same pool: a comparable jsonb row insert and a primary-key select. The
  // scratch table is the schema owner's to create and drop (the API's role cmis_app creates nothing).
  const ddl = async (sql: string) => {
    const owner = process.env.DATABASE_OWNER_URL ? createDataSource(process.env.DATABASE_OWNER_URL, 1) : null;
    if (!owner) return void (await ds.query(sql));
    await owner.initialize();
    try {
      await owner.query(sql);
    } finally {
      await owner.destroy();
    }
  };
  await ddl(
    `CREATE TABLE IF NOT EXISTS bench_raw (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), answers jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
  );
  const rawIds: string[] = new Array(samples);
  results.push(
    await measure('raw PG: INSERT jsonb row', samples, concurrency, async (i) => {
      const rows = await ds.query(`INSERT INTO bench_raw (answers) VALUES ($1) RETURNING id`, [
        JSON.stringify({ first_name: 'Ana', last_name: `Raw${i}`, consent_status: 'given' }),
      ]);
      rawIds[i] = rows[0].id;
    }),
  );
  results.push(
    await measure('raw PG: SELECT by primary key', samples, concurrency, async (i) => {
      await ds.query(`SELECT * FROM cases WHERE id = $1`, [ids[(i * 104729) % cases]]);
    }),
  );
  await ddl(`DROP TABLE bench_raw`);
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM cases`);
  const verifyStart = process.hrtime.bigint();
  const chain = await app.get(AuditService).verify();
  const verifySeconds = Number(process.hrtime.bigint() - verifyStart) / 1e9;

  console.log(`\n${HEADER}`);
  for (const m of results) console.log(formatRow(m));
  console.log(`\ncases in database: ${n}; API over HTTP/1.1 keep-alive on loopback (Node fetch); raw PG through the same pg pool.`);
  console.log(
    `audit log: ${chain.entries} entries (every read, list and change above), verify ${chain.ok ? 'intact' : 'BROKEN'} in ${verifySeconds.toFixed(1)} s`,
  );
  await app.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
