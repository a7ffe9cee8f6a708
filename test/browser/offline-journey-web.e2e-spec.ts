import type { Browser, Page } from 'playwright-core';
import { casesClient, childInAssessment } from '../support/cases-client';
import { accessibilityViolations, launchChromium, openAs, PHONE, screenshots, startWebApp } from '../support/browser';
import { goInApp, offlineText, setUpOfflineDevice } from '../support/offline-device';
import { DataSource } from 'typeorm';
import { DEMO_PASSWORD } from '../support/app';

const o = offlineText;
const PIN = '246810';

/** Every value of the device's IndexedDB store, as raw text (what a dump of the phone's storage shows). */
async function deviceStorageText(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const g = globalThis as any;
    const db: any = await new Promise((resolve, reject) => {
      const req = g.indexedDB.open('cmis-offline');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const values: any[] = await new Promise((resolve, reject) => {
      const req = db.transaction('vault').objectStore('vault').getAll();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const bytes = (v: any): string => {
      if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) return new g.TextDecoder('latin1').decode(v);
      if (v && typeof v === 'object') return Object.values(v).map(bytes).join('|');
      return String(v);
    };
    return values.map(bytes).join('\n');
  });
}

const setUpDevice = (page: Page, locale = 'en') => setUpOfflineDevice(page, PIN, locale);
const go = goInApp;

async function registerOffline(page: Page, first: string, last: string): Promise<string> {
  await go(page, '/cases/new');
  await page.getByLabel(/^First name/).fill(first);
  await page.getByLabel(/^Last name/).fill(last);
  await page.getByLabel(/^Sex/).selectOption({ label: 'Female' });
  await page.getByLabel(/^Date of birth\*?$/).fill('2015-03-02');
  await page.getByLabel(/^Consent of the parent/).selectOption({ index: 1 });
  await page.getByLabel(/^Assent of the child/).selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Register' }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(`${first} ${last}$`) }).waitFor();
  await page.getByText(o('en', 'offline.localCase')).waitFor();
  return page.url().split('/').pop()!;
}

/**
 * Issue 22's journey on a phone: a caseworker keeps their cases on the device under a PIN, loses the
 * connection, registers three people and corrects answers offline, reloads the page offline and
 * unlocks it again, then the connection returns and everything is sent: each case exists once, with
 * its real number and deadlines. The device's storage holds nothing readable.
 */
describe('Offline work in the browser: keep, work without a connection, reload, sync', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let api: ReturnType<typeof casesClient>;
  let browser: Browser;
  let keptCase: string;

  beforeAll(async () => {
    t = await startWebApp('offline_journey', new Date());
    api = casesClient(t);
    browser = await launchChromium();
    keptCase = await childInAssessment(api);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('registers three people and fills forms offline, survives a reload offline, and syncs each once with its real number and deadlines', async () => {
    const page = await openAs(browser, t.url, 'caseworker', PHONE);
    page.setDefaultTimeout(20_000);
    await setUpDevice(page);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshots(page, '90-offline-ready');
    const kept = await api.get('caseworker', keptCase);
    expect(kept.status).toBe(200);
    // The kept case is listed on the device.
    await page.getByRole('link', { name: new RegExp(kept.body.caseNumber) }).waitFor();

    await page.context().setOffline(true);
    const names = [
      ['Oana', 'Offlinescu'],
      ['Maria', 'Offlinescu'],
      ['Ana', 'Offlinescu'],
    ];
    const localIds: string[] = [];
    for (const [first, last] of names) localIds.push(await registerOffline(page, first, last));
    expect(new Set(localIds).size).toBe(3);
    await page.getByRole('link', { name: o('en', 'offline.navQueued', { n: 3 }) }).waitFor();

    // The engine on the device offers the next step; the form it asks for is filled offline too.
    await page.getByRole('button', { name: 'Start the initial assessment' }).click();
    const started = page.locator('details', { has: page.getByRole('heading', { name: 'Initial assessment' }) });
    await started.getByLabel(/^Summary of the assessment/).fill('Assessed on the spot, without signal.');
    await started.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('link', { name: o('en', 'offline.navQueued', { n: 5 }) }).waitFor();

    // A kept case opens offline, and an answer of it is corrected there.
    await go(page, `/cases/${keptCase}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(kept.body.caseNumber) }).waitFor();
    const form = page.locator('details', { has: page.getByRole('heading', { name: 'Initial assessment' }) });
    await form.getByLabel(/^Summary of the assessment/).fill('Seen at home offline: the children are safe tonight.');
    await form.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('link', { name: o('en', 'offline.navQueued', { n: 6 }) }).waitFor();

    // Nothing on the device reads in clear: no name, no answer, no token.
    const stored = await deviceStorageText(page);
    expect(stored.length).toBeGreaterThan(1000);
    for (const secret of ['Offlinescu', 'children are safe', kept.body.caseNumber, 'caseworker', 'answers']) expect(stored).not.toContain(secret);

    // A reload without a connection: the app comes back from the service worker and asks for the PIN.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: o('en', 'offline.unlockTitle') }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel(o('en', 'offline.pin')).fill('000000');
    await page.getByRole('button', { name: o('en', 'offline.unlock') }).click();
    await page.getByText(o('en', 'offline.pinWrong', { n: 4 })).waitFor();
    await page.getByLabel(o('en', 'offline.pin')).fill(PIN);
    await page.getByRole('button', { name: o('en', 'offline.unlock') }).click();
    await page.getByRole('link', { name: o('en', 'offline.navQueued', { n: 6 }) }).waitFor();
    await go(page, `/cases/${localIds[0]}`);
    await page.getByRole('heading', { level: 1, name: /Oana Offlinescu$/ }).waitFor();

    // Back online: the queue is sent by itself, with its progress shown, and the page moves to the real case.
    await page.context().setOffline(false);
    await page.getByRole('link', { name: o('en', 'offline.nav'), exact: true }).waitFor({ timeout: 60_000 });
    await page.getByRole('heading', { level: 1, name: /^MD-CH-.* · Oana Offlinescu$/ }).waitFor();
    expect(page.url()).not.toContain(localIds[0]);

    const found = await t.http.get('/api/cases?q=Offlinescu&pageSize=20').set(await api.as('caseworker'));
    expect(found.status).toBe(200);
    expect(found.body.items.map((c: any) => c.displayName).sort()).toEqual(['Ana Offlinescu', 'Maria Offlinescu', 'Oana Offlinescu']);
    for (const c of found.body.items) {
      expect(c.caseNumber).toMatch(/^MD-CH-/);
      const deadlines = await api.deadlines('caseworker', c.id);
      expect(deadlines.body.length).toBeGreaterThan(0);
    }
    const held = await t.http.get('/api/sync/held').set(await api.as('caseworker'));
    expect(held.body.held ?? held.body).toEqual([]);
    const ana = found.body.items.find((c: any) => c.displayName === 'Ana Offlinescu');
    const anaNow = await api.get('caseworker', ana.id);
    expect(anaNow.body.step).toBe('initial_assessment');
    expect(anaNow.body.forms.initial_assessment.at(-1).answers.summary).toBe('Assessed on the spot, without signal.');
    const after = await api.get('caseworker', keptCase);
    expect(after.body.forms.initial_assessment.at(-1).answers.summary).toContain('children are safe tonight');
  });

  it('a worker deactivated while offline: at the next connection the queued work is handed over for review, never applied, and the device forgets everything', async () => {
    const page = await openAs(browser, t.url, 'caseworker3', PHONE);
    page.setDefaultTimeout(20_000);
    const id = (await t.http.get('/api/auth/me').set(await api.as('caseworker3'))).body.id;
    await setUpDevice(page);
    await page.context().setOffline(true);
    await registerOffline(page, 'Vera', 'Handoverova');
    await page.getByRole('link', { name: o('en', 'offline.navQueued', { n: 1 }) }).waitFor();

    expect((await t.http.post(`/api/people/${id}/deactivate`).set(await api.as('admin'))).status).toBe(200);
    await page.context().setOffline(false);
    // The sync is refused (the account is deactivated): the PIN hands the queue over, nothing else is offered.
    await page.getByText(o('en', 'offline.sessionRevoked')).waitFor({ timeout: 60_000 });
    expect(await page.getByLabel('Username').count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel(o('en', 'offline.pin')).fill(PIN);
    await page.getByRole('button', { name: o('en', 'offline.handOver') }).click();
    await page.getByText(o('en', 'offline.handedOver')).waitFor();
    await page.getByLabel('Username').waitFor();
    expect(await deviceStorageText(page)).toBe('');

    const team = await t.http.get('/api/sync/held?scope=team').set(await api.as('supervisor'));
    expect(team.status).toBe(200);
    const handed = team.body.held.filter((h: any) => h.userId === id);
    expect(handed.map((h: any) => [h.kind, h.reason.code])).toEqual([['register', 'sync_handed_over']]);
    const none = await t.http.get('/api/cases?q=Handoverova').set(await api.as('supervisor'));
    expect(none.body.items).toEqual([]);
  });

  it('a session that expired while offline: the worker signs in again and the queued work is sent, not held', async () => {
    const page = await openAs(browser, t.url, 'caseworker2', PHONE);
    page.setDefaultTimeout(20_000);
    const id = (await t.http.get('/api/auth/me').set(await api.as('caseworker2'))).body.id;
    await setUpDevice(page);
    await page.context().setOffline(true);
    await registerOffline(page, 'Elena', 'Expiredova');
    // Two hours without the server: the session expired (an hour without use).
    t.clock.advance(2 * 3_600_000);
    await page.context().setOffline(false);

    await page.getByText(o('en', 'offline.sessionEnded')).waitFor({ timeout: 60_000 });
    await page.getByLabel('Username').fill('caseworker2');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByLabel(o('en', 'offline.pin')).fill(PIN);
    await page.getByRole('button', { name: o('en', 'offline.unlock') }).click();
    await page.getByRole('link', { name: o('en', 'offline.nav'), exact: true }).waitFor({ timeout: 60_000 });
    const ds = t.app.get(DataSource);
    const cases = await ds.query(`SELECT display_name AS name, case_number AS number FROM cases WHERE display_name LIKE '%Expiredova'`);
    expect(cases.map((c: any) => [c.name, /^MD-[A-Z]+-\d{4}-/.test(c.number)])).toEqual([['Elena Expiredova', true]]);
    expect((await ds.query(`SELECT outcome FROM sync_changes WHERE user_id = $1`, [id])).map((r: any) => r.outcome)).toEqual(['applied']);
  });

  it("locks after the pack's minutes without use, and after more days offline than the pack allows opens no kept case until the device syncs", async () => {
    // A case of caseworker2's own, for the device to keep.
    const mine = await api.register('caseworker2', 'child_protection', {
      first_name: 'Lidia',
      last_name: 'Lockova',
      sex: 'female',
      date_of_birth: '2014-04-04',
      consent_status: 'not_required_emergency',
      assent_status: 'given',
    });
    expect(mine.status).toBe(201);
    const context = await browser.newContext({ viewport: PHONE, locale: 'en-GB', timezoneId: 'Europe/Chisinau' });
    await context.clock.install();
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${t.url}/`);
    await page.getByLabel('Username').fill('caseworker2');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: /^Hello/ }).waitFor();
    await setUpDevice(page);
    await page.context().setOffline(true);

    // Moldova's security.json: locked after 15 minutes without use.
    await page.clock.fastForward('15:30');
    await page.getByRole('heading', { level: 1, name: o('en', 'offline.unlockTitle') }).waitFor();
    await page.getByLabel(o('en', 'offline.pin')).fill(PIN);
    // Enter, not a click: a click's stability check waits on animation frames, which the installed clock holds.
    await page.getByLabel(o('en', 'offline.pin')).press('Enter');
    await go(page, '/cases');
    const first = page.getByRole('main').locator('a[href^="/cases/"]').first();
    await first.waitFor();
    const keptCaseHref = (await first.getAttribute('href'))!;

    // Eight days later, still offline (the pack allows 7): the PIN again, then kept cases stay closed.
    await page.clock.fastForward(8 * 24 * 3600 * 1000);
    await page.getByLabel(o('en', 'offline.pin')).fill(PIN);
    // Enter, not a click: a click's stability check waits on animation frames, which the installed clock holds.
    await page.getByLabel(o('en', 'offline.pin')).press('Enter');
    await page.getByRole('link', { name: o('en', 'offline.navOffline') }).waitFor();
    await go(page, keptCaseHref);
    await page
      .getByText(o('en', 'offline.tooLong', { n: 7 }))
      .first()
      .waitFor();

    // Back in reach of the server, the device syncs by itself (its last sync moves); offline again, the kept case opens.
    await go(page, '/offline');
    const lastSync = page.getByText(/^Last sent to the server:/);
    const before = await lastSync.textContent();
    await page.context().setOffline(false);
    await page.waitForFunction((text) => !(globalThis as any).document.body.innerText.includes(text), before, { timeout: 60_000 });
    await page.context().setOffline(true);
    await go(page, keptCaseHref);
    await page.getByRole('heading', { level: 1, name: /^MD-/ }).waitFor();
    await context.close();
  });

  it('in Arabic, the device set-up and its status read right to left and pass axe on a phone', async () => {
    const page = await openAs(browser, t.url, 'caseworker', PHONE, 'ar');
    await setUpDevice(page, 'ar');
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.dir)).toBe('rtl');
    await page.getByText(o('ar', 'offline.queued', { n: 0 })).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshots(page, '91-offline-arabic');
  });
});
