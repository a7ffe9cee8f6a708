import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { HOUR_MS } from '@app/core';
import { base32Decode, totp as totpCode } from '@app/identity';
import type { SopPack } from '@app/pack-types';
import { SopRegistry } from '@app/sop-registry';
import { translate } from '../../apps/web/src/translate';
import studioEn from '../../apps/web/src/locales/studio-en.json';
import whatIfAr from '../../apps/web/src/locales/studio-whatif-ar.json';
import whatIfEn from '../../apps/web/src/locales/studio-whatif-en.json';
import whatIfFr from '../../apps/web/src/locales/studio-whatif-fr.json';
import { DEMO_PASSWORD } from '../support/app';
import { accessibilityViolations, ARTIFACTS, LAPTOP, launchChromium, PHONE, screenshots, startWebApp } from '../support/browser';
import { casesClient } from '../support/cases-client';

/**
 * The studio's "what if" in a real headless Chromium: real high-risk cases answered 12 or 30 hours
 * after registration (controlled clock, through the API), a draft that shortens the high-risk
 * response to 24 h; the administrator picks a period and a district by name and reads published,
 * draft and change, in numbers and words, small numbers hidden in words. Phone and laptop width,
 * French, axe clean.
 */
describe('Web app: the studio\'s "what if" over history', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  let page: Page;
  let pack: SopPack;
  const T0 = new Date('2026-03-02T08:00:00Z');
  const HIGH = '/deadlines.json/deadlines/0/due/0/after';
  const wt = (key: string, vars: Record<string, string | number> = {}, locale = 'en') =>
    translate(locale, key, vars, { en: { ...studioEn, ...whatIfEn }, fr: whatIfFr, ar: whatIfAr });
  /** A change as the page writes it: signed in the language's way, then in words. */
  const signed = (n: number, locale = 'en') => new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(n);
  const response = () => pack.deadlines.find((d) => d.id === 'initial_response')!;
  const table = (p: Page, locale = 'en') => p.getByRole('region', { name: (response().label as Record<string, string>)[locale], exact: true });
  const cell = (p: Page, figure: string, column: number, locale = 'en') => table(p, locale).locator(`tr[data-figure="${figure}"] td`).nth(column);
  const section = (p: Page) => p.locator('section[aria-labelledby="studio-what-if-title"]');
  const compare = async (p: Page, place: string | null, locale = 'en') => {
    await section(p)
      .getByLabel(wt('whatIf.from', {}, locale))
      .fill('2026-03-01');
    await section(p)
      .getByLabel(wt('whatIf.to', {}, locale))
      .fill('2026-03-31');
    await section(p)
      .getByLabel(wt('whatIf.place', {}, locale))
      .selectOption({ label: place ?? wt('whatIf.everywhere', {}, locale) });
    await section(p)
      .getByRole('button', { name: wt('whatIf.run', {}, locale) })
      .click();
  };

  beforeAll(async () => {
    t = await startWebApp('web_studio_what_if', T0);
    pack = (await t.app.get(SopRegistry).current()).pack;
    const api = casesClient(t);
    const highRisk = async (worker: string, first: string) => {
      const reg = await api.register(worker, 'child_protection', {
        first_name: first,
        last_name: 'Rusu',
        sex: 'female',
        date_of_birth: '2019-02-11',
        consent_status: 'not_required_emergency',
        assent_status: 'given',
      });
      expect(reg.status).toBe(201);
      expect((await api.transition(worker, reg.body.id, 'start_assessment')).status).toBe(200);
      expect((await api.fill(worker, reg.body.id, 'initial_assessment', { assessment_date: '2026-03-02', risk_level: 'high', summary: 'Seen.' })).status).toBe(
        200,
      );
      return { id: reg.body.id as string, worker };
    };
    const respond = async (c: { id: string; worker: string }) => {
      expect((await api.transition(c.worker, c.id, 'start_specialised_assessments')).status).toBe(200);
      expect((await api.transition(c.worker, c.id, 'start_comprehensive_assessment')).status).toBe(200);
      expect((await api.fill(c.worker, c.id, 'comprehensive_assessment', { assessment_date: '2026-03-04', summary: 'Done.' })).status).toBe(200);
    };
    // Chișinău: 6 answered after 12 h, 5 after 30 h; Strășeni: 2 after 12 h (a small number).
    const ch = [];
    for (const n of ['Ana', 'Maria', 'Ion', 'Elena', 'Victor', 'Irina', 'Petru', 'Olga', 'Andrei', 'Nina', 'Sergiu']) ch.push(await highRisk('caseworker', n));
    const st = [await highRisk('caseworker2', 'Dana'), await highRisk('caseworker2', 'Radu')];
    t.clock.set(new Date(T0.getTime() + 12 * HOUR_MS));
    for (const c of [...ch.slice(0, 6), ...st]) await respond(c);
    t.clock.set(new Date(T0.getTime() + 30 * HOUR_MS));
    for (const c of ch.slice(6)) await respond(c);
    t.clock.set(new Date('2026-03-20T08:00:00Z'));

    const admin = { authorization: await t.login('admin') };
    const draft = (await t.http.post('/api/sop/drafts').set(admin).send({})).body;
    const edit = await t.http
      .post(`/api/sop/drafts/${draft.id}/edits`)
      .set(admin)
      .send({ baseRevision: draft.revision, operations: [{ op: 'replace', path: HIGH, value: { hours: 24 } }] });
    expect(edit.status).toBe(200);

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: LAPTOP, locale: 'en-GB', timezoneId: 'Europe/Chisinau' });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.goto(`${t.url}/`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // A code signs in once: the (controllable) clock moves to a fresh 30-s step before and after.
    t.clock.advance(30_000);
    const secret = pack.demoUsers.find((u) => u.username === 'admin')!.totpSecret!;
    await page.getByLabel('Authenticator code').fill(totpCode(base32Decode(secret), t.clock.now().getTime()));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: /^Hello/ }).waitFor();
    t.clock.advance(30_000);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows published, draft and change for the whole country, in numbers and in words', async () => {
    await page.goto(`${t.url}/admin/studio`);
    await page.getByRole('heading', { level: 2, name: wt('whatIf.title') }).waitFor();
    await compare(page, null);
    await table(page).waitFor();
    expect(
      await page
        .getByRole('heading', { level: 3 })
        .filter({ hasText: wt('whatIf.everywhere') })
        .count(),
    ).toBe(1);
    // Published (48 h): all 13 kept on time; draft (24 h): the 5 answered after 30 h are late.
    const row = async (figure: string) => [0, 1, 2].map((i) => cell(page, figure, i).innerText());
    expect(await Promise.all(await row('due'))).toEqual(['13', '13', wt('whatIf.same')]);
    expect(await Promise.all(await row('met'))).toEqual(['13', '8', `${signed(-5)} (${wt('whatIf.fewer', { n: 5 })})`]);
    expect(await Promise.all(await row('late'))).toEqual(['0', '5', `${signed(5)} (${wt('whatIf.more', { n: 5 })})`]);
    expect(await Promise.all(await row('percent'))).toEqual([
      wt('whatIf.percent', { n: 100 }),
      wt('whatIf.percent', { n: '61.5' }),
      `${signed(-38.5)} (${wt('whatIf.pointsDown', { n: '38.5' })})`,
    ]);
    // Counts only: no child's name on the section.
    expect(await section(page).innerText()).not.toContain('Rusu');
    for (const size of [PHONE, LAPTOP]) {
      await page.setViewportSize(size);
      expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number)).toBeLessThanOrEqual(size.width);
      expect(await accessibilityViolations(page)).toEqual([]);
    }
    await section(page).screenshot({ path: path.join(ARTIFACTS, 'studio-what-if-section-laptop.png') });
    await screenshots(page, 'studio-what-if');
  });

  it('hides small numbers in words on both sides and in the change (Strășeni, by its name)', async () => {
    await compare(page, 'Strășeni');
    await page.getByRole('heading', { level: 3 }).filter({ hasText: 'Strășeni' }).waitFor();
    for (const figure of ['due', 'met', 'percent']) {
      for (const column of [0, 1, 2]) expect(await cell(page, figure, column).innerText()).toBe(wt('whatIf.hidden'));
    }
    expect(await section(page).innerText()).toContain(wt('whatIf.suppression', { max: 4 }));
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('works in French at phone width', async () => {
    await page.setViewportSize(PHONE);
    await page.locator('label.lang select').selectOption('fr');
    await page.getByRole('heading', { level: 2, name: wt('whatIf.title', {}, 'fr') }).waitFor();
    await compare(page, null, 'fr');
    await table(page, 'fr').waitFor();
    expect(await cell(page, 'met', 2, 'fr').innerText()).toBe(`${signed(-5, 'fr')} (${wt('whatIf.fewer', { n: 5 }, 'fr')})`);
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number)).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityViolations(page)).toEqual([]);
    await section(page).screenshot({ path: path.join(ARTIFACTS, 'studio-what-if-section-fr-phone.png') });
    await screenshots(page, 'studio-what-if-fr');
  });
});
