import type { Browser } from 'playwright-core';
import { casesClient, childInAssessment } from '../support/cases-client';
import type { Page } from 'playwright-core';
import { accessibilityViolations, launchChromium, openAs, packToday, PHONE, screenshots, startWebApp } from '../support/browser';

/** Presses Tab until the element with this id has the focus (fails after 30 presses). */
async function tabTo(page: Page, id: string): Promise<void> {
  for (let i = 0; i < 30; i++) {
    if ((await page.evaluate(() => (globalThis as any).document.activeElement?.id)) === id) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached #${id}`);
}

/**
 * The web app in French and in Arabic (right to left), on a phone, and what a worker sees when the
 * connection drops while saving: nothing is lost from the page and nothing is half-saved.
 */
describe('Web app: languages, right-to-left, and a dropped connection', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let api: ReturnType<typeof casesClient>;
  let browser: Browser;
  let caseId: string;

  beforeAll(async () => {
    t = await startWebApp('web_languages', new Date());
    api = casesClient(t);
    browser = await launchChromium();
    caseId = await childInAssessment(api);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it("in French the interface and the pack's labels are French; in Arabic the page reads right to left", async () => {
    const page = await openAs(browser, t.url, 'caseworker', PHONE);
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('heading', { level: 1, name: 'Bonjour, Elena Cojocaru' }).waitFor();
    await page.goto(`${t.url}/cases/${caseId}`);
    await page.getByRole('heading', { name: 'Évaluation initiale' }).waitFor();
    await page.getByRole('button', { name: 'Envoyer' }).first().waitFor();
    await screenshots(page, '20-case-french');

    await page.locator('label.lang select').selectOption('ar');
    await page.getByRole('heading', { name: 'الخطوات التالية الممكنة' }).waitFor();
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.dir)).toBe('rtl');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshots(page, '21-case-arabic-rtl');
    // The choice is remembered for the next visit.
    await page.reload();
    await page.getByRole('heading', { name: 'السجل الزمني' }).waitFor();
  });

  it('signs in and reaches a case with the keyboard alone', async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${t.url}/`);
    // Keys pressed before the app has drawn the sign-in page land on an empty body.
    await page.getByLabel('Username').waitFor();
    await page.keyboard.press('Tab'); // the skip link comes first
    expect(await page.evaluate(() => (globalThis as any).document.activeElement.textContent)).toBe('Skip to the content');
    await tabTo(page, 'username');
    await page.keyboard.type('caseworker');
    await page.keyboard.press('Tab');
    await page.keyboard.type('demo-only-Passw0rd!');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /^Hello/ }).waitFor();
    await tabTo(page, 'q');
    await page.keyboard.type('Rotaru');
    await page.keyboard.press('Enter');
    await page
      .getByRole('list')
      .getByRole('link', { name: /Ion Rotaru/ })
      .first()
      .waitFor();
    await page.keyboard.press('Tab'); // from the search button to the first result
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (globalThis as any).document.activeElement.textContent)).toContain('Ion Rotaru');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /Ion Rotaru/ }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the registration page is accessible and suggests the child already registered with a similar name', async () => {
    const page = await openAs(browser, t.url, 'caseworker');
    await page.getByRole('link', { name: 'Register a child' }).click();
    await page.getByLabel(/^First name/).fill('Ion');
    await page.getByLabel(/^Last name/).fill('Rotaru');
    const duplicates = page.getByRole('complementary', { name: /Is it one of these children/ });
    await duplicates.getByRole('link', { name: /Ion Rotaru/ }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshots(page, '22-register-duplicate-suggestion');
  });

  it('when the connection drops while saving, the worker is told it was not saved and the answers stay; saving again works once', async () => {
    const page = await openAs(browser, t.url, 'caseworker', PHONE);
    await page.goto(`${t.url}/cases/${caseId}`);
    const form = page.locator('details', { has: page.getByRole('heading', { name: 'Initial assessment' }) });
    await form.getByLabel(/^Date of the assessment/).fill(packToday());
    await form.getByLabel(/^Risk level/).selectOption({ label: 'Medium' });
    await form.getByLabel(/^Summary of the assessment/).fill('Written on a bus with a weak signal.');
    await page.context().setOffline(true);
    await form.getByRole('button', { name: 'Submit' }).click();
    await form
      .getByRole('alert')
      .getByText(/Not saved: the connection was lost/)
      .waitFor({ timeout: 20_000 });
    expect(await form.getByLabel(/^Summary of the assessment/).inputValue()).toBe('Written on a bus with a weak signal.');
    expect((await api.get('caseworker', caseId)).body.forms.initial_assessment).toBeUndefined();
    await screenshots(page, '23-offline-not-saved');

    await page.context().setOffline(false);
    await form.getByRole('button', { name: 'Submit' }).click();
    await page.getByText('Submitted.').waitFor();
    const saved = (await api.get('caseworker', caseId)).body.forms.initial_assessment;
    expect(saved).toHaveLength(1);
    expect(saved[0].answers).toMatchObject({ risk_level: 'medium', summary: 'Written on a bus with a weak signal.' });
  });

  it("a worker saves a form that shows the authority's decision read-only, and the decision is kept", async () => {
    const reg = await api.register('caseworker', 'child_protection', {
      first_name: 'Dana',
      last_name: 'Ceban',
      sex: 'female',
      date_of_birth: '2013-03-03',
      consent_status: 'not_required_emergency',
      assent_status: 'given',
    });
    const id = reg.body.id;
    await api.transition('caseworker', id, 'start_assessment');
    await api.fill('caseworker', id, 'initial_assessment', { assessment_date: '2026-03-02', risk_level: 'high', summary: 'Alone at home.' });
    await api.addEntry('caseworker', id, 'referral', {
      service_type: 'foster_care',
      receiving_agency: 'Foster care service',
      reason: 'Emergency removal',
      consent_to_share: true,
    });
    expect((await api.transition('caseworker', id, 'request_emergency_placement')).status).toBe(202);
    expect((await api.decide('district', id, 'approve')).status).toBe(200);
    expect(
      (await api.fill('district', id, 'placement', { authorised_by: 'Guardianship authority of Chișinău', decision_reference: 'D-77/2026' }, 'draft')).status,
    ).toBe(200);

    const page = await openAs(browser, t.url, 'caseworker');
    await page.goto(`${t.url}/cases/${id}`);
    const form = page.locator('details', { has: page.getByRole('heading', { name: 'Placement' }) });
    const decision = form.getByLabel(/^Reference of the decision/);
    expect(await decision.inputValue()).toBe('D-77/2026');
    expect(await decision.isEditable()).toBe(false);
    await form.getByLabel(/^Type of placement/).selectOption({ index: 1 });
    await form.getByLabel(/^Date of placement/).fill(packToday());
    await form.getByLabel(/^Carer or service/).fill('Professional foster carer M. Rusu');
    await form.getByRole('button', { name: 'Submit' }).click();
    await page.getByText('Submitted.').waitFor();
    const saved = (await api.get('caseworker', id)).body.forms.placement.at(-1);
    expect(saved).toMatchObject({
      status: 'complete',
      answers: { carer_name: 'Professional foster carer M. Rusu', authorised_by: 'Guardianship authority of Chișinău', decision_reference: 'D-77/2026' },
    });
  });

  it('the caseworker records a consent decision on the case page; the district authority only reads consent', async () => {
    const page = await openAs(browser, t.url, 'caseworker');
    await page.goto(`${t.url}/cases/${caseId}`);
    const section = page.locator('section', { has: page.getByRole('heading', { name: 'Consent', exact: true }) });
    const referralRow = section.getByRole('row', { name: /Referral to other services/ });
    await referralRow.getByText('not recorded').first().waitFor();
    await section.getByText('Record a consent decision').click();
    await section.getByLabel('Purpose').selectOption({ label: 'Referral to other services' });
    await section.getByLabel('Given by').selectOption({ label: 'Parent' });
    await section.getByLabel('How').selectOption({ label: 'written' });
    await section.getByLabel('Decision').selectOption({ label: 'granted' });
    await section.getByLabel('Consent or assent').selectOption({ label: 'consent (parent or legal representative)' });
    await section.getByRole('button', { name: 'Record' }).click();
    await section.getByText('Recorded.').waitFor();
    // The consent column (the assent one was granted on the registration form, mapped to the register).
    await referralRow
      .getByRole('cell')
      .nth(0)
      .filter({ hasText: /^granted$/ })
      .waitFor();
    const recorded = (await t.http.get(`/api/cases/${caseId}/consents`).set(await api.as('caseworker'))).body.records;
    const consent = recorded.filter((r: any) => r.purpose === 'referral' && r.kind === 'consent');
    expect(consent.at(-1)).toMatchObject({ decision: 'granted', givenBy: 'parent', method: 'written' });

    const district = await openAs(browser, t.url, 'district');
    await district.goto(`${t.url}/cases/${caseId}`);
    const theirs = district.locator('section', { has: district.getByRole('heading', { name: 'Consent', exact: true }) });
    await theirs
      .getByRole('row', { name: /Referral to other services/ })
      .getByRole('cell')
      .nth(0)
      .filter({ hasText: /^granted$/ })
      .waitFor();
    expect(await theirs.getByText('Record a consent decision').count()).toBe(0);
  });
});
