import { registeredErrorCodes } from '@app/core';
import { startTestApp, TestApp } from '../support/app';
import { casesClient } from '../support/cases-client';

/**
 * Nothing assumes children: a pack about adults (test/fixtures/packs/adult-care) declares who may
 * give consent and asks for no assent; the API takes its word, and no text the API shows a user
 * (OpenAPI summaries and descriptions, problem-detail titles and the problems this journey meets)
 * speaks of a child.
 */
describe('A pack about adults: consent givers from the pack, no assent, no "child" in what users read', () => {
  let t: TestApp;
  let api: ReturnType<typeof casesClient>;
  let caseId: string;
  const problems: Array<{ title: string; detail: string }> = [];

  const consent = async (body: Record<string, unknown>) => {
    const res = await t.http
      .post(`/api/cases/${caseId}/consents`)
      .set(await api.as('worker'))
      .send(body);
    if (res.status >= 400) problems.push(res.body);
    return res;
  };

  beforeAll(async () => {
    t = await startTestApp('any_population', { sopDir: 'test/fixtures/packs/adult-care' });
    api = casesClient(t);
    const res = await api.register('worker', 'adult_support', { full_name: 'Maria Popescu', date_of_birth: '1950-04-02', sex: 'female' });
    expect(res.status).toBe(201);
    caseId = res.body.id;
  });
  afterAll(async () => t?.close());

  it('lists the consent givers the pack declares, and says assent is not asked', async () => {
    const res = await t.http.get(`/api/cases/${caseId}/consents`).set(await api.as('worker'));
    expect(res.status).toBe(200);
    expect(res.body.givers).toEqual(['person_concerned', 'attorney']);
    expect(res.body.giverLabels).toEqual({ person_concerned: 'The person concerned', attorney: 'Holder of a power of attorney' });
    expect(res.body.assent).toBeNull();
    expect(res.body.purposes.map((p: any) => [p.purpose, p.consent, p.assent])).toEqual([
      ['services', 'unknown', null],
      ['data_sharing', 'unknown', null],
    ]);
  });

  it('records consent given by the person concerned; a giver the pack does not list, or assent, is refused naming the field', async () => {
    const ok = await consent({ purpose: 'data_sharing', decision: 'granted', givenBy: 'person_concerned', method: 'written' });
    expect(ok.status).toBe(201);
    const parent = await consent({ purpose: 'data_sharing', decision: 'granted', givenBy: 'parent', method: 'written' });
    expect([parent.status, parent.body.code]).toEqual([400, 'validation_failed']);
    expect(parent.body.errors).toEqual([{ path: '/givenBy', message: 'must be one of: person_concerned, attorney' }]);
    const assent = await consent({ purpose: 'data_sharing', kind: 'assent', decision: 'granted', givenBy: 'person_concerned', method: 'verbal' });
    expect([assent.status, assent.body.code]).toEqual([400, 'validation_failed']);
    expect(assent.body.errors).toEqual([{ path: '/kind', message: expect.stringContaining('does not ask for assent') }]);
    const state = await t.http.get(`/api/cases/${caseId}/consents`).set(await api.as('worker'));
    expect(state.body.purposes.find((p: any) => p.purpose === 'data_sharing')).toMatchObject({ consent: 'granted', assent: null });
  });

  it('asks the follow-up questions of the pack about the person referred, and refuses answers it does not ask for', async () => {
    const as = await api.as('worker');
    const made = await t.http
      .post(`/api/cases/${caseId}/referrals`)
      .set(as)
      .send({ serviceType: 'home_care', providerId: 'north_home_care', forms: ['registration'], reason: 'Help at home after a fall' });
    expect([made.status, made.body.status]).toEqual([201, 'sent']);
    const id = made.body.id;
    expect((await t.http.post(`/api/referrals/${id}/respond`).set(as).send({ decision: 'accepted' })).status).toBe(200);
    const view = await t.http.get(`/api/referrals/${id}?locale=fr`).set(as);
    expect(view.body.followUpQuestions.map((q: any) => [q.id, q.type, q.label, q.required])).toEqual([
      ['needs_met', 'option', 'Le service répond-il aux besoins de la personne, selon elle ?', true],
      ['wants_to_continue', 'boolean', 'La personne souhaite-t-elle que le service continue ?', true],
      ['in_own_words', 'text', 'Avec les mots de la personne', false],
    ]);
    const followUp = (body: unknown) =>
      t.http
        .post(`/api/referrals/${id}/follow-up`)
        .set(as)
        .send(body as object);
    const child = await followUp({ serviceReceived: true, answers: { needs_met: 'fully', wants_to_continue: true, child_satisfied: 'yes' } });
    expect([child.status, child.body.errors]).toEqual([
      400,
      [{ path: '/answers/child_satisfied', message: expect.stringContaining('not a follow-up question') }],
    ]);
    problems.push(child.body);
    const wrong = await followUp({ serviceReceived: true, answers: { needs_met: 'fully', wants_to_continue: 'yes', in_own_words: 'x'.repeat(501) } });
    expect([wrong.status, wrong.body.errors.map((e: any) => e.path)]).toEqual([400, ['/answers/wants_to_continue', '/answers/in_own_words']]);
    problems.push(wrong.body);
    const done = await followUp({
      serviceReceived: true,
      answers: { needs_met: 'partly', wants_to_continue: true, in_own_words: ' Mornings are better now. ' },
    });
    expect([done.status, done.body.status]).toEqual([200, 'done']);
    const after = await t.http.get(`/api/referrals/${id}`).set(as);
    expect(after.body.followUp).toMatchObject({
      serviceReceived: true,
      answers: { needs_met: 'partly', wants_to_continue: true, in_own_words: 'Mornings are better now.' },
    });
    expect(after.body.followUp.answered.map((a: any) => [a.label, a.valueLabel ?? a.value])).toEqual([
      ["Does the service meet the person's needs, in their own view?", 'Partly'],
      ['Does the person want the service to continue?', true],
      ["In the person's own words", 'Mornings are better now.'],
    ]);
  });

  it('no OpenAPI summary, description or title speaks of a child', async () => {
    const doc = await t.http.get('/api/openapi.json');
    expect(doc.status).toBe(200);
    const texts: string[] = [];
    const walk = (node: unknown, key = ''): void => {
      if (typeof node === 'string') {
        if (['summary', 'description', 'title'].includes(key)) texts.push(node);
        return;
      }
      if (Array.isArray(node)) node.forEach((n) => walk(n));
      else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, k);
    };
    walk(doc.body);
    expect(texts.length).toBeGreaterThan(100);
    expect(texts.filter((s) => /\bchild|children\b/i.test(s))).toEqual([]);
  });

  it('no problem-detail title, nor any problem met here, speaks of a child', async () => {
    const titles = [...registeredErrorCodes().entries()].map(([code, info]) => `${code}: ${info.title}`);
    expect(titles.length).toBeGreaterThan(50);
    expect(titles.filter((s) => /\bchild|children\b/i.test(s))).toEqual([]);
    const missing = await t.http.get('/api/cases/00000000-0000-4000-8000-000000000000').set(await api.as('worker'));
    problems.push(missing.body);
    expect(problems.length).toBe(5);
    expect(problems.map((p) => `${p.title} ${p.detail}`).filter((s) => /\bchild/i.test(s))).toEqual([]);
  });
});
