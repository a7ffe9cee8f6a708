import type { Browser, Page } from 'playwright-core';
import { casesClient } from '../support/cases-client';
import { accessibilityViolations, launchChromium, openAs, packToday, PHONE, screenshots, startWebApp } from '../support/browser';

/**
 * The Moldova scenario through the web app in a real headless Chromium (Debian's), against the real
 * API and PostgreSQL: what a reporter, a caseworker, a teacher, a doctor and a supervisor see and do.
 * Screenshots of each page at phone and laptop width go to test-artifacts/screenshots/.
 */
describe('Web app: the Moldova scenario in a browser', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let api: ReturnType<typeof casesClient>;
  let browser: Browser;
  let cristina: string;
  const pages: Page[] = [];
  const open = async (user: string, viewport?: { width: number; height: number }) => {
    const page = await openAs(browser, t.url, user, viewport);
    pages.push(page);
    return page;
  };

  beforeAll(async () => {
    // The browser's clock is the real one: the server's starts from it too, so "due in 48 h" is now + 48 h.
    t = await startWebApp('web_journey', new Date());
    api = casesClient(t);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('sign-in page: labelled fields, no accessibility violation, a wrong password is said clearly', async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    pages.push(page);
    await page.goto(`${t.url}/`);
    await page.getByLabel('Username').fill('caseworker');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('Wrong username or password.').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshots(page, '01-sign-in');
  });

  it('the reporter files a notification from a phone', async () => {
    const page = await open('police', PHONE);
    await page.getByRole('link', { name: 'Register a child' }).click();
    await page.getByLabel(/Child \(name if known/).fill('Girl about 12, and two younger twins');
    await page.getByLabel(/What happened/).fill('Children left alone for days.');
    await page.getByLabel(/immediate danger/).check();
    await page.getByRole('button', { name: 'Register' }).click();
    await page
      .getByRole('heading', { level: 1, name: /^NT-/ })
      .waitFor()
      .catch(async (e) => {
        console.log(await page.locator('main').innerText());
        throw e;
      });
    await screenshots(page, '02-notification-filed');
  });

  it('the caseworker registers Cristina, starts the assessment, records high risk and sees the 48 h deadline', async () => {
    const page = await open('caseworker');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshots(page, '03-caseworker-home');
    await page.getByRole('link', { name: 'Register a child' }).click();
    await page.getByLabel(/^First name/).fill('Cristina');
    await page.getByLabel(/^Last name/).fill('Popescu');
    await page.getByLabel(/^Sex/).selectOption({ label: 'Female' });
    await page.getByLabel(/^Date of birth\*?$/).fill('2014-05-01');
    await page.getByLabel(/^Consent of the parent/).selectOption({ index: 1 });
    await page.getByLabel(/^Assent of the child/).selectOption({ index: 1 });
    await screenshots(page, '04-register');
    await page.getByRole('button', { name: 'Register' }).click();
    const heading = page.getByRole('heading', { level: 1, name: /^MD-CH-.* · Cristina Popescu$/ });
    await heading.waitFor();
    cristina = page.url().split('/').pop()!;

    await page.getByRole('button', { name: 'Start the initial assessment' }).click();
    const form = page.locator('details', { has: page.getByRole('heading', { name: 'Initial assessment' }) });
    await form.getByLabel(/^Date of the assessment/).fill(packToday());
    await form.getByLabel(/^Risk level/).selectOption({ label: 'High' });
    await form.getByLabel(/^Summary of the assessment/).fill('Signs of neglect; the children were alone for days.');
    await form.getByRole('button', { name: 'Submit' }).click();
    await page.getByText('Submitted.').waitFor();

    const deadline = (await api.deadlines('caseworker', cristina)).body.find((d: any) => d.deadline === 'initial_response');
    const hours = (new Date(deadline.dueAt).getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(47);
    expect(hours).toBeLessThanOrEqual(48);
    await page
      .locator('.next-deadline')
      .getByText(/Response according to the risk level/)
      .waitFor();
    await page.getByText('Risk: high').first().waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshots(page, '05-case-high-risk');
  });

  it("the teacher's view lacks the doctor's sensitive findings, which the doctor sees", async () => {
    const consent = await t.http
      .post(`/api/cases/${cristina}/consents`)
      .set(await api.as('caseworker'))
      .send({ purpose: 'data_sharing', decision: 'granted', givenBy: 'parent', method: 'written' });
    expect(consent.status).toBe(201);
    for (const who of ['doctor', 'teacher']) {
      const me = (await t.http.get('/api/auth/me').set(await api.as(who))).body;
      expect(
        (
          await t.http
            .post(`/api/cases/${cristina}/shares`)
            .set(await api.as('caseworker'))
            .send({ userId: me.id, reason: 'specialised assessment' })
        ).status,
      ).toBe(201);
    }
    expect((await api.transition('caseworker', cristina, 'start_specialised_assessments')).status).toBe(200);
    expect(
      (
        await api.fill('doctor', cristina, 'health_assessment', {
          examination_date: packToday(),
          medical_needs: 'Underweight.',
          sexual_abuse_findings: 'FINDING-XYZ: signs consistent with abuse.',
        })
      ).status,
    ).toBe(200);

    const doctor = await open('doctor');
    await doctor.goto(`${t.url}/cases/${cristina}`);
    const findings = doctor.getByLabel(/^Findings related to sexual abuse/);
    await findings.waitFor();
    expect(await findings.inputValue()).toContain('FINDING-XYZ');

    const teacher = await open('teacher', PHONE);
    await teacher.goto(`${t.url}/cases/${cristina}`);
    await teacher.getByRole('heading', { level: 1, name: /Cristina Popescu/ }).waitFor();
    await teacher.getByText('Your role may not see this form.').first().waitFor();
    // Every form panel has finished loading before we look for what must not be there.
    await teacher.waitForFunction(() => !(globalThis as any).document.querySelector('.loading'));
    expect(await teacher.getByLabel(/^Findings related to sexual abuse/).count()).toBe(0);
    expect(await teacher.content()).not.toContain('FINDING-XYZ');
    await screenshots(teacher, '06-teacher-view');
  });

  it('the supervisor approves the care plan from the case page', async () => {
    expect((await api.transition('caseworker', cristina, 'start_comprehensive_assessment')).status).toBe(200);
    expect(
      (
        await api.fill('caseworker', cristina, 'comprehensive_assessment', {
          assessment_date: packToday(),
          needs_identified: ['health', 'safety'],
          summary: 'Needs medical follow-up and safe placement.',
        })
      ).status,
    ).toBe(200);
    expect((await api.transition('caseworker', cristina, 'start_care_planning')).status).toBe(200);
    expect(
      (
        await api.fill('caseworker', cristina, 'care_plan', {
          goals: [{ goal: 'Medical care and counselling', service: 'health_care', responsible: 'Community doctor', target_date: '2027-04-01' }],
          review_date: '2027-03-20',
        })
      ).status,
    ).toBe(200);
    expect((await api.transition('caseworker', cristina, 'implement_care_plan')).status).toBe(202);

    const page = await open('supervisor');
    const approvals = page.locator('section', { has: page.getByRole('heading', { name: /Approvals waiting for me/ }) });
    await approvals.getByText('Implement the care plan').waitFor();
    await screenshots(page, '07-supervisor-home');
    await approvals.getByRole('link', { name: /Cristina Popescu/ }).click();
    await page.getByText(/Waiting for approval/).waitFor();
    await screenshots(page, '07-supervisor-approval-case');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.locator('.summary').getByText('Implementation').waitFor();
  });

  it('the caseworker fills the closure form and closes the case', async () => {
    const page = await open('caseworker');
    await page.goto(`${t.url}/cases/${cristina}`);
    const form = page.locator('details', { has: page.getByRole('heading', { name: 'Case closure' }) });
    await form.locator('summary').click();
    await form.getByLabel(/^Reason for closure/).selectOption({ index: 1 });
    await form.getByLabel(/^Date of closure/).fill(packToday());
    await form.getByLabel(/^Summary/).fill('Needs met; the child is safe.');
    await form.getByRole('button', { name: 'Submit' }).click();
    await page.getByText('Submitted.').waitFor();
    await page.getByRole('button', { name: 'Close the case' }).click();
    // Closing asks for a reason, kept on the timeline, and a confirmation.
    await page.getByLabel('Reason (kept in the case history)').fill('Needs met; the child is safe.');
    await page.getByRole('button', { name: 'Yes: Close the case' }).click();
    await page.locator('.summary').getByText('closed', { exact: true }).waitFor();
    await screenshots(page, '08-case-closed');
  });
});
