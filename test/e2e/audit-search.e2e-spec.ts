import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AuditCheckpoints, AuditService } from '@app/audit';
import { createDataSource } from '@app/database';
import { startTestApp, TestApp } from '../support/app';
import { runCli, tamper } from '../support/audit-log';
import { casesClient } from '../support/cases-client';

const KEY = 'e2e-audit-checkpoint-key-0123456789abcdef';

interface Entry {
  id: string;
  at: string;
  chain: number;
  seq: number;
  actor: { id: string; name: string | null; username: string | null } | null;
  action: string;
  case: { id: string; number: string | null } | null;
  outcome: string;
  details: Record<string, unknown>;
}

/**
 * The auditor's search of the whole audit log (issue 20), its CSV export, and the chain status with
 * signed checkpoints kept outside the table: deleting the newest rows, which the hash chain alone
 * cannot see, is reported against the newest checkpoint, and so is a tampered checkpoint.
 */
describe('audit log search, export and checkpoints (auditor)', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  let owner: DataSource;
  let dir: string;
  const child = (last: string) => ({
    first_name: 'Ana',
    last_name: last,
    sex: 'female',
    date_of_birth: '2016-02-03',
    consent_status: 'given',
    assent_status: 'given',
  });
  let caseA: { id: string; caseNumber: string };
  let caseB: { id: string; caseNumber: string };
  let aRegisteredAt: Date;

  const search = async (user: string, query: Record<string, string>) =>
    t.http
      .get('/api/audit-log')
      .query(query)
      .set(await api.as(user));
  const entries = async (query: Record<string, string>): Promise<Entry[]> => {
    const res = await search('auditor', query);
    expect(res.status).toBe(200);
    return res.body.entries;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cmis-checkpoints-'));
    process.env.CMIS_AUDIT_CHECKPOINT_DIR = dir;
    process.env.CMIS_AUDIT_CHECKPOINT_KEY = KEY;
    t = await startTestApp('audit_search');
    api = casesClient(t);
    owner = createDataSource(t.db.url, 2);
    await owner.initialize();
    aRegisteredAt = new Date(t.clock.now().getTime());
    const a = await api.register('caseworker', 'child_protection', child('Auditone'));
    expect(a.status).toBe(201);
    caseA = a.body;
    // Several readings, so that case A's chain is long enough to lose its newest rows below.
    for (let i = 0; i < 5; i++) expect((await api.get('caseworker', caseA.id)).status).toBe(200);
    t.clock.advance(2 * 3_600_000);
    const b = await api.register('caseworker', 'child_protection', child('Audittwo'));
    expect(b.status).toBe(201);
    caseB = b.body;
  });

  afterAll(async () => {
    delete process.env.CMIS_AUDIT_CHECKPOINT_DIR;
    delete process.env.CMIS_AUDIT_CHECKPOINT_KEY;
    await owner?.destroy();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds the entries of one case by its number or its id, with actor names, and nothing of other cases', async () => {
    const byNumber = await entries({ case: caseA.caseNumber });
    expect(byNumber.length).toBeGreaterThanOrEqual(2);
    expect(byNumber.every((e) => e.case?.id === caseA.id && e.case.number === caseA.caseNumber)).toBe(true);
    expect(byNumber.map((e) => e.action)).toEqual(expect.arrayContaining(['case.case_registered', 'case.read']));
    const registered = byNumber.find((e) => e.action === 'case.case_registered')!;
    expect(registered.actor).toMatchObject({ name: 'Elena Cojocaru', username: 'caseworker' });
    // Newest first.
    expect(byNumber.map((e) => e.at)).toEqual([...byNumber.map((e) => e.at)].sort().reverse());
    const byId = await entries({ case: caseA.id });
    expect(byId.map((e) => e.id)).toEqual(byNumber.map((e) => e.id));
    expect(await entries({ case: 'XX-0000-000000' })).toEqual([]);
  });

  it('filters by user (found by name), action prefix, outcome and time range', async () => {
    const picker = await t.http
      .get('/api/audit-log/actors')
      .query({ q: 'cojoc' })
      .set(await api.as('auditor'));
    expect(picker.status).toBe(200);
    expect(picker.body).toEqual([expect.objectContaining({ displayName: 'Elena Cojocaru', username: 'caseworker' })]);
    const caseworkerId = picker.body[0].id;

    const byActor = await entries({ actor: caseworkerId, limit: '200' });
    expect(byActor.length).toBeGreaterThan(0);
    expect(byActor.every((e) => e.actor?.id === caseworkerId)).toBe(true);

    const registrations = await entries({ action: 'case.case_reg' });
    expect(registrations.every((e) => e.action.startsWith('case.case_reg'))).toBe(true);
    expect(registrations.map((e) => e.case?.id)).toEqual(expect.arrayContaining([caseA.id, caseB.id]));

    // Only case A was registered in the first hour.
    const firstHour = await entries({
      action: 'case.case_registered',
      from: aRegisteredAt.toISOString(),
      to: new Date(aRegisteredAt.getTime() + 3_600_000).toISOString(),
    });
    expect(firstHour.map((e) => e.case?.id)).toEqual([caseA.id]);

    const refused = await search('caseworker', {});
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('audit_log_not_permitted');
    const denied = await entries({ outcome: 'denied', action: 'audit_log.' });
    expect(denied.length).toBeGreaterThan(0);
    expect(denied.every((e) => e.outcome === 'denied' && e.action.startsWith('audit_log.'))).toBe(true);
    expect(denied[0].actor?.username).toBe('caseworker');

    const bad = await search('auditor', { from: 'yesterday' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('bad_audit_log_query');
  });

  it('pages newest first without gaps or repeats', async () => {
    const all = await entries({ limit: '200' });
    const paged: Entry[] = [];
    let before: string | null = null;
    do {
      const res = await search('auditor', { limit: '3', ...(before ? { before } : {}) });
      paged.push(...res.body.entries);
      before = res.body.nextBefore;
      expect(paged.length).toBeLessThan(1000);
    } while (before);
    // Each search is audited (on the auditor's chain): compare what both saw, the entries older than the first search.
    const ids = new Set(paged.map((e) => e.id));
    const older = all.filter((e) => e.action !== 'audit_log.search');
    expect(older.every((e) => ids.has(e.id))).toBe(true);
    expect(ids.size).toBe(paged.length);
  });

  it('records every reading of the log, with the filter used', async () => {
    await entries({ case: caseB.caseNumber });
    const me = (await t.http.get('/api/auth/me').set(await api.as('auditor'))).body;
    const auditorId = me.id;
    // The web app shows the page to those the pack lets read the log, and only to them.
    expect(me.capabilities).toMatchObject({ auditLog: true });
    expect((await t.http.get('/api/auth/me').set(await api.as('caseworker'))).body.capabilities).toMatchObject({ auditLog: false });
    const [latest] = await entries({ actor: auditorId, action: 'audit_log.search' });
    expect(latest.details).toMatchObject({ filter: { case: caseB.caseNumber } });
  });

  it('exports what the search finds as CSV, audited; without the permission: 403', async () => {
    const res = await t.http
      .get('/api/audit-log/export')
      .query({ case: caseA.caseNumber })
      .set(await api.as('auditor'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r\n/);
    expect(lines[0]).toBe('at,chain,seq,actor_username,actor_name,actor_id,actor_roles,action,outcome,case_number,case_id,fields,details,ip,user_agent,hash');
    const found = await entries({ case: caseA.caseNumber });
    expect(lines.length - 1).toBe(found.length);
    expect(lines.slice(1).every((l) => l.includes(caseA.caseNumber) && !l.includes(caseB.caseNumber))).toBe(true);
    expect(res.text).toContain('case.case_registered');
    const [exported] = await entries({ action: 'audit_log.export' });
    expect(exported.details).toMatchObject({ filter: { case: caseA.caseNumber }, rows: found.length, complete: true });

    const refused = await t.http.get('/api/audit-log/export').set(await api.as('caseworker'));
    expect(refused.status).toBe(403);
  });

  it('exports more entries than one batch, each once, newest first', async () => {
    // 2,500 entries of one case (no case row: the number column stays empty), read back in batches of 1,000.
    const bulkCase = 'b0000000-0000-4000-8000-00000000b01c';
    const audit = t.app.get(AuditService);
    // Four groups of 625 at one time each: a batch ends inside a group, among entries of the same time.
    for (let i = 0; i < 4; i++) {
      await audit.recordMany(Array.from({ length: 625 }, (_, k) => ({ actorId: null, action: 'case.read', caseId: bulkCase, details: { n: i * 625 + k } })));
      t.clock.advance(1_000);
    }
    const res = await t.http
      .get('/api/audit-log/export')
      .query({ case: bulkCase })
      .set(await api.as('auditor'));
    expect(res.status).toBe(200);
    const rows = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r\n/)
      .slice(1);
    expect(rows).toHaveLength(2500);
    const positions = rows.map((l) => l.split(',').slice(1, 3).join('|'));
    expect(new Set(positions).size).toBe(2500);
    const times = rows.map((l) => l.split(',')[0]);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('tells the auditor there is no checkpoint yet, then that the chains verify as of the checkpoint written', async () => {
    const before = await t.http.get('/api/audit-log/status').set(await api.as('auditor'));
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ state: 'unknown', mode: 'scheduled', verification: null, checkpoint: { state: 'none', problems: [] } });

    const { checkpoint } = await t.app.get(AuditCheckpoints).write();
    expect(readdirSync(dir).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    const after = await t.http.get('/api/audit-log/status').set(await api.as('auditor'));
    expect(after.body).toMatchObject({
      state: 'intact',
      verification: { ok: true, at: checkpoint.writtenAt },
      checkpoint: { state: 'checked', writtenAt: checkpoint.writtenAt, problems: [] },
    });
    expect((await t.http.get('/api/audit-log/status').set(await api.as('caseworker'))).status).toBe(403);
  });

  it('reports the newest rows of a chain deleted since the checkpoint (API and CLI), which the hash chain alone cannot see', async () => {
    const [{ chain }] = await owner.query(`SELECT chain FROM audit_log WHERE case_id = $1 LIMIT 1`, [caseA.id]);
    t.clock.advance(60_000);
    const { checkpoint } = await t.app.get(AuditCheckpoints).write();
    const head = checkpoint.heads.find((h) => h.chain === chain)!;
    expect(head.seq).toBeGreaterThanOrEqual(6);
    await tamper(owner, `DELETE FROM audit_log WHERE chain = $1 AND seq > 1`, [chain]);

    const expected = `chain ${chain} ends at seq 1 but checkpoint of ${checkpoint.writtenAt} recorded seq ${head.seq}`;
    // Reading the log appends to the auditor's chain, which may be this one: later checks see it end a little further.
    const later = new RegExp(`chain ${chain} ends at seq [123] but checkpoint of ${checkpoint.writtenAt.replace(/\./g, '\\.')} recorded seq ${head.seq}`);
    const verified = await t.http.post('/api/audit-log/verify').set(await api.as('auditor'));
    expect(verified.status).toBe(200);
    // The chain that is left still links up: only the checkpoint sees the loss.
    expect(verified.body).toMatchObject({ state: 'broken', mode: 'full', verification: { ok: true }, checkpoint: { state: 'checked' } });
    expect(verified.body.checkpoint.problems).toContain(expected);
    const status = await t.http.get('/api/audit-log/status').set(await api.as('auditor'));
    expect(status.body.state).toBe('broken');
    expect(status.body.checkpoint.problems).toEqual(expect.arrayContaining([expect.stringMatching(later)]));

    const cli = await runCli(['audit', 'verify'], {
      DATABASE_URL: t.db.appUrl,
      CMIS_AUDIT_CHECKPOINT_DIR: dir,
      CMIS_AUDIT_CHECKPOINT_KEY: KEY,
    });
    expect(cli.stdout).toMatch(new RegExp(`audit log BROKEN: ${later.source}`));
    expect(cli.code).toBe(1);
  });

  it('reports a tampered checkpoint and an unsigned one', async () => {
    const newest = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .pop()!;
    const doc = JSON.parse(readFileSync(join(dir, newest), 'utf8'));
    doc.heads = doc.heads.map((h: { seq: number }) => ({ ...h, seq: Math.max(1, h.seq - 2) }));
    writeFileSync(join(dir, newest), JSON.stringify(doc));
    const tampered = await t.http.get('/api/audit-log/status').set(await api.as('auditor'));
    expect(tampered.body).toMatchObject({ state: 'broken', checkpoint: { state: 'unusable' } });
    expect(tampered.body.checkpoint.problems[0]).toMatch(/is tampered: the signature does not match the content/);

    delete doc.signature;
    writeFileSync(join(dir, newest.replace(/\d{8}T\d{9}Z/, '29991231T000000000Z')), JSON.stringify(doc));
    const unsigned = await t.http.get('/api/audit-log/status').set(await api.as('auditor'));
    expect(unsigned.body.checkpoint.problems[0]).toMatch(/is unsigned/);
  });

  it('writes a checkpoint now from the CLI, which the API then reads as the newest', async () => {
    rmSync(
      join(
        dir,
        readdirSync(dir).find((f) => f.includes('29991231T'))!,
      ),
    );
    const cli = await runCli(['audit', 'checkpoint'], { DATABASE_URL: t.db.appUrl, CMIS_AUDIT_CHECKPOINT_DIR: dir, CMIS_AUDIT_CHECKPOINT_KEY: KEY });
    expect(cli.code).toBe(0);
    const [, file] = /^checkpoint written: (\S+)/m.exec(cli.stdout) ?? [];
    expect(readdirSync(dir)).toContain(file?.split('/').pop());
    // The CLI's clock is the real one, later than the suite's: its checkpoint is the newest, and the table (as it is now) matches it.
    const status = await t.http.get('/api/audit-log/status').set(await api.as('auditor'));
    expect(status.body).toMatchObject({ state: 'intact', checkpoint: { state: 'checked', problems: [] }, verification: { ok: true } });
    expect(Date.parse(status.body.checkpoint.writtenAt)).toBeGreaterThan(t.clock.now().getTime());
  });
});
