import type { AddressInfo } from 'node:net';
import { Browser, Page } from 'playwright-core';
import { base32Decode, totp as totpCode } from '@app/identity';
import { translate } from '../../apps/web/src/translate';
import condEn from '../../apps/web/src/locales/studio-conditions-en.json';
import studioEn from '../../apps/web/src/locales/studio-en.json';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../support/app';
import { accessibilityViolations, LAPTOP, launchChromium, openAs, PHONE, screenshots } from '../support/browser';
import { casesClient } from '../support/cases-client';

/**
 * Conditional questions in a real headless Chromium, on the conditional-questions fixture pack: on
 * the case page (in French) "Pourquoi pas ?" appears when the child does not go to school and goes
 * when that answer changes, its answer never saved; in the SOP studio an administrator adds "required
 * when" with pickers and reads it in words.
 */
describe('Web app: conditional questions', () => {
  let t: TestApp & { url: string };
  let browser: Browser;
  let caseId: string;
  const MESSAGES = { en: { ...studioEn, ...condEn } };
  const st = (key: string, vars: Record<string, string | number> = {}) => translate('en', key, vars, MESSAGES);

  const checkPage = async (page: Page, name: string) => {
    await page.waitForFunction(() => !(globalThis as any).document.querySelector('.loading'));
    for (const size of [PHONE, LAPTOP]) {
      await page.setViewportSize(size);
      expect(await accessibilityViolations(page)).toEqual([]);
      expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number)).toBeLessThanOrEqual(size.width);
    }
    await screenshots(page, name);
  };

  beforeAll(async () => {
    const app = await startTestApp('web_conditional_questions', { sopDir: 'test/fixtures/packs/conditional-questions', start: new Date() });
    await app.app.listen(0, '127.0.0.1');
    t = Object.assign(app, { url: `http://127.0.0.1:${(app.app.getHttpServer().address() as AddressInfo).port}` });
    const api = casesClient(t);
    const reg = await api.register('worker', 'child_protection', { child_name: 'Ana Lupu', date_of_birth: '2015-04-02', sex: 'female' });
    expect(reg.status).toBe(201);
    caseId = reg.body.id;
    expect((await api.transition('worker', caseId, 'start_assessment')).status).toBe(200);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the question when the answer it depends on asks it, hides it otherwise, and never saves its answer then', async () => {
    const page = await openAs(browser, t.url, 'worker', PHONE, 'fr');
    page.setDefaultTimeout(30_000);
    await page.goto(`${t.url}/cases/${caseId}`);
    const assessment = page.locator('details', { has: page.getByRole('heading', { level: 3, name: 'Évaluation initiale' }) });
    await assessment.waitFor();
    if ((await assessment.getAttribute('open')) === null) await assessment.locator('summary').first().click();
    const inSchool = assessment.getByLabel(/^L'enfant va-t-il à l'école/);
    const whyNot = assessment.getByLabel(/^Pourquoi pas/);
    await inSchool.waitFor();
    expect(await whyNot.count()).toBe(0);
    await inSchool.selectOption({ label: 'Non' });
    await whyNot.waitFor();
    await whyNot.fill('Il travaille à la ferme.');
    await checkPage(page, 'conditional-question-asked-fr');
    await inSchool.selectOption({ label: 'Oui' });
    await whyNot.waitFor({ state: 'detached' });
    // Asked again: its earlier answer went with it.
    await inSchool.selectOption({ label: 'Non' });
    await whyNot.waitFor();
    expect(await whyNot.inputValue()).toBe('');
    await whyNot.fill('Il travaille à la ferme.');
    await inSchool.selectOption({ label: 'Oui' });
    await whyNot.waitFor({ state: 'detached' });
    await assessment.getByRole('button', { name: translate('fr', 'form.saveDraft') }).click();
    await assessment
      .getByRole('status')
      .filter({ hasText: translate('fr', 'form.draftSaved') })
      .waitFor();
    const saved = (await casesClient(t).get('worker', caseId)).body.forms.assessment;
    expect(saved[saved.length - 1].answers).toEqual({ in_school: 'yes' });
    await page.context().close();
  });

  it('an administrator adds "required when" with pickers in the studio and reads it in words', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'en-GB', timezoneId: 'Europe/Chisinau' });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (e) => console.error(`[admin] page error: ${e.message}`));
    await page.goto(`${t.url}/`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    t.clock.advance(30_000);
    await page.getByLabel('Authenticator code').fill(totpCode(base32Decode('CMISDEMOONLYADMINTOTPSECRET23456'), t.clock.now().getTime()));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: /^Hello/ }).waitFor();
    // A code signs in once: the API's own sign-in below takes the next one.
    t.clock.advance(30_000);
    await page.goto(`${t.url}/admin/studio`);
    await page.getByRole('button', { name: st('studio.start') }).click();
    await page.getByRole('heading', { level: 2, name: st('studio.draft', { id: 1, revision: 1 }) }).waitFor();
    await page.locator('#studio-form').selectOption('assessment');
    const field = page.locator('.studio-fields > li[data-field="abuse_details"]');
    const conditions = field.locator('.studio-conditions');
    // The existing conditions of "Why not?" are read in words.
    const whyNot = page.locator('.studio-fields > li[data-field="why_not_in_school"] .studio-conditions');
    await whyNot.locator('summary').click();
    const expected = st('studio.cond.words.askWhen', {
      field: 'Why not?',
      question: 'Does the child go to school?',
      test: st('studio.cond.testIs', { value: 'No' }),
    });
    await whyNot.locator('li').filter({ hasText: expected }).waitFor();

    await conditions.locator('summary').click();
    await conditions.getByLabel(st('studio.cond.kind'), { exact: true }).selectOption({ label: st('studio.cond.kind.requiredWhen') });
    await conditions.getByLabel(st('studio.cond.question'), { exact: true }).selectOption({ label: 'Risk level' });
    await conditions.getByLabel(st('studio.cond.test'), { exact: true }).selectOption({ label: st('studio.cond.isOneOf') });
    await conditions.getByRole('checkbox', { name: 'High' }).check();
    await conditions.getByRole('checkbox', { name: 'Medium' }).check();
    const words = st('studio.cond.words.requiredWhen', {
      field: 'abuse_details',
      question: 'Risk level',
      test: st('studio.cond.testIsOneOf', { values: 'High, Medium' }),
    });
    await conditions.getByText(st('studio.cond.preview', { words })).waitFor();
    await checkPage(page, 'studio-condition-editor');
    await conditions.getByRole('button', { name: st('studio.cond.addSubmit') }).click();
    await page.getByRole('heading', { level: 2, name: st('studio.draft', { id: 1, revision: 2 }) }).waitFor();
    await page.locator('.studio-fields > li[data-field="abuse_details"] .studio-conditions li').filter({ hasText: words }).waitFor();
    // Saved as the format says, in the form's next version.
    const admin = { authorization: await t.login('admin') };
    const { drafts } = (await t.http.get('/api/sop/drafts').set(admin)).body;
    const files = (await t.http.get(`/api/sop/drafts/${drafts.find((d: any) => d.status === 'open').id}`).set(admin)).body.files;
    expect(files['forms/assessment.v2.json'].schema.allOf).toContainEqual({
      if: { properties: { risk_level: { enum: ['high', 'medium'] } }, required: ['risk_level'] },
      then: { required: ['abuse_details'] },
    });
    await context.close();
  });
});
