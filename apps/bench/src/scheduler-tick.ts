import 'reflect-metadata';
import * as os from 'node:os';
import * as pg from 'pg';
import type { Pool } from 'pg';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, MAX_AUDIT_CHAINS } from '@app/audit';
import { zonedDay } from '@app/core';
import type { SopPack } from '@app/pack-types';
import { SchedulerService, type TickResult } from '@app/scheduler';
import { DEMO_PASSWORD } from '@app/sop-registry';
import { ALERT_BATCH, fireDueRaw, type AlertTexts } from './raw-alerts';
import { withScratchApp } from './scratch-app';
import { percentile } from './stats';

/**
 * The cost of one scheduler tick (`SchedulerService.tick()`: due alerts, daily digest, outbox) with
 * many open deadlines of which none are due, at growing sizes, then of one tick that fires
 * `BENCH_DUE` alerts, beside its raw-PostgreSQL counterpart firing as many others (./raw-alerts.ts). In-process Nest app on real PostgreSQL, in a scratch database created with
 * DATABASE_OWNER_URL (or DATABASE_URL) and dropped at the end.
 *
 * Seeding: a few cases registered through the HTTP API (real SOP version, users, locations,
 * deadlines and their alerts); the rest are SQL copies of those (case row, its form submissions,
 * timeline and consents, its deadlines and their alerts), each deadline moved to a due date 2 to 90
 * days ahead with its alerts shifted alike, so nothing is due. Then VACUUM ANALYZE, as autovacuum
 * would have done on a live system.
 *
 * Options (env): BENCH_DEADLINES (open deadlines, ascending list, default "1000,10000,100000"),
 * BENCH_TICKS (idle ticks timed per size, default 20), BENCH_DUE (alerts made due for the last
 * measurement, default 1000).
 */
