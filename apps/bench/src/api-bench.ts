import * as os from 'node:os';
import * as path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { DemoUsersSeeder, DEMO_PASSWORD, SopRegistry } from '@app/sop-registry';
import { AppModule } from '../../api/src/app.module';
import { configureApp } from '../../api/src/app.setup';
import { RawActor, RawCounterparts } from './raw-counterparts';
import { measure, measurePaced, Measurement, summarise } from './stats';

/** One API operation and its raw-PostgreSQL counterpart (./raw-counterparts.ts), run the same number of times. */
interface Pair {
  /** How BENCH_OPERATIONS names it. */
  key: string;
  name: string;
  count: number;
  api(i: number, client: number): Promise<void>;
  raw(i: number, client: number): Promise<void>;
}

const FIRST_NAMES = ['Ana', 'Ion', 'Maria', 'Mihai', 'Elena', 'Andrei', 'Cristina', 'Victor'];

/** The registration answers of the n-th bench case (`Bench<n>` through the API, `Raw<n>` on the raw side). */
function answersOf(n: number, surname: string): Record<string, unknown> {
  return {
    first_name: FIRST_NAMES[n % FIRST_NAMES.length],
    last_name: `${surname}${n}`,
    sex: n % 2 ? 'male' : 'female',
    date_of_birth: `20${String(10 + (n % 15)).padStart(2, '0')}-0${1 + (n % 9)}-1${n % 10}`,
    // Answers that record no consent (security.json consent.fromForms): the raw counterpart writes no consent records.
    consent_status: 'not_required_emergency',
    assent_status: 'too_young',
  };
}

function concurrencyLevels(raw: string): number[] {
  const levels = raw.split(',').map((s) => Number(s.trim()));
  if (levels.length === 0 || levels.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`BENCH_CONCURRENCY must be positive integers separated by commas, not "${raw}"`);
  return levels;
}

const OPERATIONS = ['register', 'submit', 'get', 'caseload', 'filtered', 'search'];

function operationsOf(raw: string): string[] {
  const ops = raw.split(',').map((s) => s.trim());
  const unknown = ops.filter((o) => !OPERATIONS.includes(o));
  if (unknown.length) throw new Error(`BENCH_OPERATIONS: unknown ${unknown.join(', ')}; known: ${OPERATIONS.join(', ')}`);
  return ops;
}

/**
 * Benchmark of the case API over real HTTP and PostgreSQL: BENCH_CASES cases registered through the
 * API (seeding), then, at each concurrency of BENCH_CONCURRENCY, each operation through the API and
 * its raw-PostgreSQL counterpart doing the same database work through the same pool, one after the
 * other; one table of both with their ratio.
 */
