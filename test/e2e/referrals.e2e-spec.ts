import { createDataSource, MIGRATIONS } from '@app/database';
import { SchedulerService } from '@app/scheduler';
import { startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/**
 * Referrals on the Moldova pack through the HTTP API: consent, what may be shared, the guardianship
 * authority's authorisation, the foster-care service reading only the shared sections, answers,
 * follow-up, a provider outside the platform (printable form), the response deadline, and races.
 */
describe('Working together on a case: referrals', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  let scheduler: SchedulerService;
  let cristina: string;
  const t0 = new Date('2026-03-02T08:00:00Z'); // Monday
  const summary = 'Left alone for days; signs of <b>abuse</b> & neglect.';

  const refer = async (actor: string, caseId: string, body: unknown) =>
    t.http
      .post(`/api/cases/${caseId}/referrals`)
      .set(await api.as(actor))
      .send(body as object);
  const referral = async (actor: string, id: string) => t.http.get(`/api/referrals/${id}`).set(await api.as(actor));
  const act = async (actor: string, id: string, what: string, body: unknown = {}) =>
    t.http
      .post(`/api/referrals/${id}/${what}`)
      .set(await api.as(actor))
      .send(body as object);
  const referralsOf = async (caseId: string) => (await t.http.get(`/api/cases/${caseId}/referrals`).set(await api.as('caseworker'))).body;
  const inbox = async (user: string, kind: string) =>
    ((await t.http.get('/api/me/notifications').set(await api.as(user))).body as any[]).filter((m) => m.kind === kind);
  const consent = async (caseId: string, decision = 'granted') => {
    const res = await t.http
      .post(`/api/cases/${caseId}/consents`)
      .set(await api.as('caseworker'))
      .send({ purpose: 'referral', decision, givenBy: 'parent', method: 'written' });
    expect(res.status).toBe(201);
  };
  const fosterCare = {
    serviceType: 'foster_care',
    providerId: 'chisinau_foster_care',
    forms: ['registration', 'initial_assessment'],
    reason: 'Emergency placement needed tonight',
    urgency: 'emergency',
  };

  const registerAssessed = async (first: string) => {
    const reg = await api.register('caseworker', 'child_protection', {
      first_name: first,
      last_name: 'Popescu',
      sex: 'female',
      date_of_birth: '2014-05-01',
      idnp: '2004012345678',
      consent_status: 'not_required_emergency',
      assent_status: 'given',
    });
    expect(reg.status).toBe(201);
    expect((await api.transition('caseworker', reg.body.id, 'start_assessment')).status).toBe(200);
    expect((await api.fill('caseworker', reg.body.id, 'initial_assessment', { assessment_date: '2026-03-02', risk_level: 'high', summary })).status).toBe(200);
    return reg.body.id as string;
  };

  beforeAll(async () => {
    t = await startTestApp('referrals', { start: t0 });
    api = casesClient(t);
    scheduler = t.app.get(SchedulerService);
    cristina = await registerAssessed('Cristina');
  });
  afterAll(async () => t?.close());

  it('without the referral consent nothing is referred; a caseworker may not override it', async () => {
    const version = await api.version('caseworker', cristina);
    const res = await refer('caseworker', cristina, fosterCare);
    expect([res.status, res.body.code, res.body.purpose]).toEqual([409, 'consent_missing', 'referral']);
    const override = await refer('caseworker', cristina, { ...fosterCare, consentOverrideReason: 'The child is in danger tonight, no parent reachable.' });
    expect([override.status, override.body.code]).toEqual([403, 'consent_override_forbidden']);
    expect(await referralsOf(cristina)).toEqual([]);
    expect(await api.version('caseworker', cristina)).toBe(version);
  });

  it('bad referrals are refused with the field at fault, and nothing is saved', async () => {
    await consent(cristina);
    const version = await api.version('caseworker', cristina);
    const cases: Array<[unknown, number, string, string]> = [
      [{ ...fosterCare, providerId: 'nowhere' }, 422, 'referral_invalid', '/providerId'],
      [{ ...fosterCare, providerId: 'bubuieci_health_centre' }, 422, 'referral_invalid', '/providerId'],
      [{ ...fosterCare, serviceType: 'astrology' }, 422, 'referral_invalid', '/serviceType'],
      [{ ...fosterCare, forms: ['registration', 'initial_assessment', 'health_assessment'] }, 422, 'referral_invalid', '/forms/2'],
      [{ ...fosterCare, forms: ['registration'] }, 422, 'referral_invalid', '/forms'],
      [{ ...fosterCare, urgency: 'whenever' }, 422, 'referral_invalid', '/urgency'],
      [{ ...fosterCare, reason: '  ' }, 400, 'validation_failed', '/reason'],
      [{ ...fosterCare, forms: [] }, 400, 'validation_failed', '/forms'],
    ];
    for (const [body, status, code, path] of cases) {
      const res = await refer('caseworker', cristina, body);
      expect([res.status, res.body.code, res.body.errors?.[0]?.path]).toEqual([status, code, path]);
    }
    // Out of area: a provider an administrator added for Strășeni only.
    const added = await t.http
      .put('/api/admin/services/providers/straseni_legal')
      .set(await api.as('admin'))
      .send({
        id: 'straseni_legal',
        name: { en: 'Strășeni legal aid' },
        serviceTypes: ['legal_assistance'],
        locations: ['ST'],
        usesPlatform: false,
      });
    expect(added.status).toBe(200);
    const far = await refer('caseworker', cristina, {
      serviceType: 'legal_assistance',
      providerId: 'straseni_legal',
      forms: ['registration'],
      reason: 'Custody',
    });
    expect([far.status, far.body.code]).toEqual([422, 'referral_invalid']);
    expect(far.body.errors[0].message).toContain('covers ST, not CH01');
    // The district authority reads the case but may not refer it; the doctor cannot even see it.
    expect((await refer('district', cristina, fosterCare)).body.code).toBe('referral_not_permitted');
    expect((await refer('doctor', cristina, fosterCare)).body.code).toBe('case_not_found');
    expect(await referralsOf(cristina)).toEqual([]);
    expect(await api.version('caseworker', cristina)).toBe(version);
  });

  let fosterId: string;
  it('the foster care referral waits for the district authority; the foster care service sees nothing before', async () => {
    const res = await refer('caseworker', cristina, fosterCare);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), status: 'awaiting_authorisation', respondBy: null });
    fosterId = res.body.id;
    expect((await referral('foster_worker', fosterId)).body.code).toBe('referral_not_found');
    expect((await t.http.get('/api/referrals').set(await api.as('foster_worker'))).body.items).toEqual([]);
    expect(await inbox('district', 'referral')).toHaveLength(1);
    const waiting = await t.http.get('/api/referrals?box=to_authorise').set(await api.as('district'));
    expect(waiting.body.items.map((r: any) => [r.id, r.status, r.serviceType.id])).toEqual([[fosterId, 'awaiting_authorisation', 'foster_care']]);
    expect((await act('caseworker', fosterId, 'authorise', { decision: 'authorised' })).body.code).toBe('referral_not_permitted');
    expect((await act('district', fosterId, 'authorise', { decision: 'refused' })).status).toBe(400);
  });

  it('a refused authorisation ends the referral; the worker is told why; it cannot be authorised afterwards', async () => {
    t.clock.set(new Date('2026-03-02T09:00:00Z'));
    const made = await refer('caseworker', cristina, { ...fosterCare, reason: 'Placement with relatives considered' });
    const refused = await act('district', made.body.id, 'authorise', { decision: 'refused', note: 'Place the child with the grandmother first' });
    expect([refused.status, refused.body.status]).toEqual([200, 'not_authorised']);
    expect((await act('district', made.body.id, 'authorise', { decision: 'authorised' })).body.code).toBe('referral_status_conflict');
    expect((await referralsOf(cristina)).find((r: any) => r.id === made.body.id)).toMatchObject({
      status: 'not_authorised',
      authorisationNote: 'Place the child with the grandmother first',
    });
    expect((await inbox('caseworker', 'referral')).map((m) => m.title)).toEqual([expect.stringContaining('not authorised')]);
    expect((await referral('foster_worker', made.body.id)).body.code).toBe('referral_not_found');
    // The timeline, which every reader of the case sees, does not carry the note.
    const event = (await api.timeline('caseworker', cristina)).body.find((e: any) => e.type === 'referral_not_authorised');
    expect(JSON.stringify(event)).not.toContain('grandmother');
  });

  it('once authorised, the foster-care social worker reads only the shared sections and accepts', async () => {
    t.clock.set(new Date('2026-03-02T10:00:00Z'));
    const ok = await act('district', fosterId, 'authorise', { decision: 'authorised', note: 'Decision 14/2026' });
    expect([ok.status, ok.body.status]).toEqual([200, 'sent']);
    const told = await inbox('foster_worker', 'referral');
    expect(told).toHaveLength(1);
    expect(JSON.stringify(told)).not.toContain('Cristina');
    const incoming = await t.http.get('/api/referrals').set(await api.as('foster_worker'));
    expect(incoming.body.items).toHaveLength(1);
    expect(incoming.body.items[0]).toMatchObject({ id: fosterId, status: 'sent', respondBy: '2026-03-03T10:00:00.000Z', caseNumber: expect.any(String) });
    expect(JSON.stringify(incoming.body)).not.toContain('Cristina');

    const view = await referral('foster_worker', fosterId);
    expect(view.status).toBe(200);
    expect(view.body.shared.map((s: any) => s.form)).toEqual(['registration', 'initial_assessment']);
    const reg = view.body.shared[0].entries.at(-1).answers;
    expect(reg).toMatchObject({ first_name: 'Cristina', last_name: 'Popescu' });
    expect(reg).not.toHaveProperty('idnp'); // sensitive: never in a referral
    expect(view.body.shared[1].entries.at(-1).answers).toMatchObject({ risk_level: 'high', summary });
    expect(view.body).not.toHaveProperty('caseId');
    expect(view.body).not.toHaveProperty('followUp');
    // The case itself stays closed to the service: no case page, no timeline, no other form.
    expect((await api.get('foster_worker', cristina)).status).toBe(404);
    for (const path of ['timeline', 'notes', 'consents', 'deadlines', 'referrals', 'flags']) {
      expect([path, (await t.http.get(`/api/cases/${cristina}/${path}`).set(await api.as('foster_worker'))).status]).toEqual([path, 404]);
    }
    const search = await t.http.get('/api/cases?q=Cristina').set(await api.as('foster_worker'));
    expect(search.body.items).toEqual([]);
    // Another agency's users, and a user of the agency whose role does not receive referrals, see nothing.
    expect((await referral('ngo_worker', fosterId)).body.code).toBe('referral_not_found');
    const trail = await t.http.get(`/api/cases/${cristina}/audit?limit=500`).set(await api.as('auditor'));
    const read = trail.body.records.find((r: any) => r.action === 'referral.package_read');
    expect(read.fields).toEqual(expect.arrayContaining(['registration.first_name', 'initial_assessment.summary']));
    expect(read.fields).not.toContain('registration.idnp');

    const deadline = (await api.deadlines('caseworker', cristina)).body.find((d: any) => d.deadline === 'referral_response');
    expect(deadline).toMatchObject({ key: `referral_response:${fosterId}`, dueAt: '2026-03-03T10:00:00.000Z', status: 'open' });

    t.clock.set(new Date('2026-03-02T14:00:00Z'));
    const accepted = await act('foster_worker', fosterId, 'respond', { decision: 'accepted' });
    expect([accepted.status, accepted.body.status]).toEqual([200, 'accepted']);
    const again = await act('foster_worker', fosterId, 'respond', { decision: 'accepted' });
    expect([again.status, again.body.code, again.body.referralStatus]).toEqual([409, 'referral_status_conflict', 'accepted']);
    expect((await api.deadlines('caseworker', cristina, 'met')).body.find((d: any) => d.deadline === 'referral_response')).toMatchObject({ status: 'met' });
    expect((await inbox('caseworker', 'referral')).map((m) => m.title)).toEqual([
      expect.stringContaining('Foster care: accepted'),
      expect.stringContaining('Foster care: sent'),
      expect.stringContaining('not authorised'),
    ]);
    const events = (await api.timeline('caseworker', cristina)).body.map((e: any) => e.type);
    expect(events.filter((e: string) => e.startsWith('referral_'))).toEqual([
      'referral_awaiting_authorisation',
      'referral_awaiting_authorisation',
      'referral_not_authorised',
      'referral_authorised',
      'referral_accepted',
    ]);
    // The received message names the worker who made the referral, not the authority that sent it on.
    expect((await inbox('foster_worker', 'referral'))[0].body).toContain('Elena Cojocaru referred case');
  });

  it('the referring worker records the follow-up; the service then no longer sees the shared sections', async () => {
    expect((await act('foster_worker', fosterId, 'follow-up', { serviceReceived: true, answers: { child_satisfied: 'yes' } })).body.code).toBe(
      'referral_not_permitted',
    );
    // The questions are the pack's (services.json followUpQuestions), in the reader's language.
    const before = await referral('caseworker', fosterId);
    expect(before.body.followUpQuestions).toEqual([
      {
        id: 'child_satisfied',
        type: 'option',
        label: 'Is the child satisfied with the service?',
        required: true,
        askedWhen: 'serviceReceived',
        options: [
          { value: 'yes', label: 'Yes' },
          { value: 'no', label: 'No' },
          { value: 'unknown', label: 'Unknown' },
        ],
      },
    ]);
    // Answers that are not the pack's: 400 naming the field, and the referral stays accepted.
    const bad: Array<[unknown, string[]]> = [
      [{ serviceReceived: true }, ['/answers/child_satisfied']],
      [{ serviceReceived: true, answers: { child_satisfied: 'maybe' } }, ['/answers/child_satisfied']],
      [{ serviceReceived: true, answers: { child_satisfied: true } }, ['/answers/child_satisfied']],
      [{ serviceReceived: true, answers: { child_satisfied: 'yes', mood: 'happy' } }, ['/answers/mood']],
      [{ serviceReceived: true, childSatisfied: 'yes' }, ['/childSatisfied']],
    ];
    for (const [body, paths] of bad) {
      const res = await act('caseworker', fosterId, 'follow-up', body);
      expect([res.status, res.body.code, res.body.errors?.map((e: any) => e.path)]).toEqual([400, 'validation_failed', paths]);
    }
    expect((await referral('caseworker', fosterId)).body).toMatchObject({ status: 'accepted', followUp: null });
    const done = await act('caseworker', fosterId, 'follow-up', {
      serviceReceived: true,
      answers: { child_satisfied: 'yes' },
      notes: 'Placed with a foster carer.',
    });
    expect([done.status, done.body.status]).toEqual([200, 'done']);
    const list = await referralsOf(cristina);
    expect(list.find((r: any) => r.id === fosterId)).toMatchObject({
      id: fosterId,
      status: 'done',
      consent: { purpose: 'referral', overridden: false },
      followUp: {
        serviceReceived: true,
        answers: { child_satisfied: 'yes' },
        notes: 'Placed with a foster carer.',
        answered: [{ id: 'child_satisfied', label: 'Is the child satisfied with the service?', value: 'yes', valueLabel: 'Yes' }],
      },
    });
    const ro = await t.http.get(`/api/referrals/${fosterId}?locale=ro`).set(await api.as('caseworker'));
    expect(ro.body.followUp.answered).toEqual([{ id: 'child_satisfied', label: 'Este copilul mulțumit de serviciu?', value: 'yes', valueLabel: 'Da' }]);
    const after = await referral('foster_worker', fosterId);
    expect(after.status).toBe(200);
    expect(after.body).not.toHaveProperty('shared');
  });

  it('the migration to pack-declared questions keeps a follow-up recorded with the old child_satisfied column', async () => {
    const owner = createDataSource(t.db.url, 1);
    await owner.initialize();
    const qr = owner.createQueryRunner();
    try {
      const migration = new (MIGRATIONS.find((m) => new m().name === 'ReferralFollowUpAnswers1766230000000')!)();
      await migration.down(qr); // the schema as it was: child_satisfied, no follow_up_answers
      await qr.query(`UPDATE referrals SET child_satisfied = 'no' WHERE id = $1`, [fosterId]);
      await migration.up(qr);
      const rows = await qr.query(`SELECT id, follow_up_answers AS answers FROM referrals WHERE case_id = $1`, [cristina]);
      expect(rows.find((r: any) => r.id === fosterId).answers).toEqual({ child_satisfied: 'no' });
      expect(rows.filter((r: any) => r.id !== fosterId).map((r: any) => r.answers)).toEqual(rows.filter((r: any) => r.id !== fosterId).map(() => null));
    } finally {
      await qr.release();
      await owner.destroy();
    }
    const after = await referral('caseworker', fosterId);
    expect(after.body.followUp.answered).toEqual([{ id: 'child_satisfied', label: 'Is the child satisfied with the service?', value: 'no', valueLabel: 'No' }]);
  });

  it('a declined referral keeps its reason; declining needs one', async () => {
    const made = await refer('caseworker', cristina, {
      serviceType: 'psychological_counselling',
      providerId: 'partnerships_counselling',
      forms: ['registration'],
      reason: 'Trauma support',
    });
    expect([made.status, made.body.status]).toEqual([201, 'sent']);
    expect((await act('ngo_worker', made.body.id, 'respond', { decision: 'declined' })).status).toBe(400);
    const declined = await act('ngo_worker', made.body.id, 'respond', { decision: 'declined', reason: 'No counsellor free until May' });
    expect(declined.body.status).toBe('declined');
    expect((await referralsOf(cristina)).find((r: any) => r.id === made.body.id)).toMatchObject({
      status: 'declined',
      responseReason: 'No counsellor free until May',
    });
    expect((await referral('ngo_worker', made.body.id)).body).not.toHaveProperty('shared');
    expect((await act('ngo_worker', made.body.id, 'respond', { decision: 'accepted' })).status).toBe(409);
  });

  it('a provider outside the platform gets a printable form with only the shared sections; the worker records its answer', async () => {
    const made = await refer('caseworker', cristina, {
      serviceType: 'legal_assistance',
      providerId: 'law_centre_chisinau',
      forms: ['registration', 'initial_assessment'],
      reason: 'Representation in court',
    });
    expect(made.body.status).toBe('sent');
    const html = await t.http.get(`/api/referrals/${made.body.id}/form`).set(await api.as('caseworker'));
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.text).toContain('Law centre for children');
    expect(html.text).toContain('intake@law-centre.example.md');
    expect(html.text).toContain('Cristina');
    expect(html.text).toContain('&lt;b&gt;abuse&lt;/b&gt; &amp; neglect');
    expect(html.text).not.toContain('2004012345678');
    const text = await t.http.get(`/api/referrals/${made.body.id}/form?format=text`).set(await api.as('caseworker'));
    expect(text.headers['content-type']).toContain('text/plain');
    expect(text.text).toContain(summary);
    expect((await t.http.get(`/api/referrals/${made.body.id}/form`).set(await api.as('district'))).body.code).toBe('referral_not_permitted');
    const answered = await act('caseworker', made.body.id, 'respond', { decision: 'accepted' });
    expect(answered.body.status).toBe('accepted');
    expect((await referralsOf(cristina)).find((r: any) => r.id === made.body.id)).toMatchObject({ responseRecordedForProvider: true });
  });

  it('a service not received: the questions about it are not asked (required ones included), and answers to them are refused', async () => {
    const dana = await registerAssessed('Dana');
    await consent(dana);
    const made = await refer('caseworker', dana, {
      serviceType: 'legal_assistance',
      providerId: 'law_centre_chisinau',
      forms: ['registration', 'initial_assessment'],
      reason: 'Representation in court',
    });
    expect(made.body.status).toBe('sent');
    expect((await act('caseworker', made.body.id, 'respond', { decision: 'accepted' })).body.status).toBe('accepted');
    // child_satisfied is asked only when the service was received (askedWhen: serviceReceived).
    const answered = await act('caseworker', made.body.id, 'follow-up', { serviceReceived: false, answers: { child_satisfied: 'no' } });
    expect([answered.status, answered.body.code, answered.body.errors]).toEqual([
      400,
      'validation_failed',
      [{ path: '/answers/child_satisfied', message: 'not asked when the service was not received (askedWhen: serviceReceived)' }],
    ]);
    expect((await referral('caseworker', made.body.id)).body).toMatchObject({ status: 'accepted', followUp: null });
    // A null answer is no answer.
    const done = await act('caseworker', made.body.id, 'follow-up', {
      serviceReceived: false,
      answers: { child_satisfied: null },
      notes: 'The family moved away.',
    });
    expect([done.status, done.body.status]).toEqual([200, 'done']);
    expect((await referral('caseworker', made.body.id)).body.followUp).toMatchObject({
      serviceReceived: false,
      answers: {},
      answered: [],
      notes: 'The family moved away.',
    });
  });

  it('an unanswered referral escalates to the referring worker when its response time is over', async () => {
    t.clock.set(new Date('2026-03-03T08:00:00Z'));
    const made = await refer('caseworker', cristina, {
      serviceType: 'health_care',
      providerId: 'bubuieci_health_centre',
      forms: ['registration'],
      reason: 'Medical check',
    });
    expect(made.body.respondBy).toBe('2026-03-04T08:00:00.000Z');
    t.clock.set(new Date('2026-03-04T08:30:00Z'));
    await scheduler.tick();
    const escalations = (await inbox('caseworker', 'deadline_escalation')).filter((m) => m.title.includes('Answer to a referral'));
    expect(escalations).toHaveLength(1);
    expect((await referralsOf(cristina)).find((r: any) => r.id === made.body.id)).toMatchObject({ status: 'sent', overdue: true });
  });

  it('a referral that needs an authorisation nobody can give is refused, not left waiting', async () => {
    // A foster care service in Strășeni, where the pack has no guardianship authority user.
    const added = await t.http
      .put('/api/admin/services/providers/straseni_foster_care')
      .set(await api.as('admin'))
      .send({
        id: 'straseni_foster_care',
        name: { en: 'Strășeni foster care' },
        serviceTypes: ['foster_care'],
        locations: ['ST'],
        agency: 'social_st',
        usesPlatform: true,
      });
    expect(added.status).toBe(200);
    const reg = await api.register('caseworker2', 'child_protection', {
      first_name: 'Dan',
      last_name: 'Ursu',
      sex: 'male',
      date_of_birth: '2015-02-02',
      consent_status: 'not_required_emergency',
      assent_status: 'given',
    });
    await api.transition('caseworker2', reg.body.id, 'start_assessment');
    await api.fill('caseworker2', reg.body.id, 'initial_assessment', { assessment_date: '2026-03-04', risk_level: 'high', summary: 'Alone.' });
    await t.http
      .post(`/api/cases/${reg.body.id}/consents`)
      .set(await api.as('caseworker2'))
      .send({ purpose: 'referral', decision: 'granted', givenBy: 'parent', method: 'written' });
    const res = await refer('caseworker2', reg.body.id, { ...fosterCare, providerId: 'straseni_foster_care' });
    expect([res.status, res.body.code, res.body.errors?.[0]?.path]).toEqual([422, 'referral_invalid', '/serviceType']);
    expect((await t.http.get(`/api/cases/${reg.body.id}/referrals`).set(await api.as('caseworker2'))).body).toEqual([]);
  });

  it('accept and revoke at the same moment: exactly one wins, and the state matches it', async () => {
    const made = await refer('caseworker', cristina, {
      serviceType: 'health_care',
      providerId: 'bubuieci_health_centre',
      forms: ['registration', 'initial_assessment'],
      reason: 'Follow-up check',
    });
    const [accept, revoke] = await Promise.all([
      act('doctor', made.body.id, 'respond', { decision: 'accepted' }),
      act('caseworker', made.body.id, 'revoke', { reason: 'Family moved away', expectedStatus: 'sent' }),
    ]);
    expect([accept.status, revoke.status].sort()).toEqual([200, 409]);
    const winner = accept.status === 200 ? 'accepted' : 'revoked';
    expect((await referralsOf(cristina)).find((r: any) => r.id === made.body.id).status).toBe(winner);
    const doctorView = await referral('doctor', made.body.id);
    expect(doctorView.body.shared !== undefined).toBe(winner === 'accepted');
    const events = (await api.timeline('caseworker', cristina)).body.filter((e: any) => e.data?.referralId === made.body.id).map((e: any) => e.type);
    expect(events).toEqual(['referral_sent', winner === 'accepted' ? 'referral_accepted' : 'referral_revoked']);
  });

  it('a revoked referral closes the shared sections and cancels its response deadline; the provider is told', async () => {
    const made = await refer('caseworker', cristina, {
      serviceType: 'health_care',
      providerId: 'bubuieci_health_centre',
      forms: ['registration'],
      reason: 'Vaccination check',
    });
    expect((await referral('doctor', made.body.id)).body.shared).toBeDefined();
    const revoked = await act('caseworker', made.body.id, 'revoke', { reason: 'Done by the school nurse' });
    expect(revoked.body.status).toBe('revoked');
    expect((await referral('doctor', made.body.id)).body).not.toHaveProperty('shared');
    expect((await api.deadlines('caseworker', cristina, 'all')).body.find((d: any) => d.key === `referral_response:${made.body.id}`)).toMatchObject({
      status: 'cancelled',
    });
    // The doctor reads Romanian: the Moldova pack names the status in the reader's language.
    const told = (await inbox('doctor', 'referral')).filter((m) => m.title.includes(': revocată') && m.body.includes('school nurse'));
    expect(told).toHaveLength(1);
    expect((await act('doctor', made.body.id, 'respond', { decision: 'accepted' })).body.code).toBe('referral_status_conflict');
  });

  it('a doctor of the provider with whom the case is also shared answers the referral as the provider: the shared sections, then Accept', async () => {
    const reg = await api.register('caseworker', 'child_protection', {
      first_name: 'Elena',
      last_name: 'Rusu',
      sex: 'female',
      date_of_birth: '2015-04-02',
      consent_status: 'given',
      assent_status: 'given',
    });
    expect(reg.status).toBe(201);
    const id = reg.body.id as string;
    expect((await api.transition('caseworker', id, 'start_assessment')).status).toBe(200);
    expect((await api.fill('caseworker', id, 'initial_assessment', { assessment_date: '2026-03-02', risk_level: 'medium', summary })).status).toBe(200);
    const doctor = (await t.http.get('/api/auth/me').set(await api.as('doctor'))).body;
    const shared = await t.http
      .post(`/api/cases/${id}/shares`)
      .set(await api.as('caseworker'))
      .send({ userId: doctor.id, reason: 'health follow-up' });
    expect(shared.status).toBe(201);
    const made = await refer('caseworker', id, {
      serviceType: 'health_care',
      providerId: 'bubuieci_health_centre',
      forms: ['registration', 'initial_assessment'],
      reason: 'Persistent cough',
    });
    expect(made.status).toBe(201);
    // Reading the case through the share does not make the doctor the referring side.
    const seen = (await referral('doctor', made.body.id)).body;
    expect(seen).toMatchObject({ status: 'sent', reason: 'Persistent cough' });
    expect(seen.shared.map((x: any) => x.form).sort()).toEqual(['initial_assessment', 'registration']);
    expect((await act('doctor', made.body.id, 'respond', { decision: 'accepted' })).body.status).toBe('accepted');
    expect((await referral('caseworker', made.body.id)).body).toMatchObject({ status: 'accepted', caseId: id });
  });

  it('a specialist who reads the case through a share sees which services, not the reasons; a closed case closes its referrals to providers', async () => {
    const share = await t.http
      .post(`/api/cases/${cristina}/consents`)
      .set(await api.as('caseworker'))
      .send({ purpose: 'data_sharing', decision: 'granted', givenBy: 'parent', method: 'written' });
    expect(share.status).toBe(201);
    const users = (await t.http.get('/api/auth/me').set(await api.as('teacher'))).body;
    expect(
      (
        await t.http
          .post(`/api/cases/${cristina}/shares`)
          .set(await api.as('caseworker'))
          .send({ userId: users.id, reason: 'education assessment' })
      ).status,
    ).toBe(201);
    const list = (await t.http.get(`/api/cases/${cristina}/referrals`).set(await api.as('teacher'))).body;
    expect(list.length).toBeGreaterThan(3);
    for (const r of list) {
      expect(r).toHaveProperty('serviceType');
      expect(r).not.toHaveProperty('reason');
      expect(r).not.toHaveProperty('responseReason');
      expect(r).not.toHaveProperty('followUp');
    }
    const open = await refer('caseworker', cristina, {
      serviceType: 'health_care',
      providerId: 'bubuieci_health_centre',
      forms: ['registration'],
      reason: 'Dental check',
    });
    expect((await referral('doctor', open.body.id)).status).toBe(200);
    expect((await api.fill('caseworker', cristina, 'closure', { closure_reason: 'needs_met', closure_date: '2026-03-04', summary: 'Needs met.' })).status).toBe(
      200,
    );
    expect((await api.transition('caseworker', cristina, 'close_case')).status).toBe(200);
    expect((await referral('doctor', open.body.id)).body.code).toBe('referral_not_found');
  });
});
