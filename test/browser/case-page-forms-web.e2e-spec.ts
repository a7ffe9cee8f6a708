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

  const section = (page: Page, heading: string | RegExp) => page.locator('section', { has: page.getByRole('heading', { level: 2, name: heading }) });
  const form = (page: Page, title: string) => page.locator('details', { has: page.getByRole('heading', { level: 3, name: title }) });
  const caseworker = async () => {
    const page = await openAs(browser, t.url, 'caseworker', PHONE);
    await page.goto(`${t.url}/cases/${ana}`);
    await page.getByRole('heading', { level: 1, name: /Ana Rusu/ }).waitFor();
    return page;
  };

  /** Whether the keyboard focus is inside `within` (and so not dropped to the page's body). */
  const focusInside = (page: Page, within: ReturnType<Page['locator']>) =>
    within.evaluate((el) => {
      const active = (globalThis as any).document.activeElement;
      return active !== (globalThis as any).document.body && (el as any).contains(active);
    });

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

  it('the consent form starts with nothing chosen: Record records nothing and says what is missing', async () => {
    const page = await caseworker();
    const consent = section(page, 'Consent');
    const recorded = async () => (await t.http.get(`/api/cases/${ana}/consents`).set(await api.as('caseworker'))).body.records;
    // The registration recorded the child's assent: nothing more is recorded here.
    const before = await recorded();
    await consent.getByText('Record a consent decision').click();
    for (const label of ['Purpose', 'Consent or assent', 'Decision', 'Given by', 'How']) {
      await expect(consent.getByLabel(label, { exact: true }).inputValue()).resolves.toBe('');
    }
    await consent.getByRole('button', { name: 'Record', exact: true }).click();
    for (const label of ['Purpose', 'Consent or assent', 'Decision', 'Given by', 'How']) {
      await consent.getByText(`${label}: choose one.`, { exact: true }).waitFor();
    }
    // The first missing choice has the focus; once chosen, its message goes.
    await expect(consent.getByLabel('Purpose', { exact: true }).evaluate((el) => el === (globalThis as any).document.activeElement)).resolves.toBe(true);
    await consent.getByLabel('Purpose', { exact: true }).selectOption({ label: 'Referral to other services' });
    expect(await consent.getByText('Purpose: choose one.').count()).toBe(0);
    await consent.getByRole('button', { name: 'Record', exact: true }).click();
    await consent.getByText('Decision: choose one.').waitFor();
    expect(await recorded()).toEqual(before);
    expect(await consent.getByText('Recorded.').count()).toBe(0);

    // Sharing and linking choose nobody and no kind of link for the user either.
    const sharing = section(page, 'Shared with specialists');
    await sharing.locator('summary', { hasText: 'Share the case' }).click();
    await expect(sharing.getByLabel('With', { exact: true }).inputValue()).resolves.toBe('');
    await sharing.getByLabel(/^Why/).fill('Health follow-up');
    await sharing.getByRole('button', { name: 'Share the case' }).click();
    await sharing.getByText('With: choose one.').waitFor();
    await page.close();
  });

  it('each section says its last action only, and the focus stays in the section acted on', async () => {
    const page = await caseworker();
    const notes = section(page, /^Notes/);
    await notes.locator('summary', { hasText: 'Write a note' }).click();
    await notes.getByLabel(/^Note/).fill('Met the mother at home.');
    await notes.getByRole('button', { name: 'Save the note' }).click();
    await notes.getByRole('status').getByText('Note saved.').waitFor();
    await expect(focusInside(page, notes)).resolves.toBe(true);

    const flags = section(page, /^Flags/);
    await flags.locator('summary', { hasText: 'Flag the case' }).click();
    await flags.getByLabel(/^Why/).fill('Violent father: visit in pairs');
    await flags.getByRole('button', { name: 'Flag the case' }).click();
    await flags.getByRole('status').getByText('Flag added.').waitFor();
    // The note's message is another action's: it does not stay on.
    expect(await notes.getByText('Note saved.').count()).toBe(0);
    await expect(focusInside(page, flags)).resolves.toBe(true);

    await flags.getByRole('button', { name: 'Remove this flag' }).click();
    await flags.getByLabel('Why remove it').fill('The father moved out.');
    await flags.locator('form.inline-form').getByRole('button', { name: 'Remove this flag' }).click();
    await flags.getByRole('status').getByText('Flag removed.').waitFor();
    expect(await flags.getByText('Flag added.').count()).toBe(0);
    await expect(focusInside(page, flags)).resolves.toBe(true);
    await page.close();
  });
});
