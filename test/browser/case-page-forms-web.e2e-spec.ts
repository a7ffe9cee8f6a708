import type { Browser, Page } from 'playwright-core';
import { casesClient } from '../support/cases-client';
import { launchChromium, openAs, packToday, PHONE, startWebApp } from '../support/browser';

/**
 * The case page after one action, without reloading it (Moldova pack, a caseworker at 360 px): a
 * second form is saved against the case's new version, not refused as someone else's change; the
 * consent form starts with nothing chosen and says what is missing; each section's message is its
 * last action's; and the keyboard focus stays in the section acted on.
 */
describe('Web app: the case page after an action', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let api: ReturnType<typeof casesClient>;
  let browser: Browser;
  let ana: string;

  const form = (page: Page, title: string) => page.locator('details', { has: page.getByRole('heading', { level: 3, name: title }) });
  const caseworker = async () => {
    const page = await openAs(browser, t.url, 'caseworker', PHONE);
    await page.goto(`${t.url}/cases/${ana}`);
    await page.getByRole('heading', { level: 1, name: /Ana Rusu/ }).waitFor();
    return page;
  };

  beforeAll(async () => {
    t = await startWebApp('case_page_forms_web', new Date());
    api = casesClient(t);
    browser = await launchChromium();
    const a = await api.register('caseworker', 'child_protection', {
      first_name: 'Ana',
      last_name: 'Rusu',
      sex: 'female',
      date_of_birth: '2016-05-05',
      consent_status: 'not_required_emergency',
      assent_status: 'given',
    });
    expect(a.status).toBe(201);
    ana = a.body.id;
    expect((await api.transition('caseworker', ana, 'start_assessment')).status).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('submits the initial assessment, then adds a referral entry without reloading: no false conflict', async () => {
    const page = await caseworker();
    const assessment = form(page, 'Initial assessment');
    const referral = form(page, 'Referral');
    // The referral is being filled in while the assessment is submitted: the user's own save of another form.
    await referral.getByLabel(/^Reason for the referral/).fill('Needs a medical check.');
    await assessment.getByLabel(/^Date of the assessment/).fill(packToday());
    await assessment.getByLabel(/^Risk level/).selectOption({ label: 'High' });
    await assessment.getByLabel(/^Summary of the assessment/).fill('Signs of neglect.');
    await assessment.getByRole('button', { name: 'Submit' }).click();
    await assessment.getByRole('status').getByText('Submitted.').waitFor();

    await referral.getByLabel(/^Service requested/).selectOption({ index: 1 });
    await referral.getByLabel(/^Receiving agency/).fill('District health centre');
    await referral.getByLabel(/^Consent to share/).check();
    await referral.getByRole('button', { name: 'Add this entry' }).click();
    await referral.getByRole('status').getByText('Entry added.').waitFor();
    expect(await page.getByText('Someone changed this case').count()).toBe(0);
    await referral.getByText('Entry 1').waitFor();

    // And again, with the form untouched when the entry's save changed the case's version.
    await assessment.getByLabel(/^Summary of the assessment/).fill('Signs of neglect; alone for days.');
    await assessment.getByRole('button', { name: 'Submit' }).click();
    await assessment.getByRole('status').getByText('Submitted.').waitFor();
    expect(await page.getByText('Someone changed this case').count()).toBe(0);
    await page.close();
  });
});