export async function schedulerTickBench(): Promise<void> {
  const sizes = (process.env.BENCH_DEADLINES ?? '1000,10000,100000').split(',').map((s) => Number(s.trim()));
  if (!sizes.length || sizes.some((n, i) => !Number.isInteger(n) || n < 1 || (i > 0 && n <= sizes[i - 1]))) {
    throw new Error(`BENCH_DEADLINES must be an ascending list of positive integers, got "${process.env.BENCH_DEADLINES}"`);
  }
  const ticks = Number(process.env.BENCH_TICKS ?? 20);
  const dueCount = Number(process.env.BENCH_DUE ?? 1000);
  await withScratchApp('scheduler', async ({ app, base, sop, q }) => {
    const scheduler = app.get(SchedulerService);

    const [{ version }] = await q(`SELECT current_setting('server_version') AS version`);
    console.log(`\nCMIS scheduler tick benchmark: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, PostgreSQL ${version}`);
    const digest = sop.pack.notifications.digest;
    const digestRuns = digest.enabled && zonedDay(new Date(), sop.pack.manifest.timezone).hour >= digest.hour;
    console.log(
      `no CMIS_SMTP_URL: email disabled, alerts write the in-app inbox only; daily digest ${
        digestRuns
          ? `checked every tick (after ${String(digest.hour).padStart(2, '0')}:00 ${sop.pack.manifest.timezone ?? 'UTC'})`
          : 'not checked (before its hour: its query does not run)'
      }`,
    );

    // A few real cases through the API: the templates of the bulk copies.
    const login = async (username: string) => {
      const res = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: DEMO_PASSWORD }),
      });
      if (res.status !== 200 && res.status !== 201) throw new Error(`login ${username}: ${res.status}`);
      return `Bearer ${((await res.json()) as { token: string }).token}`;
    };
    // Caseworkers of teams that have a supervisor, so reminders (case owner) and escalations
    // (case owner's supervisor) both have someone to tell.
    const workers = await Promise.all(['caseworker', 'caseworker2', 'caseworker3'].map(login));
    const names = ['Ana', 'Ion', 'Maria', 'Mihai', 'Elena', 'Andrei'];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${base}/api/cases`, {
        method: 'POST',
        headers: { authorization: workers[i % workers.length], 'content-type': 'application/json' },
        body: JSON.stringify({
          caseType: 'child_protection',
          answers: {
            first_name: names[i],
            last_name: `Tick${i}`,
            sex: i % 2 ? 'male' : 'female',
            date_of_birth: `201${i}-0${1 + i}-1${i}`,
            consent_status: 'given',
            assent_status: 'given',
          },
        }),
      });
      if (res.status !== 201) throw new Error(`register case: ${res.status} ${await res.text()}`);
    }
    const templates = (await q<{ id: string }>(`SELECT id FROM cases ORDER BY case_number`)).map((r) => r.id);
    const [tpl] = await q<{ deadlines: number; alerts: number }>(
      `SELECT (SELECT count(*)::int FROM deadlines WHERE status = 'open') AS deadlines,
              (SELECT count(*)::int FROM deadline_alerts WHERE status = 'pending') AS alerts`,
    );
    if (!tpl.deadlines || !tpl.alerts) throw new Error('the registered cases have no open deadline with pending alerts: nothing to copy');
    const perCase = tpl.deadlines / templates.length;
    console.log(`templates: ${templates.length} cases registered through the API, ${tpl.deadlines} open deadlines, ${tpl.alerts} pending alerts`);

    const columns = async (table: string, except: string[]) =>
      (
        await q<{ c: string }>(
          `SELECT column_name AS c FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
          [table],
        )
      )
        .map((r) => r.c)
        .filter((c) => !except.includes(c));
    const caseCols = await columns('cases', ['id', 'case_number']);
    const children: Array<{ t: string; cols: string[] }> = [];
    for (const t of ['form_submissions', 'case_events', 'case_consents']) children.push({ t, cols: await columns(t, ['id', 'case_id']) });
    const deadlineCols = await columns('deadlines', ['id', 'case_id', 'anchor_at', 'due_at', 'created_at']);
    const alertCols = await columns('deadline_alerts', ['id', 'deadline_id', 'case_id', 'due_at', 'fire_at']);
    const list = (cols: string[], prefix: string) => cols.map((c) => `${prefix}.${c}`).join(', ');
    let copied = 0;

    /** Copies template cases until `target` deadlines are open. */
    const grow = async (target: number) => {
      const [{ open }] = await q<{ open: number }>(`SELECT count(*)::int AS open FROM deadlines WHERE status = 'open'`);
      const add = Math.max(0, Math.ceil((target - open) / perCase));
      if (!add) return;
      await q('BEGIN');
      await q(
        `CREATE TEMP TABLE bench_new ON COMMIT DROP AS
               SELECT g, gen_random_uuid() AS id, ($1::uuid[])[1 + g % cardinality($1::uuid[])] AS tpl,
                      -- 2 to 90 days ahead, spread to the minute
                      now() + interval '2 days' + make_interval(mins => ((g::bigint * 7919) % (88 * 24 * 60))::int) AS due_at
               FROM generate_series($2::int, $3::int) g`,
        [templates, copied + 1, copied + add],
      );
      await q(`INSERT INTO cases (id, case_number, ${caseCols.join(', ')})
               SELECT n.id, 'BENCH-' || lpad(n.g::text, 7, '0'), ${list(caseCols, 'c')} FROM bench_new n JOIN cases c ON c.id = n.tpl`);
      for (const { t, cols } of children) {
        await q(`INSERT INTO ${t} (case_id, ${cols.join(', ')}) SELECT n.id, ${list(cols, 'x')} FROM bench_new n JOIN ${t} x ON x.case_id = n.tpl`);
      }
      await q(`CREATE TEMP TABLE bench_deadlines ON COMMIT DROP AS
               SELECT gen_random_uuid() AS id, n.id AS case_id, d.id AS tpl_id, n.due_at, n.due_at - d.due_at AS shift
               FROM bench_new n JOIN deadlines d ON d.case_id = n.tpl AND d.status = 'open'`);
      await q(`INSERT INTO deadlines (id, case_id, anchor_at, due_at, created_at, ${deadlineCols.join(', ')})
               SELECT b.id, b.case_id, d.anchor_at + b.shift, b.due_at, d.created_at + b.shift, ${list(deadlineCols, 'd')}
               FROM bench_deadlines b JOIN deadlines d ON d.id = b.tpl_id`);
      await q(`INSERT INTO deadline_alerts (deadline_id, case_id, due_at, fire_at, ${alertCols.join(', ')})
               SELECT b.id, b.case_id, b.due_at, a.fire_at + b.shift, ${list(alertCols, 'a')}
               FROM bench_deadlines b JOIN deadline_alerts a ON a.deadline_id = b.tpl_id AND a.status = 'pending'`);
      await q('COMMIT');
      copied += add;
      for (const t of ['cases', 'deadlines', 'deadline_alerts', ...children.map((c) => c.t)]) await q(`VACUUM ANALYZE ${t}`);
    };

    const timeTick = async (): Promise<{ ms: number; result: TickResult }> => {
      const t0 = process.hrtime.bigint();
      const result = await scheduler.tick();
      return { ms: Number(process.hrtime.bigint() - t0) / 1e6, result };
    };
    const rows: string[] = [];
    const header = `${'open deadlines'.padStart(14)} ${'pending alerts'.padStart(14)} ${'ticks'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)}   seeded in`;
    for (const size of sizes) {
      const s0 = Date.now();
      await grow(size);
      const seeded = (Date.now() - s0) / 1000;
      for (let i = 0; i < 10; i++) await timeTick(); // warm-up: JIT, caches, plans, hint bits
      const samples: number[] = [];
      for (let i = 0; i < ticks; i++) {
        let due: { ms: number; result: TickResult } | undefined;
        await captureStatements(async () => (due = await timeTick()));
        const { ms, result } = due!;
        if (result.errors.length || result.alerts?.fired || result.alerts?.cancelled || result.digests?.sent || result.dispatch?.sent) {
          throw new Error(`an idle tick did work or failed: ${JSON.stringify(result)}`);
        }
        samples.push(ms);
      }
      samples.sort((a, b) => a - b);
      const [c] = await q<{ open: number; pending: number }>(
        `SELECT (SELECT count(*)::int FROM deadlines WHERE status = 'open') AS open,
                (SELECT count(*)::int FROM deadline_alerts WHERE status = 'pending') AS pending`,
      );
      const f = (n: number) => n.toFixed(2).padStart(8);
      rows.push(
        `${String(c.open).padStart(14)} ${String(c.pending).padStart(14)} ${String(ticks).padStart(6)} ${f(percentile(samples, 50))} ${f(percentile(samples, 95))} ${f(samples.at(-1)!)}   ${seeded.toFixed(1)} s`,
      );
      process.stderr.write(`  ${c.open} open deadlines: idle tick p50 ${percentile(samples, 50).toFixed(2)} ms\n`);
    }
    console.log('\none tick, none due (alerts + digest + outbox):');
    console.log(header);
    for (const r of rows) console.log(r);

    // Every statement one idle tick sends, and how PostgreSQL runs it at the largest size.
    let tickMs = 0;
    const statements = await captureStatements(async () => (tickMs = (await timeTick()).ms));
    const inQueries = statements.reduce((sum, s) => sum + (s.ms || 0), 0);
    console.log(
      `\nstatements of one idle tick at ${sizes.at(-1)} open deadlines (tick ${tickMs.toFixed(2)} ms, of which ${inQueries.toFixed(2)} ms` +
        ` waiting for ${statements.length} statements), each with its round trip and EXPLAIN (ANALYZE, BUFFERS) as the schema owner:`,
    );
    for (const s of statements) {
      const head = `  [${s.ms.toFixed(2).padStart(6)} ms] ${oneLine(s.text)}`;
      if (!/^\s*(SELECT|WITH|INSERT|UPDATE|DELETE)\b/i.test(s.text)) {
        console.log(head);
        continue;
      }
      await q('BEGIN');
      let plan: string[];
      try {
        plan = (await q<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${s.text}`, s.values)).map((r) => r['QUERY PLAN']);
      } finally {
        await q('ROLLBACK');
      }
      const claim = /FROM deadline_alerts/.test(s.text) && /SKIP LOCKED/.test(s.text);
      console.log(`${head}${claim ? '   <- the claim of due alerts' : ''}`);
      const shown = claim ? plan : plan.filter((l, i) => i === 0 || /Scan|Planning Time|Execution Time/.test(l));
      for (const l of shown) console.log(`      ${l}`);
    }

    // BENCH_DUE alerts of distinct deadlines, reminders (to the case owner) and escalations (to the
    // owner's team supervisor) by turns, made due; one tick fires them all. Then as many others
    // (deadlines not used before) for the raw counterpart.
    const counts = async () =>
      (
        await q<{ inbox: number; outbox: number }>(`SELECT (SELECT count(*)::int FROM notifications) AS inbox, (SELECT count(*)::int FROM outbox) AS outbox`)
      )[0];
    const used: string[] = [];
    const makeDue = async () => {
      const made = await q<{ kind: string; deadline_id: string }>(
        `WITH d AS (SELECT id, row_number() OVER () AS n FROM (SELECT id FROM deadlines WHERE status = 'open' AND NOT (id = ANY($2::uuid[])) AND NOT (case_id = ANY($3::uuid[])) ORDER BY md5(id::text) LIMIT $1) s),
              pick AS (SELECT a.id, (d.n % 60) AS ago FROM deadline_alerts a JOIN d ON d.id = a.deadline_id
                       WHERE a.status = 'pending' AND a.level = 0 AND a.kind = CASE WHEN d.n % 2 = 0 THEN 'reminder' ELSE 'escalation' END)
         UPDATE deadline_alerts x SET fire_at = now() - make_interval(mins => 1 + pick.ago::int) FROM pick WHERE x.id = pick.id RETURNING x.kind, x.deadline_id`,
        // Not the templates' deadlines: later copies of a template must have every alert still pending.
        [dueCount, used, templates],
      );
      used.push(...made.map((r) => r.deadline_id));
      await q('ANALYZE deadline_alerts');
      const kinds = made.reduce<Record<string, number>>((m, r) => ({ ...m, [r.kind]: (m[r.kind] ?? 0) + 1 }), {});
      const [{ open }] = await q<{ open: number }>(`SELECT count(*)::int AS open FROM deadlines WHERE status = 'open'`);
      const described = `${made.length} due (${Object.entries(kinds)
        .map(([k, n]) => `${n} ${k}s`)
        .join(', ')}, distinct deadlines) among ${open} open`;
      return { made, described };
    };
    const { inbox: inbox0, outbox: outbox0 } = await counts();
    const { described } = await makeDue();
    let due: { ms: number; result: TickResult } | undefined;
    const dueStatements = await captureStatements(async () => (due = await timeTick()));
    const { ms, result } = due!;
    const [after] = await q<{ inbox: number; outbox: number; silent: number }>(
      `SELECT (SELECT count(*)::int FROM notifications) AS inbox, (SELECT count(*)::int FROM outbox) AS outbox,
              (SELECT count(*)::int FROM deadline_alerts WHERE status = 'fired' AND recipients = 0) AS silent`,
    );
    const a = result.alerts;
    console.log(`\none tick with ${described}:`);
    console.log(
      `  ${ms.toFixed(0)} ms; alerts fired ${a?.fired ?? 0}, cancelled ${a?.cancelled ?? 0}, failed ${a?.failed ?? 0}, deferred ${a?.deferred ?? 0}` +
        ` (${((a?.fired ?? 0) / (ms / 1000)).toFixed(0)} alerts/s); in-app messages ${after.inbox - inbox0}, outbox rows queued ${after.outbox - outbox0}` +
        `, fired with no recipient ${after.silent}; errors ${result.errors.length ? result.errors.join('; ') : 'none'}`,
    );
    const waited = dueStatements.reduce((sum, st) => sum + (st.ms || 0), 0);
    console.log(
      `  ${dueStatements.length} statements (${(dueStatements.length / Math.max(a?.fired ?? 1, 1)).toFixed(1)} per alert fired), ` +
        `${waited.toFixed(0)} ms of the tick waiting for them (round trips as the client saw them), the rest in Node`,
    );
    const { ms: idleAfter } = await timeTick();
    console.log(`  next tick (none due again): ${idleAfter.toFixed(2)} ms`);

    // The raw side's alerts are of other deadlines: more cases are copied when the largest size leaves too few.
    const [{ open }] = await q<{ open: number }>(`SELECT count(*)::int AS open FROM deadlines WHERE status = 'open'`);
    if (open - used.length < 2 * dueCount) await grow(used.length + 2 * dueCount);
    await rawAlertsBeside(app, sop.pack, q, counts, makeDue, {
      fired: a?.fired ?? 0,
      ms,
      inbox: after.inbox - inbox0,
      outbox: after.outbox - outbox0,
    });
  });
}

/**
 * The raw-PostgreSQL counterpart of the tick's alert firing (./raw-alerts.ts) on another BENCH_DUE
 * alerts made due the same way, printed beside the API's figure with the ratio; then checks that
 * both sides told as many people per alert and that the audit log still verifies.
 */
async function rawAlertsBeside(
  app: INestApplication,
  pack: SopPack,
  q: <T = any>(sql: string, params?: unknown[]) => Promise<T[]>,
  counts: () => Promise<{ inbox: number; outbox: number }>,
  makeDue: () => Promise<{ made: unknown[]; described: string }>,
  api: { fired: number; ms: number; inbox: number; outbox: number },
): Promise<void> {
  const audit = app.get(AuditService);
  const chain = audit.chainCount + 1;
  if (chain > MAX_AUDIT_CHAINS) throw new Error(`the raw alerts need an audit chain after the API's ${audit.chainCount}: at most ${MAX_AUDIT_CHAINS} in all`);
  // The texts the API rendered, one of each kind, for the raw rows to be as large.
  const texts = await q<AlertTexts>(
    `SELECT DISTINCT ON (n.kind) n.kind, c.case_number AS number, c.id::text AS "caseId", n.title, n.body,
            o.subject, o.body_text AS "bodyText", o.body_html AS "bodyHtml"
     FROM notifications n JOIN cases c ON c.id = n.case_id LEFT JOIN outbox o ON o.dedupe_key = n.dedupe_key || ':email'
     WHERE n.kind IN ('deadline_reminder', 'deadline_escalation') ORDER BY n.kind, n.created_at, n.id`,
  );
  const before = await counts();
  const { made, described } = await makeDue();
  if (!made.length) {
    console.log('\nraw PostgreSQL: no alert could be made due (no open deadline left with a pending reminder or escalation)');
    process.exitCode = 1;
    return;
  }
  const pool = (app.get(DataSource).driver as unknown as { master: Pool }).master;
  const raw = await fireDueRaw(pool, pack, texts, chain);
  const after = await counts();
  const inbox = after.inbox - before.inbox;
  const outbox = after.outbox - before.outbox;
  const [{ entries }] = await q<{ entries: number }>(`SELECT count(*)::int AS entries FROM audit_log WHERE chain = $1`, [chain]);
  const apiRate = api.fired / (api.ms / 1000);
  const rawRate = raw.fired / (raw.ms / 1000);
  console.log(`\nraw PostgreSQL, the same work for ${described} (deadlines not used above), in batches of ${ALERT_BATCH} (./raw-alerts.ts):`);
  console.log(
    `  ${raw.ms.toFixed(0)} ms; alerts fired ${raw.fired}, cancelled ${raw.cancelled}, deferred ${raw.deferred} (${rawRate.toFixed(0)} alerts/s);` +
      ` in-app messages ${inbox}, outbox rows queued ${outbox}; ${raw.statements} statements in ${raw.batches} transactions` +
      ` (${(raw.statements / Math.max(raw.fired, 1)).toFixed(2)} per alert fired, ${raw.waitedMs.toFixed(0)} ms waiting for them); audit entries ${entries} on chain ${chain}`,
  );
  const per = (n: number, fired: number) => (fired ? n / fired : 0).toFixed(2);
  const same = per(api.inbox, api.fired) === per(inbox, raw.fired) && per(api.outbox, api.fired) === per(outbox, raw.fired) && entries === raw.fired;
  console.log(
    `  API / raw: ${apiRate.toFixed(0)} / ${rawRate.toFixed(0)} alerts/s = ${(apiRate / rawRate).toFixed(3)}` +
      ` (the API's figure is its whole tick: alerts, digest, reports, outbox); per alert: in-app messages API ${per(api.inbox, api.fired)}, raw ${per(inbox, raw.fired)},` +
      ` outbox rows API ${per(api.outbox, api.fired)}, raw ${per(outbox, raw.fired)}: ${same ? 'the same' : 'DIFFERENT (the comparison does not hold)'}`,
  );
  const v0 = process.hrtime.bigint();
  const verified = await audit.verify();
  console.log(
    `  audit log: ${verified.entries} entries (the API's chains 1-${audit.chainCount}, the raw alerts' ${chain}), verify ${verified.ok ? 'intact' : 'BROKEN'}` +
      ` in ${(Number(process.hrtime.bigint() - v0) / 1e9).toFixed(1)} s`,
  );
  if (!same || !verified.ok || raw.fired !== made.length) process.exitCode = 1;
}

/**
 * Runs `work` and returns every statement the pg clients of this process sent meanwhile, with its
 * parameters and its round trip as the client saw it (queueing, server time, row parsing).
 */
async function captureStatements(work: () => Promise<unknown>): Promise<Array<{ text: string; values: unknown[]; ms: number }>> {
  const out: Array<{ text: string; values: unknown[]; ms: number }> = [];
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const [config, values] = args as [string | { text?: string; values?: unknown[] }, unknown];
    const text = typeof config === 'string' ? config : config?.text;
    const params = typeof config === 'string' ? values : (config?.values ?? values);
    const result = original.apply(this, args);
    if (text) {
      const entry = { text, values: Array.isArray(params) ? params : [], ms: NaN };
      out.push(entry);
      const t0 = process.hrtime.bigint();
      if (result instanceof Promise)
        void result.then(
          () => (entry.ms = Number(process.hrtime.bigint() - t0) / 1e6),
          () => undefined,
        );
    }
    return result;
  };
  try {
    await work();
  } finally {
    proto.query = original;
  }
  return out;
}

function oneLine(sql: string): string {
  const s = sql.replace(/\s+/g, ' ').trim();
  return s.length > 96 ? `${s.slice(0, 93)}...` : s;
}
