/**
 * The gbv plugin through the real API and PostgreSQL, on the reference Moldova pack (which enables it:
 * role gbv_specialist is trained; caseworker and supervisor may only know that an incident exists).
 */
import { Client } from 'pg';
import { casesClient } from '../../test/support/cases-client';
import { startTestApp, type TestApp } from '../../test/support/app';

const CHILD = { first_name: 'Zinaida', last_name: 'Vrabiescu', sex: 'female', date_of_birth: '2011-04-09', consent_status: 'given', assent_status: 'given' };
const NARRATIVE = 'SECRET-NARRATIVE hit by the stepfather in the kitchen';
const INCIDENT = {
  incident_type: 'physical_assault',
  incident_date: '2026-02-20',
  incident_date_estimated: false,
  date_reported: '2026-03-01',
  time_of_day: 'evening_night',
  area: 'CH01',
  location_type: 'survivor_home',
  alleged_perpetrator_relationship: 'primary_caregiver',
  alleged_perpetrator_age_group: '41_60',
  previously_reported: false,
  narrative: NARRATIVE,
};
/** What someone without GBV training must never see of the incident. */
const SENSITIVE = [NARRATIVE, 'SECRET-NARRATIVE', 'primary_caregiver', 'physical_assault', '41_60', '2026-02-20', 'survivor_home'];

