import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { base32Decode, totp } from '@app/identity';
import { startTestApp, TestApp } from '../support/app';
import { accessibilityViolations, LAPTOP, launchChromium, PHONE, screenshots } from '../support/browser';

/**
 * A new production installation (no demo, no user), in the browser: the web app shows only its
 * first-run page; the set-up code from the server's log creates the first administrator, who sets up
 * two-factor authentication and lands on the administrator's page.
 */
describe('Web app: first run of an installation without users', () => {
  let t: TestApp;
  let url: string;
  let browser: Browser;
  const lines: string[] = [];

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    t = await startTestApp('web_first_run', { start: new Date(), logLevel: 'info', logDestination: destination as never, seedDemoUsers: false });
    await t.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows only the first-run page, at phone and laptop width, in Arabic too', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'ar' });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${url}/cases`);
    await page.getByRole('heading', { level: 1, name: 'إعداد هذا التثبيت' }).waitFor();
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.dir)).toBe('rtl');
    for (const size of [PHONE, LAPTOP]) {
      await page.setViewportSize(size);
      expect(await accessibilityViolations(page)).toEqual([]);
    }
    await screenshots(page, '90-first-run-ar');
    await context.close();
  });

  it('creates the first administrator with the code from the log, enrols two-factor, then reaches the administration page', async () => {
    const code = lines.map((l) => /set-up code ([A-Z0-9-]+)/.exec(JSON.parse(l).msg ?? '')?.[1]).find(Boolean)!;
    expect(code).toBeTruthy();
    const context = await browser.newContext({ viewport: PHONE, locale: 'en-GB' });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${url}/`);
    await page.getByRole('heading', { level: 1, name: 'Set up this installation' }).waitFor();
    await page.getByLabel('Set-up code').fill('WRNG-WRNG-WRNG-WRNG');
    await page.getByLabel('Full name').fill('Ana Munteanu');
    await page.getByLabel('Username').fill('ana.munteanu');
    await page.getByLabel('E-mail address').fill('ana@example.md');
    await page.getByLabel('Password').fill('correct horse battery 42');
    await page.getByRole('button', { name: 'Create the administrator' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toMatch(/set-up code/i);

    await page.getByLabel('Set-up code').fill(code);
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create the administrator' }).click();
    // The password policy speaks next to the field, nothing is created.
    await page.locator('#fr-password-error').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Password').fill('correct horse battery 42');
    await page.getByRole('button', { name: 'Create the administrator' }).click();

    await page.getByRole('heading', { name: 'Set up two-factor authentication' }).waitFor();
    await page.getByRole('button', { name: 'Set up now' }).click();
    const secret = (await page.locator('.secret code').innerText()).replace(/\s/g, '');
    await page.getByLabel('Authenticator code').fill(totp(base32Decode(secret), t.clock.now().getTime()));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('heading', { level: 1, name: /Moldova/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin');
    await screenshots(page, '91-first-run-admin');

    // Set-up is over: the same code is refused, and a new visitor gets the sign-in page.
    expect(
      (
        await t.http
          .post('/api/setup/administrator')
          .send({ code, displayName: 'X', username: 'xx_x', email: 'x@example.md', locale: 'en', password: 'another horse battery 43' })
      ).status,
    ).toBe(409);
    const other = await (await browser.newContext({ viewport: LAPTOP })).newPage();
    await other.goto(`${url}/`);
    await other.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await context.close();
  });
});
