import type { Browser, Page } from 'playwright-core';
import { formatDateTime } from '../../apps/web/src/dates';
import { casesClient } from '../support/cases-client';
import { accessibilityViolations, launchChromium, openAs, PHONE, screenshots, startWebApp } from '../support/browser';

/**
 * The intake queue in the web app, on a phone (360 px), against the real API and PostgreSQL: a police
 * notification waits in the queue of the community's social workers; `caseworker` sees it on the
 * home page and in Intake, opens it and takes it (note, confirmation); `caseworker3`, who had it open,
 * is told readably that someone was quicker, and no longer sees it. Users without a queue see no
 * Intake entry. The home and case pages ask only for what the user may see: no request answers
 * 4xx/5xx (team deadlines, consent records, form schemas, the favicon), as caseworker and as teacher.
 */
describe('Web app: the intake queue, and pages that ask only for what the user may see', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let api: ReturnType<typeof casesClient>;
  let browser: Browser;
  let notification: string;
  let caseNumber: string;
  let worker: Page;
  let stale: Page;
  const failed = new Map<Page, string[]>();

  /** Signs in on a phone and notes every answer of 400 or more (and every request that failed outright). */
  const open = async (user: string) => {
    const page = await openAs(browser, t.url, user, PHONE);
    const list: string[] = [];
    failed.set(page, list);
    page.on('response', (r) => {
      if (r.status() >= 400) list.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}${new URL(r.url()).search}`);
    });
    // Requests cut short by our own navigation (page.goto) are aborted, not failed.
    page.on('requestfailed', (r) => {
      if (r.failure()?.errorText !== 'net::ERR_ABORTED') list.push(`failed ${r.method()} ${r.url()}`);
    });
    return page;
  };
  /** Loads a page from scratch (as a user would open a link) and waits until every request is answered. */
  const load = async (page: Page, path: string) => {
    await page.goto(`${t.url}${path}`, { waitUntil: 'networkidle' });
    await page.waitForFunction(() => !(globalThis as any).document.querySelector('.loading'));
  };

  beforeAll(async () => {
    t = await startWebApp('intake_web', new Date());
    api = casesClient(t);
    browser = await launchChromium();
    const res = await api.register('police', 'notification', {
      reporter_type: 'police',
      reporter_name: 'Sergiu Botnaru',
      child_description: 'Boy of about 10 alone at the market',
      concern_types: ['neglect'],
      concern_description: 'Seen begging every day.',
      immediate_danger: false,
    });
    expect(res.status).toBe(201);
    notification = res.body.id;
    caseNumber = res.body.caseNumber;
    expect(caseNumber).toMatch(/^NT-CH-/);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('the caseworker sees the notification in the intake queue: number, type, place and waiting since, by their labels', async () => {
    const page = (worker = await open('caseworker'));
    await load(page, '/');
    const queuedAt = (await t.http.get('/api/intake').set(await api.as('caseworker'))).body.items[0].queuedAt;
    const section = page.locator('section', { has: page.getByRole('heading', { name: /^Intake queue/ }) });
    await expect(section.locator('.count').innerText()).resolves.toBe('1');
    const item = section.getByRole('listitem').filter({ hasText: caseNumber });
    await expect(item.innerText()).resolves.toMatch(/Notification · Bubuieci/);
    // On the pack's clock (Europe/Chisinau), as every date of the app.
    await expect(item.innerText()).resolves.toContain(`Waiting since ${formatDateTime(queuedAt, 'en', 'Europe/Chisinau')}`);
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Intake' }).count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshots(page, 'intake-01-caseworker-home');
    expect(failed.get(page)).toEqual([]);

    await page.getByRole('navigation').getByRole('link', { name: 'Intake' }).click();
    await page.getByRole('heading', { level: 1, name: /^Intake queue/ }).waitFor();
    await page.getByRole('link', { name: new RegExp(caseNumber) }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it("users without an intake queue see no Intake entry; a supervisor still sees the team's overdue work", async () => {
    for (const user of ['police', 'teacher', 'supervisor']) {
      const page = await open(user);
      await load(page, '/');
      expect([user, await page.getByRole('link', { name: 'Intake' }).count(), await page.getByRole('heading', { name: /^Intake queue/ }).count()]).toEqual([
        user,
        0,
        0,
      ]);
      if (user === 'supervisor') await page.getByRole('heading', { name: "My team's overdue work" }).waitFor();
      expect([user, failed.get(page)]).toEqual([user, []]);
      await page.context().close();
    }
  });

  it('the caseworker opens it and takes it, with a note, after a confirmation: it is theirs and the page asked for nothing it may not read', async () => {
    stale = await open('caseworker3');
    await load(stale, `/cases/${notification}`);
    await stale.getByRole('button', { name: 'Take this case' }).waitFor();

    const page = worker;
    await load(page, '/');
    await page
      .getByRole('link', { name: new RegExp(caseNumber) })
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${caseNumber}`) }).waitFor();
    await page.waitForLoadState('networkidle');
    await page.waitForFunction(() => !(globalThis as any).document.querySelector('.loading'));
    // Consent records of another agency's notification are not this worker's to read: not asked, not shown.
    expect(await page.getByRole('heading', { name: 'Consent' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Take this case' }).click();
    await page.getByLabel('Note (optional)').fill('I know the family');
    await page.getByText(`Take ${caseNumber}? You will be responsible for it.`).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshots(page, 'intake-02-take-confirm');
    await page.getByRole('button', { name: 'Yes, take it' }).click();
    await page.locator('.summary').getByText('you', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Take this case' }).count()).toBe(0);
    await page.getByText('case taken').waitFor();
    expect(failed.get(page)).toEqual([]);

    const me = (await t.http.get('/api/auth/me').set(await api.as('caseworker'))).body;
    expect((await api.get('caseworker', notification)).body).toMatchObject({ assignedTo: me.id, may: { take: false } });

    // Now theirs (their agency's): the consent section is there, read without error.
    await load(page, `/cases/${notification}`);
    await page.getByRole('heading', { name: 'Consent' }).waitFor();
    expect(failed.get(page)).toEqual([]);
    await load(page, '/');
    await page.locator('#intake').getByText('No case is waiting.').waitFor();
    expect(failed.get(page)).toEqual([]);
  });

  it('caseworker3, who had it open, is told readably that someone took it, and no longer sees it in the queue', async () => {
    await stale.getByRole('button', { name: 'Take this case' }).click();
    await stale.getByRole('button', { name: 'Yes, take it' }).click();
    await stale.getByRole('alert').getByText('Someone already took this case, or it was assigned.').waitFor();
    expect(failed.get(stale)).toEqual([expect.stringMatching(new RegExp(`^409 POST /api/cases/${notification}/take`))]);
    await stale.getByRole('button', { name: 'Show the case as it is now' }).click();
    await stale.getByRole('heading', { name: "Waiting in your team's intake queue" }).waitFor({ state: 'detached' });
    const owner = (await t.http.get('/api/auth/me').set(await api.as('caseworker'))).body.displayName;
    await stale.locator('.summary').getByText(owner, { exact: true }).waitFor();
    await load(stale, '/');
    const section = stale.locator('#intake');
    await section.getByText('No case is waiting.').waitFor();
    await expect(section.locator('.count').innerText()).resolves.toBe('0');
  });

  it('the teacher: the home page and a case shared with them ask for nothing they may not see', async () => {
    const res = await api.register('caseworker', 'child_protection', {
      first_name: 'Ana',
      last_name: 'Rusu',
      sex: 'female',
      date_of_birth: '2016-05-05',
      consent_status: 'given',
      assent_status: 'given',
    });
    expect(res.status).toBe(201);
    // Sharing needs the parent's consent to share data.
    expect(
      (
        await t.http
          .post(`/api/cases/${res.body.id}/consents`)
          .set(await api.as('caseworker'))
          .send({ purpose: 'data_sharing', decision: 'granted', givenBy: 'parent', method: 'written' })
      ).status,
    ).toBe(201);
    const teacherId = (await t.http.get('/api/auth/me').set(await api.as('teacher'))).body.id;
    expect(
      (
        await t.http
          .post(`/api/cases/${res.body.id}/shares`)
          .set(await api.as('caseworker'))
          .send({ userId: teacherId, reason: 'school follow-up' })
      ).status,
    ).toBe(201);

    const page = await open('teacher');
    await load(page, '/');
    await load(page, `/cases/${res.body.id}`);
    await page.getByRole('heading', { level: 1, name: /Ana Rusu/ }).waitFor();
    expect(await page.getByRole('heading', { name: 'Consent' }).count()).toBe(0);
    expect(failed.get(page)).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);

    // The caseworker, on their own case: consent and every form of the step, all answered.
    await load(worker, `/cases/${res.body.id}`);
    await worker.getByRole('heading', { name: 'Consent' }).waitFor();
    expect(failed.get(worker)).toEqual([]);
  });

  it('the caseworker opens a child protection case from the notification: what it said is carried over, and the cases are linked', async () => {
    await load(worker, `/cases/${notification}`);
    await worker.getByRole('link', { name: 'Open a case: Child protection case' }).click();
    // The case number is isolated (U+2068…U+2069) so that it reads right in Arabic too.
    await worker.getByText(new RegExp(`Opened from \\u2068?${caseNumber}`)).waitFor();
    // The pack carries the child's description into the registration's notes; the rest is the worker's to fill.
    await expect(worker.getByLabel('Notes').inputValue()).resolves.toBe('Boy of about 10 alone at the market');
    expect(await accessibilityViolations(worker)).toEqual([]);
    await worker.getByLabel(/^First name/).fill('Petru');
    await worker.getByLabel(/^Last name/).fill('Cazacu');
    await worker.getByLabel(/^Sex/).selectOption({ label: 'Male' });
    await worker.getByLabel(/^Date of birth\*?$/).fill('2016-04-01');
    await worker.getByLabel(/^Consent of the parent/).selectOption({ label: 'Given' });
    await worker.getByLabel(/^Assent of the child/).selectOption({ label: 'Given' });
    await worker.getByRole('button', { name: 'Register' }).click();
    await worker.getByRole('heading', { level: 1, name: /Petru Cazacu/ }).waitFor();
    const id = worker.url().split('/cases/')[1];
    const links = (await t.http.get(`/api/cases/${id}`).set(await api.as('caseworker'))).body.links;
    expect(links).toEqual([expect.objectContaining({ linkedCaseId: notification, caseNumber, kind: 'notification' })]);
    const saved = (await t.http.get(`/api/cases/${id}`).set(await api.as('caseworker'))).body.forms.registration[0].answers;
    expect(saved.notes).toBe('Boy of about 10 alone at the market');
    expect(failed.get(worker)).toEqual([]);
  });
});
