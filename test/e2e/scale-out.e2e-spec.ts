import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import { Client } from 'pg';
import { AppProcess, Cluster, freePort, Guard, primaryWithReplica, REPO_ROOT, startProcess, stopProcess, waitForApi, waitUntil } from '../support/scale-out';

const PASSWORD = 'demo-only-Passw0rd!';
const DB = 'cmis_scale_out';
const JOURNEYS_PER_PHASE = 40;
const CLIENTS = 4;

interface Api {
  name: string;
  url: string;
  process: AppProcess;
  alive: boolean;
}
interface Reply {
  status: number;
  body: any;
  headers: Headers;
}
/** A write the test asked for: acknowledged (2xx) or not (an error status, or the connection died). */
interface Write {
  kind: 'register' | 'transition' | 'fill';
  name: string;
  caseId?: string;
  acknowledged: boolean;
}

/** Fixed-width letters: names are letters only, and no token is a prefix of another. */
const token = (n: number) => `Sc${[2, 1, 0].map((p) => String.fromCharCode(97 + (Math.floor(n / 26 ** p) % 26))).join('')}`;

/**
 * Beyond one machine (issue 18), on this one: a primary with a streaming replica (pg_basebackup),
 * two API processes (reports read from the replica) and two worker processes against the primary,
 * under a bounded load through both APIs; one API and one worker killed with SIGKILL in the middle.
 * Nothing acknowledged is lost, nothing is duplicated, each due alert fires once, the audit chains
 * verify, and dashboards are served from the replica with its lag, equal to the primary's once it caught up.
 */
