/**
 * The plugin contract: what every installed plugin (and the tutorial plugin of docs/plugins.md)
 * must satisfy, checked statically and against the real API and PostgreSQL.
 * - its manifest passes the host's checks (ids, prefixes, SDK range, a permission on every route...);
 * - a pack that does not enable it exposes none of its routes, forms, jobs or hooks;
 * - in a pack that enables it, every route refuses a user no rule grants its permission, and the
 *   refusal is audited; its SQL runs as a role that cannot read the core's tables.
 */
import type { PluginDefinition } from '@app/plugin-sdk';
import { checkPluginDefinition, pluginRole, pluginSchema } from '@app/plugin-host';
import { SchedulerService } from '@app/scheduler';
import { SopRegistry } from '@app/sop-registry';
import { INSTALLED_PLUGINS } from '../../plugins';
import { callLogPlugin } from '../../plugins/call-log';
import { Client } from 'pg';
import { startTestApp, type TestApp } from '../support/app';

async function ownerClient(t: TestApp): Promise<Client> {
  const pg = new Client({ connectionString: t.db.url });
  await pg.connect();
  return pg;
}

const ALL: ReadonlyArray<PluginDefinition<any>> = [...INSTALLED_PLUGINS, callLogPlugin];
const SOME_ID = '00000000-0000-4000-8000-000000000000';

/** A concrete URL for a route: every `:param` gets a well-formed id nobody has. */
function urlOf(plugin: PluginDefinition<any>, path: string): string {
  return `/api/plugins/${plugin.id}${path.replace(/:[^/]+/g, SOME_ID)}`;
}

function send(t: TestApp, method: string, url: string, auth: string) {
  const req = (t.http as any)[method.toLowerCase()](url).set('Authorization', auth);
  return method === 'GET' ? req : req.send({});
}

async function rowsInPluginTables(t: TestApp, plugin: PluginDefinition<any>): Promise<number> {
  const pg = await ownerClient(t);
  try {
    const tables = await pg.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1`, [pluginSchema(plugin.id)]);
    let n = 0;
    for (const { table_name } of tables.rows)
      n += Number((await pg.query(`SELECT count(*)::int AS n FROM ${pluginSchema(plugin.id)}."${table_name}"`)).rows[0].n);
    return n;
  } finally {
    await pg.end();
  }
}

describe('plugin contract: manifests', () => {
  it.each(ALL.map((p) => [p.id, p] as const))('%s passes the host checks', (_id, plugin) => {
    expect(checkPluginDefinition(plugin)).toEqual([]);
  });

  it.each(ALL.map((p) => [p.id, p] as const))('%s declares a permission on every route and names things with its prefix', (_id, plugin) => {
    for (const r of plugin.routes ?? []) expect(r.permission).toEqual({ subject: expect.any(String), action: expect.any(String) });
    expect((plugin.routes ?? []).length + (plugin.hooks ?? []).length + (plugin.jobs ?? []).length).toBeGreaterThan(0);
  });
});

describe('plugin contract: a pack that does not enable a plugin gets nothing of it', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('plugin_contract_disabled', { sopDir: 'test/fixtures/packs/ngo-lite', plugins: ALL });
  });
  afterAll(() => t.close());

  it('lists no plugin, and no plugin form is in the SOP', async () => {
    const auth = await t.login('coord');
    expect((await t.http.get('/api/plugins').set('Authorization', auth)).body).toEqual([]);
    const sop = await t.http.get('/api/sop').set('Authorization', auth);
    const formIds: string[] = sop.body.forms.map((f: any) => f.id);
    for (const p of ALL) for (const f of p.forms ?? []) expect(formIds).not.toContain(f.id);
  });

  it.each(ALL.map((p) => [p.id, p] as const))('%s: every route answers 404 plugin_route_not_found', async (_id, plugin) => {
    const auth = await t.login('coord');
    for (const r of plugin.routes ?? []) {
      const res = await send(t, r.method, urlOf(plugin, r.path), auth);
      expect([r.id, res.status, res.body.code]).toEqual([r.id, 404, 'plugin_route_not_found']);
    }
  });

  it('runs no plugin job and no plugin hook: registering a case and ticking the scheduler leave the plugin tables empty', async () => {
    const res = await t.http
      .post('/api/cases')
      .set('Authorization', await t.login('vol1'))
      .send({ caseType: 'beneficiary', answers: { full_name: 'Contract Test', birth_year: 2009, priority: 'normal' } });
    expect(res.status).toBe(201);
    t.clock.advance(3 * 3_600_000);
    const tick = await t.app.get(SchedulerService).tick();
    expect(tick.jobs).toEqual([]);
    for (const p of ALL) expect(await rowsInPluginTables(t, p)).toBe(0);
    const pg = await ownerClient(t);
    try {
      expect((await pg.query('SELECT count(*)::int AS n FROM plugin_job_runs')).rows[0].n).toBe(0);
    } finally {
      await pg.end();
    }
  });
});

describe('plugin contract: in the reference pack, which enables every installed plugin', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('plugin_contract_enabled');
  });
  afterAll(() => t.close());

  it('enables each installed plugin', async () => {
    const sop = await t.app.get(SopRegistry).current();
    expect(sop.pack.plugins.map((p) => p.id).sort()).toEqual(INSTALLED_PLUGINS.map((p) => p.id).sort());
  });

  it.each(INSTALLED_PLUGINS.map((p) => [p.id, p] as const))(
    '%s: every route refuses a user no rule grants it, and the refusal is audited',
    async (_id, plugin) => {
      const sop = await t.app.get(SopRegistry).current();
      for (const r of plugin.routes ?? []) {
        // A demo user none of whose roles grants the route's permission.
        const user = sop.pack.demoUsers.find(
          (u) => !u.totpSecret && !sop.pack.roles.some((role) => u.roles.includes(role.id) && role.rules.some((rule) => rule.subject === r.permission.subject)),
        );
        expect(user).toBeDefined();
        const res = await send(t, r.method, urlOf(plugin, r.path), await t.login(user!.username));
        expect([r.id, res.status]).toEqual([r.id, r.path.includes(':caseId') ? 404 : 403]);
        const pg = await ownerClient(t);
        try {
          const audited = await pg.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND outcome = 'denied'`, [`${plugin.id}.${r.id}`]);
          expect([r.id, audited.rows[0].n]).toEqual([r.id, 1]);
        } finally {
          await pg.end();
        }
      }
    },
  );

  it.each(INSTALLED_PLUGINS.filter((p) => (p.migrations ?? []).length).map((p) => [p.id, p] as const))(
    '%s: its tables are in its own schema, and its database role cannot read the core tables',
    async (_id, plugin) => {
      const pg = await ownerClient(t);
      try {
        const tables = await pg.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1`, [pluginSchema(plugin.id)]);
        expect(tables.rows[0].n).toBeGreaterThan(0);
        await pg.query('BEGIN');
        await pg.query(`SET LOCAL ROLE ${pluginRole(plugin.id)}`);
        await expect(pg.query('SELECT count(*) FROM public.cases')).rejects.toThrow(/permission denied/);
        await pg.query('ROLLBACK');
      } finally {
        await pg.end();
      }
    },
  );
});
