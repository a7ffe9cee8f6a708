import 'reflect-metadata';
import * as os from 'node:os';
import { locationPaths } from '@app/sop';
import { DataSource } from 'typeorm';
import { ReportsRepository } from '@app/reporting';
import { DEMO_PASSWORD } from '@app/sop-registry';
import { caseListsAtScale, seededNameSql } from './case-lists';
import { withScratchApp } from './scratch-app';
import { percentile } from './stats';

/**
 * Reporting at national scale: `BENCH_REPORT_CASES` (default 1,000,000) child protection cases,
 * each with an initial assessment deadline (70 % met, 20 % kept late, 5 % overdue, 5 % not yet
 * due) and a closing event for closed ones, inserted with SQL in a scratch database (the API's
 * own writes are measured by the case API benchmark). Then, over real HTTP as the demo users:
 * the district dashboard (district authority of Chișinău: 20 % of the cases) and the national
 * dashboard (national analyst: every case), `BENCH_DASHBOARD_SAMPLES` times each (p50/p95); and an
 * export of the supervisor's team (`BENCH_EXPORT_CASES`, default 100,000 cases) as CSV and XLSX,
 * time and the process's peak memory while it streams. Between the two, the caseworker's caseload,
 * name searches and flagged cases at that scale beside raw PostgreSQL (./case-lists.ts); one case in
 * 200 is flagged.
 */
