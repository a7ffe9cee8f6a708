import { startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/**
 * Refusals as a French or an Arabic user of the web app reads them (the web app sends `?locale=` on
 * every request): a wrong password, a registration form with a missing answer, a stale version and
 * an action not possible at the case's step, through the real API. Without `?locale=` the problem is
 * the English one, word for word.
 */
describe('problems in the user language', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  let caseId: string;
  const child = {
    first_name: 'Ion',
    last_name: 'Rotaru',
    sex: 'male',
    date_of_birth: '2016-02-02',
    consent_status: 'not_required_emergency',
    assent_status: 'given',
  };

  beforeAll(async () => {
    t = await startTestApp('localized_problems');
    api = casesClient(t);
    const reg = await api.register('caseworker', 'child_protection', child);
    expect(reg.status).toBe(201);
    caseId = reg.body.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const login = (locale?: string) =>
    t.http.post(`/api/auth/login${locale ? `?locale=${locale}` : ''}`).send({ username: 'caseworker', password: 'not-the-password-1234' });

  it('says a wrong password in French and Arabic, and in English by default', async () => {
    const fr = await login('fr');
    expect([fr.status, fr.type]).toEqual([401, 'application/problem+json']);
    expect(fr.body).toMatchObject({
      code: 'invalid_credentials',
      title: "Nom d'utilisateur ou mot de passe incorrect",
      detail: "Nom d'utilisateur ou mot de passe incorrect.",
    });
    const ar = await login('ar');
    expect(ar.body).toMatchObject({ code: 'invalid_credentials', detail: 'اسم المستخدم أو كلمة المرور غير صحيحة.' });
    const en = await login();
    expect(en.body).toMatchObject({ code: 'invalid_credentials', title: 'Wrong username or password', detail: 'Wrong username or password.' });
  });

  it('names a missing answer of the registration form by its label, with the reason in the language', async () => {
    const { date_of_birth: _missing, ...incomplete } = child;
    const register = async (locale: string) =>
      t.http
        .post(`/api/cases?locale=${locale}`)
        .set(await api.as('caseworker'))
        .send({ caseType: 'child_protection', answers: { ...incomplete, first_name: '' } });
    const fr = await register('fr');
    expect(fr.status).toBe(422);
    expect(fr.body.code).toBe('answers_invalid');
    expect(fr.body.detail).toBe("2 réponses ne sont pas valables ; rien n'a été enregistré.");
    expect(fr.body.errors).toEqual(
      expect.arrayContaining([
        { path: '/date_of_birth', label: 'Date de naissance', message: 'Cette réponse est obligatoire.', keyword: 'required' },
        { path: '/first_name', label: 'Prénom', message: 'Ne doit pas être vide.', keyword: 'minLength' },
      ]),
    );
    const ar = await register('ar');
    expect(ar.body.detail).toBe('إجابتان غير صالحتين؛ لم يُحفظ شيء.');
    expect(ar.body.errors).toEqual(
      expect.arrayContaining([{ path: '/date_of_birth', label: 'تاريخ الميلاد', message: 'هذه الإجابة مطلوبة.', keyword: 'required' }]),
    );
    // English: the problem as before, without the server's own parameters and labels.
    const en = await register('en');
    expect(en.body.detail).toBe('The answers to "registration" are not valid; nothing was saved.');
    expect(en.body.errors).toEqual(expect.arrayContaining([{ path: '/date_of_birth', message: 'is required', keyword: 'required' }]));
    for (const e of en.body.errors) expect(Object.keys(e).sort()).toEqual(['keyword', 'message', 'path']);
  });

  it("names the field a data-quality check refuses by its label, with the pack's message", async () => {
    const res = await t.http
      .post('/api/cases?locale=fr')
      .set(await api.as('caseworker'))
      .send({ caseType: 'child_protection', answers: { ...child, date_of_birth: '2027-06-01' } });
    expect([res.status, res.body.code]).toEqual([422, 'data_quality_failed']);
    expect(res.body.detail).toMatch(/^Les réponses ne passent pas les contrôles de qualité des données ; rien n'a été enregistré\. La date de naissance/);
    expect(res.body.errors).toEqual([
      { path: '/date_of_birth', label: 'Date de naissance', message: expect.stringMatching(/^La date de naissance/), keyword: 'data_quality' },
    ]);
  });

  it('says the case changed meanwhile in Arabic and French', async () => {
    const stale = async (locale: string) =>
      t.http
        .put(`/api/cases/${caseId}/forms/registration?locale=${locale}`)
        .set(await api.as('caseworker'))
        .set('If-Match', '"0"')
        .send({ answers: child, status: 'complete' });
    const ar = await stale('ar');
    expect(ar.status).toBe(409);
    expect(ar.body).toMatchObject({
      code: 'version_conflict',
      title: 'غيّر شخص آخر هذا السجل',
      detail: 'تغيّرت الحالة منذ قراءتك لها. أعد تحميلها وحاول مرة أخرى.',
    });
    const fr = await stale('fr');
    expect(fr.body.detail).toBe("Le dossier a changé depuis que vous l'avez lu. Rechargez-le et réessayez.");
    const en = await stale('en');
    expect(en.body.detail).toMatch(/^The case changed since you read it/);
  });

  it("says in Romanian why a supervisor's assignment is refused, case by case, without the colleague's name", async () => {
    const caseworker2 = (await t.http.get('/api/auth/me').set(await api.as('caseworker2'))).body.id;
    const res = await t.http
      .post('/api/cases/assignments?locale=ro')
      .set(await api.as('supervisor'))
      .send({ caseIds: [caseId], userId: caseworker2, reason: 'Mutare la Strășeni' });
    expect([res.status, res.body.code]).toEqual([422, 'assignment_refused']);
    expect(res.body.detail).toBe('1 caz nu poate fi atribuit acestei persoane; niciunul nu a fost atribuit.');
    expect(res.body.cases).toEqual([
      { caseId, code: 'receiver_cannot_read', reason: 'Această persoană nu ar putea citi acest caz (în afara competenței rolului său).' },
    ]);
  });

  it("says a plugin's refusal in the plugin's own words for the language", async () => {
    const res = await t.http.get('/api/plugins/family-tracing/requests/not-a-request?locale=ro').set(await api.as('caseworker'));
    expect(res.body).toMatchObject({
      status: 404,
      code: 'request_not_found',
      title: 'Cerere de căutare negăsită',
      detail: 'Această cerere de căutare nu există sau nu o puteți vedea.',
    });
    const en = await t.http.get('/api/plugins/family-tracing/requests/not-a-request').set(await api.as('caseworker'));
    expect(en.body.detail).toBe('No tracing request with this id.');
  });

  it('gives the reasons an action is refused at this step, in Arabic', async () => {
    const etag = await api.version('caseworker', caseId);
    const res = await t.http
      .post(`/api/cases/${caseId}/transitions/start_care_planning?locale=ar`)
      .set(await api.as('caseworker'))
      .set('If-Match', etag)
      .send({});
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'transition_blocked',
      title: 'هذا الإجراء غير ممكن الآن',
      detail: 'هذا الإجراء غير ممكن في المرحلة الحالية. تحتاج الاستمارة «التقييم الشامل» إلى إدخال مكتمل واحد (0 حتى الآن).',
      reasons: [
        { code: 'wrong_step', message: 'هذا الإجراء غير ممكن في المرحلة الحالية.' },
        // The form by its Arabic title, the count in Arabic's singular.
        expect.objectContaining({ code: 'form_incomplete', message: 'تحتاج الاستمارة «التقييم الشامل» إلى إدخال مكتمل واحد (0 حتى الآن).' }),
      ],
    });
  });
});
