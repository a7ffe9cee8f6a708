import { promises as fs } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { base32Decode, totp as totpCode } from '@app/identity';
import type { SopPack } from '@app/pack-types';
import { DemoUsersSeeder, SopRegistry } from '@app/sop-registry';
import { translate } from '../../apps/web/src/translate';
import studioAr from '../../apps/web/src/locales/studio-ar.json';
import studioEn from '../../apps/web/src/locales/studio-en.json';
import versionsEn from '../../apps/web/src/locales/pack-versions-en.json';
import adminEn from '../../apps/web/src/locales/admin-en.json';
import { DEMO_PASSWORD } from '../support/app';
import { accessibilityViolations, LAPTOP, launchChromium, openAs, PHONE, screenshots, startWebApp } from '../support/browser';

/**
 * The SOP studio in a real headless Chromium: an administrator starts a draft of the Moldova pack,
 * adds a required field with its label in the pack's four languages, shortens the high-risk deadline,
 * sees a lint error appear on the field that causes it and disappear when fixed, reads the change
 * log, and publishes; the versions page shows both changes. A second administrator's edit of the
 * same deadline is refused in words, with a reload. At phone and laptop width, in Arabic, axe clean.
 */
describe('Web app: the SOP studio', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  let page: Page;
  let other: Page;
  let pack: SopPack;
  let admin: { authorization: string };
  const st = (key: string, vars: Record<string, string | number> = {}, locale = 'en') => translate(locale, key, vars, { en: studioEn, ar: studioAr });
  const vt = (key: string, vars: Record<string, string | number> = {}) => translate('en', key, vars, { en: versionsEn });
  const FIELD = { id: 'school_name', en: 'Name of the school', fr: "Nom de l'école", ro: 'Numele școlii', ar: 'اسم المدرسة' };
  const BROKEN = { id: 'school_type', en: 'Type of school', fr: "Type d'école", ro: 'Tipul școlii', ar: 'نوع المدرسة' };

  const signIn = async (username: string, secret: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: LAPTOP, locale: 'en-GB', timezoneId: 'Europe/Chisinau', acceptDownloads: true });
    const p = await context.newPage();
    p.setDefaultTimeout(10_000);
    p.on('pageerror', (e) => console.error(`[${username}] page error: ${e.message}`));
    await p.goto(`${t.url}/`);
    await p.getByLabel('Username').fill(username);
    await p.getByLabel('Password').fill(DEMO_PASSWORD);
    await p.getByRole('button', { name: 'Sign in' }).click();
    // A code signs in once: the (controllable) clock moves to a fresh 30-s step before and after.
    t.clock.advance(30_000);
    await p.getByLabel('Authenticator code').fill(totpCode(base32Decode(secret), t.clock.now().getTime()));
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('heading', { level: 1, name: /^Hello/ }).waitFor();
    t.clock.advance(30_000);
    return p;
  };
  const draftFiles = async () => {
    const { drafts } = (await t.http.get('/api/sop/drafts').set(admin)).body;
    return (await t.http.get(`/api/sop/drafts/${drafts.find((d: any) => d.status === 'open').id}`).set(admin)).body;
  };
  const deadline = () => pack.deadlines.find((d) => d.id === 'initial_response')!;
  const deadlineRow = (p: Page) => p.locator('.studio-deadlines > li').filter({ has: p.getByRole('heading', { name: deadline().label.en }) });
  const highRisk = (p: Page) => deadlineRow(p).getByLabel(st('studio.deadline.offsetOf', { what: st('studio.deadline.risk', { risk: 'High' }) }));
  const header = (p: Page) => p.locator('.studio-header');
  const addForm = (p: Page) => p.locator('.studio-add-field');

  beforeAll(async () => {
    t = await startWebApp('web_sop_studio', new Date());
    pack = (await t.app.get(SopRegistry).current()).pack;
    const demoAdmin = pack.demoUsers.find((u) => u.username === 'admin')!;
    // A second administrator, same role and place, with the demo's authenticator secret.
    await t.app.get(DemoUsersSeeder).seed({ ...pack, demoUsers: [{ ...demoAdmin, username: 'admin2', displayName: 'Second Administrator' }] }, DEMO_PASSWORD);
    admin = { authorization: await t.login('admin') };
    browser = await launchChromium();
    page = await signIn('admin', demoAdmin.totpSecret!);
    other = await signIn('admin2', demoAdmin.totpSecret!);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('is reached from the pack page, and a draft starts from the current version', async () => {
    await page.goto(`${t.url}/admin`);
    await page.getByRole('link', { name: st('studio.link') }).click();
    await page.getByRole('heading', { level: 1, name: st('studio.title') }).waitFor();
    await page.getByRole('button', { name: st('studio.start') }).click();
    await page.getByRole('heading', { level: 2, name: st('studio.draft', { id: 1, revision: 1 }) }).waitFor();
    expect(await header(page).innerText()).toContain(st('studio.errors', { n: 0 }));
    // The draft's workflow is drawn.
    await page.locator('.wg svg').first().waitFor();
    // The second administrator opens the same draft, at revision 1.
    await other.goto(`${t.url}/admin/studio`);
    await other.getByRole('heading', { level: 2, name: st('studio.draft', { id: 1, revision: 1 }) }).waitFor();
  });

  it('adds a required field with its label in every language of the pack (a new version of the form)', async () => {
    await page.getByLabel(st('studio.forms.choose'), { exact: true }).selectOption('registration');
    await addForm(page).getByLabel(st('studio.add.id'), { exact: true }).fill(FIELD.id);
    for (const l of ['en', 'fr', 'ro', 'ar'] as const) await addForm(page).locator(`.studio-labels input[lang="${l}"]`).fill(FIELD[l]);
    expect(await addForm(page).locator('.studio-labels input[lang="ar"]').getAttribute('dir')).toBe('rtl');
    await page.locator('.studio-add-field').getByLabel(st('studio.field.required')).check();
    await page.getByRole('button', { name: st('studio.add.submit') }).click();
    await page.getByRole('heading', { level: 2, name: st('studio.draft', { id: 1, revision: 2 }) }).waitFor();
    const row = page.locator('.studio-fields li[data-field="school_name"]');
    await row.waitFor();
    expect(await row.getByLabel(st('studio.field.required')).isChecked()).toBe(true);
    // Nothing left in the form once saved.
    expect(await addForm(page).getByLabel(st('studio.add.id'), { exact: true }).inputValue()).toBe('');

    const { files } = await draftFiles();
    expect(files['forms/registration.v1.json']).toBeUndefined();
    const form = files['forms/registration.v2.json'];
    expect(form.version).toBe(2);
    expect(form.schema.properties.school_name).toMatchObject({ type: 'string', 'x-label': { en: FIELD.en, fr: FIELD.fr, ro: FIELD.ro, ar: FIELD.ar } });
    expect(form.schema.required).toContain('school_name');
    expect(files['pack.json'].forms.find((f: any) => f.id === 'registration').version).toBe(2);
  });

  it('changes the high-risk deadline from 48 h to 24 h', async () => {
    expect(await highRisk(page).inputValue()).toBe('48');
    await highRisk(page).fill('24');
    await deadlineRow(page)
      .getByRole('button', { name: st('studio.deadline.save', { deadline: deadline().label.en }) })
      .click();
    await page.getByRole('heading', { level: 2, name: st('studio.draft', { id: 1, revision: 3 }) }).waitFor();
    expect(await highRisk(page).inputValue()).toBe('24');
    expect((await draftFiles()).files['deadlines.json'].deadlines[0].due[0].after).toEqual({ hours: 24 });
  });

  it("refuses the second administrator's edit of the same deadline in words, keeping what they typed, with a reload", async () => {
    // Still at revision 1 on their screen: 48 h, which they change to 36 h.
    expect(await highRisk(other).inputValue()).toBe('48');
    await highRisk(other).fill('36');
    await deadlineRow(other)
      .getByRole('button', { name: st('studio.deadline.save', { deadline: deadline().label.en }) })
      .click();
    const alert = other
      .getByRole('alert')
      .filter({ hasText: st('studio.conflict', { who: 'admin', element: st('studio.element.deadline', { deadline: deadline().label.en }) }) });
    await alert.waitFor();
    expect(await highRisk(other).inputValue()).toBe('36');
    expect(await accessibilityViolations(other)).toEqual([]);
    await other.getByRole('button', { name: st('studio.reload') }).click();
    await other.getByRole('heading', { level: 2, name: st('studio.draft', { id: 1, revision: 3 }) }).waitFor();
    expect(await highRisk(other).inputValue()).toBe('24');
    expect((await draftFiles()).files['deadlines.json'].deadlines[0].due[0].after).toEqual({ hours: 24 });
  });

  it('shows a lint error on the field that causes it, with a count, and drops it when an edit fixes it', async () => {
    await addForm(page).getByLabel(st('studio.add.id'), { exact: true }).fill(BROKEN.id);
    await addForm(page).getByLabel(st('studio.add.type'), { exact: true }).selectOption('choice');
    await addForm(page).getByLabel(st('studio.add.optionList')).fill('school_kinds');
    for (const l of ['en', 'fr', 'ro', 'ar'] as const) await addForm(page).locator(`.studio-labels input[lang="${l}"]`).fill(BROKEN[l]);
    await page.getByRole('button', { name: st('studio.add.submit') }).click();
    await page.getByRole('heading', { level: 2, name: st('studio.draft', { id: 1, revision: 4 }) }).waitFor();
    const row = page.locator('.studio-fields li[data-field="school_type"]');
    await row.locator('[data-code="unknown_option_list"]').waitFor();
    expect(await row.innerText()).toContain(st('studio.finding.unknown_option_list'));
    expect(await header(page).innerText()).toContain(st('studio.errors', { n: 1 }));
    // Listed in words too, by the field's label.
    expect(await page.locator('.studio-findings').innerText()).toContain(st('studio.element.field', { field: BROKEN.en, form: 'Registration' }));
    expect(await accessibilityViolations(page)).toEqual([]);

    // Publishing is refused while there are errors.
    await page.getByRole('button', { name: st('studio.publish') }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: st('studio.publishRefused') })
      .waitFor();

    await row.getByLabel(st('studio.add.optionList')).selectOption('risk_levels');
    await page.getByRole('heading', { level: 2, name: st('studio.draft', { id: 1, revision: 5 }) }).waitFor();
    await row.locator('[data-code="unknown_option_list"]').waitFor({ state: 'detached' });
    expect(await header(page).innerText()).toContain(st('studio.errors', { n: 0 }));
    // Not wanted after all: removed, so the version has only the two changes.
    await row.getByRole('button', { name: st('studio.field.removeNamed', { field: BROKEN.en }) }).click();
    await page.getByRole('heading', { level: 2, name: st('studio.draft', { id: 1, revision: 6 }) }).waitFor();
    await row.waitFor({ state: 'detached' });
  });

  it('changes a field: its label in one language, and its sensitivity, which the linter answers at once', async () => {
    const row = page.locator('.studio-fields li[data-field="school_name"]');
    await row.getByText(st('studio.field.change', { field: FIELD.en })).click();
    await row.locator('.studio-labels input[lang="fr"]').fill("Nom de l'établissement scolaire");
    await row.getByLabel(st('studio.field.sensitive')).check();
    await row.getByRole('button', { name: st('studio.field.save') }).click();
    await page.getByRole('heading', { level: 2, name: st('studio.draft', { id: 1, revision: 7 }) }).waitFor();
    await row
      .locator('.badge')
      .filter({ hasText: st('studio.field.sensitive') })
      .waitFor();
    const field = (await draftFiles()).files['forms/registration.v2.json'].schema.properties.school_name;
    expect(field).toMatchObject({ 'x-label': { en: FIELD.en, fr: "Nom de l'établissement scolaire", ro: FIELD.ro, ar: FIELD.ar }, 'x-sensitive': true });
    // A required sensitive field nobody may fill (wildcard rules never reach sensitive fields): an error at once.
    expect(await header(page).innerText()).toContain(st('studio.errors', { n: 1 }));
    // Worded from the finding's code and params: the field by its label, not `registration.school_name`.
    expect(await page.locator('.studio-findings').innerText()).toContain(`“${FIELD.en}”`);

    await row.getByLabel(st('studio.field.sensitive')).uncheck();
    await row.getByRole('button', { name: st('studio.field.save') }).click();
    await page.getByRole('heading', { level: 2, name: st('studio.draft', { id: 1, revision: 8 }) }).waitFor();
    expect(await header(page).innerText()).toContain(st('studio.errors', { n: 0 }));
    expect((await draftFiles()).files['forms/registration.v2.json'].schema.properties.school_name['x-sensitive']).toBeUndefined();
  });

  it('names who changed what, by label, in the change log', async () => {
    // The log is read beside the draft: wait for it to reach the draft's last revision.
    await page
      .locator('.studio-log')
      .getByText(/Revision 8: /)
      .waitFor();
    const log = await page.locator('.studio-log').innerText();
    expect(log).toContain(st('studio.element.field', { field: FIELD.en, form: 'Registration' }));
    expect(log).toContain(st('studio.element.deadline', { deadline: deadline().label.en }));
    expect(log).toMatch(/Revision 3: admin changed/);
    // The removed field too, by the label it had; the new form version by the form's title.
    expect(log).toMatch(new RegExp(`Revision 6: admin changed ${st('studio.element.field', { field: BROKEN.en, form: 'Registration' })}`));
    expect(log).not.toMatch(/school_name|school_type|initial_response|deadlines\.json|pack\.json|forms\//);
  });

  it('fits a 360 px phone and a laptop, in English and in Arabic (right to left), with no accessibility violation', async () => {
    for (const size of [PHONE, LAPTOP]) {
      await page.setViewportSize(size);
      expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number)).toBeLessThanOrEqual(size.width);
      expect(await accessibilityViolations(page)).toEqual([]);
    }
    await screenshots(page, 'sop-studio');
    await other.setViewportSize(PHONE);
    await other.locator('label.lang select').selectOption('ar');
    await other.waitForFunction(() => (globalThis as any).document.documentElement.dir === 'rtl');
    await other.getByRole('heading', { level: 1, name: st('studio.title', {}, 'ar') }).waitFor();
    await other.getByRole('heading', { level: 2, name: st('studio.draft', { id: 1, revision: 8 }, 'ar') }).waitFor();
    await other
      .locator('.studio-log')
      .getByText(st('studio.element.deadline', { deadline: deadline().label.ar! }, 'ar'))
      .first()
      .waitFor();
    expect(await other.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number)).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityViolations(other)).toEqual([]);
    await screenshots(other, 'sop-studio-ar');
    await page.setViewportSize(LAPTOP);
  });

  it('is for administrators only: a caseworker sees neither the link nor the studio', async () => {
    const caseworker = await openAs(browser, t.url, 'caseworker');
    await caseworker.goto(`${t.url}/admin/studio`);
    await caseworker.getByText(adminEn['admin.onlyAdministrators']).waitFor();
    expect(await caseworker.locator('.studio-header, .studio-fields').count()).toBe(0);
    await caseworker.goto(`${t.url}/admin`);
    await caseworker.getByText(adminEn['admin.onlyAdministrators']).waitFor();
    expect(await caseworker.getByRole('link', { name: st('studio.link') }).count()).toBe(0);
    await caseworker.context().close();
  });

  it('downloads the draft as files, publishes them, and the versions page shows both changes in the diff', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: st('studio.export') }).click()]);
    expect(download.suggestedFilename()).toBe('moldova-draft-1-r8.json');
    const exported = JSON.parse(await fs.readFile((await download.path())!, 'utf8'));
    expect(exported.files['deadlines.json'].deadlines[0].due[0].after).toEqual({ hours: 24 });
    expect(exported.files['forms/registration.v2.json'].schema.required).toContain('school_name');

    await page.getByRole('button', { name: st('studio.publish') }).click();
    await page
      .getByRole('status')
      .filter({ hasText: st('studio.published', { version: 2 }) })
      .waitFor();
    await page.getByRole('link', { name: st('studio.seeVersions') }).click();
    await page.getByRole('heading', { level: 1, name: vt('versions.title') }).waitFor();
    await page.getByRole('button', { name: `${vt('versions.compare')} — ${vt('versions.version')} 1` }).click();
    await page.getByRole('heading', { level: 2, name: vt('versions.diffTitle', { from: 1, to: 2 }) }).waitFor();
    const changes = (await page.locator('.pack-changes li').allInnerTexts()).join('\n');
    expect(changes).toContain(FIELD.en);
    expect(changes).toContain('48 h');
    expect(changes).toContain('24 h');
    expect(changes).not.toContain(BROKEN.en);
    // What was downloaded is what was published.
    expect((await t.http.get('/api/sop/versions').set(admin)).body[0]).toMatchObject({ version: 2, contentHash: exported.contentHash, publishedBy: 'admin' });
    const current = (await t.app.get(SopRegistry).current()).pack;
    expect(current.deadlines.find((d) => d.id === 'initial_response')!.due[0].after).toEqual({ hours: 24 });
    expect(current.forms.find((f) => f.id === 'registration')!.schema.required).toContain('school_name');
  });
});
