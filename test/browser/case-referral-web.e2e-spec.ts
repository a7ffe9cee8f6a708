import type { Browser, Page } from 'playwright-core';
import { casesClient } from '../support/cases-client';
import { accessibilityViolations, LAPTOP, launchChromium, openAs, packToday, PHONE, screenshots, startWebApp } from '../support/browser';

/**
 * A referral from the service directory, made on the case page through the web app alone (Moldova
 * pack, 360 px and 1280 px, axe): the caseworker chooses the service, finds the provider covering the
 * child's place by name, the sections to share and the urgency; refused until the referral consent is
 * recorded (the page points to the Consent section); the referral then shows as sent. The health
 * centre's doctor opens it from the home page and accepts it; the caseworker sees "accepted". A foster
 * care referral waits for the district authority's authorisation (the authority's decision is
 * referral-authorisation-web's). A supervisor, whose role may override missing consent, refers with a written reason.
 * Only the registrations and the assessment are set up through the API.
 */
describe('Web app: a referral from the service directory on the case page', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let api: ReturnType<typeof casesClient>;
  let browser: Browser;
  let caseId: string;
  let caseNumber: string;

  const section = (page: Page, heading: string | RegExp) => page.locator('section', { has: page.getByRole('heading', { level: 2, name: heading }) });
  const checkPage = async (page: Page, name: string) => {
    await page.waitForFunction(() => !(globalThis as any).document.querySelector('.loading'));
    for (const size of [PHONE, LAPTOP]) {
      await page.setViewportSize(size);
      expect(await accessibilityViolations(page)).toEqual([]);
    }
    await screenshots(page, name);
  };
  const caseworkerOn = async (viewport: { width: number; height: number }) => {
    const page = await openAs(browser, t.url, 'caseworker', viewport);
    await page.goto(`${t.url}/cases/${caseId}`);
    await page.getByRole('heading', { level: 1, name: /Dan Ceban/ }).waitFor();
    return page;
  };

  beforeAll(async () => {
    t = await startWebApp('case_referral_web', new Date());
    api = casesClient(t);
    browser = await launchChromium();
    const reg = await api.register('caseworker', 'child_protection', {
      first_name: 'Dan',
      last_name: 'Ceban',
      sex: 'male',
      date_of_birth: '2015-02-03',
      consent_status: 'not_required_emergency',
      assent_status: 'given',
    });
    expect(reg.status).toBe(201);
    [caseId, caseNumber] = [reg.body.id, reg.body.caseNumber];
    expect((await api.transition('caseworker', caseId, 'start_assessment')).status).toBe(200);
    await api.fill('caseworker', caseId, 'initial_assessment', {
      assessment_date: packToday(),
      risk_level: 'medium',
      summary: 'Cough for weeks, no doctor seen.',
    });
    // Enough health care providers in Chișinău that the list is searched by name.
    const admin = await t.login('admin');
    for (let i = 1; i <= 6; i++) {
      const saved = await t.http
        .put(`/api/admin/services/providers/clinic_${i}`)
        .set('Authorization', admin)
        .send({ id: `clinic_${i}`, name: { en: `Family clinic no. ${i}` }, serviceTypes: ['health_care'], locations: ['CH'], usesPlatform: false });
      expect(saved.status).toBe(200);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('the caseworker refers the case to the health centre on a phone: consent first, then it shows as sent', async () => {
    const page = await caseworkerOn(PHONE);
    const refer = section(page, 'Refer to a service');
    await refer.getByText('Make a referral').click();
    await refer.getByLabel('Service').selectOption({ label: 'Health care' });
    const providers = refer.getByRole('group', { name: 'Provider covering the place the person lives' });
    // The directory's providers covering the child's place, by name and area; searched by name.
    await providers.getByText('Bubuieci health centre').waitFor();
    expect(await providers.getByRole('radio').count()).toBe(7);
    expect(await providers.innerText()).toContain('Covers: Bubuieci');
    await refer.getByLabel('Find a provider by name').fill('bubu');
    expect(await providers.getByRole('radio').count()).toBe(1);
    await providers.getByLabel(/Bubuieci health centre/).check();
    // The registration is always shared with a health service; what else is the worker's choice, by label.
    const sections = refer.getByRole('group', { name: 'Sections to share' });
    expect(await sections.getByLabel('Registration').isChecked()).toBe(true);
    expect(await sections.getByLabel('Registration').isDisabled()).toBe(true);
    expect(await sections.innerText()).toContain('This service always receives: Registration.');
    await sections.getByLabel('Initial assessment').check();
    expect(await refer.getByLabel('Urgency').locator('option').allInnerTexts()).toEqual([
      'Not stated',
      'Emergency (same day)',
      'Urgent (within 3 days)',
      'Routine',
    ]);
    await refer.getByLabel('Urgency').selectOption({ label: 'Urgent (within 3 days)' });
    await refer.getByLabel('Reason for the referral').fill('Persistent cough, needs a medical check.');
    await checkPage(page, 'case-referral-01-form');
    await page.setViewportSize(PHONE);
    // Nothing of the form runs off a 360 px screen.
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // Without the referral consent the server refuses; the page says so and leads to the Consent section.
    await refer.getByRole('button', { name: 'Send the referral' }).click();
    await refer
      .getByRole('alert')
      .getByText(/A referral needs the recorded consent to refer to other services/)
      .waitFor();
    expect(await section(page, 'Referrals').count()).toBe(0);
    await refer.getByRole('button', { name: 'Go to the Consent section' }).click();
    const recordConsent = page.getByText('Record a consent decision');
    await expect(recordConsent.evaluate((el) => el === (globalThis as any).document.activeElement)).resolves.toBe(true);
    await recordConsent.click();
    const consentForm = section(page, 'Consent');
    await consentForm.getByLabel('Purpose').selectOption({ label: 'Referral to other services' });
    await consentForm.getByLabel('Consent or assent').selectOption({ label: 'consent (parent or legal representative)' });
    await consentForm.getByLabel('Decision').selectOption({ label: 'granted' });
    await consentForm.getByLabel('Given by').selectOption({ label: 'Parent' });
    await consentForm.getByLabel('How').selectOption({ label: 'written' });
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    await section(page, 'Consent').getByText('Recorded.').waitFor();

    await refer.getByRole('button', { name: 'Send the referral' }).click();
    await refer.getByRole('status').getByText('Referral for Health care sent to Bubuieci health centre.').waitFor();
    const list = section(page, 'Referrals');
    await list.getByRole('link', { name: 'Health care' }).waitFor();
    expect(await list.innerText()).toMatch(/Bubuieci health centre\s*sent/);
    await checkPage(page, 'case-referral-02-sent');

    const saved = (await t.http.get(`/api/cases/${caseId}/referrals`).set(await api.as('caseworker'))).body;
    expect(saved).toHaveLength(1);
    const one = (await t.http.get(`/api/referrals/${saved[0].id}`).set(await api.as('caseworker'))).body;
    expect(one).toMatchObject({ status: 'sent', urgency: 'urgent', reason: 'Persistent cough, needs a medical check.' });
    expect([...one.sharedForms].sort()).toEqual(['initial_assessment', 'registration']);
  });

  it("the health centre's doctor opens the referral from the home page and accepts it; the caseworker sees it accepted", async () => {
    const doctor = await openAs(browser, t.url, 'doctor', PHONE);
    const incoming = doctor.locator('section', { has: doctor.getByRole('heading', { name: /Referrals to my service/ }) });
    await incoming.getByRole('link', { name: new RegExp(`Health care · ${caseNumber}`) }).click();
    await doctor.getByRole('heading', { level: 1, name: 'Referral: Health care' }).waitFor();
    await doctor.getByText('Cough for weeks, no doctor seen.').waitFor();
    await doctor.getByRole('button', { name: 'Accept' }).click();
    await doctor.locator('.summary').getByText('accepted').waitFor();

    const page = await caseworkerOn(LAPTOP);
    expect(await section(page, 'Referrals').innerText()).toMatch(/Bubuieci health centre\s*accepted/);
  });

  it('a foster care referral says it needs the district authority first, and then waits for its authorisation', async () => {
    const page = await caseworkerOn(LAPTOP);
    const refer = section(page, 'Refer to a service');
    await refer.getByText('Make a referral').click();
    await refer.getByLabel('Service').selectOption({ label: 'Foster care' });
    await refer.getByText('The district authority must authorise this referral before it is sent to the provider.').waitFor();
    const providers = refer.getByRole('group', { name: 'Provider covering the place the person lives' });
    // Four providers at most: no search box.
    expect(await refer.getByLabel('Find a provider by name').count()).toBe(0);
    await providers.getByLabel(/Chișinău professional foster care service/).check();
    const sections = refer.getByRole('group', { name: 'Sections to share' });
    // Within the service type's limits: at least registration and initial assessment, at most the care plans too.
    expect(await sections.getByRole('checkbox').evaluateAll((boxes) => boxes.map((b: any) => [b.value, b.checked, b.disabled]))).toEqual(
      expect.arrayContaining([
        ['registration', true, true],
        ['initial_assessment', true, true],
      ]),
    );
    expect(await sections.innerText()).not.toContain('Health assessment');
    await refer.getByLabel('Reason for the referral').fill('No safe carer at home tonight.');
    await refer.getByRole('button', { name: 'Send the referral' }).click();
    await refer
      .getByRole('status')
      .getByText(/waits for the district authority's authorisation/)
      .waitFor();
    const list = section(page, 'Referrals');
    await list.getByRole('link', { name: 'Foster care' }).waitFor();
    expect(await list.innerText()).toMatch(/Chișinău professional foster care service\s*awaiting authorisation/);
    await checkPage(page, 'case-referral-03-awaiting');
  });

  it('the supervisor, whose role may override missing consent, refers another case with a written reason instead', async () => {
    const other = await api.register('caseworker', 'child_protection', {
      first_name: 'Vlad',
      last_name: 'Ceban',
      sex: 'male',
      date_of_birth: '2013-07-08',
      consent_status: 'not_required_emergency',
      assent_status: 'given',
    });
    const page = await openAs(browser, t.url, 'supervisor', PHONE);
    await page.goto(`${t.url}/cases/${other.body.id}`);
    await page.getByRole('heading', { level: 1, name: /Vlad Ceban/ }).waitFor();
    const refer = section(page, 'Refer to a service');
    await refer.getByText('Make a referral').click();
    await refer.getByLabel('Service').selectOption({ label: 'Legal assistance' });
    await refer
      .getByRole('group', { name: 'Provider covering the place the person lives' })
      .getByLabel(/Law centre for children/)
      .check();
    await refer.getByLabel('Reason for the referral').fill('Birth certificate missing.');
    await refer.getByRole('button', { name: 'Send the referral' }).click();
    await refer
      .getByRole('alert')
      .getByText(/or give a written reason to refer without it/)
      .waitFor();
    await refer.getByLabel('Why refer without consent').fill('Parents unreachable for two weeks; the child needs papers for school.');
    await refer.getByRole('button', { name: 'Send the referral' }).click();
    await refer.getByRole('status').getByText('Referral for Legal assistance sent to Law centre for children (Chișinău).').waitFor();
    await section(page, 'Referrals').getByRole('link', { name: 'Legal assistance' }).waitFor();
    expect(await section(page, 'Referrals').innerText()).toMatch(/Law centre for children \(Chișinău\)\s*sent/);
    const [made] = (await t.http.get(`/api/cases/${other.body.id}/referrals`).set(await api.as('supervisor'))).body;
    const saved = (await t.http.get(`/api/referrals/${made.id}`).set(await api.as('supervisor'))).body;
    expect(saved.consent).toEqual({ purpose: 'referral', overridden: true });
  });
});
