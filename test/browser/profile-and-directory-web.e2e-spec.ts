import type { Browser, Page } from 'playwright-core';
import { base32Decode, totp } from '@app/identity';
import { DEMO_PASSWORD } from '../support/app';
import { accessibilityViolations, LAPTOP, launchChromium, openAs, PHONE, screenshots, startWebApp } from '../support/browser';

/**
 * Self-service and the service directory in the browser (Moldova pack, 360 px and laptop, axe): a
 * caseworker chooses Romanian, signs out a forgotten session and changes the password; the
 * administrator adds, corrects and withdraws a provider, who is then no longer offered for referrals,
 * and moves their mandatory two-factor to a new device.
 */
describe('Web app: my profile and the service directory', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  const checkPage = async (page: Page, name: string) => {
    await page.waitForFunction(() => !(globalThis as any).document.querySelector('.loading'));
    for (const size of [PHONE, LAPTOP]) {
      await page.setViewportSize(size);
      expect(await accessibilityViolations(page)).toEqual([]);
    }
    await screenshots(page, name);
  };

  beforeAll(async () => {
    t = await startWebApp('web_profile_directory', new Date());
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('a caseworker changes language, signs out another session and changes the password', async () => {
    const forgotten = (
      await t.http.post('/api/auth/login').set('user-agent', 'Forgotten phone').send({ username: 'caseworker', password: DEMO_PASSWORD }).expect(200)
    ).body.token;
    const page = await openAs(browser, t.url, 'caseworker', PHONE);
    await page.getByRole('link', { name: /Elena Cojocaru/ }).click();
    await page.getByRole('heading', { level: 1, name: 'My profile' }).waitFor();
    await checkPage(page, '92-profile');

    await page.getByLabel('Language of the interface and of the messages sent to me').selectOption('ro');
    await page.getByRole('heading', { level: 1, name: 'Profilul meu' }).waitFor();
    // The choice is kept in the profile (the app saves it in the background).
    const localeNow = async () => (await t.http.get('/api/auth/me').set('authorization', `Bearer ${forgotten}`)).body.locale;
    for (let i = 0; i < 50 && (await localeNow()) !== 'ro'; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await localeNow()).toBe('ro');

    await page.getByRole('button', { name: /Deconectați sesiunea de pe Forgotten phone/ }).click();
    await page.getByText('O sesiune a fost închisă.').waitFor();
    expect((await t.http.get('/api/auth/me').set('authorization', `Bearer ${forgotten}`)).status).toBe(401);
    expect(await page.getByRole('cell', { name: /Forgotten phone/ }).count()).toBe(0);

    // The password policy answers in the user's language, next to the field; nothing changes.
    await page.getByLabel('Parola actuală').fill(DEMO_PASSWORD);
    await page.getByLabel('Parola nouă').fill('scurtă');
    await page.getByRole('button', { name: 'Schimbați parola' }).click();
    const why = await page.locator('#pw-new-error').innerText();
    expect(why).not.toMatch(/must|characters/);
    expect(why.length).toBeGreaterThan(5);
    await checkPage(page, '93-profile-ro-password-refused');
    await page.getByLabel('Parola nouă').fill('un cal nou și corect 42');
    await page.getByRole('button', { name: 'Schimbați parola' }).click();
    await page.getByText(/Parola a fost schimbată/).waitFor();
    expect((await t.http.post('/api/auth/login').send({ username: 'caseworker', password: 'un cal nou și corect 42' })).status).toBe(200);
  });

  it('the administrator adds, corrects and withdraws a provider, who is then no longer offered for referrals', async () => {
    const context = await browser.newContext({ viewport: LAPTOP, locale: 'en-GB' });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${t.url}/`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    t.clock.advance(30_000);
    await page.getByLabel('Authenticator code').fill(totp(base32Decode('CMISDEMOONLYADMINTOTPSECRET23456'), t.clock.now().getTime()));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Service directory' }).click();
    await page.getByRole('heading', { level: 1, name: 'Service directory' }).waitFor();
    await checkPage(page, '94-service-directory');

    await page.getByRole('button', { name: 'Add a provider' }).click();
    // Saved empty: each refusal is named by the form's label (never by its path, such as $.id), the missing name under the first one.
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Give its name in at least one language.').waitFor();
    const summary = await page.locator('form [role=alert]').innerText();
    expect(summary).toContain('Name (in at least one language)');
    expect(summary).toContain('Services provided');
    expect(summary).not.toContain('$.');
    await page.getByLabel('Identifier').fill('straseni_counselling');
    await page.getByLabel('Name (English)').fill('Strășeni counselling centre');
    await page.getByLabel('Psychological counselling').check();
    await page.getByLabel('Phone').fill('+373 237 00 000');
    await page.getByRole('button', { name: 'Save' }).click();
    // No place chosen: said under the places, nothing saved.
    await page.locator('#sp-locations-error').waitFor();
    await checkPage(page, '95-service-directory-refused');
    await page.getByLabel('Places covered (with everything within them)').selectOption({ label: 'Strășeni (Republic of Moldova)' });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Strășeni counselling centre saved.').waitFor();
    const offered = async () =>
      (
        await t.http
          .get('/api/services?location=ST01&serviceType=psychological_counselling&caseType=child_protection')
          .set('authorization', await t.login('caseworker2'))
      ).body.providers.map((p: { id: string }) => p.id);
    expect(await offered()).toContain('straseni_counselling');

    // Another provider's 'Correct' while a form is open shows that provider's details (not the first one's under its title).
    await page.getByRole('button', { name: 'Correct Bubuieci health centre' }).click();
    expect(await page.getByLabel('Identifier').inputValue()).toBe('bubuieci_health_centre');
    await page.getByRole('button', { name: 'Correct Strășeni counselling centre' }).click();
    expect(await page.getByLabel('Identifier').inputValue()).toBe('straseni_counselling');
    await page.getByLabel('Phone').fill('+373 237 11 111');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Strășeni counselling centre saved.').waitFor();
    await page.getByRole('row', { name: /Strășeni counselling centre.*\+373 237 11 111/ }).waitFor();

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Withdraw Strășeni counselling centre' }).click();
    await page.getByText('Strășeni counselling centre withdrawn.').waitFor();
    await page.getByRole('row', { name: /Strășeni counselling centre.*Withdrawn/ }).waitFor();
    expect(await offered()).not.toContain('straseni_counselling');

    // Two-factor is mandatory for the administrator: it moves to a new device without turning it off.
    const demoSecret = 'CMISDEMOONLYADMINTOTPSECRET23456';
    await page.goto(`${t.url}/profile`);
    await page.getByRole('heading', { level: 1, name: 'My profile' }).waitFor();
    expect(await page.getByRole('button', { name: 'Turn off' }).count()).toBe(0);
    // Changing one's mind: Cancel closes the form and the device stays as it is.
    await page.getByRole('button', { name: 'Replace my device' }).click();
    await page.getByRole('form', { name: 'Replace my device' }).getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByRole('form', { name: 'Replace my device' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Replace my device' }).click();
    const replaceForm = page.getByRole('form', { name: 'Replace my device' });
    await replaceForm.getByLabel('Password').fill(DEMO_PASSWORD);
    t.clock.advance(30_000);
    await replaceForm.getByLabel('Code from the authenticator app').fill(totp(base32Decode(demoSecret), t.clock.now().getTime()));
    await replaceForm.getByRole('button', { name: 'Continue with the new device' }).click();
    const newSecret = (await page.locator('.secret code').innerText()).replace(/\s+/g, '');
    expect(newSecret).not.toBe(demoSecret);
    await checkPage(page, '96-profile-new-device');
    t.clock.advance(30_000);
    await page.getByLabel('Code from the authenticator app').fill(totp(base32Decode(newSecret), t.clock.now().getTime()));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('Two-factor authentication now uses your new device.').waitFor();
    t.clock.advance(30_000);
    const signIn = (secret: string) =>
      t.http.post('/api/auth/login').send({ username: 'admin', password: DEMO_PASSWORD, totp: totp(base32Decode(secret), t.clock.now().getTime()) });
    expect((await signIn(demoSecret)).status).toBe(401);
    expect((await signIn(newSecret)).status).toBe(200);
    await context.close();
  });
});
