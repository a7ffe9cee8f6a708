import type { Browser } from 'playwright-core';
import { casesClient } from '../support/cases-client';
import { accessibilityViolations, launchChromium, openAs, packToday, PHONE, screenshots, startWebApp } from '../support/browser';

/** The foster care service's social worker in the web app: the referral, only what it shares, and the answer. */
describe('Web app: a referral received by the foster care service', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  let referralId: string;
  let caseId: string;

  beforeAll(async () => {
    t = await startWebApp('web_referral', new Date());
    browser = await launchChromium();
    const api = casesClient(t);
    const reg = await api.register('caseworker', 'child_protection', {
      first_name: 'Cristina',
      last_name: 'Popescu',
      sex: 'female',
      date_of_birth: '2014-05-01',
      idnp: '2004012345678',
      consent_status: 'not_required_emergency',
      assent_status: 'given',
    });
    const id = reg.body.id;
    caseId = id;
    await api.transition('caseworker', id, 'start_assessment');
    await api.fill('caseworker', id, 'initial_assessment', { assessment_date: packToday(), risk_level: 'high', summary: 'Alone for days.' });
    await t.http
      .post(`/api/cases/${id}/consents`)
      .set(await api.as('caseworker'))
      .send({ purpose: 'referral', decision: 'granted', givenBy: 'parent', method: 'written' });
    const made = await t.http
      .post(`/api/cases/${id}/referrals`)
      .set(await api.as('caseworker'))
      .send({
        serviceType: 'foster_care',
        providerId: 'chisinau_foster_care',
        forms: ['registration', 'initial_assessment'],
        reason: 'Emergency placement tonight',
      });
    referralId = made.body.id;
    expect(
      (
        await t.http
          .post(`/api/referrals/${referralId}/authorise`)
          .set(await api.as('district'))
          .send({ decision: 'authorised' })
      ).status,
    ).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('lists the referral on the home page, shows only the shared sections, and records the acceptance', async () => {
    const page = await openAs(browser, t.url, 'foster_worker', PHONE);
    const incoming = page.locator('section', { has: page.getByRole('heading', { name: /Referrals to my service/ }) });
    await incoming.getByRole('link', { name: /Foster care/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Referral: Foster care' }).waitFor();
    const shared = page.locator('section', { has: page.getByRole('heading', { name: 'What the referral shares' }) });
    await shared.getByText('Cristina').waitFor();
    await shared.getByText('Alone for days.').waitFor();
    const text = await page.locator('main').innerText();
    expect(text).not.toContain('2004012345678'); // the IDNP is sensitive: never in a referral
    expect(await page.getByRole('link', { name: /MD-CH-/ }).count()).toBe(0); // no way into the case itself
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshots(page, '40-referral-received');
    await page.getByRole('button', { name: 'Accept' }).click();
    await page.locator('.summary').getByText('accepted').waitFor();
    const saved = await t.http.get(`/api/referrals/${referralId}`).set('Authorization', await t.login('caseworker'));
    expect(saved.body.status).toBe('accepted');
  });

  it("the caseworker records the follow-up with the questions of the pack, in the pack's words", async () => {
    const page = await openAs(browser, t.url, 'caseworker');
    await page.goto(`${t.url}/cases/${caseId}`);
    await page
      .locator('section', { has: page.getByRole('heading', { name: 'Referrals' }) })
      .getByRole('link', { name: 'Foster care' })
      .click();
    await page.getByRole('heading', { name: 'Follow-up' }).waitFor();
    // The question about the service is asked only once the worker says it was received.
    const question = page.getByLabel('Is the child satisfied with the service? *');
    await page.getByRole('group', { name: 'Was the service received? *' }).getByLabel('No').check();
    expect(await question.count()).toBe(0);
    await page.getByRole('group', { name: 'Was the service received? *' }).getByLabel('Yes').check();
    expect(await question.locator('option').allInnerTexts()).toEqual(['Choose…', 'Yes', 'No', 'Unknown']);
    await question.selectOption('unknown');
    await page.getByLabel('Notes').fill('Settled with the foster carer.');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Record the follow-up' }).click();
    const answers = page.locator('dl.answers');
    await answers.getByText('Is the child satisfied with the service?').waitFor();
    expect(await answers.innerText()).toMatch(/Is the child satisfied with the service\?\s+Unknown/);
    expect(await answers.innerText()).not.toContain('unknown');
    const saved = await t.http.get(`/api/referrals/${referralId}`).set('Authorization', await t.login('caseworker'));
    expect(saved.body).toMatchObject({
      status: 'done',
      followUp: { serviceReceived: true, answers: { child_satisfied: 'unknown' }, notes: 'Settled with the foster carer.' },
    });
  });
});
