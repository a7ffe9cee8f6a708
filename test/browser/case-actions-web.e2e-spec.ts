import type { Browser, Page } from 'playwright-core';
import { formatDateTime } from '../../apps/web/src/dates';
import { casesClient } from '../support/cases-client';
import { accessibilityViolations, LAPTOP, launchChromium, openAs, packToday, PHONE, screenshots, startWebApp } from '../support/browser';

/**
 * The case page's actions through the web app alone, against the real API and PostgreSQL (Moldova
 * pack), on a phone (360 px) and a laptop (1280 px), each page checked with axe: the caseworker
 * writes a note, flags the case, links the brother's case, shares the case with the doctor (refused
 * until the parent's consent is recorded), pauses and resumes it with a reason; the doctor opens it
 * from their messages and sees only what the role may; the supervisor reassigns it; the caseworker
 * closes it with a reason after confirming and reopens it; a supervisor of another district opens it
 * by break-the-glass, with the reason and the end of the access shown.
 * Only the children's registration (and the start of the assessment) is set up through the API.
 */
describe('Web app: the case page actions', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let api: ReturnType<typeof casesClient>;
  let browser: Browser;
  let ana: string;
  let anaNumber: string;
  let brotherNumber: string;

  const caseworkerOn = async (viewport: { width: number; height: number }) => {
    const page = await openAs(browser, t.url, 'caseworker', viewport);
    await page.goto(`${t.url}/cases/${ana}`);
    await page.getByRole('heading', { level: 1, name: /Ana Rusu/ }).waitFor();
    return page;
  };
  /** axe at phone and laptop width, then the screenshots. */
  const checkPage = async (page: Page, name: string) => {
    await page.waitForFunction(() => !(globalThis as any).document.querySelector('.loading'));
    for (const size of [PHONE, LAPTOP]) {
      await page.setViewportSize(size);
      expect(await accessibilityViolations(page)).toEqual([]);
    }
    await screenshots(page, name);
  };
  const section = (page: Page, heading: string | RegExp) => page.locator('section', { has: page.getByRole('heading', { level: 2, name: heading }) });
  const summary = (page: Page, label: string) => page.locator('.summary div', { has: page.getByText(label, { exact: true }) }).locator('dd');
  /** A transition that stops, closes or reopens the case: reason asked, then confirmed. */
  const transitionWithReason = async (page: Page, label: string, reason: string) => {
    await page.getByRole('button', { name: label, exact: true }).click();
    const reasonBox = page.getByLabel('Reason (kept in the case history)');
    // Focus goes to the reason: the user types straight away.
    await expect(reasonBox.evaluate((el) => el === (globalThis as any).document.activeElement)).resolves.toBe(true);
    await reasonBox.fill(reason);
    await page.getByRole('button', { name: `Yes: ${label}` }).click();
    await page.getByRole('status').getByText(`Done: ${label}.`).waitFor();
  };

  beforeAll(async () => {
    t = await startWebApp('case_actions_web', new Date());
    api = casesClient(t);
    browser = await launchChromium();
    const child = (first: string) => ({
      first_name: first,
      last_name: 'Rusu',
      sex: 'female',
      date_of_birth: '2016-05-05',
      // No consent answered on the form (which would record it): the page records it when sharing asks for it.
      consent_status: 'not_required_emergency',
      assent_status: 'given',
    });
    const a = await api.register('caseworker', 'child_protection', child('Ana'));
    const b = await api.register('caseworker', 'child_protection', { ...child('Petru'), sex: 'male' });
    expect([a.status, b.status]).toEqual([201, 201]);
    [ana, anaNumber, brotherNumber] = [a.body.id, a.body.caseNumber, b.body.caseNumber];
    expect((await api.transition('caseworker', ana, 'start_assessment')).status).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('the caseworker writes a team note and flags the case; both show at once, with the timeline', async () => {
    const page = await caseworkerOn(PHONE);
    // Not the caseworker's to do: assignment is not offered, not even as a disabled button.
    expect(await page.getByRole('heading', { name: /assign the case/i }).count()).toBe(0);

    const notes = section(page, /^Notes/);
    await notes.locator('summary', { hasText: 'Write a note' }).click();
    await notes.getByLabel(/^Note/).fill('Met the mother at home; she works nights.');
    await notes.getByRole('radio', { name: 'my team only' }).check();
    await notes.getByRole('button', { name: 'Save the note' }).click();
    await notes.getByRole('status').getByText('Note saved.').waitFor();
    await notes
      .getByRole('listitem')
      .filter({ hasText: 'Met the mother at home' })
      .getByText(/Elena Cojocaru, .* · my team only/)
      .waitFor();

    const flags = section(page, /^Flags/);
    await flags.locator('summary', { hasText: 'Flag the case' }).click();
    await flags.getByLabel(/^Why/).fill('Violent father: visit in pairs');
    await flags.getByRole('button', { name: 'Flag the case' }).click();
    await flags.getByText('⚑ Violent father: visit in pairs').waitFor();
    await expect(flags.locator('.count').innerText()).resolves.toBe('1');
    const timeline = page.locator('ol.timeline');
    await timeline.getByText('Flag added').waitFor();
    await timeline.getByText('Note added').waitFor();
    await checkPage(page, 'actions-01-note-and-flag');
  });

  it("the caseworker links the brother's case, found by name, by its number and kind", async () => {
    const page = await caseworkerOn(PHONE);
    const links = section(page, 'Linked cases');
    await links.locator('summary', { hasText: 'Link another case' }).click();
    await links.getByLabel('Name or case number').fill('Petru Rusu');
    await links.getByRole('button', { name: 'Search' }).click();
    await links.getByRole('radio', { name: new RegExp(brotherNumber) }).check();
    await links.getByLabel('How they are related').selectOption({ label: 'brother or sister' });
    await checkPage(page, 'actions-02-link-form');
    await links.getByRole('button', { name: 'Link the cases' }).click();
    await links.getByRole('status').getByText('Cases linked.').waitFor();
    const item = links.getByRole('listitem').filter({ hasText: brotherNumber });
    await expect(item.innerText()).resolves.toContain('brother or sister');
    await page.locator('ol.timeline').getByText('Case linked').waitFor();
  });

  it('sharing with the doctor is refused until the parent consents; the doctor is then listed, by name and role', async () => {
    const page = await caseworkerOn(LAPTOP);
    const sharing = section(page, 'Shared with specialists');
    await sharing.getByText('Not shared with anyone.').waitFor();
    await sharing.locator('summary', { hasText: 'Share the case' }).click();
    await sharing.getByLabel('With', { exact: true }).selectOption({ label: 'Vasile Ciobanu — Doctor' });
    await sharing.getByLabel(/^Why/).fill('Health follow-up after the hospital visit');
    await sharing.getByRole('button', { name: 'Share the case' }).click();
    await sharing
      .getByRole('alert')
      .getByText(/Sharing needs the recorded consent .* Record it in the Consent section first\./)
      .waitFor();

    const consent = section(page, 'Consent');
    await consent.getByText('Record a consent decision').click();
    await consent.getByLabel('Purpose').selectOption({ label: 'Sharing information with other professionals' });
    await consent.getByLabel('Decision').selectOption({ label: 'granted' });
    await consent.getByLabel('Given by').selectOption({ label: 'Parent' });
    await consent.getByLabel('How').selectOption({ label: 'written' });
    await consent.getByLabel('Consent or assent').selectOption({ label: 'consent (parent or legal representative)' });
    await consent.getByRole('button', { name: 'Record' }).click();
    await consent.getByText('Recorded.').waitFor();

    await sharing.getByRole('button', { name: 'Share the case' }).click();
    await sharing.getByRole('status').getByText('Shared with Vasile Ciobanu.').waitFor();
    await sharing.getByRole('listitem').filter({ hasText: 'Vasile Ciobanu' }).getByRole('button', { name: 'Stop sharing with Vasile Ciobanu' }).waitFor();
    await page.locator('ol.timeline').getByText('Case shared').waitFor();
    await checkPage(page, 'actions-03-shared');
  });

  it('the doctor opens the case from their messages and sees only what the role may: no team note, no other form, no actions', async () => {
    const page = await openAs(browser, t.url, 'doctor', PHONE);
    const messages = section(page, /^Messages/);
    // The message is in the doctor's own language (Romanian), as the pack's messages are.
    await messages.getByText(`Cazul ${anaNumber} este partajat cu dumneavoastră`).click();
    await messages.getByRole('link', { name: 'Open the case' }).click();
    await page.getByRole('heading', { level: 1, name: /Ana Rusu/ }).waitFor();
    await page.getByText('Your role may not see this form.').first().waitFor();
    await page.waitForFunction(() => !(globalThis as any).document.querySelector('.loading'));
    // The flag warns everyone who reads the case; the team's note is not theirs to read.
    await section(page, /^Flags/)
      .getByText('⚑ Violent father: visit in pairs')
      .waitFor();
    expect(await page.getByText('Met the mother at home').count()).toBe(0);
    for (const absent of ['Consent', 'Shared with specialists', 'Reassign the case', 'Assign the case']) {
      expect(await page.getByRole('heading', { level: 2, name: absent, exact: true }).count()).toBe(0);
    }
    expect(await page.getByText('Flag the case').count()).toBe(0);
    expect(await page.getByText('Link another case').count()).toBe(0);
    // The doctor's role may write notes on a case shared with them.
    await section(page, /^Notes/)
      .getByText('Write a note')
      .waitFor();
    await checkPage(page, 'actions-04-doctor');
  });

  it('the caseworker pauses the case and resumes it, each with a reason', async () => {
    const page = await caseworkerOn(PHONE);
    await transitionWithReason(page, 'Pause the case', 'The family moved to a relative for two weeks');
    await summary(page, 'Status').getByText('paused', { exact: true }).waitFor();
    await checkPage(page, 'actions-05-paused');
    await transitionWithReason(page, 'Resume the case', 'The family is back home');
    await summary(page, 'Status').getByText('open', { exact: true }).waitFor();
    await summary(page, 'Step').getByText('Initial assessment').waitFor();
  });

  it('the supervisor reassigns the case to a worker chosen by name and role', async () => {
    const page = await openAs(browser, t.url, 'supervisor', PHONE);
    await page.goto(`${t.url}/cases/${ana}`);
    const assign = section(page, 'Reassign the case');
    await assign.locator('summary', { hasText: 'Choose a worker' }).click();
    await assign.getByLabel('To', { exact: true }).selectOption({ label: 'Ion Rusu — Community social worker (case manager)' });
    await assign.getByLabel('Why', { exact: true }).fill('Elena is on leave for a month');
    await checkPage(page, 'actions-06-reassign');
    await assign.getByRole('button', { name: 'Reassign the case' }).click();
    await assign.getByRole('status').getByText('The case is now assigned to Ion Rusu.').waitFor();
    await summary(page, 'Assigned to').getByText('Ion Rusu').waitFor();
    await page.locator('ol.timeline').getByText('Case assigned').waitFor();
  });

  it('the caseworker closes the case with a reason after confirming, then reopens it', async () => {
    const page = await caseworkerOn(PHONE);
    const form = page.locator('details', { has: page.getByRole('heading', { name: 'Case closure' }) });
    await form.locator('summary').click();
    await form.getByLabel(/^Reason for closure/).selectOption({ label: 'Needs met, case plan goals achieved' });
    await form.getByLabel(/^Date of closure/).fill(packToday());
    await form.getByLabel(/^Summary/).fill('The child is safe at home.');
    await form.getByRole('button', { name: 'Submit' }).click();
    await page.getByText('Submitted.').waitFor();

    // Cancelling changes nothing.
    await page.getByRole('button', { name: 'Close the case', exact: true }).click();
    await page.getByRole('heading', { name: `Close the case: ${anaNumber}?` }).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await summary(page, 'Status').getByText('open', { exact: true }).waitFor();

    await transitionWithReason(page, 'Close the case', 'Goals of the plan met; the family is coping');
    await summary(page, 'Status').getByText('closed', { exact: true }).waitFor();
    await checkPage(page, 'actions-07-closed');
    await transitionWithReason(page, 'Reopen the case', 'New report from the school');
    await summary(page, 'Status').getByText('open', { exact: true }).waitFor();
  });

  it('a supervisor of another district opens the case by break-the-glass: the reason and the end of the access are shown', async () => {
    const page = await openAs(browser, t.url, 'supervisor_st', LAPTOP);
    await page.goto(`${t.url}/cases/${ana}`);
    // Said to be outside their access, with no "does not exist" above the emergency access form.
    await page.getByRole('heading', { level: 1, name: 'A case outside your access' }).waitFor();
    expect(await page.getByText('This case does not exist, or you may not see it.').count()).toBe(0);
    const glass = section(page, 'Emergency access (break the glass)');
    const reason = 'The child was found in Straseni at night, alone';
    await glass.getByLabel('Reason for opening the case').fill(reason);
    await checkPage(page, 'actions-08-break-glass-form');
    await glass.getByRole('button', { name: 'Open the case' }).click();
    await glass
      .getByRole('alert')
      .getByText(/Open this case by emergency access\?/)
      .waitFor();
    await glass.getByRole('button', { name: 'Yes, open it' }).click();

    await page.getByRole('heading', { level: 1, name: /Ana Rusu/ }).waitFor();
    const grants = (await t.http.get(`/api/cases/${ana}/access`).set(await api.as('supervisor_st'))).body;
    const grant = grants.find((g: any) => g.kind === 'break_glass');
    // Three hours, as the pack says (security.json breakGlass.durationHours).
    expect(new Date(grant.expiresAt).getTime() - new Date(grant.grantedAt).getTime()).toBe(3 * 3_600_000);
    const banner = section(page, 'You opened this case by emergency access');
    await banner.getByText(`Emergency access until ${formatDateTime(grant.expiresAt, 'en', 'Europe/Chisinau')}.`).waitFor();
    await banner.getByText(`Reason given: ${reason}`).waitFor();
    await page.locator('ol.timeline').getByText('Emergency access opened').waitFor();
    await checkPage(page, 'actions-09-break-glass-open');
  });

  it('the caseworker asks to transfer the case to a worker of another district, who accepts it from their home page', async () => {
    const page = await caseworkerOn(PHONE);
    const transfers = section(page, 'Transfers');
    await transfers.locator('summary', { hasText: 'Transfer the case to another worker or place' }).click();
    await transfers.getByLabel(/^Worker's name/).fill('Lungu');
    await transfers.getByRole('button', { name: 'Search' }).click();
    const to = transfers.getByLabel('Transfer to', { exact: true });
    await expect(to.locator('option').allInnerTexts()).resolves.toEqual([
      expect.stringMatching(/^Mihai Lungu — Community social worker \(case manager\) — \S/),
    ]);
    await transfers.getByLabel('Why', { exact: true }).fill('The family moved to Straseni');
    await checkPage(page, 'actions-10-transfer-form');
    await transfers.getByRole('button', { name: 'Ask for the transfer' }).click();
    await transfers.getByRole('status').getByText('Transfer asked; the case moves when Mihai Lungu accepts.').waitFor();
    await transfers.getByRole('listitem').filter({ hasText: 'Mihai Lungu' }).getByText('waiting for an answer').waitFor();
    await page.locator('ol.timeline').getByText('Transfer requested').waitFor();

    const receiver = await openAs(browser, t.url, 'caseworker2', PHONE);
    const incoming = section(receiver, /^Transfers waiting for my answer/);
    await incoming.getByText(anaNumber, { exact: true }).waitFor();
    await checkPage(receiver, 'actions-11-transfer-incoming');
    await incoming.getByRole('button', { name: `Accept the transfer of ${anaNumber}` }).click();
    await incoming.getByRole('link', { name: `Accepted: open ${anaNumber}` }).click();
    await receiver.getByRole('heading', { level: 1, name: /Ana Rusu/ }).waitFor();
    await summary(receiver, 'Assigned to').getByText('you', { exact: true }).waitFor();
    await receiver.locator('ol.timeline').getByText('Transfer accepted').waitFor();
  });
});