export async function reportingBench(): Promise<void> {
  const total = Number(process.env.BENCH_REPORT_CASES ?? 1_000_000);
  // The team's cases are part of Chișinău's 20 %.
  const exportCases = Math.min(Number(process.env.BENCH_EXPORT_CASES ?? 100_000), Math.round(total * 0.2));
  const samples = Number(process.env.BENCH_DASHBOARD_SAMPLES ?? 10);
  await withScratchApp('reporting', async ({ app, base, sop, q }) => {
    const [{ version }] = await q(`SELECT current_setting('server_version') AS version`);
    console.log(
      `\nCMIS reporting benchmark: ${total.toLocaleString('en')} cases, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, PostgreSQL ${version}`,
    );

    const paths = locationPaths(sop.pack.locations.root);
    const user = async (name: string) => (await q<{ id: string }>('SELECT id FROM users WHERE username = $1', [name]))[0].id;
    const [cw, cw3, cw2] = [await user('caseworker'), await user('caseworker3'), await user('caseworker2')];
    // Segments: the Chișinău social team (the export), the rest of Chișinău, then the other districts.
    const segments = [
      { n: exportCases, location: 'CH01', agency: 'social_ch', team: 'ch_social_team', workers: [cw, cw3] },
      { n: Math.round(total * 0.2) - exportCases, location: 'CH02', agency: 'ngo_ch', team: 'ngo_ch_team', workers: [await user('ngo_worker')] },
    ];
    const others = ['ST01', 'ST02', 'OR01', 'OR02'];
    const rest = total - segments.reduce((s, x) => s + x.n, 0);
    others.forEach((location, i) =>
      segments.push({
        n: Math.floor(rest / others.length) + (i === 0 ? rest % others.length : 0),
        location,
        agency: location.startsWith('ST') ? 'social_st' : (null as any),
        team: location.startsWith('ST') ? 'st_social_team' : (null as any),
        workers: [cw2],
      }),
    );

    const t0 = Date.now();
    let first = 1;
    for (const s of segments) {
      for (let from = first; from < first + s.n; from += 100_000) {
        const to = Math.min(first + s.n - 1, from + 99_999);
        await q(
          `
          INSERT INTO cases (case_number, case_type, sop_version_id, step, status, risk, display_name, date_of_birth, sex,
            assigned_to, created_by, team_id, agency_id, location_code, location_path, answers, registered_at, updated_at, closed_at)
          SELECT 'BR-' || lpad(g::text, 8, '0'), 'child_protection', $1,
            (ARRAY['initial_assessment','specialised_assessment','comprehensive_assessment','case_planning','implementation','follow_up'])[1 + g % 6],
            CASE WHEN g % 5 = 0 THEN 'closed' WHEN g % 17 = 0 THEN 'paused' ELSE 'open' END,
            (ARRAY['high','medium','low',NULL])[1 + g % 4],
            ${seededNameSql('g')}, date '2008-01-01' + (g * 7 % 6500), CASE WHEN g % 2 = 0 THEN 'female' ELSE 'male' END,
            ($2::uuid[])[1 + g % cardinality($2::uuid[])], ($2::uuid[])[1], $3, $4, $5, $6,
            jsonb_build_object(
              'registration', jsonb_build_object('first_name', split_part(${seededNameSql('g')}, ' ', 1), 'last_name', split_part(${seededNameSql('g')}, ' ', 2), 'disability', g % 11 = 0, 'idnp', lpad(g::text, 13, '2')),
              'initial_assessment', jsonb_build_object('risk_level', (ARRAY['high','medium','low',NULL])[1 + g % 4]),
              'placement', CASE WHEN g % 7 = 0 THEN jsonb_build_object('placement_type', (ARRAY['foster_care','kinship_care','residential_care','reunification'])[1 + g % 4], 'placement_date', '2026-01-15') END,
              'closure', CASE WHEN g % 5 = 0 THEN jsonb_build_object('closure_reason', (ARRAY['needs_met','request','no_contact','transfer'])[1 + g % 4], 'closure_date', '2026-02-01') END),
            now() - make_interval(days => (g * 13 % 730)),
            -- Last activity spread over the past year, not in the order of the rows (as cases are worked on
            -- in no particular order): one timestamp for all would make the lists' order the rows' order.
            now() - make_interval(mins => (g::bigint * 7919 % 525600)::int), CASE WHEN g % 5 = 0 THEN now() END
          FROM generate_series($7::int, $8::int) g`,
          [sop.versionId, s.workers, s.team, s.agency, s.location, paths.get(s.location), from, to],
        );
      }
      first += s.n;
      process.stderr.write(`  ${(first - 1).toLocaleString('en')} cases inserted\n`);
    }
    await q(`
      INSERT INTO deadlines (case_id, key, definition_id, anchor_at, due_at, status, closed_at, created_at)
      SELECT id, 'initial_assessment_due', 'initial_assessment_due', registered_at, registered_at + interval '3 days',
        CASE WHEN h < 70 THEN 'met' WHEN h < 85 THEN 'late' WHEN h < 90 THEN 'missed' ELSE 'open' END,
        CASE WHEN h < 70 THEN registered_at + interval '2 days' WHEN h < 90 THEN registered_at + make_interval(days => 3, hours => h) END,
        registered_at
      FROM (SELECT id, CASE WHEN abs(hashtext(id::text)) % 100 >= 95 THEN now() - interval '1 day' ELSE registered_at END AS registered_at,
                   abs(hashtext(id::text)) % 100 AS h FROM cases) c`);
    await q(`INSERT INTO case_events (case_id, seq, type, at, data)
             SELECT id, 1, 'transition_performed', closed_at, jsonb_build_object('transition', 'close_case', 'to', 'closed') FROM cases WHERE status = 'closed'`);
    // One case in 200 flagged (the caseload's flagged filter).
    await q(`INSERT INTO case_flags (case_id, reason, flagged_by, flagged_at)
             SELECT id, 'bench', created_by, now() FROM cases WHERE abs(hashtext(id::text)) % 200 = 0`);
    await q('VACUUM ANALYZE case_flags');
    await q('VACUUM ANALYZE cases');
    await q('VACUUM ANALYZE deadlines');
    await q('VACUUM ANALYZE case_events');
    const [sizes] = await q(`SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM deadlines)::int AS deadlines,
      (SELECT count(*) FROM case_events)::int AS events, pg_size_pretty(pg_database_size(current_database())) AS size`);
    console.log(
      `seeded ${sizes.cases.toLocaleString('en')} cases, ${sizes.deadlines.toLocaleString('en')} deadlines, ${sizes.events.toLocaleString('en')} events (${sizes.size}) in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
    );

    const login = async (username: string) => {
      const res = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: DEMO_PASSWORD }),
      });
      return `Bearer ${((await res.json()) as { token: string }).token}`;
    };
    // Live: no kept figures (every query computed); kept: the report snapshots serve the figures the
    // first view computed (CMIS_REPORT_MAX_AGE, 5 minutes by default); raw: the SQL the live view ran
    // (recorded from ReportsRepository), sent straight to PostgreSQL on the app's pool: the small-cell
    // checks first, then every widget's queries at once.
    const reports = app.get(ReportsRepository);
    let recording: Array<{ sql: string; params: Record<string, unknown> }> | null = null;
    const aggregate = reports.aggregate.bind(reports);
    const exists = reports.exists.bind(reports);
    reports.aggregate = (query) => (recording?.push(query), aggregate(query));
    reports.exists = (where) => (
      recording?.push({ sql: `SELECT EXISTS (SELECT 1 FROM cases c WHERE ${where.sql}) AS found`, params: where.params }),
      exists(where)
    );
    const ds = app.get(DataSource);
    const stats = (ms: number[]) => {
      ms.sort((a, b) => a - b);
      return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
    };
    const viaApi = async (who: string, url: string, mode: 'live' | 'kept') => {
      const auth = await login(who);
      const ms: number[] = [];
      let last: any;
      await q('DELETE FROM report_snapshots');
      for (let i = 0; i < samples + 1; i++) {
        if (mode === 'live') await q('DELETE FROM report_snapshots');
        recording = mode === 'live' && i === 0 ? [] : null;
        const s = process.hrtime.bigint();
        const res = await fetch(`${base}${url}`, { headers: { authorization: auth } });
        last = await res.json();
        if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(last)}`);
        if (i > 0) ms.push(Number(process.hrtime.bigint() - s) / 1e6); // the first call warms caches (and keeps the figures)
        if (i === 0 && mode === 'live') recorded.set(url, recording!);
      }
      recording = null;
      return { ...stats(ms), note: `${last.widgets.length} widgets; first widget total ${last.widgets[0].table.total.value}` };
    };
    const recorded = new Map<string, Array<{ sql: string; params: Record<string, unknown> }>>();
    const raw = async (url: string) => {
      const queries = recorded.get(url)!;
      const run = (x: { sql: string; params: Record<string, unknown> }) => ds.query(...ds.driver.escapeQueryWithParameters(x.sql, x.params));
      const ms: number[] = [];
      for (let i = 0; i < samples + 1; i++) {
        const s = process.hrtime.bigint();
        for (const x of queries.filter((x) => x.sql.startsWith('SELECT EXISTS'))) await run(x);
        await Promise.all(queries.filter((x) => !x.sql.startsWith('SELECT EXISTS')).map(run));
        if (i > 0) ms.push(Number(process.hrtime.bigint() - s) / 1e6);
      }
      return { ...stats(ms), note: `${queries.length} statements` };
    };
    const n = (x: number) => Math.round(x).toLocaleString('en');
    console.log(
      `\n${'dashboard (all widgets)'.padEnd(56)} ${'runs'.padStart(4)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'raw/API p50'.padStart(12)}`,
    );
    for (const [label, who, url] of [
      [`district: Chișinău authority (${n(total * 0.2)} cases)`, 'district', '/api/reports/dashboards/district?from=2024-01-01'],
      [`national: analyst (${n(total)} cases)`, 'analyst', '/api/reports/dashboards/national?from=2024-01-01'],
    ] as const) {
      const live = await viaApi(who, url, 'live');
      const kept = await viaApi(who, url, 'kept');
      const sql = await raw(url);
      for (const [mode, r] of [
        ['API, live', live],
        ['API, kept', kept],
        ['raw SQL', sql],
      ] as const) {
        const ratio = mode === 'raw SQL' ? '' : (sql.p50 / r.p50).toFixed(2);
        console.log(
          `${`${label}, ${mode}`.padEnd(56)} ${String(samples).padStart(4)} ${r.p50.toFixed(0).padStart(8)} ${r.p95.toFixed(0).padStart(8)} ${ratio.padStart(12)}   (${r.note})`,
        );
      }
    }
    console.log(
      "(live: computed at every view; kept: figures computed at the first view and served from report snapshots for up to CMIS_REPORT_MAX_AGE; raw SQL: the live view's statements straight to PostgreSQL)",
    );

    await caseListsAtScale(app, base, total, login);

    console.log(
      `\n${'export (HTTP, streamed)'.padEnd(44)} ${'rows'.padStart(8)} ${'MB'.padStart(7)} ${'seconds'.padStart(8)} ${'peak RSS MB'.padStart(12)} ${'RSS growth MB'.padStart(14)} ${'retained heap MB'.padStart(17)}`,
    );
    for (const [label, who, url] of [
      ['case list CSV (supervisor)', 'supervisor', '/api/reports/exports/cases?format=csv'],
      ['case list XLSX (supervisor)', 'supervisor', '/api/reports/exports/cases?format=xlsx'],
      [`de-identified CSV (district, ${n(total * 0.2)})`, 'district', '/api/reports/exports/cases-deidentified?format=csv'],
    ] as const) {
      const auth = await login(who);
      global.gc?.();
      const before = process.memoryUsage().rss;
      const heapBefore = process.memoryUsage().heapUsed;
      let peak = before;
      let retained = 0;
      let ticks = 0;
      // RSS keeps what the allocator holds; the heap left after a full collection, taken every 250 ms
      // while the file streams, is what the export really keeps: constant memory means flat whatever the row count.
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
        if (global.gc && ++ticks % 12 === 0) {
          global.gc();
          retained = Math.max(retained, process.memoryUsage().heapUsed - heapBefore);
        }
      }, 20);
      const s = process.hrtime.bigint();
      const res = await fetch(`${base}${url}`, { headers: { authorization: auth } });
      if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
      let bytes = 0;
      for await (const chunk of res.body as any) bytes += (chunk as Uint8Array).length;
      const secs = Number(process.hrtime.bigint() - s) / 1e9;
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      const rows = Number(res.headers.get('x-export-rows'));
      console.log(
        `${label.padEnd(44)} ${String(rows).padStart(8)} ${(bytes / 1e6).toFixed(1).padStart(7)} ${secs.toFixed(1).padStart(8)} ${(peak / 1e6).toFixed(0).padStart(12)} ${((peak - before) / 1e6).toFixed(0).padStart(14)} ${(global.gc ? (retained / 1e6).toFixed(1) : 'n/a').padStart(17)}`,
      );
    }
    console.log(
      '(peak RSS is the whole process: the API streaming the file and the client discarding it; retained heap: the most the heap held above its level before the export, after a full collection, sampled every 250 ms)',
    );
  });
}
