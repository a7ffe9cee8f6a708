/**
 * The adoption-matching plugin through the real API and PostgreSQL, in a copy of the Moldova pack
 * that enables it as README.md describes (role adoption_panel, demo user `panel`).
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { casesClient } from '../../test/support/cases-client';
import { REPO_ROOT, startTestApp, type TestApp } from '../../test/support/app';
import { addPanelUser, enablePlugin, grantRoles, MOLDOVA_SETTINGS, PLUGINS } from './testing/moldova';

async function editJson(file: string, edit: (json: any) => void): Promise<void> {
  const json = JSON.parse(await fs.readFile(file, 'utf8'));
  edit(json);
  await fs.writeFile(file, JSON.stringify(json, null, 2));
}

/** sops/moldova with the plugin enabled as README.md says (and refer for adoption also from the initial assessment, to keep the journey short). */
async function moldovaWithAdoption(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adoption-pack-'));
  await fs.cp(path.join(REPO_ROOT, 'sops/moldova'), dir, { recursive: true });
  await editJson(path.join(dir, 'pack.json'), (pack) => {
    pack.formsDir = path.join(REPO_ROOT, 'forms');
    enablePlugin(pack, { ...MOLDOVA_SETTINGS, fromSteps: ['initial_assessment', ...MOLDOVA_SETTINGS.fromSteps] });
  });
  await editJson(path.join(dir, 'roles.json'), grantRoles);
  await editJson(path.join(dir, 'demo-users.json'), addPanelUser);
  return dir;
}

const CHILD = { first_name: 'Doina', last_name: 'Ciobanu', sex: 'female', date_of_birth: '2016-06-01', consent_status: 'given', assent_status: 'given' };
const PROFILE = { sibling_group_size: 1, special_needs: ['trauma_support'], languages: ['ro'] };
const family = (name: string, over: Record<string, unknown> = {}) => ({
  family_name: name,
  contact: '+373 600 00 000',
  adults: 2,
  languages: ['ro', 'ru'],
  accepted_age_min: 5,
  accepted_age_max: 12,
  max_sibling_group: 2,
  special_needs: ['trauma_support'],
  location_code: 'CH01',
  ...over,
});

