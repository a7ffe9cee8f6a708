/**
 * The language a user chooses is kept in their profile (POST /api/auth/language, which the web
 * app's language menu calls), so what is written for them later (inbox messages, e-mails) is in it
 * too, not only the interface.
 */
import { casesClient } from '../support/cases-client';
import { startTestApp, type TestApp } from '../support/app';

describe('the language a user chooses', () => {
  let t: TestApp;
  let c: ReturnType<typeof casesClient>;

  beforeAll(async () => {
    t = await startTestApp('user_language');
    c = casesClient(t);
  });
  afterAll(() => t?.close());

  it('is kept in the profile; a case shared afterwards is announced in it', async () => {
    const teacher = await c.as('teacher');
    const before = await t.http.get('/api/auth/me').set(teacher);
    expect(before.body.locale).toBe('fr');
    const chosen = await t.http.post('/api/auth/language').set(teacher).send({ locale: 'ro' });
    expect([chosen.status, chosen.body]).toEqual([200, { locale: 'ro' }]);
    expect((await t.http.get('/api/auth/me').set(teacher)).body.locale).toBe('ro');

    const reg = await c.register('caseworker', 'child_protection', {
      first_name: 'Nicoleta',
      last_name: 'Rotaru',
      sex: 'female',
      date_of_birth: '2014-09-09',
      consent_status: 'given',
      assent_status: 'given',
    });
    expect(reg.status).toBe(201);
    const teacherId = before.body.id;
    const share = await t.http
      .post(`/api/cases/${reg.body.id}/shares`)
      .set(await c.as('caseworker'))
      .send({ userId: teacherId, reason: 'school follow-up' });
    expect(share.status).toBe(201);
    const inbox = await t.http.get('/api/me/notifications').set(teacher);
    const message = inbox.body.find((m: any) => m.caseId === reg.body.id);
    expect(message.title).toContain(reg.body.caseNumber);
    // Romanian now, where it was French before.
    expect(message.title).not.toMatch(/^Le dossier/);
    expect(message.title).toMatch(/partajat/);
  });

  it('refuses what is not a language code, and changes nothing', async () => {
    const doctor = await c.as('doctor');
    const locale = (await t.http.get('/api/auth/me').set(doctor)).body.locale;
    const bad = await t.http.post('/api/auth/language').set(doctor).send({ locale: '../../etc' });
    expect([bad.status, bad.body.code, bad.body.errors?.[0]?.path]).toEqual([400, 'validation_failed', '/locale']);
    expect((await t.http.get('/api/auth/me').set(doctor)).body.locale).toBe(locale);
  });
});
