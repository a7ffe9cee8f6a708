import { promises as fs } from 'node:fs';
import { Client } from 'pg';
import * as os from 'node:os';
import * as path from 'node:path';
import { PluginJobs } from '@app/plugin-host';
import { REPO_ROOT, startTestApp, type TestApp } from '../../test/support/app';
import { casesClient } from '../../test/support/cases-client';
import { INSTALLED_PLUGINS } from '../index';
import { familyTracingPlugin } from './index';

async function editJson(file: string, edit: (json: any) => void): Promise<void> {
  const json = JSON.parse(await fs.readFile(file, 'utf8'));
  edit(json);
  await fs.writeFile(file, JSON.stringify(json, null, 2));
}

/** The Moldova pack (with whatever other plugins it enables) and family-tracing enabled as README.md proposes. */
async function moldovaWithTracing(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'family-tracing-pack-'));
  await fs.cp(path.join(REPO_ROOT, 'sops/moldova'), dir, { recursive: true });
  await editJson(path.join(dir, 'pack.json'), (pack) => {
    pack.formsDir = path.join(REPO_ROOT, 'forms');
    pack.plugins = [
      ...(pack.plugins ?? []).filter((p: any) => p.id !== 'family-tracing'),
      {
        id: 'family-tracing',
        settings: {
          caseTypes: ['child_protection'],
          consentPurpose: 'tracing',
          locationLevels: ['country', 'district', 'community'],
          notifyRoles: ['caseworker'],
        },
      },
    ];
  });
  await editJson(path.join(dir, 'roles.json'), (roles) => {
    const role = (id: string) => roles.roles.find((r: any) => r.id === id);
    const rules = (id: string) => {
      const r = role(id);
      r.rules = (r.rules ?? []).filter((x: any) => !['tracing_request', 'tracing_match'].includes(x.subject));
      return r.rules;
    };
    rules('caseworker').push(
      { action: ['read', 'record'], subject: 'tracing_request' },
      { action: 'read', subject: 'tracing_match', conditions: { agency: '$user.agency', location: '$user.location' } },
      { action: 'decide', subject: 'tracing_match', conditions: { team: '$user.team', caseType: 'child_protection' } },
    );
    rules('supervisor').push(
      { action: 'read', subject: 'tracing_request' },
      { action: 'read', subject: 'tracing_match', conditions: { agency: '$user.agency' } },
    );
  });
  return dir;
}

