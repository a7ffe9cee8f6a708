import type { Pool, PoolClient } from 'pg';
import type { SopPack } from '@app/pack-types';
import { appendRawAudit, type AuditDraft } from './raw-audit';

/** DeadlineAlerter.fireDue's default batch: the raw side claims as many alerts per transaction. */
export const ALERT_BATCH = 100;

/** What one raw run did, as the API's tick reports it. */
export interface RawAlertRun {
  fired: number;
  cancelled: number;
  /** Left out because their case was locked by someone else. */
  deferred: number;
  batches: number;
  statements: number;
  /** Of `ms`, waiting for statements (round trips as the client saw them); the rest in Node. */
  waitedMs: number;
  ms: number;
}

/**
 * The in-app and email texts of an alert kind, as the API rendered them for one case: the raw side
 * writes the same texts with that case's number and id replaced, so its rows are as large.
 */
export interface AlertTexts {
  kind: string;
  number: string;
  caseId: string;
  title: string;
  body: string;
  subject: string | null;
  bodyText: string | null;
  bodyHtml: string | null;
}

/** A timestamp as the API's details and events give it (Date.toISOString). */
const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const swap = (col: string) => `replace(replace(${col}, m.number, f.case_number), m.case_id, f.case_id::text)`;

/**
 * Every effect of a batch of claimed alerts whose cases are locked, in one statement: which alerts
 * still fire (deadline open and due as when the alert was set, the pack still has the step), their
 * recipients (`case_owner`: the assigned user; `case_owner_supervisor`: active members of the case's
 * team holding a role that supervises it), the inbox rows, the email outbox rows of those with an
 * address, deadlines marked overdue, the timeline events (next seq of each case), the alerts marked
 * fired with their recipient counts (cancelled when they no longer fire). Returns, per fired alert,
 * what its audit entry says. (PostgreSQL runs every data-modifying part whether or not the result reads it.)
 * $1 alert ids, $2 pack steps, $3 supervising roles, $4 texts by kind, $5 now, $6 email queued.
 */
