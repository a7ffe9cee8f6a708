import type { Browser, Page } from 'playwright-core';
import { base32Decode, totp as totpCode } from '@app/identity';
import { SopRegistry } from '@app/sop-registry';
import { DEMO_PASSWORD } from '../support/app';
import { accessibilityViolations, LAPTOP, launchChromium, PHONE, screenshots, startWebApp } from '../support/browser';

/**
 * People administration in a real headless Chromium against the real API and PostgreSQL (issue 20):
 * the administrator creates a user, who sets their password with the one-time code, signs in, sets up
 * two-factor (a role of theirs requires it) and opens a case; the administrator deactivates them and
 * the user's open page is signed out at its next request. Laptop and phone width, axe clean.
 */
describe('Web app: people administration', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  const PASSWORD = 'walnut-harbour-93-slowly';
  // Runs in the page: `globalThis` is the window there.
  const pageWidth = (page: Page) => page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number);

  const newPage = async (who: string, viewport = LAPTOP): Promise<Page> => {
    const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'Europe/Chisinau' });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => console.error(`[${who}] page error: ${e.message}`));
    return page;
  };

  /** A demo administrator: password, then the authenticator code the sign-in page asks for (from the test's clock). */
  const signInAdmin = async (username = 'admin'): Promise<Page> => {
    const page = await newPage(username);
    const secret = (await t.app.get(SopRegistry).current()).pack.demoUsers.find((u) => u.username === username)!.totpSecret!;
    await page.goto(`${t.url}/`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    t.clock.advance(30_000);
    await page.getByLabel('Authenticator code').fill(totpCode(base32Decode(secret), t.clock.now().getTime()));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: /^Hello/ }).waitFor();
    t.clock.advance(30_000);
    return page;
  };

  beforeAll(async () => {
    t = await startWebApp('web_people', new Date());
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('creates a user who sets their password, enrols two-factor and opens a case; deactivated, their open page is signed out', async () => {
    const admin = await signInAdmin();
    await admin.getByRole('navigation').getByRole('link', { name: 'People' }).click();
    await admin.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    await admin.getByRole('table').getByRole('link', { name: 'Elena Cojocaru' }).waitFor();
    expect(await accessibilityViolations(admin)).toEqual([]);
    await screenshots(admin, 'people-list');
    // Search by name: one row.
    await admin.getByLabel('Name, username or e-mail').fill('cojocaru');
    await admin.getByRole('button', { name: 'Search' }).click();
    await admin.getByRole('table').getByText('1 person').waitFor();

    await admin.getByRole('link', { name: 'Add a person' }).click();
    await admin.getByLabel('Username').fill('radu.ciobanu');
    await admin.getByLabel('Name', { exact: true }).fill('Radu Ciobanu');
    await admin.getByLabel('E-mail').fill('radu.ciobanu@example.org');
    await admin.getByRole('main').getByLabel('Language').selectOption({ label: 'English' });
    // Roles, place, agency and team by their names: a caseworker who also administers the district's people (that role requires two-factor).
    await admin.getByLabel('Community social worker (case manager)').check();
    await admin.getByLabel('District administrator').check();
    await admin.getByLabel('Place').selectOption({ label: 'Bubuieci (Chișinău)' });
    await admin.getByLabel('Agency').selectOption({ label: 'Chișinău directorate of social assistance and child protection' });
    await admin.getByLabel('Team').selectOption({ index: 1 });
    expect(await accessibilityViolations(admin)).toEqual([]);
    await screenshots(admin, 'people-create');
    await admin.getByRole('button', { name: 'Create the user' }).click();
    const code = (await admin.getByTestId('one-time-code').innerText()).trim();
    expect(code).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){4}$/);
    expect(await accessibilityViolations(admin)).toEqual([]);

    // The user, on their phone: the link sets the password, then they sign in and must set up two-factor.
    const user = await newPage('radu', PHONE);
    await user.goto(`${t.url}/set-password?code=${code}`);
    await user.getByRole('heading', { name: 'Set your password' }).waitFor();
    expect(await user.getByLabel('One-time code').inputValue()).toBe(code);
    await user.getByLabel('New password', { exact: true }).fill(PASSWORD);
    await user.getByLabel('New password again').fill(PASSWORD);
    expect(await accessibilityViolations(user)).toEqual([]);
    await user.getByRole('button', { name: 'Set my password' }).click();
    await user.getByRole('heading', { name: 'Your password is set' }).waitFor();
    await user.getByRole('link', { name: 'Sign in' }).click();
    await user.getByLabel('Username').fill('radu.ciobanu');
    await user.getByLabel('Password').fill(PASSWORD);
    await user.getByRole('button', { name: 'Sign in' }).click();
    await user.getByRole('button', { name: 'Set up now' }).click();
    const secret = (await user.locator('.secret code').innerText()).replace(/\s/g, '');
    t.clock.advance(30_000);
    await user.getByLabel('Authenticator code').fill(totpCode(base32Decode(secret), t.clock.now().getTime()));
    await user.getByRole('button', { name: 'Confirm' }).click();
    await user.getByRole('heading', { level: 1, name: /^Hello, Radu Ciobanu/ }).waitFor();

    // A case of theirs (registered through the API with a second sign-in), opened in the browser.
    t.clock.advance(30_000);
    const login = await t.http
      .post('/api/auth/login')
      .send({ username: 'radu.ciobanu', password: PASSWORD, totp: totpCode(base32Decode(secret), t.clock.now().getTime()) });
    expect(login.status).toBe(200);
    const reg = await t.http
      .post('/api/cases')
      .set('Authorization', `Bearer ${login.body.token}`)
      .send({
        caseType: 'child_protection',
        answers: { first_name: 'Dorin', last_name: 'Ursu', sex: 'male', date_of_birth: '2016-02-02', consent_status: 'given', assent_status: 'given' },
      });
    expect(reg.status).toBe(201);
    await user.goto(`${t.url}/cases/${reg.body.id}`);
    await user.getByRole('heading', { level: 1, name: new RegExp(reg.body.caseNumber) }).waitFor();

    // The administrator opens the user and deactivates them: the confirmation lists the open case.
    await admin.getByRole('link', { name: 'Open Radu Ciobanu' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Radu Ciobanu' }).waitFor();
    expect(await accessibilityViolations(admin)).toEqual([]);
    await screenshots(admin, 'people-person');
    await admin.getByRole('button', { name: 'Deactivate' }).click();
    await admin.getByRole('heading', { name: 'Deactivate Radu Ciobanu?' }).waitFor();
    await admin.getByText(reg.body.caseNumber).waitFor();
    await admin.getByText('1 open case to hand over').waitFor();
    // The confirmation has the focus (a keyboard user is there at once); no link to a case list the administrator cannot read.
    expect(await admin.evaluate(() => (globalThis as any).document.activeElement?.getAttribute('aria-labelledby'))).toBe('person-confirm');
    expect(await admin.locator('.confirm a').count()).toBe(0);
    expect(await accessibilityViolations(admin)).toEqual([]);
    await admin.getByRole('button', { name: 'Deactivate' }).last().click();
    await admin.getByText('Radu Ciobanu is deactivated and signed out everywhere.').waitFor();

    // The user's next request is refused: the app shows the sign-in page.
    await user.getByRole('navigation').getByRole('link', { name: 'Cases' }).click();
    await user.getByLabel('Username').waitFor();
    expect((await t.http.post('/api/auth/login').send({ username: 'radu.ciobanu', password: PASSWORD })).status).toBe(401);

    // A password reset shows a new code once; reactivating lets them in again.
    await admin.getByRole('button', { name: 'Reactivate' }).click();
    await admin.getByRole('button', { name: 'Reactivate' }).last().click();
    await admin.getByText('Radu Ciobanu is active again.').waitFor();
    await admin.getByRole('button', { name: 'Reset password' }).click();
    await admin.getByRole('button', { name: 'Get a one-time code' }).click();
    expect(await admin.getByTestId('one-time-code').innerText()).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){4}$/);
    expect(await accessibilityViolations(admin)).toEqual([]);
  });

  it('lists people as blocks on a phone, in Arabic right to left', async () => {
    const admin = await signInAdmin();
    await admin.setViewportSize(PHONE);
    await admin.getByRole('combobox', { name: 'Language' }).first().selectOption('ar');
    await admin.getByRole('navigation').getByRole('link', { name: 'الأشخاص' }).click();
    await admin.getByRole('heading', { level: 1, name: 'الأشخاص' }).waitFor();
    await admin.getByRole('table').getByRole('link', { name: 'Elena Cojocaru' }).waitFor();
    expect(await admin.evaluate(() => (globalThis as any).document.documentElement.dir)).toBe('rtl');
    expect(await pageWidth(admin)).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityViolations(admin)).toEqual([]);
  });

  it("shows a district administrator only their district's people and places, and not the pack's pages", async () => {
    const district = await signInAdmin('district_admin');
    const nav = district.getByRole('navigation');
    await nav.getByRole('link', { name: 'People' }).click();
    await district.getByRole('table').getByRole('link', { name: 'Elena Cojocaru' }).waitFor();
    expect(await district.getByRole('table').getByRole('link', { name: 'Mihai Lungu' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'SOP pack' }).count()).toBe(0);
    await district.getByRole('link', { name: 'Add a person' }).click();
    await district.getByRole('heading', { level: 1, name: 'Add a person' }).waitFor();
    await district.getByLabel('Place').waitFor();
    const places = await district.getByLabel('Place').locator('option').allInnerTexts();
    expect(places.slice(1).sort()).toEqual(['Bubuieci (Chișinău)', 'Chișinău', 'Codru (Chișinău)']);
    expect(await district.getByLabel('National analyst').count()).toBe(0);
    expect(await accessibilityViolations(district)).toEqual([]);
  });
});
