import type { Browser } from 'playwright-core';
import { accessibilityViolations, launchChromium, openAs, PHONE, startWebApp } from '../support/browser';

/** An address the app has no page for says so (it used to show the home page as if the link had worked). */
describe('Web app: unknown addresses', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  beforeAll(async () => {
    t = await startWebApp('not_found_web', new Date());
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('says the page does not exist, in the user language, and leads home', async () => {
    const page = await openAs(browser, t.url, 'caseworker', PHONE);
    for (const address of ['/no-such-page', '/cases/not-a-case-id', '/reports/bad id']) {
      await page.goto(`${t.url}${address}`, { waitUntil: 'networkidle' });
      await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    }
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Go to the home page' }).click();
    await page.waitForURL(`${t.url}/`);
    expect(await page.getByRole('heading', { level: 1, name: 'Page not found' }).count()).toBe(0);

    await page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
    await page.goto(`${t.url}/nulle-part`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
  });
});
