import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchChromium, openAs, PHONE, startWebApp } from '../support/browser';
import { casesClient } from '../support/cases-client';

/**
 * A form saves only what the user chose: an option list the user did not touch starts empty and is
 * not sent (RJSF used to pick each list's first option, so an untouched sex or consent dropdown was
 * saved as "female" or "given"). Registration of a Moldova child on a phone, against the real API.
 */
describe('Web app: forms send only the answers the user gave', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  let page: Page;
  const posted: Array<Record<string, any>> = [];

  beforeAll(async () => {
    t = await startWebApp('form_answers_web', new Date());
    browser = await launchChromium();
    page = await openAs(browser, t.url, 'caseworker', PHONE);
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/cases') posted.push(JSON.parse(r.postData() ?? '{}'));
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows every option list of the registration form with nothing chosen', async () => {
    await page.goto(`${t.url}/cases/new`, { waitUntil: 'networkidle' });
    await page.locator('#register_first_name').waitFor();
    for (const id of ['sex', 'caregiver_relationship', 'consent_status', 'assent_status']) {
      expect(await page.locator(`#register_${id}`).inputValue()).toBe('');
    }
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('refuses the registration while a required list is untouched, and sends nothing', async () => {
    await page.fill('#register_first_name', 'Ana');
    await page.fill('#register_last_name', 'Lungu');
    await page.fill('#register_date_of_birth', '2015-03-12');
    await page.getByRole('button', { name: 'Register' }).click();
    await page.waitForTimeout(500);
    expect(posted).toEqual([]);
    expect(await page.locator('#register_sex').inputValue()).toBe('');
    // The check's message is the app's, under the field, not ajv's English with the field's title.
    const text = await page.locator('form.rjsf').innerText();
    expect(text).toContain('This answer is required.');
    expect(text).not.toContain('must have required property');
  });

  it('saves exactly the answers chosen, and none of the lists left alone', async () => {
    await page.selectOption('#register_sex', { label: 'Female' });
    await page.selectOption('#register_consent_status', { index: 1 });
    await page.selectOption('#register_assent_status', { index: 1 });
    await page.getByRole('button', { name: 'Register' }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    expect(posted).toHaveLength(1);
    const answers = posted[0].answers;
    expect(Object.keys(answers).sort()).toEqual(['assent_status', 'consent_status', 'date_of_birth', 'first_name', 'last_name', 'sex']);
    expect(answers.sex).toBe('female');

    const id = page.url().split('/').pop()!;
    const saved = (await casesClient(t).get('caseworker', id)).body;
    const registration = saved.forms.registration.at(-1).answers;
    expect(registration.caregiver_relationship).toBeUndefined();
    expect(registration.languages).toBeUndefined();
    expect(registration.sex).toBe('female');
  });
});