const FIRE = `
WITH firing AS MATERIALIZED (
  SELECT a.id, a.case_id, a.kind, a.level, a.deadline_id, d.key, d.definition_id, d.due_at, s.notify, c.case_number, r.ids, r.emails,
         array_position($1::uuid[], a.id) AS ord
  FROM deadline_alerts a
  JOIN deadlines d ON d.id = a.deadline_id AND d.status = 'open' AND d.due_at = a.due_at
  JOIN cases c ON c.id = a.case_id
  JOIN jsonb_to_recordset($2::jsonb) AS s(deadline text, kind text, level int, notify jsonb)
    ON s.deadline = d.definition_id AND s.kind = a.kind AND s.level = a.level
  CROSS JOIN LATERAL (
    SELECT coalesce(array_agg(u.id ORDER BY u.id), '{}') AS ids, coalesce(array_agg(u.email ORDER BY u.id), '{}') AS emails
    FROM users u
    WHERE u.active AND u.id IN (SELECT c.assigned_to WHERE s.notify ? 'case_owner'
                                UNION ALL
                                SELECT m.id FROM users m WHERE s.notify ? 'case_owner_supervisor' AND m.team_id = c.team_id AND m.roles && $3::text[])) r
  WHERE a.id = ANY($1::uuid[])),
told AS MATERIALIZED (
  SELECT f.id AS alert_id, f.case_id, f.kind, f.case_number, t.user_id, t.email FROM firing f CROSS JOIN LATERAL unnest(f.ids, f.emails) AS t(user_id, email)),
texts AS (
  SELECT * FROM jsonb_to_recordset($4::jsonb)
    AS m(kind text, number text, case_id text, title text, body text, subject text, body_text text, body_html text)),
inbox AS (
  INSERT INTO notifications (user_id, kind, case_id, title, body, dedupe_key, created_at)
  SELECT f.user_id, 'deadline_' || f.kind, f.case_id, ${swap('m.title')}, ${swap('m.body')}, 'alert:' || f.alert_id || ':' || f.user_id, $5
  FROM told f JOIN texts m ON m.kind = f.kind
  ON CONFLICT (dedupe_key) DO NOTHING RETURNING 1),
queued AS (
  INSERT INTO outbox (channel, user_id, address, case_id, kind, dedupe_key, subject, body_text, body_html, status, next_attempt_at, created_at)
  SELECT 'email', f.user_id, trim(f.email), f.case_id, 'deadline_' || f.kind, 'alert:' || f.alert_id || ':' || f.user_id || ':email',
         ${swap('m.subject')}, ${swap('m.body_text')}, ${swap('m.body_html')}, 'pending', $5, $5
  FROM told f JOIN texts m ON m.kind = f.kind
  WHERE $6::boolean AND trim(f.email) <> ''
  ON CONFLICT (dedupe_key) DO NOTHING RETURNING split_part(dedupe_key, ':', 2)::uuid AS alert_id),
overdue AS (
  UPDATE deadlines SET overdue_at = COALESCE(overdue_at, $5) WHERE id IN (SELECT deadline_id FROM firing WHERE kind = 'overdue') RETURNING 1),
events AS (
  INSERT INTO case_events (case_id, seq, type, actor_id, at, data)
  SELECT f.case_id, COALESCE((SELECT max(x.seq) FROM case_events x WHERE x.case_id = f.case_id), 0) + row_number() OVER (PARTITION BY f.case_id ORDER BY f.ord),
         CASE f.kind WHEN 'reminder' THEN 'deadline_reminder_sent' WHEN 'overdue' THEN 'deadline_overdue' ELSE 'deadline_escalated' END, NULL, $5,
         jsonb_build_object('key', f.key, 'deadline', f.definition_id, 'level', f.level + 1, 'dueAt', ${ISO('f.due_at')})
           || CASE WHEN f.notify IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('notify', f.notify, 'recipients', cardinality(f.ids)) END
  FROM firing f RETURNING 1),
fired AS (
  UPDATE deadline_alerts a SET status = 'fired', fired_at = $5, last_error = NULL, recipients = cardinality(f.ids) FROM firing f WHERE a.id = f.id RETURNING 1),
cancelled AS (
  UPDATE deadline_alerts SET status = 'cancelled', fired_at = $5, last_error = NULL, recipients = NULL
  WHERE id = ANY(ARRAY(SELECT unnest($1::uuid[]) EXCEPT SELECT id FROM firing)) RETURNING 1)
SELECT f.id, f.case_id AS "caseId", f.kind, f.level, f.key, f.definition_id AS "definitionId", ${ISO('f.due_at')} AS "dueAt", f.notify,
       f.ids AS recipients, (SELECT count(*)::int FROM queued q WHERE q.alert_id = f.id) AS queued
FROM firing f ORDER BY f.ord`;

interface FiredRow {
  id: string;
  caseId: string;
  kind: string;
  level: number;
  key: string;
  definitionId: string;
  dueAt: string;
  notify: string[] | null;
  recipients: string[];
  queued: number;
}

/**
 * The raw-PostgreSQL counterpart of the alerts part of a scheduler tick (DeadlineAlerter.fireDue
 * and AlertFiring, libs/case-deadlines): the same essential database work, as plain multi-row SQL on
 * the API's pool, batch after batch of ALERT_BATCH until fewer are due. Each batch is one
 * transaction: claim the due alerts oldest first with FOR UPDATE SKIP LOCKED, lock their cases as
 * writers lock them (SKIP LOCKED: a case being changed is left for later), write every effect with
 * the FIRE statement, then the audit entries the API writes (`deadline.<kind>`, no actor, details
 * with the recipients and queued count) on `auditChain`, a chain of its own, linked and hashed as the
 * API does.
 * Not done on the raw side: reading the whole case rows, their submissions (for templates showing
 * answers) and access grants, the permission check of each recipient, rendering the texts per
 * recipient and locale (the API's texts are reused), case event hooks, savepoints per round, and the
 * advisory locks of the API's audit chains; those are what the ratio measures. The pack steps are
 * the current version's (the bench's cases all use it).
 */