export async function apiBench(): Promise<void> {
  const cases = Number(process.env.BENCH_CASES ?? 100_000);
  const levels = concurrencyLevels(process.env.BENCH_CONCURRENCY ?? '16,32');
  const samples = Math.min(Number(process.env.BENCH_SAMPLES ?? 2000), cases);
  const top = Math.max(...levels);
  const operations = operationsOf(process.env.BENCH_OPERATIONS ?? OPERATIONS.join(','));
  process.env.CMIS_SOP_DIR ??= path.resolve(__dirname, '../../../../sops/moldova');
  process.env.CMIS_DEMO = '0';
  // One JSON line per request would flood the run's output and slow it: warnings and errors only.
  process.env.CMIS_LOG_LEVEL ??= 'warn';
  process.env.DB_POOL_SIZE ??= String(Math.max(20, top * 2));

  const started = Date.now();
  const app = await NestFactory.create(AppModule.forRoot(), { logger: ['error', 'warn'] });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  const sop = await app.get(SopRegistry).current();
  await app.get(DemoUsersSeeder).seed(sop.pack);
  const ds = app.get(DataSource);

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
  const login = async (username: string) => {
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    return `Bearer ${((await res.json()) as { token: string }).token}`;
  };
  const usernames = ['caseworker', 'caseworker2'];
  const workers = await Promise.all(usernames.map(login));
  const actors: RawActor[] = (
    await ds.query(`SELECT id, roles, agency_id AS "agencyId", location_path AS "locationPath" FROM users WHERE username = ANY($1) ORDER BY username`, [
      usernames,
    ])
  ).map((u: RawActor) => u);
  if (actors.length !== 2) throw new Error('the demo caseworkers were not seeded');
  const register = (n: number) => call('POST', '/api/cases', workers[n % 2], { caseType: 'child_protection', answers: answersOf(n, 'Bench') });

  console.log(`CMIS benchmark: seeding ${cases} cases through the API at concurrency ${top}, ${os.cpus().length} CPUs, Node ${process.version}`);
  const ids: string[] = new Array(cases);
  const versions: number[] = new Array(cases).fill(1);
  const seeding = await measure('seed', cases, top, async (i) => {
    ids[i] = (await register(i)).id;
    if ((i + 1) % 10_000 === 0) process.stderr.write(`  ${i + 1} cases registered\n`);
  });
  const seedRate = summarise(seeding);
  console.log(`seeded in ${seeding.seconds.toFixed(0)} s: ${seedRate.rate.toFixed(0)} registrations/s, p99 ${seedRate.p99.toFixed(0)} ms`);

  const chains = app.get(AuditService).chainCount;
  // Case n was registered by caseworker n % 2: cases 0 and 1 are the templates of their raw registrations.
  const raw = await RawCounterparts.prepare(ds, new Map(actors.map((a, k) => [a.id, ids[k]])), chains + 1, top);
  const [{ n: casesAtStart }] = await ds.query(`SELECT count(*)::int AS n FROM cases`);

  // Submit: the API and the raw side change disjoint halves (even and odd seeded cases), so the
  // version the API sends in If-Match is always the one it last got back.
  const half = Math.floor(cases / 2);
  const pick = (i: number, stride: number) => (i * stride) % cases;
  let registered = cases;
  const pairsAt = (): Pair[] => {
    const offset = registered;
    registered += samples;
    return [
      {
        key: 'register',
        name: 'register case (POST /api/cases)',
        count: samples,
        api: async (i) => void (await register(offset + i)),
        raw: (i, c) => {
          const answers = answersOf(offset + i, 'Raw');
          return raw.register(c, actors[i % 2], answers, `${answers.first_name} ${answers.last_name}`);
        },
      },
      {
        key: 'submit',
        name: 'submit form (PUT forms/registration)',
        count: Math.min(samples, half),
        api: async (i) => {
          const n = 2 * ((i * 7919) % half);
          const res = await call(
            'PUT',
            `/api/cases/${ids[n]}/forms/registration`,
            workers[n % 2],
            { answers: { ...answersOf(n, 'Bench'), address: `Street ${i}` } },
            { 'if-match': `"${versions[n]}"` },
          );
          versions[n] = res.version;
        },
        raw: (i, c) => {
          const n = 2 * ((i * 7919) % half) + 1;
          return raw.submit(c, actors[n % 2], ids[n], `Street ${i}`);
        },
      },
      {
        key: 'get',
        name: 'get case (GET /api/cases/:id)',
        count: samples,
        api: async (i) => void (await call('GET', `/api/cases/${ids[pick(i, 104729)]}`, workers[pick(i, 104729) % 2])),
        raw: (i, c) => raw.getCase(c, actors[pick(i, 104729) % 2], ids[pick(i, 104729)]),
      },
      {
        key: 'caseload',
        name: 'list caseload (GET ?mine=true)',
        count: samples,
        api: async (i) => void (await call('GET', `/api/cases?mine=true&pageSize=25&page=${1 + (i % 20)}`, workers[i % 2])),
        raw: (i, c) => raw.listMine(c, actors[i % 2], 1 + (i % 20)),
      },
      {
        key: 'filtered',
        name: 'list (status=open&overdue=false)',
        count: Math.min(samples, 500),
        api: async (i) => void (await call('GET', `/api/cases?status=open&overdue=false&pageSize=25&page=${1 + (i % 5)}`, workers[i % 2])),
        raw: (i, c) => raw.listOpenNotOverdue(c, actors[i % 2], 1 + (i % 5)),
      },
      {
        key: 'search',
        name: 'search by name (GET ?q=)',
        count: Math.min(samples, 500),
        api: async (i) => void (await call('GET', `/api/cases?q=Bench${pick(i, 7919)}&pageSize=25`, workers[i % 2])),
        raw: (i, c) => raw.search(c, actors[i % 2], `Bench${pick(i, 7919)}`),
      },
    ];
  };

  const rows: Array<{ pair: Pair; clients: number; api: Measurement; raw: Measurement }> = [];
  for (const clients of levels) {
    for (const pair of pairsAt().filter((p) => operations.includes(p.key))) {
      process.stderr.write(`  ${pair.name} at ${clients} clients\n`);
      const api = await measure(pair.name, pair.count, clients, pair.api);
      const rawRun = await measure(pair.name, pair.count, clients, pair.raw);
      rows.push({ pair, clients, api, raw: rawRun });
    }
  }

  // Paced: each operation at a fixed share of the API's own closed-loop throughput at the top
  // level of clients, the same rate for the raw side; what a request costs at a load it can carry.
  const load = Number(process.env.BENCH_PACED_LOAD ?? 0.5);
  const paced: Array<{ pair: Pair; rate: number; api: Measurement; raw: Measurement }> = [];
  if (load > 0) {
    for (const pair of pairsAt().filter((p) => operations.includes(p.key))) {
      const closed = rows.find((r) => r.pair.key === pair.key && r.clients === top);
      if (!closed) continue;
      const rate = load * summarise(closed.api).rate;
      const count = Math.min(pair.count, Math.max(100, Math.round(rate * 10)));
      process.stderr.write(`  ${pair.name} paced at ${rate.toFixed(0)}/s\n`);
      const api = await measurePaced(pair.name, count, rate, top, pair.api);
      const rawRun = await measurePaced(pair.name, count, rate, top, pair.raw);
      paced.push({ pair, rate, api, raw: rawRun });
    }
  }

  const [{ n: casesAtEnd }] = await ds.query(`SELECT count(*)::int AS n FROM cases`);
  const [{ server_version: pgVersion }] = await ds.query(`SHOW server_version`);
  const [{ fsync }] = await ds.query(`SHOW fsync`);
  const verifyStart = process.hrtime.bigint();
  const chain = await app.get(AuditService).verify();
  const verifySeconds = Number(process.hrtime.bigint() - verifyStart) / 1e9;

  const f = (n: number, w = 8, d = 1) => n.toFixed(d).padStart(w);
  console.log(
    `\n${'operation'.padEnd(36)} ${'clients'.padStart(7)} ${'API req/s'.padStart(9)} ${'raw ops/s'.padStart(9)} ${'API/raw'.padStart(7)}` +
      ` ${'API p50'.padStart(8)} ${'API p95'.padStart(8)} ${'API p99'.padStart(8)} ${'raw p99'.padStart(8)}   (ms)`,
  );
  for (const r of rows) {
    const a = summarise(r.api);
    const b = summarise(r.raw);
    console.log(
      `${r.pair.name.padEnd(36)} ${String(r.clients).padStart(7)} ${f(a.rate, 9, 0)} ${f(b.rate, 9, 0)} ${f(a.rate / b.rate, 7, 3)}` +
        ` ${f(a.p50)} ${f(a.p95)} ${f(a.p99)} ${f(b.p99)}`,
    );
  }
  if (paced.length > 0) {
    console.log(
      `\npaced (open loop) at ${load} of the API's closed-loop throughput at ${top} clients, at most ${top} in flight; latency from when each request was due` +
        `\n${'operation'.padEnd(36)} ${'rate/s'.padStart(7)} ${'API p50'.padStart(8)} ${'API p95'.padStart(8)} ${'API p99'.padStart(8)} ${'raw p50'.padStart(8)} ${'raw p95'.padStart(8)} ${'raw p99'.padStart(8)}   (ms)`,
    );
    for (const r of paced) {
      const a = summarise(r.api);
      const b = summarise(r.raw);
      console.log(`${r.pair.name.padEnd(36)} ${f(r.rate, 7, 0)} ${f(a.p50)} ${f(a.p95)} ${f(a.p99)} ${f(b.p50)} ${f(b.p95)} ${f(b.p99)}`);
    }
  }
  console.log(
    `\ncases: ${cases} seeded through the API, ${casesAtStart} in the database when the measurements began, ${casesAtEnd} at the end` +
      ` (each register row adds its count on each side); ${samples} samples per operation (list with filter and search: at most 500);` +
      ` ${os.cpus().length} CPUs, Node ${process.version}, PostgreSQL ${pgVersion} (fsync ${fsync}), pool of ${process.env.DB_POOL_SIZE};` +
      ` API over HTTP/1.1 keep-alive on loopback (Node fetch); raw through the API's pg pool in the same process; ${((Date.now() - started) / 1000).toFixed(0)} s in all.`,
  );
  console.log(
    `audit log: ${chain.entries} entries (the API's chains 1-${chains}, the raw clients' ${chains + 1}-${chains + top}), verify ${chain.ok ? 'intact' : 'BROKEN'} in ${verifySeconds.toFixed(1)} s`,
  );
  await app.close();
}
