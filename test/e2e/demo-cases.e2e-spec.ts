import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Clock, ControllableClock } from '@app/core';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/app.setup';
import { DEMO_PASSWORD, REPO_ROOT } from '../support/app';
import { freshDatabase, TestDatabase, withDatabaseEnv } from '../support/database';

const NGO_LITE = path.join(REPO_ROOT, 'test/fixtures/packs/ngo-lite');

/** The API as `npm start` runs it in demo mode (CMIS_DEMO=1), on a given database and pack. */
async function boot(db: TestDatabase, sopDir: string, clock: ControllableClock): Promise<INestApplication> {
  const saved = { dir: process.env.CMIS_SOP_DIR, demo: process.env.CMIS_DEMO };
  process.env.CMIS_SOP_DIR = sopDir;
  process.env.CMIS_DEMO = '1';
  try {
    return await withDatabaseEnv(db, async () => {
      const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot()] })
        .overrideProvider(Clock)
        .useValue(clock)
        .compile();
      const app = moduleRef.createNestApplication({ logger: ['error'] });
      configureApp(app);
      await app.init();
      return app;
    });
  } finally {
    process.env.CMIS_SOP_DIR = saved.dir;
    process.env.CMIS_DEMO = saved.demo;
  }
}

/**
 * ngo-lite with Moldova's usernames (`caseworker`, `police`) and other role names: the pack of a
 * second demo in a database where another pack's demo users already exist.
 */
function packWithMoldovaNames(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cmis-pack-'));
  cpSync(NGO_LITE, dir, { recursive: true });
  const swaps: Array<[string, string]> = [
    ['"ngo-lite"', '"ngo-moldova-names"'],
    ['"volunteer"', '"caseworker"'],
    ['"coordinator"', '"supervisor"'],
    ['"vol1"', '"caseworker"'],
    ['"vol2"', '"police"'],
    // Case numbers are unique across the database (each pack counts its own): another prefix.
    ['"ZZ-{region}', '"ZB-{region}'],
  ];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    let text = readFileSync(path.join(dir, name), 'utf8');
    for (const [from, to] of swaps) text = text.split(from).join(to);
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('demo cases declared in the pack, seeded through the engine (CMIS_DEMO=1)', () => {
  const clock = new ControllableClock(new Date('2026-03-06T10:00:00Z'));
  const dbs: TestDatabase[] = [];
  const dirs: string[] = [];
  let app: INestApplication | null = null;
  const restart = async (db: TestDatabase, dir: string) => {
    await app?.close();
    app = await boot(db, dir, clock);
    return app;
  };
  const cases = (a: INestApplication) =>
    a
      .get(DataSource)
      .query(`SELECT c.case_number, c.step, c.display_name, v.pack_id FROM cases c JOIN sop_versions v ON v.id = c.sop_version_id ORDER BY c.case_number`);
  const login = async (a: INestApplication, username: string) => {
    const res = await request(a.getHttpServer()).post('/api/auth/login').send({ username, password: DEMO_PASSWORD });
    expect(res.status).toBe(200);
    return `Bearer ${res.body.token}`;
  };

  afterAll(async () => {
    await app?.close();
    for (const db of dbs) await db.drop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("registers ngo-lite's demo cases with real numbers, steps, answers, deadlines and audit, once", async () => {
    const db = await freshDatabase('demo_cases');
    dbs.push(db);
    const a = await restart(db, NGO_LITE);
    expect(await cases(a)).toEqual([
      { case_number: 'ZZ-NORTH-2603-0001', step: 'support', display_name: 'Sam Doe', pack_id: 'ngo-lite' },
      { case_number: 'ZZ-SOUTH-2603-0001', step: 'intake', display_name: 'Lina Haddad', pack_id: 'ngo-lite' },
    ]);
    const ds = a.get(DataSource);
    const [note] = await ds.query(`SELECT s.answers FROM form_submissions s WHERE s.form_id = 'session_note'`);
    expect(note.answers).toMatchObject({ session_date: '2026-03-04', topic: 'CV and first job applications' });
    const deadlines = await ds.query(`SELECT definition_id AS deadline_id, status FROM deadlines ORDER BY definition_id, status`);
    expect(deadlines.map((d: any) => `${d.deadline_id}:${d.status}`)).toEqual(expect.arrayContaining(['first_contact:open', 'first_contact:met']));
    const [{ n }] = await ds.query(`SELECT count(DISTINCT case_id)::int AS n FROM audit_log WHERE case_id IS NOT NULL`);
    expect(n).toBe(2);
    // Sam's volunteer reads Sam's case through the API, as any user would.
    const list = await request(a.getHttpServer())
      .get('/api/cases')
      .set('authorization', await login(a, 'vol1'));
    expect(list.body.items.map((c: any) => c.caseNumber)).toEqual(['ZZ-NORTH-2603-0001']);

    const again = await restart(db, NGO_LITE);
    expect(await cases(again)).toHaveLength(2);
  });

  it("starts a pack whose demo users share Moldova's usernames, then another pack on the same database, taking the users over", async () => {
    const db = await freshDatabase('demo_shared_users');
    dbs.push(db);
    const dir = packWithMoldovaNames();
    dirs.push(dir);
    const b = await restart(db, dir);
    expect((await cases(b)).map((c: any) => [c.case_number, c.pack_id])).toEqual([
      ['ZB-NORTH-2603-0001', 'ngo-moldova-names'],
      ['ZB-SOUTH-2603-0001', 'ngo-moldova-names'],
    ]);
    await login(b, 'caseworker');

    // The same database, now on ngo-lite: `coord` was the other pack's supervisor; it is ngo-lite's coordinator now.
    const a = await restart(db, NGO_LITE);
    const [coord] = await a.get(DataSource).query(`SELECT roles FROM users WHERE username = 'coord'`);
    expect(coord.roles).toEqual(['coordinator']);
    expect((await cases(a)).filter((c: any) => c.pack_id === 'ngo-lite')).toHaveLength(2);
    const list = await request(a.getHttpServer())
      .get('/api/cases')
      .set('authorization', await login(a, 'coord'));
    expect(list.status).toBe(200);
  });
});
