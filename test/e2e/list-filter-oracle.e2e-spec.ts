import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { REPO_ROOT, startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';
import { MOLDOVA, NEED_TO_KNOW } from '../support/oracle-packs';
import { OracleCase, OracleUser, PackOracle } from '../support/pack-oracle';

/**
 * Generated check of the case list's filters and totals (issue 17, "leaks nothing"): for every demo
 * user of the reference pack and of a second pack whose field access differs per role, case type,
 * step and status (test/fixtures/packs/need-to-know), and for every value of every filter
 * `GET /api/cases` accepts (and some combinations), the total and the ids equal what an oracle
 * computes from that user's rules: a case matches a filter on a value only where the user may read
 * that value (docs/permissions.md, "What filters, counts, hints and reasons show").
 *
 * The oracle is test/support/pack-oracle.ts, a literal reading of roles.json that shares no code with
 * the server (no CASL, no SQL); the facts it is evaluated on (owner, team, place, step, grants, open
 * deadlines) are read from the database, and whether a deadline is the user's to see from what its
 * rules in deadlines.json read. Each case is also read through `GET /api/cases/{id}` (and its
 * deadlines) as each user, which must agree with the oracle on whether the case, its risk, the
 * child's name and each deadline are shown. The cases: test/support/oracle-packs.ts.
 */

type Filter = Partial<Record<'step' | 'status' | 'risk' | 'caseType' | 'overdue' | 'mine' | 'q', string>>;

interface Row extends OracleCase {
  id: string;
  caseNumber: string;
  risk: string | null;
  displayName: string | null;
  dateOfBirth: string | null;
  deadlines: Array<{ definitionId: string; status: string; overdue: boolean }>;
}

describe.each([MOLDOVA, NEED_TO_KNOW])('list filters and totals equal what each role may read: $name', (pack) => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  let oracle: PackOracle;
  let manifest: any;
  const ids: Record<string, string> = {};
  let users: Array<OracleUser & { username: string }> = [];
  let rows: Row[] = [];
  let deadlineDefs: any[] = [];

  beforeAll(async () => {
    t = await startTestApp(`oracle_${pack.name.replace(/-/g, '_')}`, { sopDir: pack.dir });
    api = casesClient(t);
    const dir = path.resolve(REPO_ROOT, pack.dir);
    oracle = new PackOracle(dir);
    manifest = JSON.parse(fs.readFileSync(path.join(dir, 'pack.json'), 'utf8'));
    await pack.seed(t, api, ids);
    const ds = t.app.get(DataSource);
    const demo = JSON.parse(fs.readFileSync(path.join(dir, 'demo-users.json'), 'utf8')).users.map((u: any) => u.username);
    users = (await ds.query(`SELECT id, username, roles, team_id AS "teamId", agency_id AS "agencyId", location_path AS "locationPath" FROM users`)).filter(
      (u: any) => demo.includes(u.username),
    );
    expect(users.map((u) => u.username).sort()).toEqual([...demo].sort());
    const now = t.clock.now();
    const grants: Array<{ caseId: string; userId: string; kind: string }> = await ds.query(
      `SELECT case_id AS "caseId", user_id AS "userId", kind FROM case_access_grants
       WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $1)`,
      [now],
    );
    const deadlines: Array<{ caseId: string; definitionId: string; status: string; overdue: boolean }> = await ds.query(
      `SELECT case_id AS "caseId", definition_id AS "definitionId", status, (status = 'open' AND due_at < $1) AS overdue FROM deadlines`,
      [now],
    );
    rows = (
      await ds.query(`SELECT id, case_number AS "caseNumber", case_type AS "caseType", step, status, risk, display_name AS "displayName",
        to_char(date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth", created_by AS "createdBy", assigned_to AS "assignedTo", team_id AS "teamId",
        agency_id AS "agencyId", location_path AS "locationPath" FROM cases`)
    ).map((c: any) => ({
      ...c,
      sharedWith: grants.filter((g) => g.caseId === c.id && g.kind === 'share').map((g) => g.userId),
      breakGlass: grants.filter((g) => g.caseId === c.id && g.kind === 'break_glass').map((g) => g.userId),
      deadlines: deadlines.filter((d) => d.caseId === c.id),
    }));
    // The seed is varied enough to mean something.
    expect(rows.length).toBe(Object.keys(ids).length);
    expect(new Set(rows.map((r) => r.status)).size).toBeGreaterThanOrEqual(3);
    expect(rows.some((r) => r.deadlines.some((d) => d.overdue)) && rows.some((r) => !r.deadlines.some((d) => d.overdue))).toBe(true);
    deadlineDefs = JSON.parse(fs.readFileSync(path.join(dir, 'deadlines.json'), 'utf8')).deadlines;
    expect(Object.values(rows).some((r) => r.sharedWith.length > 0)).toBe(true);
  }, 120_000);
  afterAll(async () => t?.close());

  const typeOf = (c: Row) => manifest.caseTypes.find((x: any) => x.id === c.caseType);
  const readsField = (u: OracleUser, c: Row, p: string) => oracle.fields(u, 'read', p.split('.')[0], c).includes(p.slice(p.indexOf('.') + 1));
  /** What the user may read of a case, by the oracle. */
  const sees = (u: OracleUser, c: Row) => {
    const type = typeOf(c);
    const names: string[] = type?.identity?.name ?? [];
    return {
      caseRead: oracle.can(u, 'read', 'case', c),
      risk: !!type?.riskField && readsField(u, c, type.riskField),
      name: names.length > 0 && names.every((p) => readsField(u, c, p)),
    };
  };

  /**
   * The answers a deadline's rules read (its `when`, its `due` conditions, a `date_answer` anchor),
   * read literally from deadlines.json: a deadline is the user's to see only if they read them all.
   */
  const deadlineReads = (def: any, c: Row): string[] => {
    const out: string[] = [];
    const walk = (n: unknown): void => {
      if (Array.isArray(n)) {
        n.forEach(walk);
        return;
      }
      if (!n || typeof n !== 'object') return;
      for (const [op, arg] of Object.entries(n)) {
        const v = op === 'var' ? (Array.isArray(arg) ? arg[0] : arg) : null;
        if (typeof v !== 'string') {
          walk(arg);
          continue;
        }
        if (v === 'case.risk' && typeOf(c)?.riskField) out.push(typeOf(c).riskField);
        if (v.startsWith('forms.')) out.push(v.split('.').slice(1, 3).join('.'));
      }
    };
    walk([def.when ?? null, ...def.due.map((d: any) => d.when ?? null)]);
    if (def.anchor.event === 'date_answer') out.push(`${def.anchor.form}.${def.anchor.field}`);
    return out;
  };
  const seesDeadline = (u: OracleUser, c: Row, definitionId: string) => {
    const def = deadlineDefs.find((d) => d.id === definitionId);
    return !!def && deadlineReads(def, c).every((p) => readsField(u, c, p));
  };

  /** The oracle's answer to a list query: the cases the user may read that match every filter on values they may read. */
  const expected = (u: OracleUser, f: Filter): string[] =>
    rows
      .filter((c) => {
        const s = sees(u, c);
        if (!s.caseRead) return false;
        if (f.step !== undefined && c.step !== f.step) return false;
        if (f.status !== undefined && c.status !== f.status) return false;
        if (f.caseType !== undefined && c.caseType !== f.caseType) return false;
        if (f.risk !== undefined && !(s.risk && c.risk === f.risk)) return false;
        if (f.overdue !== undefined && c.deadlines.some((d) => d.overdue && seesDeadline(u, c, d.definitionId)) !== (f.overdue === 'true')) return false;
        if (f.mine === 'true' && c.assignedTo !== u.id) return false;
        if (f.q !== undefined) {
          const q = f.q.trim().toLowerCase();
          const byNumber = c.caseNumber.toLowerCase().startsWith(q);
          const byName = s.name && !!c.displayName && c.displayName.toLowerCase().includes(q);
          if (!byNumber && !byName) return false;
        }
        return true;
      })
      .map((c) => c.id)
      .sort();

  const filters = (): Filter[] => {
    // Every step a case is at, and two no case is at (one of the pack's, one that is not a step).
    const packSteps: string[] = JSON.parse(fs.readFileSync(path.resolve(REPO_ROOT, pack.dir, 'workflow.json'), 'utf8')).steps.map((s: any) => s.id);
    const steps = [...new Set(rows.map((r) => r.step)), packSteps.find((s) => !rows.some((r) => r.step === s)) ?? 'no-such-step', 'no-such-step'];
    const options = JSON.parse(fs.readFileSync(path.resolve(REPO_ROOT, pack.dir, 'option-lists.json'), 'utf8')).optionLists;
    const riskValues = new Set<string>(['not-a-level']);
    for (const type of manifest.caseTypes) {
      if (!type.riskField) continue;
      const [form, field] = type.riskField.split('.');
      const formDef = JSON.parse(fs.readFileSync(path.resolve(REPO_ROOT, pack.dir, manifest.formsDir ?? '../../forms', `${form}.v1.json`), 'utf8'));
      for (const o of options[formDef.schema.properties[field]['x-optionList']] ?? []) riskValues.add(o.value);
    }
    // The pack's search texts, some full case numbers and some full names in capitals.
    const named = rows.filter((r) => r.displayName);
    const searches = [
      ...pack.searches,
      ...rows.filter((_, i) => i % 5 === 0).map((r) => r.caseNumber),
      ...named.filter((_, i) => i % 3 === 0).map((r) => r.displayName!.toUpperCase()),
    ];
    const single: Filter[] = [
      {},
      ...steps.map((step) => ({ step })),
      ...['open', 'paused', 'closed'].map((status) => ({ status })),
      ...manifest.caseTypes.map((x: any) => ({ caseType: x.id })),
      ...[...riskValues].map((risk) => ({ risk })),
      { overdue: 'true' },
      { overdue: 'false' },
      { mine: 'true' },
      ...searches.map((q) => ({ q })),
    ];
    const combos: Filter[] = [];
    for (const risk of riskValues) {
      combos.push({ risk, status: 'open' }, { risk, q: pack.searches[0] });
      for (const x of manifest.caseTypes) combos.push({ risk, caseType: x.id });
    }
    for (const step of steps) combos.push({ step, q: pack.searches[0] });
    return [...single, ...combos];
  };

  it("for every user, filter and combination: the total and the ids are the oracle's", async () => {
    const all = filters();
    const mismatches: string[] = [];
    let compared = 0;
    // Users in parallel (their audit entries go to different chains), each user's queries in turn.
    const queue = [...users];
    const work = async () => {
      for (let u = queue.shift(); u; u = queue.shift()) {
        const auth = await api.as(u.username);
        for (const f of all) {
          const res = await t.http
            .get('/api/cases')
            .query({ ...f, pageSize: 100 })
            .set(auth);
          if (res.status !== 200) {
            mismatches.push(`${u.username} ${JSON.stringify(f)}: HTTP ${res.status}`);
            continue;
          }
          const want = expected(u, f);
          const got = (res.body.items as Array<{ id: string }>).map((i) => i.id).sort();
          compared++;
          if (res.body.total !== want.length || JSON.stringify(got) !== JSON.stringify(want)) {
            const name = (id: string) => Object.keys(ids).find((k) => ids[k] === id) ?? id;
            mismatches.push(
              `${u.username} ${JSON.stringify(f)}: total ${res.body.total}, expected ${want.length}; ids ${got.map(name).join(',')} vs ${want.map(name).join(',')}`,
            );
          }
        }
      }
    };
    await Promise.all([work(), work(), work(), work()]);
    expect(mismatches).toEqual([]);
    expect(compared).toBe(all.length * users.length);
  }, 120_000);

  it('each case read through GET /api/cases/{id} shows the risk, the name and the deadlines exactly where the oracle says', async () => {
    const mismatches: string[] = [];
    for (const u of users) {
      const auth = await api.as(u.username);
      await Promise.all(
        rows.map(async (c) => {
          const s = sees(u, c);
          const res = await t.http.get(`/api/cases/${c.id}`).set(auth);
          const got = res.status === 200 ? { caseRead: true, risk: res.body.risk, name: res.body.displayName } : { caseRead: false, risk: null, name: null };
          const want = s.caseRead
            ? { caseRead: true, risk: s.risk ? c.risk : null, name: s.name ? c.displayName : null }
            : { caseRead: false, risk: null, name: null };
          if (res.status !== 200 && res.status !== 404) mismatches.push(`${u.username} GET ${c.caseNumber}: HTTP ${res.status}`);
          else if (JSON.stringify(got) !== JSON.stringify(want))
            mismatches.push(`${u.username} GET ${c.caseNumber}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`);
          if (!s.caseRead) return;
          const shown = (await t.http.get(`/api/cases/${c.id}/deadlines?status=all`).set(auth)).body.map((d: any) => d.deadline).sort();
          const visible = c.deadlines
            .map((d) => d.definitionId)
            .filter((id) => seesDeadline(u, c, id))
            .sort();
          if (JSON.stringify(shown) !== JSON.stringify(visible)) mismatches.push(`${u.username} deadlines of ${c.caseNumber}: ${shown} vs ${visible}`);
        }),
      );
    }
    expect(mismatches).toEqual([]);
  }, 60_000);

  it('pages are disjoint and add up to the total, whatever the user may read', async () => {
    for (const u of users) {
      const auth = await api.as(u.username);
      const want = expected(u, {});
      const seen: string[] = [];
      for (let page = 1; page <= Math.ceil(want.length / 4) + 1; page++) {
        const res = await t.http.get('/api/cases').query({ page, pageSize: 4 }).set(auth);
        expect(res.body.total).toBe(want.length);
        seen.push(...res.body.items.map((i: any) => i.id));
      }
      expect([u.username, seen.length, [...seen].sort()]).toEqual([u.username, want.length, want]);
    }
  });
});
