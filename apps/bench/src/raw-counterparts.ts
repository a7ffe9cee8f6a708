import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { MAX_AUDIT_CHAINS } from '@app/audit';
import { appendRawAudit, type AuditDraft } from './raw-audit';

/** A demo user as the raw side needs it: who the audit rows name and the read rule's parameters. */
export interface RawActor {
  id: string;
  roles: string[];
  agencyId: string | null;
  locationPath: string;
}

interface Template {
  row: Record<string, any>;
  counterKey: string;
  prefix: string;
  width: number;
  /** The deadlines the API set on the template's registration, as offsets: each new raw case gets the same. */
  deadlines: Array<{
    key: string;
    definitionId: string;
    dueAfterMs: number;
    alerts: Array<{ kind: string; level: number; fromDueMs: number; status: string }>;
  }>;
}

const PAGE = 25;
/**
 * The caseworker's read rule of the Moldova pack (sops/moldova/roles.json), written by hand: cases of
 * the worker's agency in the worker's area, and notifications in the area. $1 agency, $2 path prefix.
 */
const READABLE = `((c.agency_id = $1 AND c.location_path LIKE $2) OR (c.case_type = 'notification' AND c.location_path LIKE $2))`;
const ORDER = `ORDER BY c.updated_at DESC, c.id`;
/** The API counts a list's matches up to max(1000, page × page size) (countCap in libs/cases): the raw side counts as far. */
const countCap = (page: number) => Math.max(1000, page * PAGE);

/**
 * Raw PostgreSQL counterparts of the API operations: the same essential database work, through the
 * API's own pg pool (TypeORM's driver pool), on the real tables, as plain parameterised statements
 * (the same protocol the API uses), each operation in one transaction.
 *
 * What "the same work" means for each (the API code read in libs/cases and libs/audit):
 * - every operation ends with the audit append the API makes: read the head (seq, hash) of a chain,
 *   then INSERT rows shaped like the API's (actor, roles, action, case, fields, details, ip, user
 *   agent, prev_hash, sha256 hash from entryHash), so the log still verifies. Each raw client appends
 *   to a chain of its own (chains after the API's: `firstChain + client`), so no head can move under
 *   it and it takes no advisory lock: the API's chain-lock waits are a cost of its design, not of
 *   the work (issue 18), and are not given to the raw side.
 * - get case: SELECT the case row and its submissions, audit one `case.read` with the fields shown.
 * - submit: SELECT the case FOR UPDATE and its submissions, UPDATE the submission and the case row
 *   (answers, version + 1, both RETURNING the new rows, which is what the API's reply shows), INSERT
 *   the `form_updated` event with the next seq, audit one `case.form_updated`.
 * - register: the duplicate check (same name and date of birth in the district), the case-number
 *   counter upsert (in a statement of its own, as the API draws it), INSERT the case
 *   (a copy of a case the API registered, with new answers and number), its registration submission,
 *   the `case_registered` and `form_submitted` events, the deadlines the SOP starts at registration with
 *   their alerts (as the API set them on the template case: Moldova's initial assessment, 3 days, with a
 *   reminder, overdue and escalation alert), audit both. Not done: the family-tracing plugin's index row.
 * - list caseload: the 25 cases of the worker ordered as the API orders them (updated_at DESC, id; their
 *   ids first, then their rows, as the API does)
 *   under the worker's read rule, their count, audit one `case.list` entry and one per case shown.
 * - filtered list: the same with status = open and no open deadline past due (the API also keeps to
 *   the deadlines the user may see, by definition id; the raw side does not).
 * - search: case-number prefix, or each word of the search in the normalised name (cases.name_key,
 *   trigram-indexed: contained, or strict_word_similarity >= 0.5; words under 4 letters only checked
 *   on the longer words' index matches), case-number matches first, then by similarity, as the API's
 *   search is specified (libs/cases cases.repository.ts); with count and audit.
 *   A change to what a search must find changes this query too. Like the API's, one scan of the
 *   matches gives the page and the count, with JIT off.
 * - lists count their matches up to the same cap as the API (enough to say "more than 1000").
 * Not done on the raw side: the session lookup, permission grants and other per-request reads the
 * API makes around this work; those are what the ratio measures.
 */
export class RawCounterparts {
  private constructor(
    private readonly pool: Pool,
    private readonly firstChain: number,
    /** By actor id: the case row raw registrations copy, its counter key, number prefix and width. */
    private readonly templates: Map<string, Template>,
  ) {}