describe('family-tracing plugin on the Moldova pack', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  let packDir: string;
  let ion: string;
  let ionNoConsent: string;
  let requestId: string;
  const t0 = new Date('2026-03-02T08:00:00Z');
  const as = async (user: string) => ({ Authorization: await t.login(user) });
  const url = (p: string) => `/api/plugins/family-tracing${p}`;
  const request = {
    requester_name: 'Ana Ciobanu',
    relationship: 'mother',
    requester_phone: '+373 69 123456',
    child_first_name: 'Ioan',
    child_last_name: 'Ciobanou',
    child_sex: 'male',
    child_age_years: 9,
    last_seen_location: 'CH01',
    separation_date: '2025-11-20',
    circumstances: 'Lost contact after a move',
  };

  const sql = async (text: string, params: unknown[] = []) => {
    const client = new Client({ connectionString: t.db.url });
    await client.connect();
    try {
      return (await client.query(text, params)).rows;
    } finally {
      await client.end();
    }
  };
  const register = async (first: string, last: string, sex: string, dob: string) => {
    const reg = await api.register('caseworker', 'child_protection', {
      first_name: first,
      last_name: last,
      sex,
      date_of_birth: dob,
      consent_status: 'given',
      assent_status: 'given',
    });
    expect(reg.status).toBe(201);
    return reg.body.id as string;
  };
  const consent = async (caseId: string, decision: string) => {
    const res = await t.http
      .post(`/api/cases/${caseId}/consents`)
      .set(await as('caseworker'))
      .send({ purpose: 'tracing', decision, givenBy: 'parent', method: 'written' });
    expect(res.status).toBe(201);
  };

  beforeAll(async () => {
    packDir = await moldovaWithTracing();
    t = await startTestApp('family_tracing', {
      sopDir: packDir,
      start: t0,
      plugins: [...INSTALLED_PLUGINS.filter((p) => p.id !== familyTracingPlugin.id), familyTracingPlugin],
    });
    api = casesClient(t);
    ion = await register('Ion', 'Ciobanu', 'male', '2016-04-01');
    ionNoConsent = await register('Ion', 'Ciobanu', 'male', '2016-09-15');
    await register('Ioana', 'Ciobanu', 'female', '2016-04-01');
    await consent(ion, 'granted');
  });
  afterAll(async () => {
    await t?.close();
    if (packDir) await fs.rm(packDir, { recursive: true, force: true });
  });

  it("refuses a request without the relative's consent, or with answers that do not hold", async () => {
    const noConsent = await t.http
      .post(url('/requests'))
      .set(await as('caseworker2'))
      .send({ answers: request, requester_consent: false });
    expect([noConsent.status, noConsent.body.code]).toEqual([400, 'requester_consent_required']);
    const badPlace = await t.http
      .post(url('/requests'))
      .set(await as('caseworker2'))
      .send({ answers: { ...request, last_seen_location: 'XX99' }, requester_consent: true });
    expect([badPlace.status, badPlace.body.code]).toEqual([400, 'validation_failed']);
    const noAge = await t.http
      .post(url('/requests'))
      .set(await as('caseworker2'))
      .send({ answers: { ...request, child_age_years: undefined }, requester_consent: true });
    expect([noAge.status, noAge.body.errors?.[0]?.path]).toEqual([400, '/child_age_years']);
  });

  it('a caseworker in Strășeni records a request; the Chișinău child is proposed but not shown to them', async () => {
    const res = await t.http
      .post(url('/requests'))
      .set(await as('caseworker2'))
      .send({ answers: request, requester_consent: true });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'open', reference: expect.stringMatching(/^FT-2026-\d{6}$/), visibleCandidates: 0 });
    expect(res.body.answers.requester_phone).toBe('+373 69 123456');
    requestId = res.body.id;
    const matches = await t.http.get(url(`/requests/${requestId}/matches`)).set(await as('caseworker2'));
    expect([matches.status, matches.body.total, matches.body.candidates]).toEqual([200, 0, []]);
    // The consented child's caseworkers are told (notifyRoles); nothing about the child without consent.
    const inbox = (await t.http.get('/api/me/notifications').set(await as('caseworker'))).body as any[];
    const notices = inbox.filter((m) => m.kind === 'plugin.family-tracing');
    expect(notices.map((m) => m.caseId)).toEqual([ion]);
    expect(JSON.stringify(notices)).not.toMatch(/Ana|Ioan|Ciobanou/);
  });

  it("the child's caseworker sees the request through the candidate, only the consented child, with the reasons", async () => {
    const list = await t.http.get(url('/requests')).set(await as('caseworker'));
    expect(list.status).toBe(200);
    const seen = list.body.requests.find((r: any) => r.id === requestId);
    expect(seen).toMatchObject({ soughtName: 'Ioan Ciobanou', status: 'open' });
    expect(seen.answers.requester_phone).toBeUndefined();

    const one = await t.http.get(url(`/requests/${requestId}`)).set(await as('caseworker'));
    expect(one.status).toBe(200);
    expect(one.body.answers.requester_name).toBeUndefined();

    const matches = await t.http.get(url(`/requests/${requestId}/matches`)).set(await as('caseworker'));
    expect(matches.status).toBe(200);
    expect(matches.body.total).toBe(1);
    const [candidate] = matches.body.candidates;
    expect(candidate).toMatchObject({ caseId: ion, childName: 'Ion Ciobanu', status: 'proposed' });
    expect(candidate.caseId).not.toBe(ionNoConsent);
    expect(candidate.score).toBeGreaterThan(0.6);
    expect(candidate.reasons.map((r: any) => r.detail)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^name "Ioan Ciobanou" is \d+% similar to "Ion Ciobanu"$/),
        'same phonetic key',
        'same age (9 years)',
        'last seen in the same community (Bubuieci)',
      ]),
    );
  });

  it("the reasons are written in the reader's language; reasons stored before codes show their English wording", async () => {
    const ro = await t.http.get(url(`/requests/${requestId}/matches?locale=ro`)).set(await as('caseworker'));
    expect(ro.status).toBe(200);
    const details = ro.body.candidates[0].reasons.map((r: any) => r.detail.replace(/[\u00a0\u202f]/g, ' '));
    expect(details).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^numele „Ioan Ciobanou” seamănă în proporție de \d+ % cu „Ion Ciobanu”$/),
        'aceeași cheie fonetică',
        'aceeași vârstă (9 ani)',
        expect.stringMatching(/^văzut ultima dată în același loc \(comunitate: .+\)$/),
      ]),
    );
    await sql(`UPDATE plugin_family_tracing.matches SET reasons = (SELECT jsonb_agg(r - 'code' - 'params') FROM jsonb_array_elements(reasons) r)`);
    const old = await t.http.get(url(`/requests/${requestId}/matches?locale=ro`)).set(await as('caseworker'));
    expect(old.body.candidates[0].reasons.map((r: any) => r.detail)).toContain('same phonetic key');
  });

  it('a caseworker of another agency cannot see the request at all', async () => {
    const res = await t.http.get(url(`/requests/${requestId}`)).set(await as('ngo_worker'));
    expect([res.status, res.body.code]).toEqual([404, 'request_not_found']);
  });

  it('the caseworker confirms the match: the request is matched, the timeline and the audit say so', async () => {
    const { body } = await t.http.get(url(`/requests/${requestId}/matches`)).set(await as('caseworker'));
    const matchId = body.candidates[0].id;
    const bad = await t.http
      .post(url(`/matches/${matchId}/decision`))
      .set(await as('caseworker'))
      .send({ decision: 'maybe', reason: 'not sure' });
    expect(bad.status).toBe(400);
    const ok = await t.http
      .post(url(`/matches/${matchId}/decision`))
      .set(await as('caseworker'))
      .send({ decision: 'confirm', reason: 'The mother recognised the photo and the birthmark' });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ request: { status: 'matched' }, match: { status: 'confirmed' } });
    const again = await t.http
      .post(url(`/matches/${matchId}/decision`))
      .set(await as('caseworker'))
      .send({ decision: 'reject', reason: 'changed my mind' });
    expect([again.status, again.body.code]).toEqual([409, 'match_already_decided']);

    const timeline = await api.timeline('caseworker', ion);
    expect(JSON.stringify(timeline.body)).toContain('family-tracing.match_confirmed');
    const audited = await sql(`SELECT case_id::text AS case_id, details FROM audit_log WHERE action = 'family-tracing.match_confirmed'`);
    expect(audited).toEqual([{ case_id: ion, details: expect.objectContaining({ requestId, matchId }) }]);
    expect(JSON.stringify(audited)).not.toMatch(/Ana|birthmark|\+373/);

    const owner = await t.http.get(url(`/requests/${requestId}`)).set(await as('caseworker2'));
    expect(owner.body).toMatchObject({ status: 'matched', matchedCaseId: null });
    expect(owner.body.answers.requester_name).toBe('Ana Ciobanu');
    // The confirmed child's caseworker now gets the family's contact details to arrange the reunification.
    const childSide = await t.http.get(url(`/requests/${requestId}`)).set(await as('caseworker'));
    expect(childSide.body).toMatchObject({ matchedCaseId: ion, answers: { requester_phone: '+373 69 123456' } });
  });

  it('the hourly job proposes children registered after the request', async () => {
    const res = await t.http
      .post(url('/requests'))
      .set(await as('caseworker2'))
      .send({
        answers: { ...request, child_first_name: 'Mihaela', child_last_name: 'Russu', child_sex: 'female', child_age_years: 7 },
        requester_consent: true,
      });
    expect(res.status).toBe(201);
    const id = res.body.id;
    const mihaela = await register('Mihaela', 'Rusu', 'female', '2018-06-01');
    await consent(mihaela, 'granted');
    t.clock.advance(61 * 60_000);
    await t.app.get(PluginJobs).runDue();
    const matches = await t.http.get(url(`/requests/${id}/matches`)).set(await as('caseworker'));
    expect(matches.body.candidates.map((c: any) => c.caseId)).toEqual([mihaela]);
  });

  it('the recording agency closes an open request; others may not', async () => {
    const res = await t.http
      .post(url('/requests'))
      .set(await as('caseworker2'))
      .send({ answers: { ...request, child_first_name: 'Petru', child_last_name: 'Lungu' }, requester_consent: true });
    const denied = await t.http
      .post(url(`/requests/${res.body.id}/close`))
      .set(await as('caseworker'))
      .send({ reason: 'not mine' });
    expect(denied.status).toBe(404);
    const closed = await t.http
      .post(url(`/requests/${res.body.id}/close`))
      .set(await as('caseworker2'))
      .send({ reason: 'The family found the child' });
    expect([closed.status, closed.body.status]).toEqual([201, 'closed']);
    const twice = await t.http
      .post(url(`/requests/${res.body.id}/close`))
      .set(await as('caseworker2'))
      .send({ reason: 'again' });
    expect([twice.status, twice.body.code, twice.body.requestStatus]).toEqual([409, 'request_not_open', 'closed']);
  });

  it("a correction of the child's name or birth date on the registration form reaches the index", async () => {
    const id = await register('Petru', 'Rotaru', 'male', '2015-02-03');
    const indexed = async () => (await sql('SELECT full_name, date_of_birth::text AS dob FROM plugin_family_tracing.children WHERE case_id = $1', [id]))[0];
    expect(await indexed()).toEqual({ full_name: 'Petru Rotaru', dob: '2015-02-03' });
    const current = await t.http.get(`/api/cases/${id}`).set(await as('caseworker'));
    const corrected = await t.http
      .put(`/api/cases/${id}/forms/registration`)
      .set(await as('caseworker'))
      .set('If-Match', `"${current.body.version}"`)
      .send({
        answers: { first_name: 'Petru', last_name: 'Rotari', sex: 'male', date_of_birth: '2015-03-02', consent_status: 'given', assent_status: 'given' },
      });
    expect(corrected.status).toBe(200);
    expect(await indexed()).toEqual({ full_name: 'Petru Rotari', dob: '2015-03-02' });
  });

  it('the pre-filter is served by the trigram and phonetic GIN indexes', async () => {
    const client = new Client({ connectionString: t.db.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL search_path TO plugin_family_tracing, public');
      await client.query('SET LOCAL enable_seqscan = off');
      const plan = await client.query(
        `EXPLAIN SELECT case_id FROM children c
          WHERE ((c.name_norm % $1 AND similarity(c.name_norm, $1) >= 0.3) OR c.phonetic_keys && $2::text[])`,
        ['ioan ciobanou', ['IN', 'XBN']],
      );
      const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(text).toContain('children_name_trgm_idx');
      expect(text).toContain('children_phonetic_idx');
      await client.query('ROLLBACK');
    } finally {
      await client.end();
    }
  });
});
