import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { base32Decode, totp as totpCode } from '@app/identity';
import { SchedulerService } from '@app/scheduler';
import { SopRegistry } from '@app/sop-registry';
import ar from '../../apps/web/src/locales/webhooks-ar.json';
import en from '../../apps/web/src/locales/webhooks-en.json';
import { DEMO_PASSWORD } from '../support/app';
import { casesClient } from '../support/cases-client';
import { accessibilityViolations, LAPTOP, launchChromium, PHONE, screenshots, startWebApp } from '../support/browser';

/**
 * The webhooks screen in a real headless Chromium against the real API and PostgreSQL (issue 23):
 * the administrator subscribes a local receiver to registrations, reading cases as the national
 * analyst (role chosen by its label), sees the secret once and copies it, sees the delivery in the
 * log after the worker's tick, rotates the secret and pauses the subscription; in Arabic at 360 px.
 */
describe('Web app: webhooks', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  let receiver: http.Server;
  const received: string[] = [];
  const pageWidth = (page: Page) => page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number);

  const signInAdmin = async (): Promise<Page> => {
    const context = await browser.newContext({ viewport: LAPTOP, locale: 'en-GB', timezoneId: 'Europe/Chisinau' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.url });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
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
    return page;
  };

  beforeAll(async () => {
    t = await startWebApp('web_webhooks', new Date());
    browser = await launchChromium();
    receiver = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received.push(String(req.headers['x-cmis-webhook-id']));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => receiver?.close(resolve));
    await t?.close();
  });

  it('subscribes, shows the secret once, logs the delivery, rotates and pauses; Arabic at 360 px', async () => {
    const page = await signInAdmin();
    await page.getByRole('navigation').getByRole('link', { name: en['nav.webhooks'] }).click();
    await page.getByRole('heading', { level: 1, name: en['webhooks.title'] }).waitFor();
    await page.getByText(en['webhooks.none']).waitFor();

    await page.getByLabel(en['webhooks.name']).fill('Statistics office');
    await page.getByLabel(en['webhooks.url']).fill(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/in`);
    await page.getByRole('checkbox', { name: en['webhooks.event.case.registered'] }).check();
    await page.getByLabel(en['webhooks.role']).selectOption({ label: 'National analyst' });
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: en['webhooks.create'] }).click();

    // The secret, once, with a copy button that puts it on the clipboard.
    const shown = page.locator('code.secret');
    await shown.waitFor();
    const secret = (await shown.innerText()).trim();
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole('button', { name: en['webhooks.copy'] }).click();
    await page.getByText(en['webhooks.copied']).waitFor();
    expect(await page.evaluate(() => (globalThis as any).navigator.clipboard.readText())).toBe(secret);
    await page.getByRole('button', { name: en['webhooks.secretKept'] }).click();
    await shown.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(secret);
    await page.getByRole('listitem').getByText('National analyst').waitFor(); // the role by its label, not its id

    // A registration, sent by the worker's tick, then in the log as delivered.
    const api = casesClient(t);
    const reg = await api.register('caseworker', 'child_protection', {
      first_name: 'Ana',
      last_name: 'Moraru',
      sex: 'female',
      date_of_birth: '2017-05-05',
      consent_status: 'not_required_emergency',
      assent_status: 'given',
    });
    expect(reg.status).toBe(201);
    expect((await t.app.get(SchedulerService).tickDispatch()).webhooks).toMatchObject({ sent: 1 });
    expect(received).toHaveLength(1);
    await page.getByRole('button', { name: `${en['webhooks.showLog']} Statistics office` }).click();
    const row = page.getByRole('row').filter({ hasText: en['webhooks.event.case.registered'] });
    await row.getByText(en['webhooks.delivery.sent']).waitFor();
    await row.getByText(/answer 204/).waitFor();
    await screenshots(page, 'webhooks-log');

    // Replay one delivery: it goes again with the same id.
    await row.getByRole('button', { name: new RegExp(`^${en['webhooks.replay']}`) }).click();
    await page.getByRole('status').filter({ hasText: '1 delivery goes again' }).waitFor();
    await t.app.get(SchedulerService).tickDispatch();
    expect(received).toEqual([received[0], received[0]]);

    // Rotation: a new secret, shown once; the list says until when the old one still signs.
    await page.getByRole('button', { name: `${en['webhooks.rotate']} Statistics office` }).click();
    await shown.waitFor();
    expect((await shown.innerText()).trim()).not.toBe(secret);
    await page.getByRole('button', { name: en['webhooks.secretKept'] }).click();
    await page.getByText(/The previous secret also signs until/).waitFor();

    await page.getByRole('button', { name: `${en['webhooks.pause']} Statistics office` }).click();
    await page.getByText(en['webhooks.paused'], { exact: true }).waitFor();

    // Arabic, right to left, on a phone: nothing wider than the screen, axe clean.
    await page.locator('label.lang select').selectOption('ar');
    await page.getByRole('heading', { level: 1, name: ar['webhooks.title'] }).waitFor();
    await page.setViewportSize(PHONE);
    await page.getByText(ar['webhooks.paused'], { exact: true }).waitFor();
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.dir)).toBe('rtl');
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshots(page, 'webhooks-ar');
  });
});
