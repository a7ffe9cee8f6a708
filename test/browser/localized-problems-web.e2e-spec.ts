import type { Browser, Page } from 'playwright-core';
import { translate } from '../../apps/web/src/translate';
import { casesClient } from '../support/cases-client';
import { accessibilityViolations, launchChromium, openAs, PHONE, startWebApp } from '../support/browser';

/**
 * What the server refuses, as a French or an Arabic user reads it in the web app: the server's
 * problem in their language (the app asks with `?locale=`), the field by its label, no English.
 */
describe('Web app: refusals in the user language', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  let caseId: string;
  const pages: Page[] = [];
  const arabicNumber = (n: number) => new Intl.NumberFormat('ar').format(n);

  beforeAll(async () => {
    t = await startWebApp('localized_problems_web', new Date());
    browser = await launchChromium();
    const reg = await casesClient(t).register('caseworker', 'child_protection', {
      first_name: 'Ion',
      last_name: 'Rotaru',
      sex: 'male',
      date_of_birth: '2016-02-02',
      consent_status: 'not_required_emergency',
      assent_status: 'given',
    });
    expect(reg.status).toBe(201);
    caseId = reg.body.id;
  });
  afterAll(async () => {
    for (const p of pages) await p.context().close();
    await browser?.close();
    await t?.close();
  });

  it.each([
    ['fr', "Nom d'utilisateur ou mot de passe incorrect."],
    ['ar', 'اسم المستخدم أو كلمة المرور غير صحيحة.'],
  ])('a wrong password is said in the language of the sign-in page (%s)', async (locale, said) => {
    const context = await browser.newContext({ viewport: PHONE, locale });
    const page = await context.newPage();
    pages.push(page);
    await page.goto(`${t.url}/`);
    await page.getByLabel(translate(locale, 'login.username')).fill('caseworker');
    await page.getByLabel(translate(locale, 'login.password')).fill('not-the-password');
    await page.getByRole('button', { name: translate(locale, 'login.submit') }).click();
    const alert = page.getByRole('alert');
    await alert.getByText(said).waitFor();
    expect(await alert.innerText()).not.toMatch(/[Ww]rong|username|password/);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it.each([
    ['fr', "Une valeur de la demande n'est pas valable : corrigez-la et réessayez.", 'Motif — Au moins 20 caractères.'],
    ['ar', 'قيمة واحدة في الطلب غير صالحة: صحّحها وحاول مرة أخرى.', `السبب — ${arabicNumber(20)} حرفًا على الأقل.`],
  ])('a reason too short to break the glass names the field by its name and the limit in the language (%s)', async (locale, detail, field) => {
    const page = await openAs(browser, t.url, 'supervisor_st', PHONE, locale);
    pages.push(page);
    await page.goto(`${t.url}/cases/${caseId}`);
    const glass = page.locator('section', { has: page.getByRole('heading', { name: translate(locale, 'glass.title') }) });
    await glass.getByLabel(translate(locale, 'glass.reason')).fill('Urgence / طارئ');
    await glass.getByRole('button', { name: translate(locale, 'glass.open') }).click();
    await glass.getByRole('button', { name: translate(locale, 'glass.confirm') }).click();
    const problem = glass.locator('.problem');
    await problem.getByText(detail).waitFor();
    expect((await problem.locator('li').innerText()).replace(/\s+/g, ' ').trim()).toBe(field);
    // Neither the English words nor the JSON path.
    expect(await problem.innerText()).not.toMatch(/characters|request|valid|must|\/reason/i);
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
