import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { base32Decode, totp as totpCode } from '@app/identity';
import type { SopPack } from '@app/pack-types';
import { SopRegistry } from '@app/sop-registry';
import { translate } from '../../apps/web/src/translate';
import studioEn from '../../apps/web/src/locales/studio-en.json';
import templatesAr from '../../apps/web/src/locales/studio-templates-ar.json';
import templatesEn from '../../apps/web/src/locales/studio-templates-en.json';
import { DEMO_PASSWORD } from '../support/app';
import { accessibilityViolations, ARTIFACTS, LAPTOP, launchChromium, PHONE, screenshots, startWebApp } from '../support/browser';

/**
 * Message templates and reporting settings in the SOP studio, in a real headless Chromium: the
 * administrator edits the French deadline reminder and sees the preview on the sample case change as
 * they type; a broken template shows its problems in words (line, what is wrong), becomes a finding on
 * the French text and keeps the draft from publishing until fixed; an indicator's label and the
 * small-cell threshold change through the draft. At phone and laptop width, axe clean.
 */
describe('Web app: message templates and reporting in the SOP studio', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  let page: Page;
  let pack: SopPack;
  let admin: { authorization: string };
  // Waits for facts on the page, never fixed sleeps; the machine is shared, so they are generous.
  const WAIT = 30_000;
  const tt = (key: string, vars: Record<string, string | number> = {}) => translate('en', key, vars, { en: { ...studioEn, ...templatesEn } });
  const FR_TEXT = 'templates/deadline_reminder/fr.text.hbs';
  const revision = (n: number) => page.getByRole('heading', { level: 2, name: tt('studio.draft', { id: 1, revision: n }) }).waitFor({ timeout: WAIT });
  const draft = async () => {
    const { drafts } = (await t.http.get('/api/sop/drafts').set(admin)).body;
    return (await t.http.get(`/api/sop/drafts/${drafts.find((d: any) => d.status === 'open').id}`).set(admin)).body;
  };
  const french = () => page.locator('.studio-template-languages fieldset').filter({ has: page.locator('legend', { hasText: 'Français' }) });
  const frenchText = () => french().getByLabel(tt('templates.text'), { exact: true });
  const preview = () => page.locator('.studio-template-preview');

  beforeAll(async () => {
    t = await startWebApp('web_studio_templates', new Date());
    pack = (await t.app.get(SopRegistry).current()).pack;
    const secret = pack.demoUsers.find((u) => u.username === 'admin')!.totpSecret!;
    admin = { authorization: await t.login('admin') };
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: LAPTOP, locale: 'en-GB', timezoneId: 'Europe/Chisinau' });
    page = await context.newPage();
    page.setDefaultTimeout(WAIT);
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.goto(`${t.url}/`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // A code signs in once: the (controllable) clock moves to a fresh 30-s step first.
    t.clock.advance(30_000);
    await page.getByLabel('Authenticator code').fill(totpCode(base32Decode(secret), t.clock.now().getTime()));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: /^Hello/ }).waitFor();
    await page.goto(`${t.url}/admin/studio`);
    await page.getByRole('button', { name: tt('studio.start') }).click();
    await revision(1);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('previews the French reminder on the sample case, and the preview follows what is typed, then saved', async () => {
    await page.getByLabel(tt('templates.choose'), { exact: true }).selectOption({ label: tt('templates.name.deadline_reminder') });
    await preview().getByLabel(tt('templates.previewLanguage')).selectOption('fr');
    const rendered = preview().getByTestId('template-rendered');
    const deadline = pack.deadlines[0].label.fr!;
    await rendered.getByText(`Rappel : ${deadline} pour le dossier SAMPLE-0001`, { exact: false }).waitFor();
    expect(await rendered.getAttribute('lang')).toBe('fr');

    await frenchText().fill('Bonjour {{recipient.name}},\nle dossier {{case.number}} attend : {{deadline.label}}.');
    await rendered.getByText(`le dossier SAMPLE-0001 attend : ${deadline}.`, { exact: false }).waitFor();
    await page.getByRole('button', { name: tt('templates.save', { template: tt('templates.name.deadline_reminder') }) }).click();
    await revision(2);
    expect((await draft()).files[FR_TEXT]).toBe('Bonjour {{recipient.name}},\nle dossier {{case.number}} attend : {{deadline.label}}.');
  });

  it('shows a broken template’s problems in words, as a finding on the French text, and does not publish it until fixed', async () => {
    const good = await frenchText().inputValue();
    await frenchText().fill('Bonjour\n{{case.colour}} {{lookup case "number"}}');
    const problems = preview().getByTestId('template-problems');
    await problems.waitFor();
    const words = await problems.innerText();
    expect(words).toContain(tt('templates.problems'));
    expect(words).toContain(
      `${tt('templates.problemAt', { part: tt('templates.part.text'), line: 2, column: 3 })} — ${tt('templates.problem.unknown_variable')}`,
    );
    expect(words).toContain(tt('templates.problem.unknown_helper'));
    expect(words).toContain('unknown helper "lookup"');

    await page.getByRole('button', { name: tt('templates.save', { template: tt('templates.name.deadline_reminder') }) }).click();
    await revision(3);
    await french().locator('.studio-findings-here li[data-code="template_unknown_variable"]').waitFor();
    expect(await french().getAttribute('class')).toContain('has-findings');
    // The draft's list of findings names the French message by its labels, not its file.
    const where = tt('templates.element.part', { part: tt('templates.part.text'), template: tt('templates.name.deadline_reminder'), language: 'French' });
    expect(await page.locator('.studio-findings').innerText()).toContain(where);
    await page.getByRole('button', { name: tt('studio.publish') }).click();
    await page.getByText(tt('studio.publishRefused')).waitFor();
    expect((await draft()).status).toBe('open');

    await frenchText().fill(good);
    await preview().getByTestId('template-rendered').waitFor();
    await page.getByRole('button', { name: tt('templates.save', { template: tt('templates.name.deadline_reminder') }) }).click();
    await revision(4);
    await french().locator('.studio-findings-here').waitFor({ state: 'detached' });
    expect((await draft()).errors).toBe(0);
  });

  it('changes an indicator’s label, the small-cell threshold and what a dashboard shows, by their labels', async () => {
    const section = page.locator('section[aria-labelledby="studio-reporting-title"]');
    const indicator = pack.reporting.indicators.find((i) => i.id === 'active_cases')!;
    const row = section.locator('.studio-indicators > li').filter({ hasText: indicator.label.en });
    await row.getByText(tt('reporting.changeLabels', { indicator: indicator.label.en })).click();
    await row.locator('input[lang="fr"]').fill('Dossiers ouverts');
    await row.getByRole('button', { name: tt('reporting.saveLabels') }).click();
    await revision(5);
    expect((await draft()).files['reporting.json'].indicators.find((i: any) => i.id === 'active_cases').label).toEqual({
      ...indicator.label,
      fr: 'Dossiers ouverts',
    });
    await page
      .locator('.studio-log')
      .getByText(tt('reporting.element.indicator', { indicator: indicator.label.en }), { exact: false })
      .waitFor();

    await section.getByLabel(tt('reporting.threshold')).fill('10');
    await section.getByRole('button', { name: tt('reporting.saveThreshold') }).click();
    await revision(6);
    expect((await draft()).files['reporting.json'].smallCellThreshold).toBe(10);

    const dashboard = pack.reporting.dashboards.find((d) => d.id === 'my_work')!;
    const shown = new Set(dashboard.widgets.map((w) => w.indicator)).size;
    await section.getByText(tt('reporting.showsSummary', { dashboard: dashboard.label.en, n: shown })).click();
    const choices = section.locator('fieldset').filter({ has: page.locator('legend', { hasText: tt('reporting.shows', { dashboard: dashboard.label.en }) }) });
    const highRisk = pack.reporting.indicators.find((i) => i.id === 'high_risk')!;
    // Ticked once the draft has it (the box shows the draft, not the click).
    await choices.getByLabel(highRisk.label.en, { exact: true }).click();
    await revision(7);
    expect(await choices.getByLabel(highRisk.label.en, { exact: true }).isChecked()).toBe(true);
    await section.getByText(tt('reporting.showsSummary', { dashboard: dashboard.label.en, n: shown + 1 })).waitFor();
    const widgets = (await draft()).files['reporting.json'].dashboards.find((d: any) => d.id === 'my_work').widgets;
    expect(widgets).toContainEqual({ indicator: 'high_risk', chart: 'number' });
  });

  it('fits a phone and a laptop, and passes the accessibility checks', async () => {
    await page.locator('section[aria-labelledby="studio-templates-title"]').scrollIntoViewIfNeeded();
    for (const size of [PHONE, LAPTOP]) {
      await page.setViewportSize(size);
      await preview().getByTestId('template-rendered').waitFor();
      // Nothing of these sections reaches past the screen's edge (named, so that a failure says what).
      const wider = await page.evaluate((width) => {
        const g = globalThis as any;
        const all = g.document.querySelectorAll('section[aria-labelledby="studio-templates-title"] *, section[aria-labelledby="studio-reporting-title"] *');
        return [...all].filter((e: any) => e.getBoundingClientRect().right > width + 0.5).map((e: any) => `${e.tagName}.${e.className}`);
      }, size.width);
      expect(wider).toEqual([]);
      expect(await accessibilityViolations(page)).toEqual([]);
      for (const part of ['templates', 'reporting'])
        await page
          .locator(`section[aria-labelledby="studio-${part}-title"]`)
          .screenshot({ path: path.join(ARTIFACTS, `studio-${part}-section-${size.width}.png`) });
    }
    await screenshots(page, 'studio-templates');
  });

  it('reads right to left in Arabic, the preview in the language chosen for it', async () => {
    await page.setViewportSize(PHONE);
    await page.locator('label.lang select').selectOption('ar');
    await page.getByRole('heading', { level: 2, name: translate('ar', 'templates.heading', {}, { ar: templatesAr }) }).waitFor();
    await preview()
      .getByLabel(translate('ar', 'templates.previewLanguage', {}, { ar: templatesAr }))
      .selectOption('ar');
    const rendered = preview().getByTestId('template-rendered');
    await rendered.getByText(pack.deadlines[0].label.ar!, { exact: false }).first().waitFor();
    expect([await rendered.getAttribute('lang'), await rendered.getAttribute('dir')]).toEqual(['ar', 'rtl']);
    const outside = await page.evaluate(() => {
      const g = globalThis as any;
      const width = g.document.documentElement.clientWidth;
      const all = g.document.querySelectorAll('section[aria-labelledby="studio-templates-title"] *, section[aria-labelledby="studio-reporting-title"] *');
      return [...all]
        .filter((e: any) => e.getBoundingClientRect().width > 0 && (e.getBoundingClientRect().left < -0.5 || e.getBoundingClientRect().right > width + 0.5))
        .map((e: any) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().left)}..${Math.round(e.getBoundingClientRect().right)}`);
    });
    expect(outside).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.locator('section[aria-labelledby="studio-templates-title"]').screenshot({ path: path.join(ARTIFACTS, 'studio-templates-section-ar-360.png') });
    await page.locator('label.lang select').selectOption('en');
    await page.setViewportSize(LAPTOP);
  });
});