export async function fireDueRaw(pool: Pool, pack: SopPack, texts: AlertTexts[], auditChain: number): Promise<RawAlertRun> {
  const steps = pack.deadlines.flatMap((d) => [
    ...(d.reminders ?? []).map((s, level) => ({ deadline: d.id, kind: 'reminder', level, notify: s.notify })),
    ...(d.escalation ?? []).map((s, level) => ({ deadline: d.id, kind: 'escalation', level, notify: s.notify })),
    { deadline: d.id, kind: 'overdue', level: 0, notify: null },
  ]);
  const supervising = pack.roles.filter((r) => r.supervisesTeam).map((r) => r.id);
  const emailQueued = (pack.notifications?.channels ?? []).includes('email');
  const textRows = JSON.stringify(
    texts.map((t) => ({
      kind: t.kind.replace(/^deadline_/, ''),
      number: t.number,
      case_id: t.caseId,
      title: t.title,
      body: t.body,
      subject: t.subject,
      body_text: t.bodyText,
      body_html: t.bodyHtml,
    })),
  );
  const run: RawAlertRun = { fired: 0, cancelled: 0, deferred: 0, batches: 0, statements: 0, waitedMs: 0, ms: 0 };
  const deferred: string[] = [];
  const t0 = process.hrtime.bigint();
  const c = await pool.connect();
  const query = async <T = any>(sql: string, params: unknown[] = []): Promise<T[]> => {
    const s0 = process.hrtime.bigint();
    const { rows } = await c.query(sql, params);
    const took = Number(process.hrtime.bigint() - s0) / 1e6;
    run.waitedMs += took;
    run.statements++;
    return rows as T[];
  };
  try {
    for (;;) {
      run.batches++;
      await query('BEGIN');
      const now = new Date();
      let claimed: Array<{ id: string; case_id: string }>;
      try {
        claimed = await query(
          `SELECT id, case_id FROM deadline_alerts WHERE status = 'pending' AND fire_at <= $1 AND NOT (id = ANY($3::uuid[]))
           ORDER BY fire_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [now, ALERT_BATCH, deferred],
        );
        if (claimed.length) await fireBatch(query, claimed, deferred, now, run, { steps, supervising, emailQueued, textRows, auditChain });
        await query('COMMIT');
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw e;
      }
      if (claimed.length < ALERT_BATCH) break;
    }
  } finally {
    c.release();
  }
  run.deferred = deferred.length;
  run.ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return run;
}

async function fireBatch(
  query: <T = any>(sql: string, params?: unknown[]) => Promise<T[]>,
  claimed: Array<{ id: string; case_id: string }>,
  deferred: string[],
  now: Date,
  run: RawAlertRun,
  p: { steps: unknown[]; supervising: string[]; emailQueued: boolean; textRows: string; auditChain: number },
): Promise<void> {
  const caseIds = [...new Set(claimed.map((a) => a.case_id))];
  const locked = new Set(
    (await query<{ id: string }>(`SELECT id FROM cases WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE SKIP LOCKED`, [caseIds])).map((r) => r.id),
  );
  const ready = claimed.filter((a) => locked.has(a.case_id)).map((a) => a.id);
  deferred.push(...claimed.filter((a) => !locked.has(a.case_id)).map((a) => a.id));
  if (!ready.length) return;
  const fired = await query<FiredRow>(FIRE, [ready, JSON.stringify(p.steps), p.supervising, p.textRows, now, p.emailQueued]);
  run.fired += fired.length;
  run.cancelled += ready.length - fired.length;
  const drafts: AuditDraft[] = fired.map((f) => ({
    action: `deadline.${f.kind}`,
    caseId: f.caseId,
    details: {
      deadline: f.definitionId,
      key: f.key,
      kind: f.kind,
      level: f.level + 1,
      dueAt: f.dueAt,
      ...(f.notify ? { notify: f.notify, recipients: f.recipients, excluded: [], queued: f.queued } : {}),
    },
  }));
  // Through `query`, so its two statements (the chain's head, then the rows) are counted and timed like the others.
  const timed = { query: async (sql: string, params?: unknown[]) => ({ rows: await query(sql, params) }) } as unknown as PoolClient;
  if (drafts.length) await appendRawAudit(timed, p.auditChain, { actorId: null, actorRoles: [], ip: null, userAgent: null }, drafts);
}
