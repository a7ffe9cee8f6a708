import { startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/**
 * What the case page offers (GET /api/cases/{id} `may`) is what the endpoints accept, role by role
 * on the Moldova pack: notes, flags, links, sharing, consent override and assignment. The people to
 * share with or assign to are listed by name and role label (GET /api/cases/{id}/people), only those
 * the endpoint would accept; a specialist the case is shared with is told in the app; who may break
 * the glass is said by GET /api/auth/me.
 */
describe('Case actions: what the case view offers is what the API accepts', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  let caseId: string;
  const id: Record<string, string> = {};
  const post = async (user: string, path: string, body: object) =>
    t.http
      .post(path)
      .set(await api.as(user))
      .send(body);
  const may = async (user: string) => (await api.get(user, caseId)).body.may;
  const people = async (user: string, purpose: string) => t.http.get(`/api/cases/${caseId}/people?for=${purpose}`).set(await api.as(user));

  beforeAll(async () => {
    t = await startTestApp('case_actions', { start: new Date('2026-03-02T08:00:00Z') });
    api = casesClient(t);
    for (const u of ['caseworker', 'caseworker2', 'caseworker3', 'ngo_worker', 'supervisor', 'supervisor_st', 'doctor', 'teacher']) {
      id[u] = (await t.http.get('/api/auth/me').set(await api.as(u))).body.id;
    }
    const res = await api.register('caseworker', 'child_protection', {
      first_name: 'Ana',
      last_name: 'Rusu',
      sex: 'female',
      date_of_birth: '2016-05-05',
      // No consent answered on the form (which would record it): the tests record it through the API.
      consent_status: 'not_required_emergency',
      assent_status: 'given',
    });
    expect(res.status).toBe(201);
    caseId = res.body.id;
  });
  afterAll(async () => t?.close());

  it('the caseworker may note, flag, link and share but not assign or override consent; the API agrees', async () => {
    expect(await may('caseworker')).toMatchObject({ note: true, flag: true, link: true, share: true, overrideConsent: false, assign: false });
    expect((await post('caseworker', `/api/cases/${caseId}/notes`, { text: 'Met the mother.', visibility: 'team' })).status).toBe(201);
    expect((await post('caseworker', `/api/cases/${caseId}/flags`, { reason: 'Violent father' })).status).toBe(201);
    const assign = await post('caseworker', '/api/cases/assignments', { caseIds: [caseId], userId: id.caseworker3, reason: 'holiday' });
    expect(assign.status).toBe(403);
  });

  it('the supervisor may assign and override consent; people to assign to are those who could work the case, by name and role', async () => {
    expect(await may('supervisor')).toMatchObject({ note: true, flag: true, share: true, overrideConsent: true, assign: true });
    const res = await people('supervisor', 'assign');
    expect(res.status).toBe(200);
    const names = res.body.map((p: any) => p.name);
    // Same agency and community: Ion Rusu; the NGO's worker and the other district's worker could not read the case.
    expect(names).toContain('Ion Rusu');
    expect(names).not.toContain('Olga Sandu');
    expect(names).not.toContain('Mihai Lungu');
    expect(res.body.find((p: any) => p.name === 'Elena Cojocaru')).toMatchObject({ current: true, roles: ['Community social worker (case manager)'] });
    expect((await people('caseworker', 'assign')).status).toBe(403);
    const assign = await post('supervisor', '/api/cases/assignments', { caseIds: [caseId], userId: id.caseworker3, reason: 'Elena is on leave' });
    expect(assign.status).toBe(200);
    expect((await api.get('supervisor', caseId)).body.assignedToName).toBe('Ion Rusu');
  });

  it('people to share with are the specialists sharing reaches, by role label; the teacher is told and then may note but not flag', async () => {
    const res = await people('caseworker3', 'share');
    expect(res.status).toBe(200);
    const byName = new Map(res.body.map((p: any) => [p.name, p]));
    expect(byName.get('Ana Moraru')).toMatchObject({ id: id.teacher, roles: ['Teacher'], current: false });
    expect(byName.get('Vasile Ciobanu')).toMatchObject({ id: id.doctor, current: false });
    expect(byName.has('Elena Cojocaru')).toBe(false);
    expect((await people('teacher', 'share')).status).toBe(404);

    // The parent's consent to share is required first (the ability does not promise it).
    expect((await post('caseworker3', `/api/cases/${caseId}/shares`, { userId: id.teacher, reason: 'school follow-up' })).status).toBe(409);
    const consent = { purpose: 'data_sharing', decision: 'granted', givenBy: 'parent', method: 'written' };
    expect((await post('caseworker3', `/api/cases/${caseId}/consents`, consent)).status).toBe(201);
    expect((await post('caseworker3', `/api/cases/${caseId}/shares`, { userId: id.teacher, reason: 'school follow-up' })).status).toBe(201);
    expect((await people('caseworker3', 'share')).body.find((p: any) => p.id === id.teacher).current).toBe(true);

    const inbox = await t.http.get('/api/me/notifications').set(await api.as('teacher'));
    const message = inbox.body.find((m: any) => m.caseId === caseId);
    // In the teacher's own language (her profile says French), as the pack's messages are.
    expect(message.title).toMatch(/^Le dossier MD-CH-.* est partagé avec vous$/);
    expect(message.body).not.toContain('school follow-up');

    const teacher = await api.get('teacher', caseId);
    expect(teacher.status).toBe(200);
    expect(teacher.body.may).toMatchObject({ note: true, flag: false, link: false, share: false, assign: false, readConsent: false });
    expect((await post('teacher', `/api/cases/${caseId}/flags`, { reason: 'worried' })).status).toBe(403);
    expect((await post('teacher', `/api/cases/${caseId}/notes`, { text: 'Absent twice this week.', visibility: 'case' })).status).toBe(201);
  });

  it('the caseworker may refer the case to a provider; the teacher it is shared with may not, and the API agrees', async () => {
    expect(await may('caseworker3')).toMatchObject({ refer: true });
    expect(await may('teacher')).toMatchObject({ refer: false });
    const referral = { serviceType: 'legal_assistance', providerId: 'law_centre_chisinau', forms: ['registration'], reason: 'Custody dispute' };
    const consent = { purpose: 'referral', decision: 'granted', givenBy: 'parent', method: 'written' };
    expect((await post('caseworker3', `/api/cases/${caseId}/consents`, consent)).status).toBe(201);
    expect((await post('teacher', `/api/cases/${caseId}/referrals`, referral)).status).toBe(403);
    expect((await post('caseworker3', `/api/cases/${caseId}/referrals`, referral)).status).toBe(201);
  });

  it('workers to transfer to are found by name anywhere, with the place the case would go; the teacher may not transfer', async () => {
    expect(await may('caseworker3')).toMatchObject({ transfer: true });
    const res = await t.http.get(`/api/cases/${caseId}/transfer-receivers?name=lungu`).set(await api.as('caseworker3'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { id: id.caseworker2, name: 'Mihai Lungu', roles: ['Community social worker (case manager)'], place: { code: 'ST01', name: expect.any(String) } },
    ]);
    // Not the worker it is assigned to, nor a specialist whose access comes from sharing.
    const all = (await t.http.get(`/api/cases/${caseId}/transfer-receivers`).set(await api.as('caseworker3'))).body.map((r: any) => r.name);
    expect(all).not.toContain('Ion Rusu');
    expect(all).toContain('Elena Cojocaru');
    expect(all).not.toContain('Ana Moraru');
    expect((await api.get('teacher', caseId)).body.may).toMatchObject({ transfer: false });
    expect((await t.http.get(`/api/cases/${caseId}/transfer-receivers`).set(await api.as('teacher'))).status).toBe(403);
  });

  it('a closed case may no longer be assigned nor referred', async () => {
    expect((await api.transition('caseworker3', caseId, 'start_assessment')).status).toBe(200);
    await api.fill('caseworker3', caseId, 'closure', { closure_reason: 'needs_met', closure_date: '2026-03-02', summary: 'Safe.' });
    const closed = await api.transition('caseworker3', caseId, 'close_case', 'Goals met');
    expect(closed.status).toBe(200);
    expect(await may('supervisor')).toMatchObject({ assign: false, transfer: false, refer: false });
    const assign = await post('supervisor', '/api/cases/assignments', { caseIds: [caseId], userId: id.caseworker, reason: 'back from leave' });
    expect(assign.status).toBe(422);
    const referral = { serviceType: 'legal_assistance', providerId: 'law_centre_chisinau', forms: ['registration'], reason: 'Custody dispute' };
    expect((await post('caseworker3', `/api/cases/${caseId}/referrals`, referral)).status).toBe(422);
  });

  it('GET /api/auth/me says who may break the glass: supervisors, not caseworkers or specialists', async () => {
    const capabilities = async (u: string) => (await t.http.get('/api/auth/me').set(await api.as(u))).body.capabilities;
    expect(await capabilities('supervisor_st')).toMatchObject({ breakGlass: true });
    expect(await capabilities('caseworker')).toMatchObject({ breakGlass: false });
    expect(await capabilities('teacher')).toMatchObject({ breakGlass: false });
  });

  it('GET /api/cases/{id}/people refuses an unknown purpose', async () => {
    const res = await people('supervisor', 'friends');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: '/for', message: 'unknown purpose' }]);
  });
});
