import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { CaseMigrationService } from '@app/case-migration';
import { HOUR_MS } from '@app/core';
import { readPackDir, type PackFiles } from '@app/sop';
import { REPO_ROOT, startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/**
 * Moving open Moldova cases to a later pack version (issue 21, docs/case-migration.md) through the real
 * API: the plan is checked, the dry run writes nothing, the run moves what it can and says why the rest
 * stays, each move is on the timeline and in the audit log, nothing moves twice, and deadlines follow
 * the new version (recompute) or stay (keep).
 */
describe('Case migration: open cases move to a new SOP version by a plan', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  let v1: PackFiles;
  const registeredAt = new Date('2026-03-02T08:00:00Z');
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp('case_migration', { start: registeredAt });
    api = casesClient(t);
    v1 = await readPackDir(path.join(REPO_ROOT, 'sops/moldova'));
  });
  afterAll(async () => t?.close());

  const child = (first: string) => ({
    first_name: first,
    last_name: 'Rusu',
    sex: 'female',
    date_of_birth: '2019-02-11',
    date_of_birth_estimated: true,
    consent_status: 'not_required_emergency',
    assent_status: 'given',
  });

  async function inAssessment(first: string, risk: string): Promise<string> {
    const res = await api.register('caseworker', 'child_protection', child(first));
    expect(res.status).toBe(201);
    expect((await api.transition('caseworker', res.body.id, 'start_assessment')).status).toBe(200);
    const filled = await api.fill('caseworker', res.body.id, 'initial_assessment', {
      assessment_date: '2026-03-02',
      risk_level: risk,
      summary: 'Hospital report.',
    });
    expect(filled.status).toBe(200);
    return res.body.id;
  }

  /** Version 2: the steps registration and initial_assessment renamed, registration v2 with a renamed field, two new required fields and a shorter first name; high risk 48 h → 24 h. */
  function version2(): PackFiles {
    const files = structuredClone(v1) as Record<string, any>;
    // A step id is also a form id here: rename it where it names a step (not under the keys that name forms).
    const FORM_KEYS = new Set(['form', 'forms', 'fields', 'requiresForms', 'minForms', 'maxForms', 'startForm', 'answers', 'id']);
    const renameStep = (from: string, to: string) => {
      const walk = (node: any, key: string | null): any => {
        if (typeof node === 'string') return node === from && !FORM_KEYS.has(key ?? '') ? to : node;
        if (Array.isArray(node)) return node.map((n) => walk(n, key));
        if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, k)]));
        return node;
      };
      for (const name of Object.keys(files)) if (!name.startsWith('forms/') && name.endsWith('.json')) files[name] = walk(files[name], null);
      for (const s of files['workflow.json'].steps) if (s.id === from) s.id = to;
    };
    renameStep('initial_assessment', 'first_assessment');
    renameStep('registration', 'case_registration');
    const reg = structuredClone(files['forms/registration.v1.json']);
    reg.version = 2;
    const props = reg.schema.properties;
    props.dob_estimated = props.date_of_birth_estimated;
    delete props.date_of_birth_estimated;
    props.first_name.maxLength = 30;
    props.nationality = {
      type: 'string',
      minLength: 2,
      maxLength: 2,
      title: 'Nationality',
      'x-label': { en: 'Nationality', fr: 'Nationalité', ro: 'Cetățenia', ar: 'الجنسية' },
    };
    props.birth_registered = {
      type: 'boolean',
      title: 'Birth registered',
      'x-label': { en: 'Birth registered', fr: 'Naissance enregistrée', ro: 'Naștere înregistrată', ar: 'الولادة مسجلة' },
    };
    reg.schema.required = [...reg.schema.required, 'nationality', 'birth_registered'];
    files['forms/registration.v2.json'] = reg;
    files['pack.json'].forms = files['pack.json'].forms.map((f: any) => (f.id === 'registration' ? { id: 'registration', version: 2 } : f));
    setHighRisk(files, 24);
    return files;
  }

  function setHighRisk(files: Record<string, any>, hours: number) {
    const def = files['deadlines.json'].deadlines.find((d: any) => d.id === 'initial_response');
    def.due.find((d: any) => JSON.stringify(d.when ?? null).includes('high')).after = { hours };
  }

  const plan = {
    fromVersion: 1,
    toVersion: 2,
    steps: { initial_assessment: 'first_assessment' },
    fields: { registration: { date_of_birth_estimated: 'dob_estimated' } },
    newFields: { registration: { nationality: { default: 'MD' }, birth_registered: { task: true } } },
    deadlines: 'recompute',
  };

  async function runToEnd(body: object): Promise<any> {
    const started = await t.http
      .post('/api/sop/migrations')
      .set(await api.as('admin'))
      .send(body);
    expect(started.status).toBe(202);
    return waitFor(started.body.id);
  }

  async function waitFor(id: string): Promise<any> {
    for (let i = 0; i < 200; i++) {
      const res = await t.http.get(`/api/sop/migrations/${id}`).set(await api.as('admin'));
      expect(res.status).toBe(200);
      if (res.body.status !== 'running') return res.body;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`migration ${id} did not finish`);
  }

  const dueOf = async (id: string, deadline: string) => (await api.deadlines('caseworker', id)).body.find((d: any) => d.deadline === deadline)?.dueAt;

  it('sets up cases on version 1 and publishes version 2', async () => {
    ids.high = await inAssessment('Cristina', 'high');
    ids.medium = await inAssessment('Elena', 'medium');
    ids.longName = await inAssessment('Anastasia-Maria-Magdalena-Ecaterina', 'low');
    const registered = await api.register('caseworker', 'child_protection', child('Ana'));
    ids.registered = registered.body.id;
    const notification = await api.register('police', 'notification', {
      reporter_type: 'police',
      reporter_name: 'Sergiu Botnaru',
      child_description: 'Girl of about 7',
      concern_types: ['physical_abuse'],
      concern_description: 'Neighbours called 112.',
      immediate_danger: true,
    });
    ids.closed = notification.body.id;
    expect((await api.transition('caseworker', ids.closed, 'process_notification')).body.case.status).toBe('closed');
    expect(await dueOf(ids.high, 'initial_response')).toBe(new Date(registeredAt.getTime() + 48 * HOUR_MS).toISOString());

    const published = await t.http
      .post('/api/sop/versions')
      .set(await api.as('admin'))
      .send({ files: version2(), note: 'Steps renamed, nationality asked' });
    expect(published.body).toMatchObject({ version: 2, created: true });
  });

  it('outlines two versions for the plan editor: steps and forms labelled in the locale, the cases on the from-version, the runs so far', async () => {
    const res = await t.http.get('/api/sop/migrations/outline/1/2?locale=fr').set(await api.as('admin'));
    expect(res.status).toBe(200);
    expect([res.body.from.version, res.body.to.version, res.body.from.openCases, res.body.from.closedCases, res.body.runs]).toEqual([1, 2, 4, 1, []]);
    const stepIds = (side: any) => side.steps.map((s: any) => s.id);
    expect(stepIds(res.body.from)).toContain('initial_assessment');
    expect(stepIds(res.body.to)).toEqual(expect.arrayContaining(['first_assessment', 'case_registration']));
    expect(stepIds(res.body.to)).not.toContain('initial_assessment');
    const registration = res.body.to.forms.find((f: any) => f.id === 'registration');
    expect(registration.version).toBe(2);
    expect(registration.schema.properties.nationality.title).toBe('Nationalité');
    expect(registration.schema.required).toEqual(expect.arrayContaining(['nationality', 'birth_registered']));
    const unpublished = await t.http.get('/api/sop/migrations/outline/1/9').set(await api.as('admin'));
    expect([unpublished.status, unpublished.body.code, unpublished.body.errors[0].path]).toEqual([422, 'migration_plan_invalid', '/toVersion']);
    expect((await t.http.get('/api/sop/migrations/outline/1/2').set(await api.as('caseworker'))).status).toBe(403);
  });

  it('refuses a bad plan, naming the path and the reason, and lets only administrators migrate', async () => {
    const { newFields: _n, ...withoutNew } = plan;
    const missing = await t.http
      .post('/api/sop/migrations/dry-run')
      .set(await api.as('admin'))
      .send(withoutNew);
    expect(missing.status).toBe(422);
    expect(missing.body.code).toBe('migration_plan_invalid');
    expect(missing.body.errors.map((e: any) => e.path).sort()).toEqual(['/newFields/registration/birth_registered', '/newFields/registration/nationality']);
    const badDefault = await t.http
      .post('/api/sop/migrations/dry-run')
      .set(await api.as('admin'))
      .send({
        ...plan,
        steps: { assessment: 'first_assessment' },
        newFields: { registration: { nationality: { default: 7 }, birth_registered: { task: true } } },
      });
    expect(badDefault.status).toBe(422);
    expect(badDefault.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '/steps/assessment', message: expect.stringContaining('no step "assessment"') }),
        expect.objectContaining({ path: '/newFields/registration/nationality/default' }),
      ]),
    );
    const shapeless = await t.http
      .post('/api/sop/migrations/dry-run')
      .set(await api.as('admin'))
      .send({ fromVersion: 1, toVersion: 2, deadlines: 'later' });
    expect([shapeless.status, shapeless.body.code, shapeless.body.errors[0].path]).toEqual([422, 'migration_plan_invalid', '/deadlines']);
    const unknown = await t.http.get('/api/sop/migrations/not-a-run').set(await api.as('admin'));
    expect([unknown.status, unknown.body.code]).toEqual([404, 'case_migration_not_found']);
    const denied = await t.http
      .post('/api/sop/migrations/dry-run')
      .set(await api.as('caseworker'))
      .send(plan);
    expect(denied.status).toBe(403);
  });

  it('the dry run says what would happen to every case and writes nothing', async () => {
    const res = await t.http
      .post('/api/sop/migrations/dry-run?limit=10')
      .set(await api.as('admin'))
      .send(plan);
    expect(res.status).toBe(200);
    expect(res.body.summary).toEqual({ cases: 5, willMove: 2, cannotMove: 3, byReason: { answer_invalid: 1, case_closed: 1, step_not_mapped: 1 } });
    const byId = new Map(res.body.items.map((i: any) => [i.caseId, i]));
    expect(byId.get(ids.high)).toMatchObject({
      outcome: 'move',
      step: { from: 'initial_assessment', to: 'first_assessment' },
      renamed: ['registration.date_of_birth_estimated → registration.dob_estimated'],
      defaults: [{ form: 'registration', field: 'nationality', value: 'MD' }],
      tasks: [{ form: 'registration', field: 'birth_registered' }],
      deadlines: [
        {
          key: expect.stringContaining('initial_response'),
          deadline: 'initial_response',
          before: new Date(registeredAt.getTime() + 48 * HOUR_MS).toISOString(),
          after: new Date(registeredAt.getTime() + 24 * HOUR_MS).toISOString(),
        },
      ],
    });
    expect(byId.get(ids.registered)).toMatchObject({ outcome: 'cannot_move', reason: 'step_not_mapped', detail: expect.stringContaining('"registration"') });
    expect(byId.get(ids.closed)).toMatchObject({ outcome: 'cannot_move', reason: 'case_closed' });
    expect(byId.get(ids.longName)).toMatchObject({ outcome: 'cannot_move', reason: 'answer_invalid', detail: expect.stringContaining('first_name') });
    const paged = await t.http
      .post('/api/sop/migrations/dry-run?offset=4&limit=10')
      .set(await api.as('admin'))
      .send(plan);
    expect(paged.body.items).toHaveLength(1);

    const high = await api.get('caseworker', ids.high);
    expect(high.body.step).toBe('initial_assessment');
    expect(await dueOf(ids.high, 'initial_response')).toBe(new Date(registeredAt.getTime() + 48 * HOUR_MS).toISOString());
  });

  it('the run moves the cases it can, records each move, and says why the others stay', async () => {
    const v1Id = (await api.get('caseworker', ids.high)).body.sopVersionId;
    t.clock.advance(HOUR_MS);
    const run = await runToEnd(plan);
    expect(run).toMatchObject({ status: 'finished', fromVersion: 1, toVersion: 2, summary: { cases: 5, moved: 2, cannotMove: 3 } });
    expect(run.summary.byReason).toEqual({ answer_invalid: 1, case_closed: 1, step_not_mapped: 1 });
    const outline = await t.http.get('/api/sop/migrations/outline/1/2').set(await api.as('admin'));
    expect(outline.body.runs).toEqual([expect.objectContaining({ id: run.id, status: 'finished', total: 5, moved: 2, cannotMove: 3 })]);
    expect([outline.body.from.openCases, outline.body.from.closedCases]).toEqual([2, 1]);
    expect(run.items.map((i: any) => [i.caseId, i.reason]).sort()).toEqual(
      [
        [ids.closed, 'case_closed'],
        [ids.longName, 'answer_invalid'],
        [ids.registered, 'step_not_mapped'],
      ].sort(),
    );

    const high = await api.get('caseworker', ids.high);
    expect(high.body.step).toBe('first_assessment');
    expect(high.body.sopVersionId).not.toBe(v1Id);
    const reg = high.body.forms.registration[0];
    expect(reg).toMatchObject({ formVersion: 2 });
    expect(reg.answers).toMatchObject({ nationality: 'MD', dob_estimated: true });
    expect(reg.answers).not.toHaveProperty('date_of_birth_estimated');
    // The deadline follows version 2 (high risk: 24 h from the same anchor, the registration).
    expect(await dueOf(ids.high, 'initial_response')).toBe(new Date(registeredAt.getTime() + 24 * HOUR_MS).toISOString());
    // The missing answer is the caseworker's: a flag on the case.
    const flags = await t.http.get(`/api/cases/${ids.high}/flags`).set(await api.as('caseworker'));
    expect(flags.body.map((f: any) => f.reason)).toEqual([expect.stringContaining('birth_registered')]);
    const timeline = await api.timeline('caseworker', ids.high);
    const types = JSON.stringify(timeline.body);
    expect(types).toContain('sop_migrated');
    expect(types).toContain('flag_added');
    const audit = await t.app.get(DataSource).query(`SELECT details FROM audit_log WHERE action = 'case.sop_migrated' AND case_id = $1`, [ids.high]);
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toMatchObject({ fromVersion: 1, toVersion: 2, step: { from: 'initial_assessment', to: 'first_assessment' } });

    for (const stays of [ids.registered, ids.closed, ids.longName]) {
      expect((await api.get(stays === ids.closed ? 'caseworker' : 'caseworker', stays)).body.sopVersionId).toBe(v1Id);
    }
    // The moved case works under version 2: its next transition is version 2's.
    const next = await api.transitions('caseworker', ids.high);
    expect(next.status).toBe(200);
  });

  it('re-running moves nothing twice', async () => {
    const ds = t.app.get(DataSource);
    const first = (await ds.query(`SELECT id FROM case_migrations ORDER BY started_at LIMIT 1`))[0].id;
    const resumed = await t.http.post(`/api/sop/migrations/${first}/resume`).set(await api.as('admin'));
    expect(resumed.status).toBe(202);
    expect((await waitFor(first)).summary).toMatchObject({ moved: 2, cannotMove: 3 });
    // As if the process running it had died halfway: another plan between the same versions waits, the same plan continues that run.
    await ds.query(`UPDATE case_migrations SET status = 'failed', error = 'interrupted', finished_at = NULL WHERE id = $1`, [first]);
    const other = await t.http
      .post('/api/sop/migrations')
      .set(await api.as('admin'))
      .send({ ...plan, deadlines: 'keep' });
    expect([other.status, other.body.code]).toEqual([409, 'case_migration_running']);
    const continued = await t.http
      .post('/api/sop/migrations')
      .set(await api.as('admin'))
      .send(plan);
    expect(continued.body).toMatchObject({ id: first, created: false });
    expect((await waitFor(first)).summary).toMatchObject({ moved: 2, cannotMove: 3 });
    // Its process stopped mid-run (no progress for 10 minutes): a worker claims it and carries it to its end; a run with recent progress is left alone.
    const migrations = t.app.get(CaseMigrationService);
    await ds.query(`UPDATE case_migrations SET status = 'running', finished_at = NULL, updated_at = $2 WHERE id = $1`, [first, t.clock.now()]);
    expect(await migrations.resumeAbandoned()).toBeNull();
    await ds.query(`UPDATE case_migrations SET updated_at = $2 WHERE id = $1`, [first, new Date(t.clock.now().getTime() - 10 * 60_000)]);
    expect(await migrations.resumeAbandoned()).toMatchObject({ id: first, status: 'finished', moved: 2, cannotMove: 3 });
    // A finished run started again is a new run: only the cases still on version 1 are judged, none moves.
    const again = await runToEnd(plan);
    expect(again.summary).toMatchObject({ cases: 3, moved: 0, cannotMove: 3 });
    const events = await ds.query(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND type = 'sop_migrated'`, [ids.high]);
    expect(events[0].n).toBe(1);
  });

  it('with deadlines "keep" the moved cases keep their due dates', async () => {
    const files = version2() as Record<string, any>;
    setHighRisk(files, 12);
    const published = await t.http
      .post('/api/sop/versions')
      .set(await api.as('admin'))
      .send({ files, note: 'High risk: 12 h' });
    expect(published.body).toMatchObject({ version: 3, created: true });
    const run = await runToEnd({ fromVersion: 2, toVersion: 3, deadlines: 'keep' });
    expect(run.summary).toMatchObject({ moved: 2, cannotMove: 0 });
    expect((await api.get('caseworker', ids.high)).body.sopVersionId).toBe(published.body.versionId);
    expect(await dueOf(ids.high, 'initial_response')).toBe(new Date(registeredAt.getTime() + 24 * HOUR_MS).toISOString());
    // And they stay kept when the case changes afterwards (version 3 would plan 12 h).
    const view = (await api.get('caseworker', ids.high)).body;
    const answers = view.forms.initial_assessment[0].answers;
    const saved = await api.fill('caseworker', ids.high, 'initial_assessment', { ...answers, summary: 'Seen again after the move.' });
    expect([saved.status, saved.body.code]).toEqual([200, undefined]);
    expect(await dueOf(ids.high, 'initial_response')).toBe(new Date(registeredAt.getTime() + 24 * HOUR_MS).toISOString());
  });

  /** The CLI as an operator runs it, from the sources, on this suite's database. */
  function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['-r', path.join(REPO_ROOT, 'scripts/lib/ts-register.cjs'), path.join(REPO_ROOT, 'apps/cli/src/main.ts'), ...args],
        {
          cwd: REPO_ROOT,
          env: { PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_URL: t.db.appUrl, DATABASE_OWNER_URL: t.db.url },
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('the CLI names the file, path and reason of a bad plan, prints the dry run, then runs', async () => {
    const file = path.join(os.tmpdir(), `case-migration-${process.pid}.json`);
    await writeFile(file, JSON.stringify({ fromVersion: 1, toVersion: 3, steps: { initial_assessment: 'first_assessment' }, deadlines: 'recompute' }));
    const bad = await cli(['sop', 'migrate', '--plan', file, '--dry-run']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${file} /newFields/registration/nationality: "nationality" is new and required`);

    const good = { ...plan, toVersion: 3, steps: { initial_assessment: 'first_assessment', registration: 'case_registration' } };
    await writeFile(file, JSON.stringify(good));
    const dry = await cli(['sop', 'migrate', '--plan', file, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('dry run, version 1 → 3: 3 case(s), 1 will move, 2 cannot move');
    expect(dry.stdout).toContain('registration → case_registration');

    const run = await cli(['sop', 'migrate', '--plan', file, '--as', 'admin']);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toContain('finished: 3/3 case(s): 1 moved, 2 cannot move (finished)');
    expect(run.stdout).toContain('cannot move, case_closed: 1');
    expect((await api.get('caseworker', ids.registered)).body.step).toBe('case_registration');
  });
});