  /**
   * `templateCaseIds`: by actor id, a case the API registered for that actor, whose row (district,
   * team, case-number counter) the actor's raw registrations copy; `firstChain`: the first audit
   * chain the API does not use; `clients`: the most concurrent raw clients.
   */
  static async prepare(ds: DataSource, templateCaseIds: Map<string, string>, firstChain: number, clients: number): Promise<RawCounterparts> {
    if (firstChain + clients - 1 > MAX_AUDIT_CHAINS) {
      throw new Error(`raw counterparts need ${clients} audit chains after the API's ${firstChain - 1}: at most ${MAX_AUDIT_CHAINS} in all`);
    }
    const pool = (ds.driver as unknown as { master: Pool }).master;
    const templates = new Map<string, Template>();
    for (const [actorId, caseId] of templateCaseIds) {
      const sql = `SELECT c.*, (SELECT form_version FROM form_submissions s WHERE s.case_id = c.id LIMIT 1) AS reg_form_version FROM cases c WHERE id = $1`;
      const [row] = (await pool.query(sql, [caseId])).rows;
      const digits = /\d+$/.exec(row.case_number)![0];
      const prefix = row.case_number.slice(0, -digits.length);
      // The API's counter key ends with the number format, sequence token unexpanded (case-number.ts).
      const format = `${prefix}{seq:${digits.length}}`;
      const [counter] = (await pool.query(`SELECT key FROM case_number_counters WHERE right(key, length($1)) = $1`, [format])).rows;
      if (!counter) throw new Error(`no case-number counter for ${format}`);
      const deadlines = (
        await pool.query(
          `SELECT d.key, d.definition_id AS "definitionId", (extract(epoch FROM d.due_at - c.registered_at) * 1000)::float8 AS "dueAfterMs",
             (SELECT coalesce(json_agg(json_build_object('kind', a.kind, 'level', a.level, 'fromDueMs', extract(epoch FROM a.fire_at - a.due_at) * 1000, 'status', a.status)), '[]')
                FROM deadline_alerts a WHERE a.deadline_id = d.id) AS alerts
           FROM deadlines d JOIN cases c ON c.id = d.case_id WHERE d.case_id = $1 AND d.status = 'open'`,
          [caseId],
        )
      ).rows;
      templates.set(actorId, { row, counterKey: counter.key, prefix, width: digits.length, deadlines });
    }
    return new RawCounterparts(pool, firstChain, templates);
  }

  async getCase(client: number, actor: RawActor, caseId: string): Promise<void> {
    await this.tx(async (c) => {
      await c.query(`SELECT * FROM cases WHERE id = $1`, [caseId]);
      const subs = (await c.query(`SELECT * FROM form_submissions WHERE case_id = $1 ORDER BY created_at, id`, [caseId])).rows;
      const fields = subs.flatMap((s) => Object.keys(s.answers).map((f) => `${s.form_id}.${f}`));
      await this.audit(c, client, actor, [{ action: 'case.read', caseId, fields }]);
    });
  }

  async submit(client: number, actor: RawActor, caseId: string, address: string): Promise<void> {
    await this.tx(async (c) => {
      await c.query(`SELECT * FROM cases WHERE id = $1 FOR UPDATE`, [caseId]);
      const subs = (await c.query(`SELECT * FROM form_submissions WHERE case_id = $1 ORDER BY created_at, id`, [caseId])).rows;
      const reg = subs.filter((s) => s.form_id === 'registration').pop();
      const answers = { ...reg.answers, address };
      const now = new Date();
      await c.query(`UPDATE form_submissions SET answers = $2, updated_by = $3, updated_at = $4, completed_at = $4 WHERE id = $1 RETURNING *`, [
        reg.id,
        JSON.stringify(answers),
        actor.id,
        now,
      ]);
      await c.query(`UPDATE cases SET answers = jsonb_set(answers, '{registration}', $2), version = version + 1, updated_at = $3 WHERE id = $1 RETURNING *`, [
        caseId,
        JSON.stringify(answers),
        now,
      ]);
      const data = { form: 'registration', formVersion: reg.form_version, entryId: reg.id, fields: ['address'] };
      await c.query(
        `INSERT INTO case_events (case_id, seq, type, actor_id, at, data)
         VALUES ($1, COALESCE((SELECT MAX(seq) FROM case_events WHERE case_id = $1), 0) + 1, 'form_updated', $2, $3, $4)`,
        [caseId, actor.id, now, JSON.stringify(data)],
      );
      await this.audit(c, client, actor, [{ action: 'case.form_updated', caseId, fields: ['registration.address'], details: data }]);
    });
  }

