import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { base32Decode, totp as totpCode } from '@app/identity';
import type { SopPack } from '@app/pack-types';
import { SopRegistry } from '@app/sop-registry';
import { translate } from '../../apps/web/src/translate';
import en from '../../apps/web/src/locales/simulation-en.json';
import ar from '../../apps/web/src/locales/simulation-ar.json';
import { DEMO_PASSWORD } from '../support/app';
import { accessibilityViolations, LAPTOP, launchChromium, PHONE, screenshots, startWebApp } from '../support/browser';

/**
 * The simulation page in a real headless Chromium: an administrator previews the registration form
 * as a teacher and as a caseworker (different fields), then runs a made-up high-risk case through the
 * published version and reads the 48 h deadline and the message to the supervisor; nothing is
 * stored. At phone and laptop width, in English and Arabic, axe clean.
 */
describe('Web app: simulate the SOP', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  let page: Page;
  let pack: SopPack;
  const st = (key: string, vars: Record<string, string | number> = {}) => translate('en', key, vars, { en });
  const label = (l: Record<string, string>) => l.en;

  beforeAll(async () => {
    t = await startWebApp('web_simulation', new Date());
    pack = (await t.app.get(SopRegistry).current()).pack;
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: LAPTOP, locale: 'en-GB', timezoneId: 'Europe/Chisinau' });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => console.error(`[admin] page error: ${e.message}`));
    const secret = pack.demoUsers.find((u) => u.username === 'admin')!.totpSecret!;
    await page.goto(`${t.url}/`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    t.clock.advance(30_000);
    await page.getByLabel('Authenticator code').fill(totpCode(base32Decode(secret), t.clock.now().getTime()));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: /^Hello/ }).waitFor();
    t.clock.advance(30_000);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const cases = async () => Number((await t.app.get(DataSource).query('SELECT count(*) AS n FROM cases'))[0].n);

  it('previews the registration form as two roles and sees different fields', async () => {
    await page.goto(`${t.url}/admin`);
    await page.getByRole('link', { name: st('simulation.link') }).click();
    await page.getByRole('heading', { level: 1, name: st('simulation.title') }).waitFor();
    const registration = pack.forms.find((f) => f.id === 'registration')!;
    await page
      .getByLabel(st('simulation.form'), { exact: true })
      .first()
      .selectOption({ label: label(registration.title) });
    const accessOf = async (role: string) => {
      await page.locator('#preview-role').selectOption({ label: label(pack.roles.find((r) => r.id === role)!.label) });
      const caption = st('simulation.previewCaption', { role: label(pack.roles.find((r) => r.id === role)!.label), form: label(registration.title) });
      await page.getByRole('table', { name: caption }).waitFor();
      return page.getByRole('table', { name: caption }).locator('tbody tr').allTextContents();
    };
    const teacher = await accessOf('teacher');
    const caseworker = await accessOf('caseworker');
    const phone = (rows: string[]) => rows.find((r) => r.startsWith("Caregiver's phone"));
    expect(phone(teacher)).toContain(st('simulation.access.hidden'));
    expect(phone(caseworker)).not.toContain(st('simulation.access.hidden'));
    expect(teacher.filter((r) => r.endsWith(st('simulation.access.hidden'))).length).toBeGreaterThan(
      caseworker.filter((r) => r.endsWith(st('simulation.access.hidden'))).length,
    );
  });

  it('simulates a high-risk registration: the 48 h deadline and the message to the supervisor, nothing stored', async () => {
    const before = await cases();
    await page.locator('#simulation-start_first_name').fill('Ana');
    await page.fill('#simulation-start_last_name', 'Rusu');
    await page.fill('#simulation-start_date_of_birth', '2016-05-01');
    await page.selectOption('#simulation-start_sex', { label: 'Female' });
    await page.selectOption('#simulation-start_consent_status', { label: 'Given' });
    await page.selectOption('#simulation-start_assent_status', { label: 'Given' });
    await page.getByRole('button', { name: st('simulation.run') }).click();
    await page.getByRole('heading', { level: 2, name: st('simulation.results') }).waitFor();

    // Into the assessment, then the assessment says high risk.
    await page.getByRole('button', { name: st('simulation.add') }).click();
    await page.locator('.simulation-step').nth(1).waitFor();
    await page.locator('#simulation-kind').selectOption('fill');
    await page.locator('#simulation-fill_assessment_date').fill('2026-03-02');
    await page.selectOption('#simulation-fill_risk_level', { label: 'High' });
    await page.fill('#simulation-fill_summary', 'Bruises seen at school.');
    await page.getByRole('button', { name: st('simulation.add') }).click();
    const third = page.locator('.simulation-step').nth(2);
    await third.waitFor();

    const response = label(pack.deadlines.find((d) => d.id === 'initial_response')!.label);
    const deadlines = await third.locator('.simulation-deadline').allTextContents();
    expect(deadlines.find((d) => d.startsWith(response))).toContain('(48 h after this action)');
    const messages = await third.locator('.simulation-message').allTextContents();
    const supervisor = label(pack.roles.find((r) => r.id === 'supervisor')!.label);
    expect(messages.filter((m) => m.startsWith(st('simulation.alert.escalation')) && m.includes(` to ${supervisor} (inbox, email)`)).length).toBeGreaterThan(0);
    expect(await cases()).toBe(before);

    for (const size of [PHONE, LAPTOP]) {
      await page.setViewportSize(size);
      expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number)).toBeLessThanOrEqual(size.width);
      expect(await accessibilityViolations(page)).toEqual([]);
    }
    await screenshots(page, 'simulation');
  });

  it('reads right to left in Arabic on a phone', async () => {
    await page.setViewportSize(PHONE);
    await page.locator('label.lang select').selectOption('ar');
    await page.waitForFunction(() => (globalThis as any).document.documentElement.dir === 'rtl');
    await page.getByRole('heading', { level: 1, name: translate('ar', 'simulation.title', {}, { ar }) }).waitFor();
    // The results are asked again in Arabic: the step's label is the pack's Arabic one.
    const assessment = pack.workflow.steps.find((s) => s.id === 'initial_assessment')!.label.ar;
    await page.locator('.simulation-step').nth(2).getByText(assessment, { exact: false }).first().waitFor();
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number)).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshots(page, 'simulation-ar');
  });
});