describe('adoption-matching plugin (Moldova)', () => {
  let t: TestApp;
  let c: ReturnType<typeof casesClient>;
  let packDir: string;
  const url = (p: string) => `/api/plugins/adoption-matching${p}`;
  const get = async (user: string, p: string) => t.http.get(url(p)).set(await c.as(user));
  const post = async (user: string, p: string, body: object) =>
    t.http
      .post(url(p))
      .set(await c.as(user))
      .send(body);
  const families: Record<string, string> = {};

  async function childAtAdoption(user = 'caseworker'): Promise<string> {
    const res = await c.register(user, 'child_protection', CHILD);
    expect(res.status).toBe(201);
    expect((await c.transition(user, res.body.id, 'start_assessment')).status).toBe(200);
    expect((await c.transition(user, res.body.id, 'refer_for_adoption')).status).toBe(200);
    return res.body.id;
  }

  beforeAll(async () => {
    packDir = await moldovaWithAdoption();
    t = await startTestApp('adoption_matching', { sopDir: packDir, plugins: PLUGINS });
    c = casesClient(t);
  });
  afterAll(async () => {
    await t?.close();
    await fs.rm(packDir, { recursive: true, force: true });
  });

  it('registers families (pending), decided by another user; rejecting needs a reason', async () => {
    for (const [key, answers] of Object.entries({
      near: family('Family Near'),
      codru: family('Family Codru', { location_code: 'CH02' }),
      young: family('Family Young', { accepted_age_min: 0, accepted_age_max: 4 }),
      strașeni: family('Family Strășeni', { location_code: 'ST01', languages: ['ru'] }),
      refused: family('Family Refused'),
    })) {
      const res = await post('caseworker', '/families', { answers });
      expect([key, res.status, res.body.status]).toEqual([key, 201, 'pending']);
      families[key] = res.body.id;
    }
    // The form offers the pack's places by name: a code that is not one is refused by the form itself, before the plugin's checks.
    const nowhere = await post('caseworker', '/families', { answers: family('Nowhere', { location_code: 'XX99' }) });
    expect([nowhere.status, nowhere.body.errors]).toEqual([
      400,
      [{ path: '/location_code', message: expect.stringMatching(/^must be one of: MD, CH, CH01, /) }],
    ]);
    const bad = await post('caseworker', '/families', { answers: family('Bad', { accepted_age_min: 10, accepted_age_max: 3 }) });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.path)).toEqual(['/accepted_age_max']);

    expect((await post('caseworker', `/families/${families.near}/decision`, { decision: 'approve' })).body.code).toBe('plugin_permission_denied');
    const own = await post('supervisor', '/families', { answers: family('Own') });
    expect((await post('supervisor', `/families/${own.body.id}/decision`, { decision: 'approve' })).body.code).toBe('adoption_own_registration');
    for (const key of ['near', 'codru', 'young', 'strașeni']) {
      expect((await post('supervisor', `/families/${families[key]}/decision`, { decision: 'approve' })).body.status).toBe('approved');
    }
    expect((await post('supervisor', `/families/${families.refused}/decision`, { decision: 'reject' })).status).toBe(400);
    const rejected = await post('supervisor', `/families/${families.refused}/decision`, { decision: 'reject', reason: 'Assessment not passed' });
    expect(rejected.body).toMatchObject({ status: 'rejected', decisionReason: 'Assessment not passed' });
    expect((await post('supervisor', `/families/${families.near}/decision`, { decision: 'reject', reason: 'x' })).body.code).toBe(
      'adoption_family_already_decided',
    );

    // Resubmitted after the rejection: pending again; whoever changed it cannot approve it.
    const put = async (user: string, id: string, answers: object) =>
      t.http
        .put(url(`/families/${id}`))
        .set(await c.as(user))
        .send({ answers });
    const resubmitted = await put('supervisor_st', families.refused, family('Family Refused', { adults: 1 }));
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body).toMatchObject({ status: 'pending', decisionReason: null });
    expect((await post('supervisor_st', `/families/${families.refused}/decision`, { decision: 'approve' })).body.code).toBe('adoption_own_registration');
    expect((await put('panel', families.refused, family('X'))).status).toBe(403);

    const approved = await get('panel', '/families?status=approved');
    expect(approved.status).toBe(200);
    expect(approved.body.total).toBe(4);
    expect((await get('panel', '/families?status=maybe')).status).toBe(400);
    expect((await get('police', '/families')).status).toBe(403);
  });

  it('ranks approved families for a child at the adoption step, explaining each criterion', async () => {
    const res = await c.register('caseworker', 'child_protection', CHILD);
    const caseId = res.body.id;
    expect((await c.transition('caseworker', caseId, 'start_assessment')).status).toBe(200);
    expect((await get('caseworker', `/cases/${caseId}/proposals`)).body.code).toBe('adoption_not_at_adoption_step');
    expect((await c.transition('caseworker', caseId, 'refer_for_adoption')).status).toBe(200);
    expect((await get('caseworker', `/cases/${caseId}/proposals`)).body.code).toBe('adoption_child_profile_missing');
    expect((await c.fill('caseworker', caseId, 'adoption_matching_child_profile', PROFILE)).status).toBe(200);

    const ranked = await get('caseworker', `/cases/${caseId}/proposals`);
    expect(ranked.status).toBe(200);
    expect(ranked.body.child).toMatchObject({ ageYears: 9, siblingGroupSize: 1, locationCode: 'CH01' });
    expect(ranked.body.proposals.map((p: any) => [p.familyName, p.score, p.meetsAll])).toEqual([
      ['Family Near', 100, true],
      ['Family Codru', 96, true],
      ['Family Strășeni', 80, true],
      ['Family Young', 70, false],
    ]);
    const young = ranked.body.proposals[3];
    expect(young.unmet).toEqual(['age']);
    expect(young.criteria[0]).toMatchObject({
      id: 'age',
      childValue: 9,
      points: 0,
      weighted: 0,
      explanation: 'The child is 9 years old; the family accepts children aged 0 to 4 (the child is older).',
    });

    // In the reader's language (?locale=), with the same score.
    const ro = await get('caseworker', `/cases/${caseId}/proposals?locale=ro`);
    expect(ro.body.proposals[3].criteria[0]).toMatchObject({
      id: 'age',
      code: 'age_older',
      explanation: 'Copilul are 9 ani; familia primește copii cu vârsta între 0 și 4 ani (copilul este mai mare).',
    });
    expect(ro.body.proposals[3].score).toBe(70);

    // Someone who may not read the case gets nothing of it.
    expect((await get('caseworker2', `/cases/${caseId}/proposals`)).status).toBe(404);
  });

  it('a proposal notifies the panel; the panel approves one match per child, which withdraws the others', async () => {
    const caseId = await childAtAdoption();
    expect((await c.fill('caseworker', caseId, 'adoption_matching_child_profile', PROFILE)).status).toBe(200);
    const first = await post('caseworker', `/cases/${caseId}/matches`, { familyId: families.near, note: 'Met twice, good rapport' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'proposed', score: 100, meetsAll: true, ownProposal: true, notified: 1 });
    expect((await post('caseworker', `/cases/${caseId}/matches`, { familyId: families.near })).body.code).toBe('adoption_match_duplicate');
    expect((await post('caseworker', `/cases/${caseId}/matches`, { familyId: families.refused })).body.code).toBe('adoption_family_not_approved');
    const second = await post('caseworker', `/cases/${caseId}/matches`, { familyId: families.codru });
    expect(second.status).toBe(201);

    const caseNumber = (await c.get('caseworker', caseId)).body.caseNumber;
    const inbox = JSON.stringify((await t.http.get('/api/me/notifications').set(await c.as('panel'))).body);
    expect(inbox).toContain(caseNumber);
    expect(inbox).not.toMatch(/Family Near|Doina|Ciobanu/);

    expect((await post('caseworker', `/matches/${first.body.id}/decision`, { decision: 'approve' })).status).toBe(403);
    expect((await post('panel', `/matches/${first.body.id}/decision`, { decision: 'reject' })).status).toBe(400);
    const approved = await post('panel', `/matches/${first.body.id}/decision`, { decision: 'approve', reason: 'Best interests of the child' });
    expect(approved.status).toBe(201);
    expect(approved.body).toMatchObject({ status: 'approved', withdrawnMatchIds: [second.body.id] });
    expect((await post('panel', `/matches/${second.body.id}/decision`, { decision: 'approve' })).body.code).toBe('adoption_match_not_open');
    expect((await post('caseworker', `/cases/${caseId}/matches`, { familyId: families.strașeni })).body.code).toBe('adoption_match_conflict');

    const list = await get('panel', `/cases/${caseId}/matches`);
    expect(list.body.approvedMatchId).toBe(first.body.id);
    // The stored explanations are written in the panel member's language; a match stored before the codes keeps its English.
    const fr = await get('panel', `/cases/${caseId}/matches?locale=fr`);
    const near = fr.body.matches.find((m: any) => m.id === first.body.id);
    expect(near.criteria.find((k: any) => k.id === 'siblings').explanation).toBe(
      "L'enfant doit être placé seul ; la famille accueille au plus 2 enfants ensemble.",
    );
    const pg = new Client({ connectionString: t.db.url });
    await pg.connect();
    try {
      await pg.query(
        `UPDATE plugin_adoption_matching.matches SET criteria = (SELECT jsonb_agg(k - 'code' - 'params') FROM jsonb_array_elements(criteria) k) WHERE id = $1`,
        [first.body.id],
      );
    } finally {
      await pg.end();
    }
    const old = (await get('panel', `/cases/${caseId}/matches?locale=fr`)).body.matches.find((m: any) => m.id === first.body.id);
    expect(old.criteria.find((k: any) => k.id === 'siblings').explanation).toMatch(/^The child is to be placed alone;/);
    expect(list.body.matches.map((m: any) => [m.family.name, m.status, m.withdrawnReason])).toEqual(
      expect.arrayContaining([
        ['Family Near', 'approved', null],
        ['Family Codru', 'withdrawn', 'another_match_approved'],
      ]),
    );
    const timeline = JSON.stringify((await c.timeline('caseworker', caseId)).body);
    expect(timeline).toContain('adoption-matching.match_approved');

    expect((await c.transition('caseworker', caseId, 'complete_adoption')).status).toBe(200);
    expect((await c.get('caseworker', caseId)).body.step).toBe('adopted');
  });

  it('refuses to complete an adoption without an approved match; leaving adoption withdraws the proposals', async () => {
    const caseId = await childAtAdoption();
    expect((await c.fill('caseworker', caseId, 'adoption_matching_child_profile', PROFILE)).status).toBe(200);
    const proposed = await post('caseworker', `/cases/${caseId}/matches`, { familyId: families.near });
    expect(proposed.status).toBe(201);
    // The fragment's guard reads the plugin's fact: a proposed match is not an approved one.
    const offered = (await c.transitions('caseworker', caseId)).body.find((o: any) => o.id === 'complete_adoption');
    expect(offered).toMatchObject({ available: false, reasons: [{ code: 'guard_failed', message: expect.stringContaining('has not approved a match') }] });
    const refused = await c.transition('caseworker', caseId, 'complete_adoption');
    expect([refused.status, refused.body.code]).toEqual([409, 'transition_blocked']);
    expect(refused.body.detail).toContain('the panel has not approved a match for this child');
    expect((await c.get('caseworker', caseId)).body.step).toBe('adoption');

    expect((await c.transition('caseworker', caseId, 'leave_adoption')).status).toBe(200);
    const list = await get('caseworker', `/cases/${caseId}/matches`);
    expect(list.body.matches.map((m: any) => [m.status, m.withdrawnReason])).toEqual([['withdrawn', 'case_left_adoption']]);
    // Out of the adoption step, the panel no longer sees the case.
    expect((await post('panel', `/matches/${proposed.body.id}/decision`, { decision: 'approve' })).status).toBe(404);
  });

  it('keeps family names and reasons out of the audit details', async () => {
    const pg = new Client({ connectionString: t.db.url });
    await pg.connect();
    try {
      const rows = await pg.query(`SELECT action, details::text AS details FROM audit_log WHERE action LIKE 'adoption-matching.%'`);
      expect(rows.rows.length).toBeGreaterThan(10);
      for (const r of rows.rows) {
        expect([r.action, r.details]).not.toEqual([r.action, expect.stringMatching(/Family |Assessment not passed|Best interests|rapport/)]);
      }
    } finally {
      await pg.end();
    }
  });
});
