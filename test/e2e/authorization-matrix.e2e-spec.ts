import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { REPO_ROOT, startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';
import { OracleCase, OracleUser, PackOracle } from '../support/pack-oracle';

/**
 * The authorization matrix, generated from the reference pack: every demo user (every role) x the case
 * endpoints x representative cases (mine, my team's, another district's, another agency's, a police
 * notification, a case shared with specialists) x every form's fields. Each response must match what
 * an independent reading of roles.json allows: nothing more, nothing less.
 */
const PACK = path.join(REPO_ROOT, 'sops/moldova');
const oracle = new PackOracle(PACK);
const USERS: string[] = JSON.parse(fs.readFileSync(path.join(PACK, 'demo-users.json'), 'utf8')).users.map((u: any) => u.username);
const child = (first: string, last: string) => ({
  first_name: first,
  last_name: last,
  sex: 'female',
  date_of_birth: '2018-05-01',
  consent_status: 'given',
  assent_status: 'given',
  idnp: '2001234567890',
});

describe('authorization matrix (reference pack)', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  let ds: DataSource;
  const ids: Record<string, string> = {};
  const users = new Map<string, OracleUser>();
  const facts = new Map<string, OracleCase>();
  const answers = new Map<string, Record<string, string[]>>();

  beforeAll(async () => {
    t = await startTestApp('authz_matrix');
    api = casesClient(t);
    ds = t.app.get(DataSource);
    for (const u of USERS) {
      const me = await t.http.get('/api/auth/me').set(await api.as(u));
      expect(me.status).toBe(200);
      users.set(u, { id: me.body.id, roles: me.body.roles, teamId: me.body.teamId, agencyId: me.body.agencyId, locationPath: me.body.locationPath });
    }
    const reg = async (user: string, type: string, a: Record<string, unknown>) => {
      const res = await api.register(user, type, a);
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    ids.notification = await reg('police', 'notification', {
      reporter_type: 'police',
      reporter_name: 'Sergiu B.',
      reporter_phone: '+37360000000',
      child_description: 'A girl of about 10',
      concern_types: ['neglect'],
      concern_description: 'Alone at home for days.',
      immediate_danger: false,
    });
    ids.mine = await reg('caseworker', 'child_protection', child('Ana', 'Mine'));
    ids.team = await reg('caseworker3', 'child_protection', child('Bianca', 'Team'));
    ids.otherDistrict = await reg('caseworker2', 'child_protection', child('Carla', 'Straseni'));
    ids.otherAgency = await reg('ngo_worker', 'child_protection', child('Dana', 'Ngo'));

    // The shared case: assessed, consent recorded, shared with the specialists, who fill their forms.
    expect((await api.transition('caseworker', ids.mine, 'start_assessment')).status).toBe(200);
    expect(
      (
        await api.fill('caseworker', ids.mine, 'initial_assessment', {
          assessment_date: '2026-03-02',
          risk_level: 'medium',
          summary: 'Neglect; mother cooperative.',
        })
      ).status,
    ).toBe(200);
    const consent = await t.http
      .post(`/api/cases/${ids.mine}/consents`)
      .set(await api.as('caseworker'))
      .send({ purpose: 'data_sharing', decision: 'granted', givenBy: 'parent', method: 'written' });
    expect(consent.status).toBe(201);
    for (const specialist of ['doctor', 'teacher', 'psychologist']) {
      const share = await t.http
        .post(`/api/cases/${ids.mine}/shares`)
        .set(await api.as('caseworker'))
        .send({ userId: users.get(specialist)!.id, reason: 'specialised assessment' });
      expect(share.status).toBe(201);
    }
    expect((await api.transition('caseworker', ids.mine, 'start_specialised_assessments')).status).toBe(200);
    expect(
      (
        await api.fill('doctor', ids.mine, 'health_assessment', {
          examination_date: '2026-03-03',
          physical_injuries: 'bruises',
          sexual_abuse_findings: 'SENSITIVE-FINDING',
          medical_needs: 'follow-up',
        })
      ).status,
    ).toBe(200);
    expect((await api.fill('teacher', ids.mine, 'education_assessment', { school_enrolled: true, school_name: 'Gimnaziul 1' })).status).toBe(200);
    expect(
      (await api.fill('psychologist', ids.mine, 'psychosocial_assessment', { session_date: '2026-03-04', trauma_indicators: 'SENSITIVE-TRAUMA' })).status,
    ).toBe(200);

    // Ground truth for the oracle straight from the database.
    for (const [key, id] of Object.entries(ids)) {
      const [row] = await ds.query(`SELECT case_type, step, status, created_by, assigned_to, team_id, agency_id, location_path FROM cases WHERE id = $1`, [id]);
      const grants = await ds.query(`SELECT user_id FROM case_access_grants WHERE case_id = $1 AND kind = 'share' AND revoked_at IS NULL`, [id]);
      facts.set(key, {
        caseType: row.case_type,
        step: row.step,
        status: row.status,
        createdBy: row.created_by,
        assignedTo: row.assigned_to,
        teamId: row.team_id,
        agencyId: row.agency_id,
        locationPath: row.location_path,
        sharedWith: grants.map((g: any) => g.user_id),
        breakGlass: [],
      });
      const subs = await ds.query(`SELECT form_id, answers FROM form_submissions WHERE case_id = $1`, [id]);
      answers.set(key, Object.fromEntries(subs.map((s: any) => [s.form_id, Object.keys(s.answers)])));
    }
  }, 120_000);
  afterAll(async () => t?.close());

  const nameVisible = (u: OracleUser, c: OracleCase) =>
    c.caseType === 'child_protection' && ['first_name', 'last_name'].every((f) => oracle.fields(u, 'read', 'registration', c).includes(f));

  it.each(USERS)(
    '%s: GET case, timeline, consents, audit trail and every form schema match the pack',
    async (username) => {
      const u = users.get(username)!;
      const auth = await api.as(username);
      for (const [key, id] of Object.entries(ids)) {
        const c = facts.get(key)!;
        const canRead = oracle.can(u, 'read', 'case', c);
        const label = `${username} on ${key}`;

        const res = await t.http.get(`/api/cases/${id}`).set(auth);
        expect([label, res.status]).toEqual([label, canRead ? 200 : 404]);
        if (canRead) {
          for (const [formId, stored] of Object.entries(answers.get(key)!)) {
            const expected = oracle
              .fields(u, 'read', formId, c)
              .filter((f) => stored.includes(f))
              .sort();
            const got = (res.body.forms[formId] ?? []).flatMap((e: any) => Object.keys(e.answers)).sort();
            expect([label, formId, got]).toEqual([label, formId, expected]);
          }
          expect([label, res.body.displayName !== null]).toEqual([label, nameVisible(u, c)]);
        }

        const timeline = await t.http.get(`/api/cases/${id}/timeline`).set(auth);
        expect([label, 'timeline', timeline.status]).toEqual([label, 'timeline', canRead ? 200 : 404]);

        const consents = await t.http.get(`/api/cases/${id}/consents`).set(auth);
        const consentStatus = !canRead ? 404 : oracle.can(u, 'read', 'consent', c) ? 200 : 403;
        expect([label, 'consents', consents.status]).toEqual([label, 'consents', consentStatus]);

        const trail = await t.http.get(`/api/cases/${id}/audit`).set(auth);
        const trailStatus = oracle.can(u, 'read', 'audit', c) ? 200 : canRead ? 403 : 404;
        expect([label, 'audit', trail.status]).toEqual([label, 'audit', trailStatus]);

        for (const formId of Object.keys(oracle.formFields)) {
          const schema = await t.http.get(`/api/cases/${id}/forms/${formId}/schema`).set(auth);
          const readable = oracle.fields(u, 'read', formId, c);
          const fillable = oracle.fields(u, 'fill', formId, c);
          const expectedStatus = !canRead ? 404 : readable.length === 0 ? 403 : 200;
          expect([label, formId, schema.status]).toEqual([label, formId, expectedStatus]);
          if (schema.status === 200) {
            expect([label, formId, Object.keys(schema.body.schema.properties)]).toEqual([label, formId, readable]);
            const readOnly = Object.entries<any>(schema.body.schema.properties)
              .filter(([, s]) => s.readOnly)
              .map(([k]) => k);
            expect([label, formId, readOnly]).toEqual([label, formId, readable.filter((f) => !fillable.includes(f))]);
          }
        }
      }
    },
    120_000,
  );

  it.each(USERS)('%s: the case list and name search are filtered in SQL by the same rules', async (username) => {
    const u = users.get(username)!;
    const auth = await api.as(username);
    const res = await t.http.get('/api/cases?pageSize=100').set(auth);
    expect(res.status).toBe(200);
    const expected = Object.entries(ids)
      .filter(([k]) => oracle.can(u, 'read', 'case', facts.get(k)!))
      .map(([, id]) => id)
      .sort();
    const got = res.body.items
      .map((i: any) => i.id)
      .filter((id: string) => Object.values(ids).includes(id))
      .sort();
    expect(got).toEqual(expected);
    expect(res.body.total).toBe(res.body.items.length); // no case outside the rules is counted
    for (const item of res.body.items) {
      const key = Object.entries(ids).find(([, id]) => id === item.id)![0];
      expect([username, key, item.displayName !== null]).toEqual([username, key, nameVisible(u, facts.get(key)!)]);
    }
    // Searching by a name finds the case only where the name itself may be read.
    const search = await t.http.get('/api/cases?q=mine').set(auth);
    const found = search.body.items.map((i: any) => i.id);
    expect([username, found.includes(ids.mine)]).toEqual([username, nameVisible(u, facts.get('mine')!)]);
  });

  it('sensitive answers reach only the roles that name them', async () => {
    const seen = [];
    for (const username of USERS) {
      const res = await t.http.get(`/api/cases/${ids.mine}`).set(await api.as(username));
      if (JSON.stringify(res.body).includes('SENSITIVE-FINDING')) seen.push(username);
    }
    // gbv_specialist is also a caseworker of the team (the GBV role adds incident details only).
    expect(seen.sort()).toEqual(['caseworker', 'caseworker3', 'doctor', 'gbv_specialist', 'supervisor']);
  });
});
