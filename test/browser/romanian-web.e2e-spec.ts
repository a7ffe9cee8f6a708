import type { Browser } from 'playwright-core';
import { accessibilityViolations, launchChromium, openAs, PHONE, startWebApp } from '../support/browser';
import { casesClient, childInAssessment } from '../support/cases-client';
import { englishChecker } from '../support/untranslated';

/**
 * The Moldova pack speaks Romanian, and so does the interface: a caseworker picks Română and the
 * home page, a case page (its forms, labels, timeline) and the registration form read in Romanian,
 * with no interface text left in English.
 */
describe('Web app: Romanian', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  let caseId: string;
  // Interface texts whose Romanian differs, and the pack's labels (test/support/untranslated.ts).
  const english = englishChecker('ro');

  beforeAll(async () => {
    t = await startWebApp('romanian_web', new Date());
    browser = await launchChromium();
    caseId = await childInAssessment(casesClient(t));
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('reads in Romanian on a phone, the pack included, with no English interface text', async () => {
    const page = await openAs(browser, t.url, 'caseworker', PHONE);
    await page.locator('label.lang select').selectOption('ro');
    await page.getByRole('heading', { level: 1, name: /^Bună ziua/ }).waitFor();
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.lang)).toBe('ro');

    await page.goto(`${t.url}/cases/${caseId}`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: 'Istoricul cazului' }).waitFor();
    await page.getByRole('heading', { name: 'Evaluarea inițială' }).first().waitFor();
    expect(await english(page)).toEqual({ interface: [], pack: [] });
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.goto(`${t.url}/cases/new`, { waitUntil: 'networkidle' });
    await page.getByLabel(/^Prenumele/).waitFor();
    await page.getByRole('button', { name: 'Înregistrați' }).click();
    await page.getByText('Acest răspuns este obligatoriu.').first().waitFor();
    expect(await english(page)).toEqual({ interface: [], pack: [] });
  });
});