  async register(client: number, actor: RawActor, answers: Record<string, unknown>, displayName: string): Promise<void> {
    const { row: t, counterKey, prefix, width, deadlines } = this.templates.get(actor.id)!;
    // As the API does (case-registration.service.ts), outside the registration's transaction: the duplicate
    // check (same name and date of birth in the registrar's district), then the number, in a statement of its own.
    await this.pool.query(
      `SELECT * FROM cases c WHERE lower(c.display_name) = lower($1) AND ($2::date IS NULL OR c.date_of_birth = $2::date)
         AND c.location_path LIKE $3 || '%' ORDER BY c.registered_at, c.id LIMIT 20`,
      [displayName, answers.date_of_birth, t.location_path.split('/').filter(Boolean).slice(0, 2).join('/') + '/'],
    );
    const [{ value }] = (
      await this.pool.query(
        `INSERT INTO case_number_counters (key, value) VALUES ($1, 1)
         ON CONFLICT (key) DO UPDATE SET value = case_number_counters.value + 1 RETURNING value`,
        [counterKey],
      )
    ).rows;
    await this.tx(async (c) => {
      const now = new Date();
      const caseNumber = `${prefix}${String(value).padStart(width, '0')}`;
      const [{ id }] = (
        await c.query(
          `INSERT INTO cases (case_number, case_type, sop_version_id, step, status, risk, display_name, date_of_birth, sex, assigned_to, created_by,
             team_id, agency_id, location_code, location_path, answers, fields, step_history, transitions_done, version, registered_at, updated_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,'{}',$17,'[]',1,$18,$18) RETURNING id`,
          [
            caseNumber,
            t.case_type,
            t.sop_version_id,
            t.step,
            t.status,
            t.risk,
            displayName,
            answers.date_of_birth,
            answers.sex,
            actor.id,
            actor.id,
            t.team_id,
            t.agency_id,
            t.location_code,
            t.location_path,
            JSON.stringify({ registration: answers }),
            JSON.stringify([{ step: t.step, enteredAt: now.toISOString(), leftAt: null }]),
            now,
          ],
        )
      ).rows;
      const formVersion = t.reg_form_version;
      await c.query(
        `INSERT INTO form_submissions (case_id, form_id, form_version, status, answers, created_by, created_at, updated_by, updated_at, completed_at, first_completed_at)
         VALUES ($1, 'registration', $2, 'complete', $3, $4, $5, $4, $5, $5, $5)`,
        [id, formVersion, JSON.stringify(answers), actor.id, now],
      );
      const registered = { caseNumber, caseType: t.case_type, step: t.step, possibleDuplicates: [] };
      const submitted = { form: 'registration', formVersion };
      await c.query(
        `INSERT INTO case_events (case_id, seq, type, actor_id, at, data) VALUES ($1, 1, 'case_registered', $2, $3, $4), ($1, 2, 'form_submitted', $2, $3, $5)`,
        [id, actor.id, now, JSON.stringify(registered), JSON.stringify(submitted)],
      );
      // The deadlines the SOP starts at registration (and their reminders, overdue and escalation alerts), as the API sets them.
      for (const d of deadlines) {
        const dueAt = new Date(now.getTime() + d.dueAfterMs);
        const [{ id: deadlineId }] = (
          await c.query(
            `INSERT INTO deadlines (case_id, key, definition_id, anchor_at, due_at, status, created_at) VALUES ($1, $2, $3, $4, $5, 'open', $4) RETURNING id`,
            [id, d.key, d.definitionId, now, dueAt],
          )
        ).rows;
        const alerts = d.alerts.map((a) => ({
          kind: a.kind,
          level: a.level,
          fire_at: new Date(dueAt.getTime() + a.fromDueMs).toISOString(),
          status: a.status,
        }));
        await c.query(
          `INSERT INTO deadline_alerts (deadline_id, case_id, kind, level, due_at, fire_at, status)
           SELECT $1, $2, a.kind, a.level, $3, a.fire_at, a.status FROM jsonb_to_recordset($4::jsonb) AS a(kind text, level int, fire_at timestamptz, status text)`,
          [deadlineId, id, dueAt, JSON.stringify(alerts)],
        );
      }
      await this.audit(c, client, actor, [
        { action: 'case.case_registered', caseId: id, details: registered },
        { action: 'case.form_submitted', caseId: id, details: submitted },
      ]);
    });
  }

  /** The caseload list (mine=true), page `page` of 25. */
  listMine(client: number, actor: RawActor, page: number): Promise<void> {
    return this.page(client, actor, 'case.list', `c.assigned_to = $3`, [actor.id], page, { mine: true });
  }

  /** The caseload's flagged cases (mine=true&flagged=true), page `page` of 25. */
  listMineFlagged(client: number, actor: RawActor, page: number): Promise<void> {
    const flagged = `c.assigned_to = $3 AND c.open_flags > 0`;
    return this.page(client, actor, 'case.list', flagged, [actor.id], page, { mine: true, flagged: true });
  }