describe('gbv plugin (Moldova reference pack)', () => {
  let t: TestApp;
  let c: ReturnType<typeof casesClient>;
  let caseId: string;
  let caseNumber: string;
  let incidentId: string;
  const url = (p: string) => `/api/plugins/gbv${p}`;
  const get = async (user: string, p: string) => t.http.get(url(p)).set(await c.as(user));
  const post = async (user: string, p: string, body: object) =>
    t.http
      .post(url(p))
      .set(await c.as(user))
      .send(body);
  const sql = async (text: string, params: unknown[] = []) => {
    const pg = new Client({ connectionString: t.db.url });
    await pg.connect();
    try {
      return (await pg.query(text, params)).rows;
    } finally {
      await pg.end();
    }
  };
  const expectHidden = (body: unknown) => {
    const json = JSON.stringify(body);
    for (const s of SENSITIVE) expect([s, json.includes(s)]).toEqual([s, false]);
  };
  const consent = async (purpose: string, decision: string) =>
    post('gbv_specialist', `/incidents/${incidentId}/consents`, { purpose, decision, givenBy: 'survivor', method: 'written' });
  const refer = async (serviceType: string, providerName = 'Centrul Medical Botanica') =>
    post('gbv_specialist', `/incidents/${incidentId}/referrals`, { serviceType, providerName });

  beforeAll(async () => {
    t = await startTestApp('gbv_e2e');
    c = casesClient(t);
    const reg = await c.register('caseworker', 'child_protection', CHILD);
    expect(reg.status).toBe(201);
    caseId = reg.body.id;
    caseNumber = reg.body.caseNumber;
    expect(caseNumber).toEqual(expect.any(String));
  });
  afterAll(() => t?.close());

  it('refuses incident answers that do not hold (future date, report before the incident, unknown area, bad type)', async () => {
    // The area is one of the pack's places (the form offers them by name): any other code is refused by the form itself.
    const place = await post('gbv_specialist', `/cases/${caseId}/incidents`, { answers: { ...INCIDENT, area: 'XX99' } });
    expect([place.status, place.body.code]).toEqual([400, 'validation_failed']);
    expect(place.body.errors).toEqual([{ path: '/area', message: expect.stringMatching(/^must be one of: MD, CH, CH01, /) }]);
    const bad = await post('gbv_specialist', `/cases/${caseId}/incidents`, {
      answers: { ...INCIDENT, incident_date: '2026-03-01', date_reported: '2026-02-25' },
    });
    expect([bad.status, bad.body.code]).toEqual([400, 'validation_failed']);
    expect(bad.body.errors.map((e: any) => e.path)).toEqual(['/date_reported']);
    const future = await post('gbv_specialist', `/cases/${caseId}/incidents`, {
      answers: { ...INCIDENT, incident_date: '2026-04-01', date_reported: '2026-04-02' },
    });
    expect(future.status).toBe(400);
    const type = await post('gbv_specialist', `/cases/${caseId}/incidents`, { answers: { ...INCIDENT, incident_type: 'bullying' } });
    expect([type.status, type.body.code]).toEqual([400, 'validation_failed']);
    expect((await sql('SELECT count(*)::int AS n FROM plugin_gbv.incidents'))[0].n).toBe(0);
  });

  it('the GBV-trained specialist records an incident and sees it, in full and in lists', async () => {
    const res = await post('gbv_specialist', `/cases/${caseId}/incidents`, { answers: INCIDENT });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      caseId,
      caseNumber,
      status: 'open',
      referralCount: 0,
      detailsHidden: false,
      details: {
        incidentType: 'physical_assault',
        incidentDate: '2026-02-20',
        answers: { narrative: NARRATIVE, alleged_perpetrator_relationship: 'primary_caregiver' },
      },
    });
    incidentId = res.body.id;

    const list = await get('gbv_specialist', `/cases/${caseId}/incidents`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({
      id: incidentId,
      caseNumber,
      detailsHidden: false,
      details: { incidentType: 'physical_assault', incidentTypeLabel: expect.any(String), incidentDate: '2026-02-20' },
    });
    // A list shows a summary, not the narrative.
    expect(JSON.stringify(list.body)).not.toContain('SECRET-NARRATIVE');

    const one = await get('gbv_specialist', `/incidents/${incidentId}`);
    expect(one.status).toBe(200);
    expect(one.body.details).toMatchObject({ answers: { narrative: NARRATIVE }, referrals: [], consents: expect.any(Object) });
  });

  it('lists name no child: only the incident id and the case number', async () => {
    const all = await get('gbv_specialist', '/incidents');
    expect(all.status).toBe(200);
    expect(all.body.items.map((i: any) => [i.id, i.caseNumber])).toEqual([[incidentId, caseNumber]]);
    const json = JSON.stringify(all.body);
    for (const name of [CHILD.first_name, CHILD.last_name]) expect(json).not.toContain(name);
    const one = JSON.stringify((await get('gbv_specialist', `/incidents/${incidentId}`)).body);
    for (const name of [CHILD.first_name, CHILD.last_name]) expect(one).not.toContain(name);
  });

  it.each(['caseworker', 'caseworker3', 'supervisor'])('%s may know the incident exists, never what happened', async (user) => {
    for (const p of [`/cases/${caseId}/incidents`, '/incidents']) {
      const list = await get(user, p);
      expect([p, list.status]).toEqual([p, 200]);
      expect(list.body.items).toEqual([expect.objectContaining({ id: incidentId, caseNumber, details: null, detailsHidden: true })]);
      expectHidden(list.body);
    }
    const one = await get(user, `/incidents/${incidentId}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: incidentId, caseId, details: null, detailsHidden: true });
    expect(Object.keys(one.body).sort()).toEqual(['caseId', 'caseNumber', 'details', 'detailsHidden', 'id', 'recordedAt', 'referralCount', 'status']);
    expectHidden(one.body);
    // What the survivor consented to is a detail too.
    const consents = await get(user, `/incidents/${incidentId}/consents`);
    expect([consents.status, consents.body.code]).toEqual([403, 'gbv_training_required']);
    expectHidden(consents.body);
  });

  it('without training nothing is written: recording, consent and referral are refused', async () => {
    const record = await post('caseworker', `/cases/${caseId}/incidents`, { answers: INCIDENT });
    expect([record.status, record.body.code]).toEqual([403, 'plugin_permission_denied']);
    const cons = await post('caseworker', `/incidents/${incidentId}/consents`, {
      purpose: 'health',
      decision: 'granted',
      givenBy: 'survivor',
      method: 'written',
    });
    expect([cons.status, cons.body.code]).toEqual([403, 'plugin_permission_denied']);
    const ref = await post('supervisor', `/incidents/${incidentId}/referrals`, { serviceType: 'police', providerName: 'Police' });
    expect([ref.status, ref.body.code]).toEqual([403, 'plugin_permission_denied']);
    const close = await t.http
      .patch(url(`/incidents/${incidentId}`))
      .set(await c.as('caseworker'))
      .send({ status: 'closed' });
    expect([close.status, close.body.code]).toEqual([403, 'plugin_permission_denied']);
    expect((await sql('SELECT count(*)::int AS n FROM plugin_gbv.incidents'))[0].n).toBe(1);
    expect((await get('gbv_specialist', `/incidents/${incidentId}`)).body.status).toBe('open');
    const denied = await sql(
      `SELECT a.action FROM audit_log a JOIN users u ON u.id = a.actor_id WHERE u.username = 'caseworker' AND a.outcome = 'denied' AND a.action = 'gbv.record_incident'`,
    );
    expect(denied).toHaveLength(1);
  });

  it.each(['teacher', 'doctor'])('%s (no gbv_incident rule) gets nothing of the incident, and the refusal is audited', async (user) => {
    const one = await get(user, `/incidents/${incidentId}`);
    expect([one.status, one.body.code]).toEqual([403, 'plugin_permission_denied']);
    const all = await get(user, '/incidents');
    expect([all.status, all.body.code]).toEqual([403, 'plugin_permission_denied']);
    const ofCase = await get(user, `/cases/${caseId}/incidents`);
    expect([ofCase.status, ofCase.body.code]).toEqual([404, 'case_not_found']);
    for (const res of [one, all, ofCase]) {
      expectHidden(res.body);
      expect(JSON.stringify(res.body)).not.toContain(caseNumber);
      expect(res.body.items).toBeUndefined();
    }
    const audited = await sql(
      `SELECT a.action, a.outcome FROM audit_log a JOIN users u ON u.id = a.actor_id WHERE u.username = $1 AND a.action LIKE 'gbv.%' ORDER BY a.action`,
      [user],
    );
    expect(audited).toEqual([
      { action: 'gbv.get_incident', outcome: 'denied' },
      { action: 'gbv.list_case_incidents', outcome: 'denied' },
      { action: 'gbv.list_incidents', outcome: 'denied' },
    ]);
  });

  it.each(['caseworker2', 'ngo_worker'])('%s (a caseworker of another agency) cannot reach the incident', async (user) => {
    const one = await get(user, `/incidents/${incidentId}`);
    expect([one.status, one.body.code]).toEqual([404, 'gbv_incident_not_found']);
    const all = await get(user, '/incidents');
    expect(all.status).toBe(200);
    expect(all.body.items).toEqual([]);
    const ofCase = await get(user, `/cases/${caseId}/incidents`);
    expect([ofCase.status, ofCase.body.code]).toEqual([404, 'case_not_found']);
    for (const res of [one, all, ofCase]) {
      expectHidden(res.body);
      expect(JSON.stringify(res.body)).not.toContain(caseNumber);
    }
    // Both refusals are audited: the host's (unreadable case) and the plugin's own 404 on the incident.
    const audited = await sql(
      `SELECT a.action, a.outcome FROM audit_log a JOIN users u ON u.id = a.actor_id WHERE u.username = $1 AND a.action IN ('gbv.list_case_incidents', 'gbv.get_incident') ORDER BY a.action`,
      [user],
    );
    expect(audited).toEqual([
      { action: 'gbv.get_incident', outcome: 'denied' },
      { action: 'gbv.list_case_incidents', outcome: 'denied' },
    ]);
  });

  it("a referral needs the survivor's consent for its purpose; withdrawing it blocks new referrals", async () => {
    const none = await refer('health_care');
    expect([none.status, none.body.code, none.body.purpose, none.body.consent]).toEqual([409, 'gbv_consent_missing', 'health', 'unknown']);
    // Consent to another purpose does not count.
    expect((await consent('psychosocial', 'granted')).status).toBe(201);
    const other = await refer('health_care');
    expect([other.status, other.body.code, other.body.purpose]).toEqual([409, 'gbv_consent_missing', 'health']);

    const granted = await consent('health', 'granted');
    expect(granted.status).toBe(201);
    expect(granted.body.current).toMatchObject({ health: 'granted', psychosocial: 'granted', police: 'unknown' });
    const made = await refer('health_care');
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ incidentId, serviceType: 'health_care', purpose: 'health', status: 'sent' });
    const counsel = await refer('psychological_counselling', 'Centrul Amicul');
    expect([counsel.status, counsel.body.purpose]).toEqual([201, 'psychosocial']);
    const police = await refer('police', 'Inspectoratul de Poliție Botanica');
    expect([police.status, police.body.code, police.body.purpose]).toEqual([409, 'gbv_consent_missing', 'police']);

    const withdrawn = await consent('health', 'withdrawn');
    expect(withdrawn.status).toBe(201);
    expect(withdrawn.body).toMatchObject({ current: { health: 'withdrawn' }, openReferralsForPurpose: 1 });
    const again = await refer('health_care');
    expect([again.status, again.body.code, again.body.purpose, again.body.consent]).toEqual([409, 'gbv_consent_missing', 'health', 'withdrawn']);

    const one = await get('gbv_specialist', `/incidents/${incidentId}`);
    expect(one.body.referralCount).toBe(2);
    expect(one.body.details.referrals.map((r: any) => r.serviceType).sort()).toEqual(['health_care', 'psychological_counselling']);
    expect(one.body.details.consents).toMatchObject({ health: 'withdrawn', psychosocial: 'granted' });
    const history = await get('gbv_specialist', `/incidents/${incidentId}/consents`);
    expect(history.body.history.map((h: any) => `${h.purpose}:${h.decision}`)).toEqual(['health:withdrawn', 'health:granted', 'psychosocial:granted']);
    // Consent is append-only, also for the database's owner.
    await expect(sql(`UPDATE plugin_gbv.consents SET decision = 'granted' WHERE decision = 'withdrawn'`)).rejects.toThrow();
    // The untrained still learn only how many referrals there are.
    const seen = await get('caseworker', `/incidents/${incidentId}`);
    expect(seen.body).toMatchObject({ referralCount: 2, details: null });
    expect(JSON.stringify(seen.body)).not.toMatch(/Botanica|Amicul|health_care/);
  });

  it('the timeline says an incident was recorded and nothing more; nothing sensitive reaches the case, the events or the audit log', async () => {
    const timeline = await c.timeline('caseworker', caseId);
    expect(timeline.status).toBe(200);
    const events = timeline.body.filter((e: any) => e.type.startsWith('gbv.'));
    expect(events.map((e: any) => [e.type, e.data])).toEqual([['gbv.incident_recorded', { incidentId }]]);
    expectHidden(timeline.body);

    // A doctor the case is shared with reads the case and its timeline, but not that an incident exists.
    const doctorId = (await t.http.get('/api/auth/me').set(await c.as('doctor'))).body.id;
    expect(
      (
        await t.http
          .post(`/api/cases/${caseId}/consents`)
          .set(await c.as('caseworker'))
          .send({ purpose: 'data_sharing', decision: 'granted', givenBy: 'child', method: 'written' })
      ).status,
    ).toBe(201);
    expect(
      (
        await t.http
          .post(`/api/cases/${caseId}/shares`)
          .set(await c.as('caseworker'))
          .send({ userId: doctorId, reason: 'medical examination' })
      ).status,
    ).toBe(201);
    const doctorTimeline = await c.timeline('doctor', caseId);
    expect(doctorTimeline.status).toBe(200);
    expect(doctorTimeline.body.map((e: any) => e.type)).not.toContain('gbv.incident_recorded');
    expect(JSON.stringify(doctorTimeline.body)).not.toContain(incidentId);
    const doctorList = await get('doctor', `/cases/${caseId}/incidents`);
    expect([doctorList.status, doctorList.body.code]).toEqual([403, 'plugin_permission_denied']);
    expect(JSON.stringify(doctorList.body)).not.toContain(incidentId);

    const theCase = await c.get('caseworker', caseId);
    expect(theCase.status).toBe(200);
    expect(theCase.body.answers?.gbv_incident).toBeUndefined();
    expectHidden(theCase.body);
    const rows = await sql('SELECT answers::text AS answers FROM cases WHERE id = $1', [caseId]);
    expect(rows[0].answers).not.toContain('SECRET-NARRATIVE');

    const audit = await sql(`SELECT action, outcome, fields, details FROM audit_log WHERE action LIKE 'gbv.%'`);
    const actions = new Set(audit.map((a: any) => a.action));
    for (const a of ['gbv.record_incident', 'gbv.incident_recorded', 'gbv.incident_viewed', 'gbv.consent_recorded', 'gbv.referral_made', 'gbv.make_referral']) {
      expect([a, actions.has(a)]).toEqual([a, true]);
    }
    const recorded = audit.find((a: any) => a.action === 'gbv.incident_recorded');
    expect(recorded.details).toEqual({ incidentId });
    expect(recorded.fields).toContain('gbv_incident.narrative');
    const everything =
      await sql(`SELECT count(*)::int AS n FROM audit_log WHERE details::text LIKE '%SECRET-NARRATIVE%' OR array_to_string(fields, ',') LIKE '%SECRET-NARRATIVE%'
      OR details::text LIKE '%primary_caregiver%' OR details::text LIKE '%physical_assault%' OR details::text LIKE '%Botanica%'`);
    expect(everything[0].n).toBe(0);
  });

  it('the indicator gbv_incidents_recorded is offered to the national analyst, with small-cell suppression', async () => {
    const list = await t.http.get('/api/reports/indicators').set(await c.as('analyst'));
    expect(list.status).toBe(200);
    expect(list.body.map((i: any) => i.id)).toContain('gbv_incidents_recorded');
    const table = await t.http
      .get('/api/reports/indicators/gbv_incidents_recorded')
      .query({ from: '2026-01-01', to: '2026-12-31' })
      .set(await c.as('analyst'));
    expect(table.status).toBe(200);
    // One incident this year: a small cell, suppressed for the analyst (who reads no names).
    expect(table.body.total).toMatchObject({ value: null, suppressed: true });
    expectHidden(table.body);
    expect(JSON.stringify(table.body)).not.toContain(incidentId);
    expect(JSON.stringify(table.body)).not.toContain(CHILD.last_name);
  });
});
