import type { Browser } from 'playwright-core';
import { base32Decode, totp } from '@app/identity';
import { DEMO_PASSWORD } from '../support/app';
import { casesClient } from '../support/cases-client';
import { accessibilityViolations, launchChromium, PHONE, screenshots, startWebApp } from '../support/browser';

/**
 * An administrator whose two-factor was reset (lost phone) signs in with the password alone: the web
 * app offers nothing but setting up an authenticator, then works normally; the next sign-in asks for a code.
 */
describe('Web app: two-factor set-up when the role requires it', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;

  beforeAll(async () => {
    t = await startWebApp('web_two_factor', new Date());
    browser = await launchChromium();
    const api = casesClient(t);
    const me = (await t.http.get('/api/auth/me').set(await api.as('admin'))).body;
    expect((await t.http.post(`/api/users/${me.id}/two-factor/reset`).set(await api.as('admin'))).status).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('sets up the authenticator from the secret shown, then signs in with a code', async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${t.url}/`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Set up two-factor authentication' }).waitFor();
    await page.getByRole('button', { name: 'Set up now' }).click();
    const secret = (await page.locator('.secret code').innerText()).replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshots(page, '30-two-factor-setup');
    // The server's clock is the test's: the code is the one an authenticator would show at that moment.
    await page.getByLabel('Authenticator code').fill(totp(base32Decode(secret), t.clock.now().getTime()));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('heading', { level: 1, name: /^Hello, Natalia Ceban/ }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    t.clock.advance(30_000); // a code signs in once: the next one
    await page.getByLabel('Authenticator code').fill(totp(base32Decode(secret), t.clock.now().getTime()));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: /^Hello, Natalia Ceban/ }).waitFor();
  });
});
