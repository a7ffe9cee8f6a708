import type { Browser, Page } from 'playwright-core';
import { base32Decode, totp as totpCode } from '@app/identity';
import type { SopPack } from '@app/pack-types';
import { SopRegistry } from '@app/sop-registry';
import { translate } from '../../apps/web/src/translate';
import studioEn from '../../apps/web/src/locales/studio-en.json';
import studioAr from '../../apps/web/src/locales/studio-ar.json';
import deadlinesEn from '../../apps/web/src/locales/studio-deadlines-en.json';
import deadlinesAr from '../../apps/web/src/locales/studio-deadlines-ar.json';
import { fieldReferences } from '../../apps/web/src/pages/studio/field-model';
import { DEMO_PASSWORD } from '../support/app';
import { accessibilityViolations, LAPTOP, launchChromium, PHONE, screenshots, startWebApp } from '../support/browser';

/**
 * The rest of the studio's form and deadline editing, in Arabic (right to left) in a real headless Chromium: an
 * administrator changes a date field's type and sees the form's next version said and the linter's
 * error on the deadline that needs the date, then changes it back; adds a deadline started by
 * entering a step, stopped by a form, shorter at high risk, with an escalation to the supervisor,
 * and finds it in the change log and the workflow graph; discards the draft after a confirmation in
 * words and starts a new one without any of it, where a new form is added. At 360 px and on a laptop, axe clean.
 */
