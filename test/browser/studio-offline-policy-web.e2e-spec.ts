import type { Browser, Page } from 'playwright-core';
import { base32Decode, totp as totpCode } from '@app/identity';
import { SopRegistry } from '@app/sop-registry';
import { translate } from '../../apps/web/src/translate';
import appFr from '../../apps/web/src/locales/fr.json';
import studioFr from '../../apps/web/src/locales/studio-fr.json';
import offlineFr from '../../apps/web/src/locales/offline-fr.json';
import { DEMO_PASSWORD } from '../support/app';
import { accessibilityViolations, launchChromium, PHONE, startWebApp } from '../support/browser';

/**
 * An administrator sets, in the studio, how long a phone may stay offline and when it locks
 * (security.json `offline`), in French on a 360 px phone: one attributed draft change, axe clean.
 */
describe('Web app: the studio sets the offline rules for phones', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  let page: Page;
  let admin: { authorization: string };
  const tr = (key: string, vars: Record<string, string | number> = {}) => translate('fr', key, vars, { fr: { ...appFr, ...studioFr, ...offlineFr } });
  const security = async () => {
    const { drafts } = (await t.http.get('/api/sop/drafts').set(admin)).body;
    return (await t.http.get(`/api/sop/drafts/${drafts.find((d: any) => d.status === 'open').id}`).set(admin)).body.files['security.json'];
  };

  beforeAll(async () => {
    t = await startWebApp('web_studio_offline_policy', new Date());
    const pack = (await t.app.get(SopRegistry).current()).pack;
    admin = { authorization: await t.login('admin') };
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: PHONE, locale: 'fr', timezoneId: 'Europe/Chisinau' });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.goto(`${t.url}/`);
    await page.getByLabel(tr('login.username')).fill('admin');
    await page.getByLabel(tr('login.password')).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: tr('login.submit') }).click();
    t.clock.advance(30_000);
    const secret = pack.demoUsers.find((u) => u.username === 'admin')!.totpSecret!;
    await page.getByLabel(tr('login.code')).fill(totpCode(base32Decode(secret), t.clock.now().getTime()));
    await page.getByRole('button', { name: tr('login.submit') }).click();
    await page.getByRole('heading', { level: 1, name: /^Bonjour/ }).waitFor();
    await page.goto(`${t.url}/admin/studio`);
    await page.getByRole('button', { name: tr('studio.start') }).click();
    await page.getByRole('heading', { level: 2, name: tr('offline.policyTitle') }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('sets the days a phone may stay offline and the minutes before it locks', async () => {
    expect((await security()).offline).toBeUndefined();
    const days = page.getByLabel(tr('offline.policyMaxDays'));
    const lock = page.getByLabel(tr('offline.policyLock'));
    expect(await days.inputValue()).toBe('7');
    expect(await lock.inputValue()).toBe('15');
    await days.fill('3');
    await lock.fill('10');
    await page.getByRole('button', { name: tr('offline.policySave') }).click();
    await page
      .getByRole('button', { name: tr('offline.policySave') })
      .and(page.locator(':disabled'))
      .waitFor();
    expect((await security()).offline).toEqual({ maxDays: 3, lockAfterMinutes: 10 });
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
