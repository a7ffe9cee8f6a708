import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { HOUR_MS } from '@app/core';
import { startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/**
 * The Moldova scenario's confidentiality checks and the safeguards around them, through the HTTP API:
 * field-level write refusal, consent before sharing (and its audited override), break-the-glass,
 * explanations and previews for administrators, the audit trail, and attacks on ids, answers and filters.
 */
describe('confidentiality by design', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  let ds: DataSource;
  const ids: Record<string, string> = {};
  const userId: Record<string, string> = {};
  const cristina = {
    first_name: 'Cristina',
    last_name: 'Rusu',
    sex: 'female',
    date_of_birth: '2019-02-11',
    consent_status: 'not_required_emergency',
    assent_status: 'given',
  };

  beforeAll(async () => {
    t = await startTestApp('confidentiality');
    api = casesClient(t);
    ds = t.app.get(DataSource);
    for (const u of ['doctor', 'teacher', 'caseworker', 'supervisor', 'supervisor_st']) {
      userId[u] = (await t.http.get('/api/auth/me').set(await api.as(u))).body.id;
    }
    ids.cristina = (await api.register('caseworker', 'child_protection', cristina)).body.id;
    ids.straseni = (await api.register('caseworker2', 'child_protection', { ...cristina, first_name: 'Elena', last_name: 'Popa' })).body.id;
  });
  afterAll(async () => t?.close());

  const shareWith = async (actor: string, who: string, extra: Record<string, unknown> = {}) =>
    t.http
      .post(`/api/cases/${ids.cristina}/shares`)
      .set(await api.as(actor))
      .send({ userId: userId[who], reason: 'medical examination', ...extra });

  it('sharing needs the consent the pack names; an override needs a role that may and a written reason', async () => {
    const missing = await shareWith('caseworker', 'doctor');
    expect(missing.status).toBe(409);
    expect(missing.body).toMatchObject({ code: 'consent_missing', purpose: 'data_sharing', consent: 'unknown' });
    const notAllowed = await shareWith('caseworker', 'doctor', { consentOverrideReason: 'Emergency: the child is in hospital now.' });
    expect(notAllowed.status).toBe(403);
    expect(notAllowed.body.code).toBe('consent_override_forbidden');
    const tooShort = await shareWith('supervisor', 'doctor', { consentOverrideReason: 'urgent' });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.errors).toEqual([expect.objectContaining({ path: '/consentOverrideReason' })]);
    expect((await t.http.get(`/api/cases/${ids.cristina}/access`).set(await api.as('caseworker'))).body).toEqual([]);

    const overridden = await shareWith('supervisor', 'doctor', { consentOverrideReason: 'Emergency: the child is in hospital, mother unreachable.' });
    expect(overridden.status).toBe(201);
    const audit = await ds.query(`SELECT action, details FROM audit_log WHERE case_id = $1 AND action = 'case.case_shared'`, [ids.cristina]);
    expect(audit).toEqual([
      expect.objectContaining({
        details: expect.objectContaining({ consentOverridden: true, consentOverrideReason: 'Emergency: the child is in hospital, mother unreachable.' }),
      }),
    ]);

    // With consent recorded, the caseworker shares without an override.
    const consent = await t.http
      .post(`/api/cases/${ids.cristina}/consents`)
      .set(await api.as('caseworker'))
      .send({ purpose: 'data_sharing', decision: 'granted', givenBy: 'legal_guardian', givenByName: 'Mayor of Bubuieci', method: 'written' });
    expect(consent.status).toBe(201);
    expect((await shareWith('caseworker', 'teacher')).status).toBe(201);
    const consents = await t.http.get(`/api/cases/${ids.cristina}/consents`).set(await api.as('caseworker'));
    // The child's assent was answered on the registration form (security.json consent.fromForms).
    expect(consents.body.purposes).toContainEqual(expect.objectContaining({ purpose: 'data_sharing', consent: 'granted', assent: 'granted' }));
    expect(consents.body.records.filter((r: any) => r.kind === 'consent')).toEqual([
      expect.objectContaining({ givenBy: 'legal_guardian', method: 'written', recordedByName: 'Elena Cojocaru' }),
    ]);
    // The timeline says who shared with whom.
    const types = (await api.timeline('caseworker', ids.cristina)).body.map((e: any) => e.type);
    expect(types).toEqual(expect.arrayContaining(['case_shared', 'consent_recorded']));
  });

  it('a share cannot go to someone whose role gains nothing from it, nor twice', async () => {
    const district = (await t.http.get('/api/auth/me').set(await api.as('district'))).body.id;
    const res = await t.http
      .post(`/api/cases/${ids.cristina}/shares`)
      .set(await api.as('caseworker'))
      .send({ userId: district, reason: 'fyi' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('share_target_invalid');
    expect((await shareWith('caseworker', 'teacher')).body.code).toBe('already_shared');
  });

  it('the doctor fills the sensitive findings; the teacher never sees them, and cannot write them', async () => {
    await api.transition('caseworker', ids.cristina, 'start_assessment');
    await api.fill('caseworker', ids.cristina, 'initial_assessment', { assessment_date: '2026-03-02', risk_level: 'high', summary: 'Abuse suspected.' });
    expect((await api.transition('caseworker', ids.cristina, 'start_specialised_assessments')).status).toBe(200);
    const filled = await api.fill('doctor', ids.cristina, 'health_assessment', { examination_date: '2026-03-03', sexual_abuse_findings: 'FINDINGS-XYZ' });
    expect(filled.status).toBe(200);

    const teacherView = await api.get('teacher', ids.cristina);
    expect(teacherView.status).toBe(200);
    expect(JSON.stringify(teacherView.body)).not.toContain('FINDINGS-XYZ');
    expect(teacherView.body.forms.health_assessment).toBeUndefined();
    expect(Object.keys(teacherView.body.forms.registration[0].answers).sort()).toEqual(['date_of_birth', 'first_name', 'last_name', 'sex']);
    const schema = await t.http.get(`/api/cases/${ids.cristina}/forms/health_assessment/schema`).set(await api.as('teacher'));
    expect(schema.status).toBe(403);

    const before = await api.version('teacher', ids.cristina);
    const write = await api.fill('teacher', ids.cristina, 'health_assessment', { examination_date: '2026-03-03', sexual_abuse_findings: 'changed' });
    expect(write.status).toBe(403);
    expect(write.body.code).toBe('form_not_permitted');
    expect(await api.version('teacher', ids.cristina)).toBe(before);
    expect(JSON.stringify((await api.get('doctor', ids.cristina)).body)).toContain('FINDINGS-XYZ');
    // Not even the name of the sensitive field shows on the teacher's timeline.
    const timeline = JSON.stringify((await api.timeline('teacher', ids.cristina)).body);
    expect(timeline).toContain('health_assessment');
    expect(timeline).not.toContain('sexual_abuse_findings');
    expect(JSON.stringify((await api.timeline('doctor', ids.cristina)).body)).toContain('sexual_abuse_findings');
  });

  it('writing a field the role may not change is refused, naming the field, and nothing is saved', async () => {
    const res = await api.register('caseworker', 'child_protection', { ...cristina, first_name: 'Ion' });
    const id = res.body.id;
    await api.transition('caseworker', id, 'start_assessment');
    await api.fill('caseworker', id, 'initial_assessment', { assessment_date: '2026-03-02', risk_level: 'high', summary: 'Emergency.' });
    expect(
      (
        await api.addEntry('caseworker', id, 'referral', {
          service_type: 'foster_care',
          receiving_agency: 'Foster care service',
          reason: 'Emergency removal',
          consent_to_share: true,
        })
      ).status,
    ).toBe(201);
    expect((await api.transition('caseworker', id, 'request_emergency_placement')).status).toBe(202);
    expect((await api.decide('district', id, 'approve')).status).toBe(200);
    const version = await api.version('caseworker', id);
    const refused = await api.fill('caseworker', id, 'placement', {
      placement_type: 'foster_care',
      placement_date: '2026-03-03',
      authorised_by: 'Me myself',
      decision_reference: 'X-1',
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'field_not_permitted', fields: ['placement.authorised_by', 'placement.decision_reference'] });
    expect(refused.body.detail).toContain('placement.authorised_by');
    expect(await api.version('caseworker', id)).toBe(version);
    expect((await api.get('caseworker', id)).body.forms.placement).toBeUndefined();

    const placed = await api.fill('caseworker', id, 'placement', { placement_type: 'foster_care', placement_date: '2026-03-03' });
    expect([placed.status, placed.body.code, placed.body.detail, placed.body.reasons]).toEqual([200, undefined, undefined, undefined]);
    const decision = await api.fill('district', id, 'placement', { authorised_by: 'Andrei Țurcanu', decision_reference: 'DGAS-2026-17' });
    expect(decision.status).toBe(200);
    const placement = (await api.get('caseworker', id)).body.forms.placement[0].answers;
    expect(placement).toMatchObject({ placement_type: 'foster_care', authorised_by: 'Andrei Țurcanu', decision_reference: 'DGAS-2026-17' });
    // The caseworker's schema shows the authority's fields read-only.
    const schema = await t.http.get(`/api/cases/${id}/forms/placement/schema`).set(await api.as('caseworker'));
    expect(schema.body.fields).toMatchObject({ placement_type: 'fill', authorised_by: 'read', decision_reference: 'read' });
    expect(schema.body.schema.properties.authorised_by.readOnly).toBe(true);
  });

  it("break the glass: a supervisor opens another district's case for 3 hours with a reason; the owner's supervisor is told", async () => {
    expect((await api.get('supervisor', ids.straseni)).status).toBe(404);
    // A role without a break-the-glass rule learns nothing, not even that the case exists.
    const caseworker = await t.http
      .post(`/api/cases/${ids.straseni}/break-glass`)
      .set(await api.as('caseworker'))
      .send({ reason: 'I would like to see it, please.' });
    expect(caseworker.status).toBe(404);
    const short = await t.http
      .post(`/api/cases/${ids.straseni}/break-glass`)
      .set(await api.as('supervisor'))
      .send({ reason: 'urgent' });
    expect(short.status).toBe(400);
    const reason = 'Child brought to the Chișinău emergency room at night; need her history.';
    const opened = await t.http
      .post(`/api/cases/${ids.straseni}/break-glass`)
      .set(await api.as('supervisor'))
      .send({ reason });
    expect(opened.status).toBe(201);
    expect(new Date(opened.body.expiresAt).getTime() - t.clock.now().getTime()).toBe(3 * HOUR_MS);
    expect(opened.body.notified).toBe(1);

    const view = await api.get('supervisor', ids.straseni);
    expect(view.status).toBe(200);
    expect(view.body.displayName).toBe('Elena Popa');
    const inbox = await t.http.get('/api/me/notifications').set(await api.as('supervisor_st'));
    expect(inbox.body).toEqual([expect.objectContaining({ kind: 'break_glass', caseId: ids.straseni, readAt: null })]);
    expect(inbox.body[0].body).toContain(reason);
    const timeline = (await api.timeline('caseworker2', ids.straseni)).body;
    expect(timeline).toContainEqual(expect.objectContaining({ type: 'break_glass_opened', data: expect.objectContaining({ reason }) }));
    const reads = await ds.query(`SELECT action, details FROM audit_log WHERE case_id = $1 AND actor_id = $2 ORDER BY seq`, [ids.straseni, userId.supervisor]);
    expect(reads.map((r: any) => r.action)).toEqual(expect.arrayContaining(['case.break_glass_opened', 'case.read']));
    expect(reads.find((r: any) => r.action === 'case.read').details).toEqual({ viaBreakGlass: true });

    // Emergency access is for reading: a supervisor may move its own area's cases, not this one.
    const options = (await api.transitions('supervisor', ids.straseni)).body as any[];
    expect(options.length).toBeGreaterThan(0);
    for (const o of options) {
      expect(o).toMatchObject({ available: false, reasons: expect.arrayContaining([expect.objectContaining({ code: 'emergency_access_read_only' })]) });
    }
    const version = (await api.get('caseworker2', ids.straseni)).body.version;
    const moved = await api.transition('supervisor', ids.straseni, options[0].id, 'Closing it from Chișinău.');
    expect([moved.status, moved.body.code]).toEqual([403, 'transition_forbidden']);
    expect((await api.get('caseworker2', ids.straseni)).body.version).toBe(version);

    t.clock.advance(3 * HOUR_MS + 1000);
    expect((await api.get('supervisor', ids.straseni)).status).toBe(404);
  });

  it('the national analyst sees cases without names; the district authority only its district', async () => {
    const list = await t.http.get('/api/cases?pageSize=100').set(await api.as('analyst'));
    expect(list.body.total).toBeGreaterThanOrEqual(3);
    expect(list.body.items.every((c: any) => c.displayName === null)).toBe(true);
    expect(JSON.stringify(list.body)).not.toContain('Cristina');
    const byName = await t.http.get('/api/cases?q=cristina').set(await api.as('analyst'));
    expect(byName.body.total).toBe(0);
    const district = await t.http.get('/api/cases?pageSize=100').set(await api.as('district'));
    expect(district.body.items.map((c: any) => c.id)).not.toContain(ids.straseni);
    expect(district.body.items.map((c: any) => c.id)).toContain(ids.cristina);
  });

  it('an administrator asks why, and previews a form as any role', async () => {
    const admin = await api.as('admin');
    const why = await t.http
      .post('/api/admin/permissions/explain')
      .set(admin)
      .send({ username: 'district', action: 'read', subject: 'case', caseId: ids.straseni });
    expect(why.status).toBe(200);
    expect(why.body.allowed).toBe(false);
    expect(why.body.rules[0]).toMatchObject({
      role: 'district_authority',
      origin: 'roles.json $.roles[6].rules[0]',
      conditions: [expect.objectContaining({ condition: 'location', holds: false })],
    });
    const yes = await t.http
      .post('/api/admin/permissions/explain')
      .set(admin)
      .send({ username: 'doctor', action: 'read', subject: 'form', form: 'health_assessment', field: 'sexual_abuse_findings', caseId: ids.cristina });
    expect(yes.body).toMatchObject({ allowed: true, decidedBy: { role: 'doctor' } });
    const teacher = await t.http
      .post('/api/admin/permissions/explain')
      .set(admin)
      .send({ username: 'teacher', action: 'read', subject: 'form', form: 'health_assessment', field: 'sexual_abuse_findings', caseId: ids.cristina });
    expect(teacher.body.allowed).toBe(false);
    expect(teacher.body.summary).toMatch(/^Denied/);

    const preview = await t.http.get('/api/admin/forms/health_assessment/preview?role=psychologist').set(admin);
    expect(preview.status).toBe(200);
    expect(preview.body.fields).toMatchObject({ examination_date: 'read', sexual_abuse_findings: 'hidden' });
    expect(preview.body.schema.properties.sexual_abuse_findings).toBeUndefined();
    const doctor = await t.http.get('/api/admin/forms/health_assessment/preview?role=doctor').set(admin);
    expect(doctor.body.fields.sexual_abuse_findings).toBe('fill');

    const notAdmin = await t.http
      .post('/api/admin/permissions/explain')
      .set(await api.as('supervisor'))
      .send({ username: 'doctor', action: 'read', subject: 'case' });
    expect(notAdmin.status).toBe(403);
  });

  it('every read is in the audit trail, which an auditor of the area reads and which verifies', async () => {
    await api.get('caseworker', ids.cristina);
    const trail = await t.http.get(`/api/cases/${ids.cristina}/audit?limit=500`).set(await api.as('auditor'));
    expect(trail.status).toBe(200);
    const read = trail.body.records.find((r: any) => r.action === 'case.read' && r.actorId === userId.caseworker);
    expect(read.fields).toEqual(expect.arrayContaining(['registration.first_name', 'initial_assessment.risk_level']));
    expect(read.ip).toBeTruthy();
    expect(trail.body.records.some((r: any) => r.action === 'case.list.result' || r.action === 'case.search.result')).toBe(true);
    expect((await t.http.get(`/api/cases/${ids.cristina}/audit`).set(await api.as('caseworker'))).status).toBe(403);
    expect((await t.http.get(`/api/cases/${ids.straseni}/audit`).set(await api.as('auditor'))).status).toBe(404);
    // Sign-ins are audited too, failures included (without the password).
    expect((await t.http.post('/api/auth/login').send({ username: 'caseworker', password: 'wrong-password-123' })).status).toBe(401);
    const signIns = await ds.query(`SELECT outcome, details FROM audit_log WHERE action = 'auth.sign_in' ORDER BY seq`);
    expect(signIns).toContainEqual({ outcome: 'allowed', details: { outcome: 'success', username: 'caseworker' } });
    expect(signIns).toContainEqual({ outcome: 'denied', details: { outcome: 'invalid_credentials', username: 'caseworker' } });
    expect(JSON.stringify(signIns)).not.toContain('wrong-password-123');
    expect(await t.app.get(AuditService).verify()).toMatchObject({ ok: true });
  });

  describe('attacks', () => {
    it('mass assignment: owner, step or status sent as answers or body fields is refused and changes nothing', async () => {
      const version = await api.version('caseworker', ids.cristina);
      for (const extra of [{ status: 'closed' }, { step: 'closed' }, { assignedTo: userId.teacher }, { createdBy: userId.teacher }]) {
        const res = await api.fill('caseworker', ids.cristina, 'closure', { closure_reason: 'needs_met', ...extra }, 'draft');
        expect([extra, res.status]).toEqual([extra, 422]);
      }
      const body = await t.http
        .post('/api/cases')
        .set(await api.as('caseworker'))
        .send({ caseType: 'child_protection', answers: cristina, assignedTo: userId.teacher, locationPath: 'MD/' });
      expect(body.status).toBe(400);
      const after = await api.get('caseworker', ids.cristina);
      expect(after.headers.etag).toBe(version);
      expect(after.body).toMatchObject({ status: 'open', risk: 'high' });
    });

    it('SQL and JSON injection strings in every filter return nothing extra and no error', async () => {
      const auth = await api.as('police');
      const own = (await t.http.get('/api/cases').set(auth)).body.total;
      for (const evil of ["' OR '1'='1", "x'); DROP TABLE cases; --", '%', '_', '\\', '{"$ne":null}', 'MD/%', "' UNION SELECT * FROM users --"]) {
        for (const key of ['step', 'status', 'risk', 'caseType', 'q']) {
          const res = await t.http
            .get('/api/cases')
            .query({ [key]: evil })
            .set(auth);
          expect([key, evil, res.status]).toEqual([key, evil, 200]);
          expect(res.body.total).toBeLessThanOrEqual(own);
        }
      }
      const arrays = await t.http.get('/api/cases?step=a&step=b').set(auth);
      expect(arrays.status).toBe(400);
      // Bracket syntax is not parsed into objects: `q[$ne]` is just an unknown parameter.
      const objects = await t.http.get('/api/cases?q[$ne]=1').set(auth);
      expect(objects.status).toBe(200);
      expect(objects.body.total).toBe(own);
      expect((await ds.query(`SELECT count(*)::int AS n FROM cases`))[0].n).toBeGreaterThan(0);
    });

    it("another user's case id, a made-up id and an SQL string as id are all the same 404", async () => {
      for (const id of [ids.cristina, '00000000-0000-4000-8000-000000000000', "1' OR '1'='1"]) {
        for (const suffix of ['', '/timeline', '/consents', '/access', '/forms/registration/schema', '/deadlines', '/transitions']) {
          const res = await t.http.get(`/api/cases/${encodeURIComponent(id)}${suffix}`).set(await api.as('police'));
          expect([id, suffix, res.status, res.body.code]).toEqual([id, suffix, 404, 'case_not_found']);
        }
      }
    });
  });
});
