import { readFileSync } from 'fs';
import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { base32Decode, totp as totpCode } from '@app/identity';
import { SopRegistry } from '@app/sop-registry';
import ar from '../../apps/web/src/locales/people-import-ar.json';
import fr from '../../apps/web/src/locales/people-import-fr.json';
import ro from '../../apps/web/src/locales/people-import-ro.json';
import peopleRo from '../../apps/web/src/locales/people-ro.json';
import { translate } from '../../apps/web/src/translate';
import { DEMO_PASSWORD } from '../support/app';
import { accessibilityViolations, LAPTOP, launchChromium, openAs, PHONE, screenshots, startWebApp } from '../support/browser';

/**
 * People import in a real headless Chromium against the real API and PostgreSQL (issue 20): the
 * administrator, in Romanian on a 360 px phone, checks a small file with one bad row, sees the
 * problem (row, column, reason in Romanian), creates the good rows as they are and downloads the codes.
 */
describe('Web app: people import from a file', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  const pageWidth = (page: Page) => page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number);

  /** The demo administrator signs in (password, then the authenticator code from the test's clock) and switches to Romanian. */
  const signInAdminInRomanian = async (): Promise<Page> => {
    const context = await browser.newContext({ viewport: LAPTOP, locale: 'en-GB', timezoneId: 'Europe/Chisinau', acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => console.error(`[admin] page error: ${e.message}`));
    const secret = (await t.app.get(SopRegistry).current()).pack.demoUsers.find((u) => u.username === 'admin')!.totpSecret!;
    await page.goto(`${t.url}/`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    t.clock.advance(30_000);
    await page.getByLabel('Authenticator code').fill(totpCode(base32Decode(secret), t.clock.now().getTime()));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: /^Hello/ }).waitFor();
    t.clock.advance(30_000);
    await page.locator('label.lang select').selectOption('ro');
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${translate('ro', 'home.hello', { name: '' }).trim()}`) }).waitFor();
    return page;
  };

  beforeAll(async () => {
    t = await startWebApp('web_people_import', new Date());
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('checks a file with one bad row in Romanian at 360 px, creates the good rows and downloads the codes', async () => {
    const ds = t.app.get(DataSource);
    const count = async () => (await ds.query(`SELECT count(*)::int AS n FROM users`))[0].n as number;
    const page = await signInAdminInRomanian();
    await page.getByRole('navigation').getByRole('link', { name: peopleRo['nav.people'] }).click();
    await page.setViewportSize(PHONE);
    await page.getByRole('link', { name: ro['import.link'] }).click();
    await page.getByRole('heading', { level: 1, name: ro['import.title'] }).waitFor();

    const csv = [
      'username;name;email;language;roles;location',
      'maria.lungu;Maria Lungu;maria.lungu@example.org;ro;caseworker;Bubuieci',
      'petru.rusu;Petru Rusu;petru.rusu@example.org;ro;astronaut;CH01',
      'vera.ceban;Vera Ceban;vera.ceban@example.org;ro;caseworker|teacher;CH02',
    ].join('\r\n');
    await page.getByLabel(ro['import.file']).setInputFiles({ name: 'persoane.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}`) });
    const before = await count();
    await page.getByRole('button', { name: ro['import.check'] }).click();

    // The check: one problem, on row 3 (the header is row 1), column roles, the reason in Romanian; nothing created.
    const problems = page.getByRole('table');
    await problems.waitFor();
    expect(await problems.locator('tbody tr').allInnerTexts()).toEqual([expect.stringMatching(/^3\s+roles\s+Acest rol nu există\.$/)]);
    await page.getByText('Utilizatori în fișier: 3. Pot fi creați: 2. Rânduri cu probleme: 1.').waitFor();
    expect(await count()).toBe(before);
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshots(page, 'people-import-check-ro');

    // Nothing fixed: the good rows are created, the bad one is reported again.
    await page.getByRole('button', { name: ro['import.create'].replace('{count}', '2') }).click();
    await page.getByText('Utilizatori creați: 2. Rânduri necreate: 1.').waitFor();
    expect(await count()).toBe(before + 2);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await screenshots(page, 'people-import-done-ro');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: ro['import.download'] }).click()]);
    const file = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const lines = file.trim().split('\r\n');
    expect(lines[0]).toBe('nume de utilizator,nume,cod,expiră');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2))).toEqual([
      ['maria.lungu', 'Maria Lungu'],
      ['vera.ceban', 'Vera Ceban'],
    ]);
    const code = lines[1].split(',')[2];
    expect(code).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){4}$/);
    // The code in the file is the one that sets Maria's password.
    const set = await t.http.post('/api/auth/password-reset').send({ code, password: 'walnut-harbour-93-slowly' });
    expect([set.status, set.body]).toEqual([200, { username: 'maria.lungu' }]);

    // In Arabic on a laptop: the same page right to left, labels in Arabic, axe clean.
    await page.setViewportSize(LAPTOP);
    await page.locator('label.lang select').selectOption('ar');
    await page.getByRole('link', { name: ar['import.back'] }).click();
    await page.getByRole('link', { name: ar['import.link'] }).click();
    await page.getByRole('heading', { level: 1, name: ar['import.title'] }).waitFor();
    await page.getByLabel(ar['import.file']).waitFor();
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.dir)).toBe('rtl');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshots(page, 'people-import-ar');
  }, 120_000);

  it('refuses a caseworker at once, before any file is chosen', async () => {
    const page = await openAs(browser, t.url, 'caseworker', PHONE, 'fr');
    await page.goto(`${t.url}/people/import`);
    await page.getByRole('alert').getByText('Vous ne pouvez pas faire ceci.').waitFor();
    expect(await page.getByLabel(fr['import.file']).count()).toBe(0);
    expect(await page.getByRole('heading', { level: 1, name: fr['import.title'] }).count()).toBe(0);
    await page.context().close();
  }, 60_000);
});
