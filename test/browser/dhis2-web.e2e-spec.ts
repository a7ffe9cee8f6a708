import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { base32Decode, totp as totpCode } from '@app/identity';
import { SopRegistry } from '@app/sop-registry';
import ar from '../../apps/web/src/locales/dhis2-ar.json';
import en from '../../apps/web/src/locales/dhis2-en.json';
import { DEMO_PASSWORD } from '../support/app';
import { accessibilityViolations, LAPTOP, launchChromium, openAs, PHONE, screenshots, startWebApp } from '../support/browser';
import { Dhis2StandIn } from '../support/dhis2-stand-in';
import { ReportSeed } from '../support/report-seed';

const fill = (text: string, vars: Record<string, string | number>) => Object.entries(vars).reduce((s, [k, v]) => s.replace(`{${k}}`, String(v)), text);

/**
 * The DHIS2 reporting screen in a real Chromium against the real API, PostgreSQL and a local DHIS2
 * stand-in: the administrator sees what is mapped, previews November (Chișinău's two boys hidden),
 * sends it, reads DHIS2's answer and the delivery log, at 360 px and on a laptop, then in Arabic.
 */
describe('Web app: reporting to DHIS2', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  let dhis2: Dhis2StandIn;
  const saved: Record<string, string | undefined> = {};
  const pageWidth = (page: Page) => page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number);

  beforeAll(async () => {
    dhis2 = await new Dhis2StandIn().start();
    for (const k of ['DHIS2_URL', 'DHIS2_USERNAME', 'DHIS2_PASSWORD', 'DHIS2_TOKEN']) saved[k] = process.env[k];
    Object.assign(process.env, { DHIS2_URL: dhis2.url, DHIS2_USERNAME: 'cmis-sync', DHIS2_PASSWORD: 'district-pass-1' });
    delete process.env.DHIS2_TOKEN;
    t = await startWebApp('web_dhis2', new Date('2026-12-07T08:00:00Z'));
    browser = await launchChromium();
    const sop = await t.app.get(SopRegistry).current();
    const seed = new ReportSeed(t.app.get(DataSource), sop.pack, sop.versionId);
    const ch = { agency: 'social_ch', team: 'ch_social_team', location: 'CH01', assignedTo: 'caseworker' };
    await seed.cases(6, { ...ch, sex: 'female', dateOfBirth: '2018-01-01', risk: 'high', registeredAt: '2026-11-10T09:00:00Z' });
    await seed.cases(2, { ...ch, sex: 'male', dateOfBirth: '2012-01-01', registeredAt: '2026-11-11T09:00:00Z' });
    await seed.cases(9, { location: 'ST01', sex: 'female', dateOfBirth: '2016-01-01', registeredAt: '2026-11-12T09:00:00Z' });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await dhis2?.close();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('previews a period with labels and hidden cells, sends it and shows the delivery log, at 360 px and in Arabic', async () => {
    const context = await browser.newContext({ viewport: LAPTOP, locale: 'en-GB', timezoneId: 'Europe/Chisinau' });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (e) => console.error(`[admin] page error: ${e.message}`));
    const secret = (await t.app.get(SopRegistry).current()).pack.demoUsers.find((u) => u.username === 'admin')!.totpSecret!;
    await page.goto(`${t.url}/`);
    // The first page after a build can be slow on a loaded machine: wait for the sign-in form itself.
    await page.getByLabel('Username').waitFor({ timeout: 120_000 });
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    t.clock.advance(30_000);
    await page.getByLabel('Authenticator code').fill(totpCode(base32Decode(secret), t.clock.now().getTime()));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: /^Hello/ }).waitFor();

    await page.getByRole('navigation').getByRole('link', { name: en['nav.dhis2'] }).click();
    await page.getByRole('heading', { level: 1, name: en['dhis2.title'] }).waitFor();
    // The mapping in the pack's words: Chișinău's org unit, the sex categories' combos.
    await page
      .getByRole('table', { name: en['dhis2.placesCaption'] })
      .getByRole('row', { name: /Chișinău\s+mdChisinau1/ })
      .waitFor();
    await page.getByText(fill(en['dhis2.mappedPlaces'], { mapped: 3, all: 3 })).waitFor();

    await page.setViewportSize(PHONE);
    // The last closed period is offered: November.
    expect(await page.getByLabel(en['dhis2.period']).inputValue()).toBe('202611');
    await page.getByRole('button', { name: en['dhis2.preview'] }).click();
    await page.getByRole('heading', { level: 2, name: fill(en['dhis2.previewTitle'], { period: '202611' }) }).waitFor();
    const preview = page.getByRole('table', { name: /^Values for 202611/ });
    const chBoys = preview
      .getByRole('row')
      .filter({ hasText: 'Chișinău' })
      .filter({ hasText: 'Male' })
      .filter({ hasText: 'Child protection cases registered' });
    await chBoys.first().waitFor();
    expect(await chBoys.first().innerText()).toContain(en['dhis2.status.suppressed']);
    expect(await chBoys.first().innerText()).not.toMatch(/\b2\b/);
    expect(dhis2.received).toHaveLength(0);
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshots(page, 'dhis2-preview');

    await page.getByRole('button', { name: fill(en['dhis2.send'], { period: '202611' }) }).click();
    await page.getByText(/^DHIS2 took the values of 202611/).waitFor();
    const sent = dhis2.received;
    expect(sent).toHaveLength(1);
    const n = sent[0].body.dataValues.length;
    await page.getByText(fill(en['dhis2.sent'], { period: '202611', imported: n, updated: 0, ignored: 0 })).waitFor();
    const log = page.getByRole('table', { name: en['dhis2.logCaption'] });
    await log.getByRole('row').filter({ hasText: '202611' }).filter({ hasText: en['dhis2.result.succeeded'] }).waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshots(page, 'dhis2-sent');

    // In Arabic the page reads right to left, with the same log.
    await page.locator('label.lang select').selectOption('ar');
    await page.getByRole('heading', { level: 1, name: ar['dhis2.title'] }).waitFor();
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.dir)).toBe('rtl');
    await page.getByRole('table', { name: ar['dhis2.logCaption'] }).getByRole('row').filter({ hasText: ar['dhis2.result.succeeded'] }).waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshots(page, 'dhis2-ar');
  });
  it('the national analyst reaches it from the reports page and previews, with no way to send', async () => {
    const page = await openAs(browser, t.url, 'analyst', PHONE);
    page.setDefaultTimeout(30_000);
    await page.getByRole('navigation').getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('link', { name: en['dhis2.title'] }).click();
    await page.getByRole('heading', { level: 1, name: en['dhis2.title'] }).waitFor();
    await page.getByRole('button', { name: en['dhis2.preview'] }).click();
    await page.getByRole('heading', { level: 2, name: fill(en['dhis2.previewTitle'], { period: '202611' }) }).waitFor();
    expect(await page.getByRole('button', { name: fill(en['dhis2.send'], { period: '202611' }) }).count()).toBe(0);
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
