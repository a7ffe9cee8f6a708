import type { Browser, Page } from 'playwright-core';
import { base32Decode, totp as totpCode } from '@app/identity';
import { SopRegistry } from '@app/sop-registry';
import { translate } from '../../apps/web/src/translate';
import appRo from '../../apps/web/src/locales/ro.json';
import studioRo from '../../apps/web/src/locales/studio-ro.json';
import wfRo from '../../apps/web/src/locales/studio-workflow-ro.json';
import { DEMO_PASSWORD } from '../support/app';
import { accessibilityViolations, launchChromium, PHONE, startWebApp } from '../support/browser';

/**
 * The forms a step offers, and the forms a transition needs complete, edited in the studio by their
 * titles, in Romanian on a 360 px phone: a form added to a step as optional, made repeatable, then
 * removed; a transition made to require a form. Each is one attributed draft change; axe clean.
 */
describe('Web app: the studio edits the forms of a step and of a transition', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  let page: Page;
  let admin: { authorization: string };
  const tr = (key: string, vars: Record<string, string | number> = {}) => translate('ro', key, vars, { ro: { ...appRo, ...studioRo, ...wfRo } });
  const revision = (n: number) => page.getByRole('heading', { level: 2, name: tr('studio.draft', { id: 1, revision: n }) }).waitFor({ timeout: 30_000 });
  const workflow = async () => {
    const { drafts } = (await t.http.get('/api/sop/drafts').set(admin)).body;
    return (await t.http.get(`/api/sop/drafts/${drafts.find((d: any) => d.status === 'open').id}`).set(admin)).body.files['workflow.json'];
  };
  const assessment = () => page.locator('.studio-steps > li[data-step="initial_assessment"]');

  beforeAll(async () => {
    t = await startWebApp('web_studio_step_forms', new Date());
    const pack = (await t.app.get(SopRegistry).current()).pack;
    admin = { authorization: await t.login('admin') };
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: PHONE, locale: 'ro', timezoneId: 'Europe/Chisinau' });
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
    await page.getByRole('heading', { level: 1, name: /^Bună ziua/ }).waitFor();
    await page.goto(`${t.url}/admin/studio`);
    await page.getByRole('button', { name: tr('studio.start') }).click();
    await revision(1);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('adds a form to a step by its title, changes how it is used, and removes it', async () => {
    const before = (await workflow()).steps.find((s: any) => s.id === 'initial_assessment').forms;
    await assessment()
      .locator('summary', { hasText: tr('studio.wf.step.formsOf', { step: 'Evaluare inițială', n: before.length }) })
      .click();
    const forms = assessment().locator('.studio-step-forms');
    // The step's forms by their titles, with how each is used.
    expect(await forms.getByLabel('Evaluarea inițială', { exact: true }).inputValue()).toBe('required');
    await forms.getByLabel(tr('studio.wf.step.addForm')).selectOption({ label: 'Planul individualizat de asistență' });
    await forms.getByLabel(tr('studio.wf.step.formUse')).selectOption('optional');
    await forms.getByRole('button', { name: tr('studio.wf.step.addFormSubmit') }).click();
    await revision(2);
    expect((await workflow()).steps.find((s: any) => s.id === 'initial_assessment').forms).toEqual([...before, { form: 'care_plan', use: 'optional' }]);

    await forms.getByLabel('Planul individualizat de asistență', { exact: true }).selectOption('repeatable');
    await revision(3);
    expect((await workflow()).steps.find((s: any) => s.id === 'initial_assessment').forms).toContainEqual({ form: 'care_plan', use: 'repeatable' });
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number)).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityViolations(page)).toEqual([]);

    await forms
      .getByRole('button', { name: tr('studio.wf.step.removeFormNamed', { form: 'Planul individualizat de asistență', step: 'Evaluare inițială' }) })
      .click();
    await revision(4);
    expect((await workflow()).steps.find((s: any) => s.id === 'initial_assessment').forms).toEqual(before);
  });

  it('makes a transition require a form complete, picked by its title', async () => {
    const row = page.locator('.studio-transitions > li[data-transition="start_follow_up"]');
    await row.locator('details.studio-change-field > summary').first().click();
    const group = row.getByRole('group', { name: tr('studio.wf.transition.requiresForms') });
    await group.getByLabel('Planul individualizat de asistență', { exact: true }).check();
    await row.getByRole('button', { name: tr('studio.wf.transition.save') }).click();
    await revision(5);
    const saved = (await workflow()).transitions.find((x: any) => x.id === 'start_follow_up');
    expect(saved.requiresForms).toEqual(['care_plan']);
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
