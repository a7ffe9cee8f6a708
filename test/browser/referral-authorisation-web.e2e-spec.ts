import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { casesClient } from '../support/cases-client';
import { accessibilityViolations, LAPTOP, launchChromium, openAs, packToday, PHONE, screenshots, startWebApp } from '../support/browser';

/**
 * The district authority's authorisation of referrals, through the web app alone (Moldova pack, 360
 * and 1280 px, axe): the caseworker refers two children to foster care from their case pages (a
 * service that needs the authority's authorisation); the authority finds them on the home page, in
 * the message that asks for it and under "Authorisations" in the menu, sees what each would share
 * by its labels, authorises one and refuses the other with a reason, each after a confirmation; the
 * caseworker sees both outcomes on the case pages, and the refusal's reason on the referral.
 * Also on this page: break the glass on a case outside the user's access (no "does not exist"
 * unless the id is no case), and deadline badges in Arabic keeping each value in its own direction.
 * Only the registrations (with the parent's consent) and the initial assessments are set up through the API.
 */
describe('Web app: the district authority authorises or refuses referrals', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let api: ReturnType<typeof casesClient>;
  let browser: Browser;
  const cases: Record<'radu' | 'ioana', { id: string; number: string }> = {} as never;
  const refusal = 'A relative in Ialoveni can take her: assess the aunt first.';

  const section = (page: Page, heading: string | RegExp) => page.locator('section', { has: page.getByRole('heading', { level: 2, name: heading }) });
  const checkPage = async (page: Page, name: string) => {
    await page.waitForFunction(() => !(globalThis as any).document.querySelector('.loading'));
    for (const size of [PHONE, LAPTOP]) {
      await page.setViewportSize(size);
      expect(await accessibilityViolations(page)).toEqual([]);
      // Nothing runs off a 360 px screen.
      if (size === PHONE) expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    }
    await screenshots(page, name);
  };
  const caseworkerOn = async (which: keyof typeof cases, viewport: { width: number; height: number }) => {
    const page = await openAs(browser, t.url, 'caseworker', viewport);
    await page.goto(`${t.url}/cases/${cases[which].id}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(which === 'radu' ? 'Radu Munteanu' : 'Ioana Munteanu') }).waitFor();
    return page;
  };
  const referToFosterCare = async (page: Page, urgency: string, reason: string) => {
    const refer = section(page, 'Refer to a service');
    await refer.getByText('Make a referral').click();
    await refer.getByLabel('Service').selectOption({ label: 'Foster care' });
    await refer.getByText('The district authority must authorise this referral before it is sent to the provider.').waitFor();
    await refer
      .getByRole('group', { name: 'Provider covering the place the person lives' })
      .getByLabel(/Chișinău professional foster care service/)
      .check();
    await refer.getByLabel('Urgency').selectOption({ label: urgency });
    await refer.getByLabel('Reason for the referral').fill(reason);
    await refer.getByRole('button', { name: 'Send the referral' }).click();
    await refer
      .getByRole('status')
      .getByText(/waits for the district authority's authorisation/)
      .waitFor();
    expect(await section(page, 'Referrals').innerText()).toMatch(/Chișinău professional foster care service\s*awaiting authorisation/);
  };

  beforeAll(async () => {
    t = await startWebApp('referral_authorisation_web', new Date());
    api = casesClient(t);
    browser = await launchChromium();
    for (const [key, first, sex] of [
      ['radu', 'Radu', 'male'],
      ['ioana', 'Ioana', 'female'],
    ] as const) {
      // The mother's consent on the registration form is the referral consent (security.json consent.fromForms).
      const reg = await api.register('caseworker', 'child_protection', {
        first_name: first,
        last_name: 'Munteanu',
        sex,
        date_of_birth: '2017-04-09',
        caregiver_name: 'Lucia Munteanu',
        caregiver_relationship: 'mother',
        consent_status: 'given',
        consent_given_by: 'Lucia Munteanu',
        assent_status: 'given',
      });
      expect(reg.status).toBe(201);
      cases[key] = { id: reg.body.id, number: reg.body.caseNumber };
      expect((await api.transition('caseworker', reg.body.id, 'start_assessment')).status).toBe(200);
      const filled = await api.fill('caseworker', reg.body.id, 'initial_assessment', {
        assessment_date: packToday(),
        risk_level: 'high',
        summary: 'The mother is in hospital for weeks; nobody at home.',
      });
      expect(filled.status).toBe(200);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('the caseworker refers both children to foster care on the case pages: each waits for the authority', async () => {
    const phone = await caseworkerOn('radu', PHONE);
    await referToFosterCare(phone, 'Emergency (same day)', 'No safe carer at home tonight.');
    const laptop = await caseworkerOn('ioana', LAPTOP);
    await referToFosterCare(laptop, 'Routine', 'The aunt cannot keep her after this week.');
  });

  it('the authority finds them on the home page and in the message that asks for it, and sees what each would share', async () => {
    const page = await openAs(browser, t.url, 'district', PHONE);
    const card = section(page, /Referrals waiting for my authorisation/);
    await expect(card.locator('.count').innerText()).resolves.toBe('2');
    await card.getByRole('link', { name: new RegExp(`Foster care · ${cases.radu.number}`) }).waitFor();

    // The message asking for it opens the referral, where the decision is.
    const messages = section(page, /^Messages/);
    // The message's words are the pack's template (in the user's language); it names the case.
    const message = messages.locator('li', { hasText: cases.radu.number });
    await message.locator('summary').click();
    await message.getByRole('link', { name: 'Open the referral' }).click();
    await page.getByRole('heading', { level: 1, name: 'Referral: Foster care' }).waitFor();
    const decision = section(page, 'Your decision');
    await decision.getByRole('button', { name: 'Authorise' }).waitFor();
    expect(await decision.locator('.summary').innerText()).toContain(cases.radu.number);
    await checkPage(page, 'authorise-01-referral-page');

    // And from the menu, every referral waiting for them.
    await page.getByRole('navigation').getByRole('link', { name: 'Authorisations' }).click();
    await page.getByRole('heading', { level: 1, name: 'Referrals waiting for my authorisation' }).waitFor();
    const radu = section(page, new RegExp(`Foster care · ${cases.radu.number}`));
    // The facts show once the pack's labels are there (a loading line until then).
    await radu.locator('dl.summary').waitFor();
    const facts = await radu.innerText();
    for (const shown of [
      'Chișinău professional foster care service',
      'Emergency (same day)',
      'Elena Cojocaru',
      'Registration',
      'Initial assessment',
      'No safe carer at home tonight.',
    ])
      expect(facts).toContain(shown);
    // Labels, not ids.
    for (const id of ['foster_care', 'initial_assessment', 'emergency', 'registration']) expect(facts).not.toContain(id);
    const ioana = section(page, new RegExp(`Foster care · ${cases.ioana.number}`));
    await ioana.locator('dl.summary').waitFor();
    await expect(ioana.innerText()).resolves.toContain('Routine');
    await checkPage(page, 'authorise-02-list');
  });

  it('the authority authorises one and refuses the other with a reason, each after confirming; each leaves the list', async () => {
    const page = await openAs(browser, t.url, 'district', PHONE);
    await page.goto(`${t.url}/referrals/to-authorise`);
    const radu = section(page, new RegExp(`Foster care · ${cases.radu.number}`));
    await radu.getByRole('button', { name: 'Authorise' }).click();
    await radu.getByText('Authorise this referral? It is sent to Chișinău professional foster care service at once.').waitFor();
    // Cancelling decides nothing.
    await radu.getByRole('button', { name: 'Cancel' }).click();
    await radu.getByRole('button', { name: 'Authorise' }).click();
    await radu.getByRole('button', { name: 'Yes, authorise' }).click();
    await page
      .getByRole('status')
      .getByText(`Authorised: Foster care for case ${cases.radu.number}, sent to Chișinău professional foster care service.`)
      .waitFor();
    await radu.waitFor({ state: 'detached' });

    const ioana = section(page, new RegExp(`Foster care · ${cases.ioana.number}`));
    // Refusing without a reason is not sent: the note is asked for, and the focus goes there.
    await ioana.getByRole('button', { name: 'Refuse' }).click();
    await ioana.getByRole('alert').getByText('Write why you refuse it: the worker who asked reads it.').waitFor();
    const note = ioana.getByLabel('Note to the worker who asked (required to refuse)');
    await expect(note.evaluate((el) => el === (globalThis as any).document.activeElement)).resolves.toBe(true);
    await note.fill(refusal);
    await ioana.getByRole('button', { name: 'Refuse' }).click();
    await ioana.getByText('Refuse this referral? Elena Cojocaru is told, with your note.').waitFor();
    await checkPage(page, 'authorise-03-confirm-refusal');
    await ioana.getByRole('button', { name: 'Yes, refuse' }).click();
    await page.getByRole('status').getByText(`Refused: Foster care for case ${cases.ioana.number}.`).waitFor();
    await page.getByText('No referral waits for your authorisation.').waitFor();
    await checkPage(page, 'authorise-04-none-left');

    const as = await api.as('district');
    const statuses = await Promise.all(
      (['radu', 'ioana'] as const).map(async (k) => (await t.http.get(`/api/cases/${cases[k].id}/referrals`).set(as)).body.map((r: any) => r.status)),
    );
    expect(statuses).toEqual([['sent'], ['not_authorised']]);
    // Nothing waits any more: the home page card is gone.
    await page.goto(`${t.url}/`);
    await section(page, /^Messages/).waitFor();
    expect(await section(page, /Referrals waiting for my authorisation/).count()).toBe(0);
  });

  it('the caseworker sees both outcomes on the case pages, and why the second was refused', async () => {
    const page = await caseworkerOn('radu', LAPTOP);
    expect(await section(page, 'Referrals').innerText()).toMatch(/Chișinău professional foster care service\s*sent/);
    await page.goto(`${t.url}/cases/${cases.ioana.id}`);
    const referrals = section(page, 'Referrals');
    await referrals.getByText('not authorised').waitFor();
    expect(await referrals.innerText()).toMatch(/Chișinău professional foster care service\s*not authorised/);
    await referrals.getByRole('link', { name: 'Foster care' }).click();
    await page.getByRole('heading', { level: 1, name: 'Referral: Foster care' }).waitFor();
    await page.getByText(`Why it was not authorised: ${refusal}`).waitFor();
    expect(await page.locator('.summary').innerText()).toContain('Andrei Țurcanu');
    // Not the worker's decision to take.
    expect(await page.getByRole('button', { name: 'Authorise' }).count()).toBe(0);
    await checkPage(page, 'authorise-05-refused-seen-by-caseworker');
  });

  it('break the glass: a case outside the access is said to be so, without "does not exist"; others see only the not-found message', async () => {
    const notFound = 'This case does not exist, or you may not see it.';
    const glass = await openAs(browser, t.url, 'supervisor_st', PHONE);
    await glass.goto(`${t.url}/cases/${cases.radu.id}`);
    await glass.getByRole('heading', { level: 1, name: 'A case outside your access' }).waitFor();
    await section(glass, 'Emergency access (break the glass)').getByLabel('Reason for opening the case').waitFor();
    expect(await glass.getByText(notFound).count()).toBe(0);
    await checkPage(glass, 'authorise-06-break-glass-offered');
    // An id that is no case: the attempt says what it says to everyone.
    await glass.goto(`${t.url}/cases/${randomUUID()}`);
    const form = section(glass, 'Emergency access (break the glass)');
    await form.getByLabel('Reason for opening the case').fill('The child was found alone at the bus station');
    await form.getByRole('button', { name: 'Open the case' }).click();
    await form.getByRole('button', { name: 'Yes, open it' }).click();
    await glass.getByRole('alert').getByText(notFound).waitFor();
    expect(await glass.getByLabel('Reason for opening the case').count()).toBe(0);

    // A worker whose role may not break the glass: the same words for a case out of reach and for no case at all.
    const other = await openAs(browser, t.url, 'caseworker2', PHONE);
    const mainText = async (path: string) => {
      await other.goto(`${t.url}${path}`);
      await other.getByRole('alert').getByText(notFound).waitFor();
      return other.locator('main').innerText();
    };
    const outOfReach = await mainText(`/cases/${cases.radu.id}`);
    expect(outOfReach).toBe(await mainText(`/cases/${randomUUID()}`));
    expect(outOfReach).not.toContain('break the glass');
  });

  it('the registration form offers no "Withdrawn" consent at a first registration; the registration on the case page still does', async () => {
    const page = await openAs(browser, t.url, 'caseworker', PHONE);
    await page.goto(`${t.url}/cases/new`);
    const options = (select: string) => page.locator(select).locator('option').allInnerTexts();
    await page.locator('#register_consent_status').waitFor();
    // Nothing was given yet, so nothing can be withdrawn (the pack maps "withdrawn" to a withdrawal: security.json consent.fromForms).
    expect((await options('#register_consent_status')).filter((o) => o.trim())).toEqual(['Given', 'Refused', 'Not required (emergency)']);
    // Other questions keep every option.
    expect(await options('#register_assent_status')).toEqual(expect.arrayContaining(['Given', 'Refused', 'Child too young to give assent']));
    await page.goto(`${t.url}/cases/${cases.radu.id}`);
    const registration = page.locator('details', { has: page.getByRole('heading', { name: 'Registration', exact: true }) });
    await registration.locator('summary').click();
    const later = registration.getByLabel('Consent of the parent or legal representative');
    expect(await later.locator('option').allInnerTexts()).toContain('Withdrawn');
  });

  it('in Arabic, the deadline badge keeps the date and the label each in its own direction', async () => {
    const page = await caseworkerOn('radu', PHONE);
    await page.locator('header .lang select').selectOption('ar');
    await page.waitForFunction(() => (globalThis as any).document.documentElement.dir === 'rtl');
    const badge = page.locator('.next-deadline .badge').first();
    await badge.waitFor();
    // The label and the date are isolates; the status word (Arabic) starts the badge on the right.
    const parts = await badge.evaluate((el: any) => {
      const isolates = [...el.querySelectorAll('bdi')].map((b: any) => ({
        text: b.textContent,
        bidi: (globalThis as any).getComputedStyle(b).unicodeBidi,
        box: b.getBoundingClientRect(),
      }));
      const range = el.ownerDocument.createRange();
      range.setStart(el.firstChild, 0);
      range.setEnd(el.firstChild, 1);
      return { isolates, word: range.getBoundingClientRect(), badge: el.getBoundingClientRect() };
    });
    expect(parts.isolates.map((i: any) => i.bidi)).toEqual(['isolate', 'isolate']);
    expect(parts.isolates[1].text).toMatch(/\d/);
    // Right to left: the status word is right of the label, which is right of the date (on one line at least).
    expect(parts.word.right).toBeGreaterThan(parts.isolates[0].box.right);
    if (Math.abs(parts.isolates[0].box.top - parts.isolates[1].box.top) < 2) expect(parts.isolates[0].box.left).toBeGreaterThan(parts.isolates[1].box.left);
    await checkPage(page, 'authorise-07-arabic-deadline');
  });
});
