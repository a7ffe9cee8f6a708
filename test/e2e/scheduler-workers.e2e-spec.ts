import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { DAY_MS } from '@app/core';
import { REPO_ROOT, startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';
import { SmtpSink, startSmtpSink } from '../support/smtp-sink';

const WORKER = path.join(REPO_ROOT, 'dist/apps/worker/src/main.js');

/**
 * Real worker processes (the compiled apps/worker, as deployed) against one PostgreSQL and a real
 * SMTP server: two at once send every message exactly once; one killed with SIGKILL mid-batch
 * loses nothing and, after a restart, duplicates nothing it had committed.
 */
describe('Scheduler workers: exactly once across processes and crashes', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  let db: Client;
  let sink: SmtpSink;
  let slowSink: SmtpSink;
  const workers = new Set<ChildProcess>();

  beforeAll(async () => {
    if (!fs.existsSync(WORKER)) throw new Error(`${WORKER} is missing: build first (npm test does: tsc -p tsconfig.build.json)`);
    sink = await startSmtpSink();
    slowSink = await startSmtpSink({ delayMs: 25 });
    // Cases are registered 10 days ago on the API's clock, so all their alerts are due for the workers' real clock.
    t = await startTestApp('scheduler_workers', { start: new Date(Date.now() - 10 * DAY_MS) });
    api = casesClient(t);
    db = new Client({ connectionString: t.db.url });
    await db.connect();
  });
  afterAll(async () => {
    for (const w of workers) w.kill('SIGKILL');
    await db?.end();
    await t?.close();
    await sink?.close();
    await slowSink?.close();
  });

  /** `leaseMs`: short in the crash test, so a killed worker's claims expire quickly. */
  function startWorker(smtpUrl: string, leaseMs = 300_000): ChildProcess & { output: string[] } {
    const child = spawn(process.execPath, ['-r', './scripts/register-paths.js', WORKER], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        DATABASE_URL: t.db.appUrl,
        DATABASE_OWNER_URL: t.db.url,
        CMIS_SMTP_URL: smtpUrl,
        CMIS_SCHEDULER_CRON: '* * * * * *',
        CMIS_OUTBOX_LEASE_MS: String(leaseMs),
        NODE_ENV: 'test',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }) as ChildProcess & { output: string[] };
    child.output = [];
    child.stdout!.on('data', (d) => child.output.push(String(d)));
    child.stderr!.on('data', (d) => child.output.push(String(d)));
    workers.add(child);
    child.on('exit', () => workers.delete(child));
    return child;
  }

  const stop = (w: ChildProcess, signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (w.exitCode !== null || w.signalCode !== null) return resolve();
      w.once('exit', () => resolve());
      w.kill(signal);
    });

  async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 60_000, everyMs = 20): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, everyMs));
    }
    throw new Error(`timed out waiting for: ${what}`);
  }

  const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params)).rows[0].n);

  /** Registered cases whose initial assessment is never done: a reminder (caseworker), the overdue mark, an escalation (supervisor). */
  async function registerOverdueCases(n: number, prefix: string): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const res = await api.register('caseworker', 'child_protection', {
        first_name: `${prefix}${i}`,
        last_name: 'Test',
        sex: i % 2 ? 'male' : 'female',
        date_of_birth: '2015-01-01',
        consent_status: 'not_required_emergency',
        assent_status: 'given',
      });
      if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
      ids.push(res.body.id);
    }
    return ids;
  }

  const alertStats = async (caseIds: string[]) =>
    (
      await db.query(
        `SELECT count(*) FILTER (WHERE status = 'pending') AS pending, count(*) FILTER (WHERE status = 'fired') AS fired,
            count(*) FILTER (WHERE status NOT IN ('pending', 'fired')) AS other
     FROM deadline_alerts WHERE case_id = ANY($1::uuid[])`,
        [caseIds],
      )
    ).rows[0];
  const outboxOf = async (caseIds: string[]) =>
    (await db.query(`SELECT id, status, attempts FROM outbox WHERE case_id = ANY($1::uuid[])`, [caseIds])).rows as Array<{
      id: string;
      status: string;
      attempts: number;
    }>;

  /** Every fired alert has its inbox messages and outbox rows; nothing exists for an alert not fired. */
  async function expectAlertsAndMessagesConsistent(caseIds: string[]): Promise<void> {
    expect(
      await count(
        `SELECT count(*) AS n FROM deadline_alerts a WHERE a.case_id = ANY($1::uuid[]) AND a.status = 'fired' AND a.kind <> 'overdue'
         AND NOT EXISTS (SELECT 1 FROM notifications m WHERE m.dedupe_key LIKE 'alert:' || a.id || ':%')`,
        [caseIds],
      ),
    ).toBe(0);
    expect(
      await count(
        `SELECT count(*) AS n FROM notifications m WHERE m.case_id = ANY($1::uuid[]) AND m.dedupe_key LIKE 'alert:%'
         AND NOT EXISTS (SELECT 1 FROM deadline_alerts a WHERE a.status = 'fired' AND m.dedupe_key LIKE 'alert:' || a.id || ':%')`,
        [caseIds],
      ),
    ).toBe(0);
    expect(
      await count(
        `SELECT count(*) AS n FROM deadline_alerts a WHERE a.case_id = ANY($1::uuid[]) AND a.status = 'fired' AND a.kind = 'overdue'
         AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = a.case_id AND e.type = 'deadline_overdue')`,
        [caseIds],
      ),
    ).toBe(0);
  }

  const received = (s: SmtpSink[]) => s.flatMap((x) => x.messages.map((m) => (m.messageId ?? '').replace(/^<|@.*$/g, '')));

  it('two workers at once: every alert fires once and every message is sent once', async () => {
    const cases = await registerOverdueCases(120, 'Pair');
    const before = await alertStats(cases);
    expect(Number(before.pending)).toBe(cases.length * 3);

    const a = startWorker(sink.url);
    const b = startWorker(sink.url);
    await waitUntil('all alerts fired and all messages sent', async () => {
      const s = await alertStats(cases);
      const o = await outboxOf(cases);
      return Number(s.pending) === 0 && o.length === cases.length * 2 && o.every((m) => m.status === 'sent');
    });
    await Promise.all([stop(a, 'SIGTERM'), stop(b, 'SIGTERM')]);

    const stats = await alertStats(cases);
    expect(stats).toMatchObject({ pending: '0', fired: String(cases.length * 3), other: '0' });
    await expectAlertsAndMessagesConsistent(cases);
    expect(await count(`SELECT count(*) AS n FROM notifications WHERE case_id = ANY($1::uuid[])`, [cases])).toBe(cases.length * 2);
    const outbox = await outboxOf(cases);
    const ids = received([sink]);
    for (const m of outbox) expect(ids.filter((id) => id === m.id)).toHaveLength(1);
    expect(outbox.every((m) => m.attempts === 1)).toBe(true);
    // Both processes really ran the scheduler against the same database.
    expect([a, b].every((w) => (w as any).output.join('').includes('scheduler running'))).toBe(true);
  }, 120_000);

  it('a worker killed with SIGKILL mid-batch loses nothing and duplicates nothing after restart', async () => {
    const cases = await registerOverdueCases(200, 'Kill');
    const total = cases.length * 3;

    // 1. Killed while firing alerts: some batches committed, the one in progress rolled back.
    const first = startWorker(slowSink.url, 1500);
    await waitUntil('some alerts fired', async () => Number((await alertStats(cases)).fired) > 0, 60_000, 5);
    await stop(first, 'SIGKILL');
    const atKill = await alertStats(cases);
    expect(Number(atKill.pending)).toBeGreaterThan(0);
    await expectAlertsAndMessagesConsistent(cases);

    // 2. Restarted, then killed again while sending email through a slow SMTP server.
    const second = startWorker(slowSink.url, 1500);
    await waitUntil(
      'some messages sent, others still pending',
      async () => {
        const o = await outboxOf(cases);
        return Number((await alertStats(cases)).pending) === 0 && o.some((m) => m.status === 'sent');
      },
      60_000,
      5,
    );
    await stop(second, 'SIGKILL');
    const outboxAtKill = await outboxOf(cases);
    expect(outboxAtKill.some((m) => m.status === 'pending')).toBe(true);

    // 3. Restarted: everything completes.
    const third = startWorker(slowSink.url, 1500);
    await waitUntil(
      'all messages sent',
      async () => {
        const o = await outboxOf(cases);
        return o.length === cases.length * 2 && o.every((m) => m.status === 'sent');
      },
      90_000,
    );
    await stop(third, 'SIGTERM');

    expect(await alertStats(cases)).toMatchObject({ pending: '0', fired: String(total), other: '0' });
    await expectAlertsAndMessagesConsistent(cases);
    expect(await count(`SELECT count(*) AS n FROM notifications WHERE case_id = ANY($1::uuid[])`, [cases])).toBe(cases.length * 2);
    const outbox = await outboxOf(cases);
    const ids = received([slowSink]);
    // Nothing lost: every queued message reached the SMTP server.
    for (const m of outbox) expect(ids).toContain(m.id);
    // Nothing committed is sent twice. The one message whose SMTP conversation the kill cut short
    // may arrive twice (SMTP has no two-phase commit); it is recognisable by its Message-ID and was
    // claimed more than once.
    const twice = outbox.filter((m) => ids.filter((id) => id === m.id).length > 1);
    expect(twice.length).toBeLessThanOrEqual(1);
    for (const m of twice) expect(m.attempts).toBeGreaterThan(1);
    expect(outbox.every((m) => ids.filter((id) => id === m.id).length <= 2)).toBe(true);
  }, 180_000);
});