describe('Scale-out: primary and replica, two APIs and two workers, one of each killed', () => {
  const guard = new Guard();
  let primary: Cluster;
  let replica: Cluster;
  let db: Client;
  let replicaDb: Client;
  const apis: Api[] = [];
  const workers: AppProcess[] = [];

  function apiEnv(port: number, opts: { demo?: boolean; readReplica?: boolean }): Record<string, string> {
    return {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: primary.appUrl(DB),
      DATABASE_OWNER_URL: primary.ownerUrl(DB),
      ...(opts.readReplica === false ? {} : { DATABASE_REPLICA_URL: replica.appUrl(DB) }),
      CMIS_SOP_DIR: 'sops/moldova',
      CMIS_DEMO: opts.demo ? '1' : '0',
      DB_POOL_SIZE: '10',
    };
  }

  async function startApi(name: string, opts: { demo?: boolean; readReplica?: boolean } = {}): Promise<Api> {
    const port = await freePort();
    const p = startProcess(guard, name, 'api', apiEnv(port, opts));
    const api = { name, url: `http://127.0.0.1:${port}`, process: p, alive: true };
    await waitForApi(p, api.url);
    return api;
  }

  function startWorker(name: string): AppProcess {
    const w = startProcess(guard, name, 'worker', {
      DATABASE_URL: primary.appUrl(DB),
      DATABASE_OWNER_URL: primary.ownerUrl(DB),
      CMIS_SCHEDULER_CRON: '* * * * * *',
      DB_POOL_SIZE: '5',
      PGAPPNAME: name, // its connections, by name, in pg_stat_activity
    });
    workers.push(w);
    return w;
  }

  beforeAll(async () => {
    for (const app of ['api', 'worker', 'cli']) {
      const main = path.join(REPO_ROOT, `dist/apps/${app}/src/main.js`);
      if (!fs.existsSync(main)) throw new Error(`${main} is missing: build first (npm test does: tsc -p tsconfig.build.json)`);
    }
    ({ primary, replica } = await primaryWithReplica(guard, DB));
    // The first API migrates, publishes the pack and seeds the demo users; then the others start.
    apis.push(await startApi('api-1', { demo: true }));
    apis.push(await startApi('api-2'));
    startWorker('worker-1');
    startWorker('worker-2');
    db = new Client({ connectionString: primary.ownerUrl(DB) });
    await db.connect();
    replicaDb = new Client({ connectionString: replica.ownerUrl(DB) });
    await replicaDb.connect();
  }, 120_000);

  afterAll(async () => {
    await replicaDb?.query('SELECT pg_wal_replay_resume()').catch(() => undefined);
    await db?.end().catch(() => undefined);
    await replicaDb?.end().catch(() => undefined);
    await guard.release();
  }, 60_000);

  async function call(api: Api, method: string, route: string, auth?: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const res = await fetch(`${api.url}${route}`, {
      method,
      headers: { ...(auth ? { authorization: auth } : {}), ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text, headers: res.headers };
  }

  const sessions = new Map<string, string>();
  async function login(username: string): Promise<string> {
    if (!sessions.has(username)) {
      const res = await call(
        apis.find((a) => a.alive)!,
        'POST',
        '/api/auth/login',
        undefined,
        { username, password: PASSWORD },
      );
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      sessions.set(username, `Bearer ${res.body.token}`);
    }
    return sessions.get(username)!;
  }

  // The load balancer: requests go round the APIs still in rotation.
  let turn = 0;
  const nextApi = () => {
    const alive = apis.filter((a) => a.alive);
    return alive[turn++ % alive.length];
  };

  const writes: Write[] = [];
  let journeys = 0;

  /**
   * One caseworker's journey on one API: register a child; every other one then goes on to the initial
   * assessment and fills it, the others wait (their deadline alerts are made due later).
   */
  async function journey(n: number): Promise<void> {
    const api = nextApi();
    const auth = await login('caseworker');
    const name = token(n);
    const attempt = async (kind: Write['kind'], caseId: string | undefined, work: () => Promise<Reply>): Promise<Reply | null> => {
      const write: Write = { kind, name, caseId, acknowledged: false };
      writes.push(write);
      try {
        const res = await work();
        write.acknowledged = res.status >= 200 && res.status < 300;
        if (!write.acknowledged && api.alive) throw new Error(`${kind} ${name} on ${api.name}: ${res.status} ${JSON.stringify(res.body)}`);
        if (kind === 'register' && write.acknowledged) write.caseId = res.body.id;
        return write.acknowledged ? res : null;
      } catch (e) {
        if (api.alive) throw e;
        return null; // its API was killed: not acknowledged, the client does not know whether it happened
      }
    };
    const registered = await attempt('register', undefined, () =>
      call(api, 'POST', '/api/cases', auth, {
        caseType: 'child_protection',
        answers: {
          first_name: n % 2 ? 'Wait' : 'Go',
          last_name: name,
          sex: n % 2 ? 'male' : 'female',
          date_of_birth: '2015-01-01',
          consent_status: 'not_required_emergency',
          assent_status: 'given',
        },
      }),
    );
    if (!registered) return;
    const caseId: string = registered.body.id;
    if (n % 2) return;
    const etag = async () => (await call(api, 'GET', `/api/cases/${caseId}`, auth)).headers.get('etag') ?? '';
    if (
      !(await attempt('transition', caseId, async () =>
        call(api, 'POST', `/api/cases/${caseId}/transitions/start_assessment`, auth, {}, { 'If-Match': await etag() }),
      ))
    )
      return;
    await attempt('fill', caseId, async () =>
      call(
        api,
        'PUT',
        `/api/cases/${caseId}/forms/initial_assessment`,
        auth,
        { answers: { assessment_date: '2026-03-02', risk_level: 'medium', summary: `Assessed ${name}.` }, status: 'complete' },
        { 'If-Match': await etag() },
      ),
    );
  }

  /** `count` journeys, CLIENTS at a time. */
  async function load(count: number): Promise<void> {
    const last = journeys + count;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (journeys < last) await journey(journeys++);
      }),
    );
  }

  /** Time passes for the waiting children: their deadlines (and so their alerts) fall due, as 30 days later. */
  async function waitingCasesFallDue(): Promise<void> {
    const waiting = `SELECT id FROM cases WHERE display_name LIKE 'Wait Sc%'`;
    await db.query(`UPDATE deadlines SET due_at = due_at - interval '30 days' WHERE case_id IN (${waiting}) AND due_at > now()`);
    await db.query(
      `UPDATE deadline_alerts SET due_at = due_at - interval '30 days', fire_at = fire_at - interval '30 days'
       WHERE case_id IN (${waiting}) AND status = 'pending' AND due_at > now()`,
    );
  }

  const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params)).rows[0].n);
  const alertsOfWaiting = async () =>
    (
      await db.query(
        `SELECT count(*) FILTER (WHERE status = 'pending' AND fire_at <= now()) AS due, count(*) FILTER (WHERE status = 'fired') AS fired
         FROM deadline_alerts WHERE case_id IN (SELECT id FROM cases WHERE display_name LIKE 'Wait Sc%')`,
      )
    ).rows[0] as { due: string; fired: string };

  async function dashboard(api: Api): Promise<Reply> {
    const res = await call(api, 'GET', '/api/reports/dashboards/team', await login('supervisor'));
    expect(res.status).toBe(200);
    return res;
  }
  /** A dashboard's figures, without the instant each table was computed at. */
  const figures = (res: Reply) => res.body.widgets.map((w: any) => ({ ...w, table: { ...w.table, asOf: undefined } }));

  /** The replica has replayed everything the primary has written so far. */
  async function replicaCaughtUp(): Promise<void> {
    const lsn = (await db.query('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0].lsn;
    await waitUntil('the replica to catch up', async () => (await replicaDb.query('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok', [lsn])).rows[0].ok);
  }

  it('loses nothing, duplicates nothing, fires each alert once and serves reports from the replica', async () => {
    const [api1] = apis;
    const [worker1] = workers;

    // 1. Load over both APIs.
    await load(JOURNEYS_PER_PHASE);

    // 2. Mid-load, the waiting children's alerts fall due; one API dies without warning (the load
    // balancer takes it out), and one worker while it is inside a transaction of its own.
    const second = load(JOURNEYS_PER_PHASE);
    await waitingCasesFallDue();
    await waitUntil(
      'worker-1 to be inside a transaction',
      async () => (await count(`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'worker-1' AND xact_start IS NOT NULL`)) > 0,
      30_000,
      2,
    );
    api1.alive = false;
    await Promise.all([stopProcess(worker1, 'SIGKILL'), stopProcess(api1.process, 'SIGKILL')]);
    await second;
    await waitingCasesFallDue();
    await waitUntil('the surviving worker to fire every due alert', async () => Number((await alertsOfWaiting()).due) === 0, 60_000);
    for (const w of workers.slice(1)) await stopProcess(w, 'SIGTERM');

    // 3. Every acknowledged write is there exactly once; what was not acknowledged is there at most once.
    const acknowledged = writes.filter((w) => w.acknowledged);
    expect(acknowledged.length).toBeGreaterThan(JOURNEYS_PER_PHASE);
    const ours = (await db.query(`SELECT id::text, display_name, case_number FROM cases WHERE display_name ~ '^(Go|Wait) Sc[a-z]{3}$'`)).rows;
    const byName = new Map<string, Array<{ id: string; case_number: string }>>();
    for (const r of ours) byName.set(r.display_name.split(' ')[1], [...(byName.get(r.display_name.split(' ')[1]) ?? []), r]);
    expect([...byName.values()].filter((rows) => rows.length > 1)).toEqual([]);
    for (const w of acknowledged.filter((x) => x.kind === 'register')) expect(byName.get(w.name)?.map((r) => r.id)).toEqual([w.caseId]);
    expect(new Set(ours.map((r) => r.case_number)).size).toBe(ours.length);
    const transitions = await db.query(
      `SELECT case_id::text AS id, count(*)::int AS n FROM case_events WHERE case_id = ANY($1::uuid[]) AND type = 'transition_performed' GROUP BY case_id`,
      [ours.map((r) => r.id)],
    );
    const submissions = await db.query(
      `SELECT case_id::text AS id, count(*)::int AS n FROM form_submissions WHERE case_id = ANY($1::uuid[]) AND form_id = 'initial_assessment' AND status = 'complete' GROUP BY case_id`,
      [ours.map((r) => r.id)],
    );
    const countOf = (rows: Array<{ id: string; n: number }>) => new Map(rows.map((r) => [r.id, r.n]));
    const [moved, filled] = [countOf(transitions.rows), countOf(submissions.rows)];
    expect([...moved.values(), ...filled.values()].every((n) => n === 1)).toBe(true);
    for (const w of acknowledged.filter((x) => x.kind === 'transition')) expect(moved.get(w.caseId!)).toBe(1);
    for (const w of acknowledged.filter((x) => x.kind === 'fill')) expect(filled.get(w.caseId!)).toBe(1);

    // 4. Each due alert fired once: its inbox messages are its recipients, one overdue mark per deadline.
    const alerts = await alertsOfWaiting();
    expect(Number(alerts.fired)).toBeGreaterThan(0);
    const waiting = `SELECT id FROM cases WHERE display_name LIKE 'Wait Sc%'`;
    expect(
      await count(
        `SELECT count(*) AS n FROM deadline_alerts a WHERE a.case_id IN (${waiting}) AND a.status = 'fired' AND a.kind <> 'overdue'
         AND a.recipients <> (SELECT count(*) FROM notifications m WHERE m.dedupe_key LIKE 'alert:' || a.id || ':%')`,
      ),
    ).toBe(0);
    expect(
      await count(
        `SELECT count(*) AS n FROM cases c WHERE c.id IN (${waiting})
         AND (SELECT count(*) FROM deadline_alerts a WHERE a.case_id = c.id AND a.status = 'fired' AND a.kind = 'overdue')
          <> (SELECT count(*) FROM case_events e WHERE e.case_id = c.id AND e.type = 'deadline_overdue')`,
      ),
    ).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM deadline_alerts WHERE case_id IN (${waiting}) AND status NOT IN ('pending', 'fired')`)).toBe(0);

    // 5. The audit chains verify (the operator's command).
    const verify = await new Promise<{ code: number; out: string }>((resolve) =>
      execFile(
        process.execPath,
        ['-r', './scripts/register-paths.js', 'dist/apps/cli/src/main.js', 'audit', 'verify'],
        { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', DATABASE_URL: primary.appUrl(DB), NODE_ENV: 'test' } },
        (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, out: stdout + stderr }),
      ),
    );
    expect(verify).toMatchObject({ code: 0, out: expect.stringContaining('audit log intact') });

    // 6. Reports: served from the replica with its lag, equal to the primary's once it has caught up.
    // The killed API comes back without a replica, so its dashboards are the primary's own figures.
    const [, api2] = apis;
    const onPrimary = await startApi('api-1-restarted', { readReplica: false });
    apis.push(onPrimary);
    await replicaCaughtUp();
    const fromReplica = await dashboard(api2);
    const fromPrimary = await dashboard(onPrimary);
    expect(fromReplica.body.source).toEqual({ replica: true, lagSeconds: expect.any(Number) });
    expect(fromReplica.body.source.lagSeconds).toBeLessThan(5);
    expect(fromPrimary.body.source).toEqual({ replica: false, lagSeconds: 0 });
    expect(figures(fromReplica)).toEqual(figures(fromPrimary));

    // While the replica is held back, its figures are behind the primary's, and it says by how much.
    await replicaDb.query('SELECT pg_wal_replay_pause()');
    await new Promise((r) => setTimeout(r, 1200));
    await journey(journeys++);
    const behind = await dashboard(api2);
    expect(behind.body.source.replica).toBe(true);
    expect(behind.body.source.lagSeconds).toBeGreaterThanOrEqual(1);
    expect(figures(behind)).not.toEqual(figures(await dashboard(onPrimary)));
    const exported = await call(api2, 'GET', '/api/reports/indicators/cases_registered/export?format=csv', await login('supervisor'));
    expect(exported.status).toBe(200);
    expect(exported.headers.get('x-read-source')).toBe('replica');
    expect(Number(exported.headers.get('x-read-lag-seconds'))).toBeGreaterThanOrEqual(1);
    await replicaDb.query('SELECT pg_wal_replay_resume()');
    await replicaCaughtUp();
    expect(figures(await dashboard(api2))).toEqual(figures(await dashboard(onPrimary)));
  }, 150_000);
});