  /** The list filtered by status=open&overdue=false. */
  listOpenNotOverdue(client: number, actor: RawActor, page: number): Promise<void> {
    const notOverdue = `c.status = 'open' AND NOT EXISTS (SELECT 1 FROM deadlines d WHERE d.case_id = c.id AND d.status = 'open' AND d.due_at < now())`;
    return this.page(client, actor, 'case.list', notOverdue, [], page, { status: 'open', overdue: false });
  }

  /** The name search (q=), first page. */
  search(client: number, actor: RawActor, text: string): Promise<void> {
    const prefix = `${text.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;
    const words = text
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean)
      .slice(0, 6);
    // As the API: words under 4 letters are not looked up in the trigram index unless none is longer.
    const longest = words.reduce((best, word, i) => (word.length > words[best].length ? i : best), 0);
    const byName = words.map((word, i) => {
      const key = `public.cmis_name_key($${4 + i})`;
      const test =
        word.length >= 4 || i === longest
          ? `c.name_key LIKE '%' || ${key} || '%' OR c.name_key %>> ${key}`
          : `strpos(c.name_key, ${key}) > 0 OR strict_word_similarity(${key}, c.name_key) >= 0.5`;
      return `(${key} <> '' AND (${test}))`;
    });
    const where = `(lower(c.case_number) LIKE $3${byName.length ? ` OR (${byName.join(' AND ')})` : ''})`;
    const all = words.map((_, i) => `$${4 + i}::text`).join(', ');
    const rank = words.length ? `strict_word_similarity(public.cmis_name_key(concat_ws(' ', ${all})), c.name_key)` : '0';
    const matched = `SELECT c.id, CASE WHEN lower(c.case_number) LIKE $3 THEN 2 ELSE ${rank} END AS rank, c.updated_at FROM cases c WHERE ${READABLE} AND ${where}`;
    return this.tx(async (c) => {
      await c.query(`SELECT set_config('jit', 'off', true), set_config('pg_trgm.strict_word_similarity_threshold', '0.5', true)`);
      const cap = countCap(1);
      const rows = (
        await c.query(
          `WITH matched AS MATERIALIZED (${matched}), paged AS (SELECT id, rank, updated_at FROM matched ORDER BY rank DESC, updated_at DESC, id LIMIT ${PAGE})
           SELECT c.*, (SELECT count(*)::int FROM (SELECT 1 FROM matched LIMIT ${cap + 1}) counted) AS matched_count
           FROM paged p JOIN cases c ON c.id = p.id ORDER BY p.rank DESC, p.updated_at DESC, c.id`,
          [actor.agencyId, `${actor.locationPath}%`, prefix, ...words],
        )
      ).rows;
      const total = rows.length ? Math.min(rows[0].matched_count as number, cap) : 0;
      await this.audit(c, client, actor, [
        { action: 'case.search', caseId: null, details: { filters: { q: text }, page: 1, total, cases: rows.length } },
        ...rows.map((r) => ({ action: 'case.search.result', caseId: r.id as string })),
      ]);
    });
  }

  /** A page of 25 readable cases matching `where` (parameters from $3), its count, and the list's audit entries. */
  private async page(
    client: number,
    actor: RawActor,
    action: string,
    where: string,
    params: unknown[],
    page: number,
    filters: Record<string, unknown>,
  ): Promise<void> {
    await this.tx(async (c) => {
      const all = [actor.agencyId, `${actor.locationPath}%`, ...params];
      // The page's ids, then their rows (a deferred join), as the API reads a page.
      const ids = `SELECT c.id FROM cases c WHERE ${READABLE} AND ${where} ${ORDER} LIMIT ${PAGE} OFFSET ${(page - 1) * PAGE}`;
      const rows = (await c.query(`SELECT c.* FROM cases c WHERE c.id IN (${ids}) ${ORDER}`, all)).rows;
      const cap = countCap(page);
      const counted = `SELECT count(*)::int AS n FROM (SELECT 1 FROM cases c WHERE ${READABLE} AND ${where} LIMIT ${cap + 1}) counted`;
      const total = Math.min((await c.query(counted, all)).rows[0].n, cap);
      await this.audit(c, client, actor, [
        { action, caseId: null, details: { filters, page, total, cases: rows.length } },
        ...rows.map((r) => ({ action: `${action}.result`, caseId: r.id as string })),
      ]);
    });
  }

  /** Reads the head of this client's chain and appends `drafts` linked to it, in one INSERT. */
  private audit(c: PoolClient, client: number, actor: RawActor, drafts: AuditDraft[]): Promise<void> {
    return appendRawAudit(c, this.firstChain + client, { actorId: actor.id, actorRoles: actor.roles, ip: '127.0.0.1', userAgent: 'node' }, drafts);
  }

  private async tx(work: (c: PoolClient) => Promise<void>): Promise<void> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      await work(c);
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  }
}
