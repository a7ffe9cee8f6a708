import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/**
 * Consent answered on the Moldova registration form counts as consent (security.json
 * consent.fromForms): the referral it allows needs no second record through the consent API, a
 * refusal or a later withdrawal on the form stops it, and the records say who, when and how.
 */
describe('Consent recorded on a form counts as consent', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  let ds: DataSource;
  const t0 = new Date('2026-03-02T08:00:00Z');
  const child = {
    first_name: 'Daniela',
    last_name: 'Munteanu',
    sex: 'female',
    date_of_birth: '2015-06-01',
    caregiver_name: 'Lucia Munteanu',
    caregiver_relationship: 'mother',
    consent_given_by: 'Lucia Munteanu',
    assent_status: 'given',
  };
  const healthReferral = { serviceType: 'health_care', providerId: 'bubuieci_health_centre', forms: ['registration'], reason: 'Medical check after neglect' };

  const refer = async (caseId: string) =>
    t.http
      .post(`/api/cases/${caseId}/referrals`)
      .set(await api.as('caseworker'))
      .send(healthReferral);
  const consents = async (caseId: string) => (await t.http.get(`/api/cases/${caseId}/consents`).set(await api.as('caseworker'))).body;
  const register = async (answers: Record<string, unknown>) => {
    const res = await api.register('caseworker', 'child_protection', answers);
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  beforeAll(async () => {
    t = await startTestApp('consent_from_forms', { start: t0 });
    api = casesClient(t);
    ds = t.app.get(DataSource);
  });
  afterAll(async () => t?.close());

  it('consent given at registration allows the referral, with no separate consent record', async () => {
    const id = await register({ ...child, consent_status: 'given' });
    const res = await refer(id);
    expect(res.status).toBe(201);
    const referrals = (await t.http.get(`/api/cases/${id}/referrals`).set(await api.as('caseworker'))).body;
    expect(referrals).toEqual([expect.objectContaining({ id: res.body.id, consent: { purpose: 'referral', overridden: false } })]);

    // Who, when and how: the registering caseworker, at the registration, the form's giver and method.
    const list = await consents(id);
    expect(list.purposes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ purpose: 'referral', consent: 'granted', assent: 'granted' }),
        expect.objectContaining({ purpose: 'data_sharing', consent: 'granted', assent: 'granted' }),
        expect.objectContaining({ purpose: 'tracing', consent: 'unknown', assent: 'unknown' }),
      ]),
    );
    const referralConsent = list.records.filter((r: any) => r.purpose === 'referral').sort((a: any, b: any) => a.kind.localeCompare(b.kind));
    expect(referralConsent).toEqual([
      expect.objectContaining({ kind: 'assent', decision: 'granted', givenBy: 'child', method: 'verbal', givenAt: t0.toISOString() }),
      expect.objectContaining({
        kind: 'consent',
        decision: 'granted',
        givenBy: 'parent',
        givenByName: 'Lucia Munteanu',
        method: 'written',
        givenAt: t0.toISOString(),
        recordedByName: 'Elena Cojocaru',
      }),
    ]);

    // The timeline and the audit log have them, as for a consent recorded through the API.
    const timeline = (await api.timeline('caseworker', id)).body.filter((e: any) => e.type === 'consent_recorded');
    expect(timeline).toHaveLength(6);
    expect(timeline.map((e: any) => `${e.data.kind} ${e.data.purpose} ${e.data.decision} ${e.data.fromForm}.${e.data.field}`).sort()).toEqual([
      'assent data_sharing granted registration.assent_status',
      'assent referral granted registration.assent_status',
      'assent services granted registration.assent_status',
      'consent data_sharing granted registration.consent_status',
      'consent referral granted registration.consent_status',
      'consent services granted registration.consent_status',
    ]);
    const audit = await ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE case_id = $1 AND action = 'case.consent_recorded'`, [id]);
    expect(audit[0].n).toBe(6);
  });

  it('consent refused at registration refuses the referral with the usual consent error', async () => {
    const id = await register({ ...child, first_name: 'Radu', consent_status: 'refused' });
    const res = await refer(id);
    expect([res.status, res.body.code, res.body.purpose, res.body.consent]).toEqual([409, 'consent_missing', 'referral', 'refused']);
  });

  it('an answer that does not decide (not required in an emergency) records nothing', async () => {
    const id = await register({
      ...child,
      first_name: 'Vlad',
      consent_status: 'not_required_emergency',
      assent_status: 'too_young',
      date_of_birth: '2022-01-01',
    });
    expect((await consents(id)).records).toEqual([]);
    expect((await refer(id)).body.code).toBe('consent_missing');
  });

  it('changing the answer later to withdrawn refuses the next referral; saving the form again unchanged records nothing more', async () => {
    const id = await register({ ...child, first_name: 'Sorina', consent_status: 'given' });
    expect((await refer(id)).status).toBe(201);
    t.clock.advance(3_600_000);
    const withdrawn = await api.fill('caseworker', id, 'registration', { ...child, first_name: 'Sorina', consent_status: 'withdrawn' });
    expect(withdrawn.status).toBe(200);
    const res = await refer(id);
    expect([res.status, res.body.code, res.body.consent]).toEqual([409, 'consent_missing', 'withdrawn']);
    const list = await consents(id);
    expect(list.purposes.find((p: any) => p.purpose === 'referral')).toMatchObject({ consent: 'withdrawn', assent: 'granted' });
    expect(list.records.filter((r: any) => r.kind === 'consent' && r.purpose === 'referral').map((r: any) => r.decision)).toEqual(['granted', 'withdrawn']);

    // Given again through the consent API, then the form saved for another answer: the form does not undo the register.
    t.clock.advance(3_600_000);
    const again = await t.http
      .post(`/api/cases/${id}/consents`)
      .set(await api.as('caseworker'))
      .send({ purpose: 'referral', decision: 'granted', givenBy: 'parent', method: 'written' });
    expect(again.status).toBe(201);
    t.clock.advance(3_600_000);
    const notes = await api.fill('caseworker', id, 'registration', {
      ...child,
      first_name: 'Sorina',
      consent_status: 'withdrawn',
      notes: 'Phone number checked.',
    });
    expect(notes.status).toBe(200);
    expect((await consents(id)).purposes.find((p: any) => p.purpose === 'referral').consent).toBe('granted');
    expect((await refer(id)).status).toBe(201);
  });
});