describe('Web app: the SOP studio, field settings, new deadlines and discarding', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  let page: Page;
  let pack: SopPack;
  let admin: { authorization: string };
  const ar = { ...studioAr, ...deadlinesAr };
  const en = { ...studioEn, ...deadlinesEn };
  const s = (key: string, vars: Record<string, string | number> = {}) => translate('ar', key, vars, { ar, en });
  const NEW = {
    en: 'Safety plan within 3 days',
    fr: 'Plan de sécurité sous 3 jours',
    ro: 'Plan de siguranță în 3 zile',
    ar: 'خطة السلامة خلال 3 أيام',
  } as const;
  const NEW_ID = 'safety_plan_within_3_days';

  const draftFiles = async (id: number) => (await t.http.get(`/api/sop/drafts/${id}`).set(admin)).body.files;
  const revision = (p: Page, id: number, rev: number) =>
    p.getByRole('heading', { level: 2, name: s('studio.draft', { id, revision: rev }) }).waitFor({ timeout: 60_000 });
  const fieldLabel = () => (pack.forms.find((f) => f.id === 'care_plan')!.schema as any).properties.review_date['x-label'].ar as string;
  const fieldRow = (p: Page) => p.locator('.studio-fields li[data-field="review_date"]');
  const reviewDeadline = (p: Page) => p.locator('.studio-deadlines > li[data-deadline="care_plan_review"]');
  const header = (p: Page) => p.locator('.studio-header');

  const setType = async (type: string) => {
    const row = fieldRow(page);
    await row.getByText(s('studio.fs.summary', { field: fieldLabel() })).click();
    await row.getByLabel(s('studio.fs.type', { field: fieldLabel() })).selectOption(type);
  };

  beforeAll(async () => {
    t = await startWebApp('web_studio_deadlines', new Date());
    pack = (await t.app.get(SopRegistry).current()).pack;
    const demoAdmin = pack.demoUsers.find((u) => u.username === 'admin')!;
    admin = { authorization: await t.login('admin') };
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: LAPTOP, locale: 'en-GB', timezoneId: 'Europe/Chisinau' });
    page = await context.newPage();
    // Slow under a shared machine's load: waits are for facts on the page, with room.
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (e) => console.error(`[admin] page error: ${e.message}`));
    await page.goto(`${t.url}/`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // A code signs in once: the (controllable) clock moves to a fresh 30-s step before and after.
    t.clock.advance(30_000);
    await page.getByLabel('Authenticator code').fill(totpCode(base32Decode(demoAdmin.totpSecret!), t.clock.now().getTime()));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: /^Hello/ }).waitFor();
    t.clock.advance(30_000);
    await page.locator('label.lang select').selectOption('ar');
    await page.waitForFunction(() => (globalThis as any).document.documentElement.dir === 'rtl');
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  }, 240_000);

  it("changes a date field's type: the form's next version is said, and the deadline that needs the date shows the linter's error until it is changed back", async () => {
    await page.goto(`${t.url}/admin/studio`);
    await page.getByRole('button', { name: s('studio.start') }).click();
    await revision(page, 1, 1);
    await page.locator('#studio-form').selectOption('care_plan');
    await setType('text');
    const row = fieldRow(page);
    expect(await row.locator('.studio-field-settings').innerText()).toContain(s('studio.fs.nextVersion', { version: 1, next: 2 }));
    expect(await row.locator('.studio-field-settings .studio-consequence').innerText()).toBe(
      s('studio.fs.typeConsequence', { from: s('studio.type.date'), to: s('studio.type.text') }),
    );
    await row.getByRole('button', { name: s('studio.fs.typeSave', { field: fieldLabel() }) }).click();
    await revision(page, 1, 2);

    // On the deadline it breaks, in words, and counted.
    await reviewDeadline(page).locator('[data-code="not_a_date_field"]').waitFor();
    expect(await reviewDeadline(page).innerText()).toContain(s('studio.finding.not_a_date_field'));
    expect(await header(page).innerText()).toContain(s('studio.errors', { n: 1 }));
    // The draft made the form's version 2, which later changes go into.
    expect(await row.locator('.studio-field-settings .meta').first().textContent()).toBe(s('studio.fs.inDraftVersion', { version: 2 }));
    const files = await draftFiles(1);
    expect(files['forms/care_plan.v1.json']).toBeUndefined();
    expect(files['forms/care_plan.v2.json'].schema.properties.review_date).toMatchObject({ type: 'string' });
    expect(files['forms/care_plan.v2.json'].schema.properties.review_date.format).toBeUndefined();
    expect(await accessibilityViolations(page)).toEqual([]);

    await setType('date');
    await row.getByRole('button', { name: s('studio.fs.typeSave', { field: fieldLabel() }) }).click();
    await revision(page, 1, 3);
    await reviewDeadline(page).locator('[data-code="not_a_date_field"]').waitFor({ state: 'detached' });
    expect(await header(page).innerText()).toContain(s('studio.errors', { n: 0 }));
  }, 240_000);

  it('adds a deadline started by entering a step, stopped by a form, 12 h at high risk and 3 days otherwise, escalated to the supervisor', async () => {
    const form = page.locator('.studio-add-deadline');
    for (const l of ['en', 'fr', 'ro', 'ar'] as const) await form.locator(`.studio-labels input[lang="${l}"]`).fill(NEW[l]);
    await form.locator('#studio-dl-case-type').selectOption('child_protection');
    await form.locator('#studio-dl-anchor-event').selectOption('step_entered');
    await form.locator('#studio-dl-anchor-step').selectOption('case_planning');
    await form.locator('#studio-dl-close-event').selectOption('form_submitted');
    await form.locator('#studio-dl-close-form').selectOption('care_plan');
    await form.locator('#studio-dl-risk-high').fill('12');
    await form.locator('#studio-dl-due').fill('3');
    await form.locator('#studio-dl-due + select').selectOption('days');
    await form.getByRole('button', { name: s('studio.esc.add') }).click();
    await form.locator('#studio-dl-new-esc-0-after').fill('6');
    await form.locator('#studio-dl-new-esc-0-template').selectOption('deadline_escalation');
    const supervisor = pack.roles.find((r) => r.id === 'supervisor')!.label as Record<string, string>;
    await form.locator('.studio-recipients').getByLabel(supervisor.ar, { exact: true }).check();
    await form.getByRole('button', { name: s('studio.dl.submit') }).click();
    await revision(page, 1, 4);

    const row = page.locator(`.studio-deadlines > li[data-deadline="${NEW_ID}"]`);
    await row.getByRole('heading', { name: NEW.ar }).waitFor();
    const step = pack.workflow.steps.find((x) => x.id === 'case_planning')!.label as Record<string, string>;
    expect(await row.innerText()).toContain(s('studio.dl.says.step_entered', { step: step.ar }));
    expect(await row.innerText()).toContain(s('studio.esc.summary', { deadline: NEW.ar, n: 1 }));
    expect(await row.locator('.studio-findings-here').count()).toBe(0);
    expect((await draftFiles(1))['deadlines.json'].deadlines.find((d: any) => d.id === NEW_ID)).toEqual({
      id: NEW_ID,
      label: NEW,
      caseTypes: ['child_protection'],
      anchor: { event: 'step_entered', step: 'case_planning' },
      due: [{ when: { '==': [{ var: 'case.risk' }, 'high'] }, after: { hours: 12 } }, { after: { days: 3 } }],
      closeOn: [{ event: 'form_submitted', form: 'care_plan' }],
      escalation: [{ afterOverdue: { hours: 6 }, notify: ['supervisor'], template: 'deadline_escalation' }],
    });
    // Nothing left in the form once saved.
    expect(await form.locator('.studio-labels input[lang="ro"]').inputValue()).toBe('');

    // In the change log by its label, and in the workflow graph at the step where it is met.
    await page.locator('.studio-log li').nth(3).waitFor();
    expect(await page.locator('.studio-log li').first().innerText()).toContain(s('studio.element.deadline', { deadline: NEW.ar }));
    await page.locator('.wg-case-type select').selectOption('child_protection');
    await page.locator('.wg-words').getByText(NEW.ar, { exact: false }).first().waitFor();
  }, 240_000);

  it('fits a 360 px phone and a laptop in Arabic (right to left), with no accessibility violation', async () => {
    await page
      .locator(`.studio-deadlines > li[data-deadline="${NEW_ID}"]`)
      .getByText(s('studio.esc.summary', { deadline: NEW.ar, n: 1 }))
      .click();
    for (const size of [PHONE, LAPTOP]) {
      await page.setViewportSize(size);
      expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number)).toBeLessThanOrEqual(size.width);
      expect(await accessibilityViolations(page)).toEqual([]);
    }
    await screenshots(page, 'studio-deadlines-ar');
  }, 240_000);

  it('discards the draft after a confirmation in words, and a new draft starts from the published version without any of it', async () => {
    await page.getByRole('button', { name: s('studio.discard.button') }).click();
    const confirm = page.locator('.studio-discard .studio-confirm');
    expect(await confirm.innerText()).toContain(s('studio.discard.confirm', { id: 1, n: 3 }));
    expect(await accessibilityViolations(page)).toEqual([]);
    await confirm.getByRole('button', { name: s('studio.discard.yes') }).click();
    await page
      .getByRole('status')
      .filter({ hasText: s('studio.discard.done', { id: 1 }) })
      .waitFor();
    const { drafts } = (await t.http.get('/api/sop/drafts').set(admin)).body;
    expect(drafts.map((d: any) => [d.id, d.status])).toEqual([[1, 'discarded']]);

    await page.getByRole('button', { name: s('studio.start') }).click();
    await revision(page, 2, 1);
    expect(await page.locator(`.studio-deadlines > li[data-deadline="${NEW_ID}"]`).count()).toBe(0);
    const files = await draftFiles(2);
    expect(files['deadlines.json'].deadlines.map((d: any) => d.id)).not.toContain(NEW_ID);
    expect(Object.keys(files).filter((f) => f.startsWith('forms/care_plan'))).toEqual(['forms/care_plan.v1.json']);
  }, 240_000);

  it('adds a form filled at a step, shown at once in the form chooser at version 1', async () => {
    const title = { en: 'School report', fr: 'Rapport scolaire', ro: 'Raport școlar', ar: 'تقرير مدرسي' } as const;
    const add = page.locator('.studio-add-form');
    await add.getByText(s('studio.nf.title'), { exact: true }).click();
    await add.getByLabel(s('studio.add.id'), { exact: true }).fill('school_report');
    await add.locator('#studio-nf-step').selectOption('case_planning');
    for (const l of ['en', 'fr', 'ro', 'ar'] as const) await add.locator(`.studio-labels input[lang="${l}"]`).fill(title[l]);
    await add.getByRole('button', { name: s('studio.nf.submit') }).click();
    await revision(page, 2, 2);
    expect(await page.locator('#studio-form').inputValue()).toBe('school_report');
    expect(await page.locator('#studio-form option:checked').innerText()).toBe(s('studio.forms.option', { title: title.ar, version: 1 }));
    expect(await header(page).innerText()).toContain(s('studio.errors', { n: 0 }));
    const files = await draftFiles(2);
    expect(files['pack.json'].forms.at(-1)).toEqual({ id: 'school_report', version: 1 });
    expect(files['workflow.json'].steps.find((x: any) => x.id === 'case_planning').forms).toContainEqual({ form: 'school_report', use: 'optional' });
    expect(await accessibilityViolations(page)).toEqual([]);
  }, 240_000);

  it('renames a field after listing the places that name it, all updated in the same change; the draft stays without errors', async () => {
    await page.locator('#studio-form').selectOption('registration');
    const label = (pack.forms.find((f) => f.id === 'registration')!.schema as any).properties.date_of_birth['x-label'].ar as string;
    const row = page.locator('.studio-fields li[data-field="date_of_birth"]');
    await row.getByText(s('studio.fs.summary', { field: label })).click();
    const before = await draftFiles(2);
    const refs = fieldReferences(before, 'registration', 'date_of_birth', 'birth_date');
    expect(refs.length).toBeGreaterThan(5);
    await row.getByLabel(s('studio.fs.rename', { field: label })).fill('birth_date');
    const listed = row.locator('.studio-rename .studio-consequence');
    await listed.getByText(s('studio.fs.references', { n: refs.length })).waitFor();
    // Named by what they are (a role's rule, a file), never by a pointer.
    expect(await listed.locator('li').count()).toBeGreaterThan(1);
    expect(await listed.innerText()).not.toMatch(/\/roles|date_of_birth/);
    await row.getByRole('button', { name: s('studio.fs.renameSave') }).click();
    await revision(page, 2, 3);
    await page.locator('.studio-fields li[data-field="birth_date"]').waitFor();
    const after = await draftFiles(2);
    expect(after['forms/registration.v2.json'].schema.properties.birth_date).toBeTruthy();
    expect(JSON.stringify(Object.entries(after).filter(([f]) => !f.startsWith('forms/')))).not.toMatch(/registration\.date_of_birth/);
    expect(await header(page).innerText()).toContain(s('studio.errors', { n: 0 }));
  }, 240_000);

  it('changes what starts a deadline and removes another after a confirmation in words', async () => {
    const deadlines = pack.deadlines;
    const i = deadlines.findIndex((d) => d.id === 'notification_processing');
    const label = (deadlines[i].label as Record<string, string>).ar;
    const row = page.locator('.studio-deadlines > li[data-deadline="notification_processing"]');
    await row.getByText(s('studio.dl.changeAnchor', { deadline: label })).click();
    await row.locator(`#studio-deadline-${i}-anchor-event`).selectOption('form_submitted');
    await row.locator(`#studio-deadline-${i}-anchor-form`).selectOption('notification');
    await row.getByRole('button', { name: s('studio.dl.saveAnchor', { deadline: label }) }).click();
    await revision(page, 2, 4);
    const notification = (pack.forms.find((f) => f.id === 'notification')!.title as Record<string, string>).ar;
    await row.getByText(s('studio.dl.says.form_submitted', { form: notification })).waitFor();
    expect((await draftFiles(2))['deadlines.json'].deadlines[i].anchor).toEqual({ event: 'form_submitted', form: 'notification' });

    const gone = deadlines.find((d) => d.id === 'referral_response')!;
    const goneLabel = (gone.label as Record<string, string>).ar;
    const goneRow = page.locator('.studio-deadlines > li[data-deadline="referral_response"]');
    await goneRow.getByRole('button', { name: s('studio.dl.remove', { deadline: goneLabel }) }).click();
    await goneRow.getByText(s('studio.dl.removeConfirm', { deadline: goneLabel })).waitFor();
    await goneRow.getByRole('button', { name: s('studio.dl.removeYes') }).click();
    await revision(page, 2, 5);
    await goneRow.waitFor({ state: 'detached' });
    expect((await draftFiles(2))['deadlines.json'].deadlines.map((d: any) => d.id)).not.toContain('referral_response');
    expect(await header(page).innerText()).toContain(s('studio.errors', { n: 0 }));
    expect(await accessibilityViolations(page)).toEqual([]);
  }, 240_000);
});
