import type { Browser, Page } from 'playwright-core';
import { base32Decode, totp as totpCode } from '@app/identity';
import type { SopPack } from '@app/pack-types';
import { SopRegistry } from '@app/sop-registry';
import { translate } from '../../apps/web/src/translate';
import rolesAr from '../../apps/web/src/locales/studio-roles-ar.json';
import rolesEn from '../../apps/web/src/locales/studio-roles-en.json';
import studioAr from '../../apps/web/src/locales/studio-ar.json';
import studioEn from '../../apps/web/src/locales/studio-en.json';
import { DEMO_PASSWORD } from '../support/app';
import { accessibilityViolations, LAPTOP, launchChromium, PHONE, screenshots, startWebApp } from '../support/browser';

/**
 * Roles and option lists in the SOP studio, in a real headless Chromium: an administrator adds a role
 * with its label in the pack's four languages, gives it rules (read cases in their area; read forms,
 * the fields chosen by their labels), sees a rule's finding on that rule, adds an option to a list
 * and relabels it, and reads all of it in words in the change log. At phone and laptop width, in
 * Arabic, axe clean.
 */
describe('Web app: roles and option lists in the SOP studio', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  let page: Page;
  let pack: SopPack;
  let admin: { authorization: string };
  const MESSAGES = { en: { ...studioEn, ...rolesEn }, ar: { ...studioAr, ...rolesAr } };
  const rt = (key: string, vars: Record<string, string | number> = {}, locale = 'en') => translate(locale, key, vars, MESSAGES);
  const ROLE = {
    id: 'inspector',
    en: 'Child rights inspector',
    fr: 'Inspecteur des droits de l’enfant',
    ro: 'Inspector pentru drepturile copilului',
    ar: 'مفتش حقوق الطفل',
  };
  const OPTION = { value: 'ngo', en: 'NGO', fr: 'ONG', ro: 'ONG', ar: 'منظمة غير حكومية' };
  const RELABELLED = 'Non-governmental organisation';
  let revision = 1;

  const signIn = async (username: string, secret: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: LAPTOP, locale: 'en-GB', timezoneId: 'Europe/Chisinau' });
    const p = await context.newPage();
    p.setDefaultTimeout(30_000);
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
    return (await t.http.get(`/api/sop/drafts/${drafts.find((d: any) => d.status === 'open').id}`).set(admin)).body.files;
  };
  /** Waits for the draft's next revision: the edit was saved and the screen shows it. */
  const saved = async () => {
    revision += 1;
    await page.getByRole('heading', { level: 2, name: rt('studio.draft', { id: 1, revision }) }).waitFor();
  };
  const roleItem = () => page.locator(`.studio-roles > li[data-role="${ROLE.id}"]`);
  const addRoleForm = () => page.locator('.studio-add-role');
  const options = () => page.locator('.studio-option-lists');
  const registration = () => pack.forms.find((f) => f.id === 'registration')!;
  const idnpLabel = () => (registration().schema.properties as any).idnp['x-label'].en as string;
  const scrollWidth = (p: Page) => p.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number);

  beforeAll(async () => {
    t = await startWebApp('web_studio_roles', new Date());
    pack = (await t.app.get(SopRegistry).current()).pack;
    admin = { authorization: await t.login('admin') };
    browser = await launchChromium();
    page = await signIn('admin', pack.demoUsers.find((u) => u.username === 'admin')!.totpSecret!);
    await page.goto(`${t.url}/admin/studio`);
    await page.getByRole('button', { name: rt('studio.start') }).click();
    await page.getByRole('heading', { level: 2, name: rt('studio.draft', { id: 1, revision: 1 }) }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it("lists the pack's roles with their labels in every language side by side, and their rules in words", async () => {
    const caseworker = page.locator('.studio-roles > li[data-role="caseworker"]');
    const { label, rules: caseworkerRules } = pack.roles.find((r) => r.id === 'caseworker')!;
    for (const l of ['en', 'fr', 'ro', 'ar'] as const) expect(await caseworker.locator(`dd[lang="${l}"]`).innerText()).toBe(label[l]);
    expect(await caseworker.locator('dd[lang="ar"]').getAttribute('dir')).toBe('rtl');
    // Each role's rules are folded, their number in words.
    await caseworker.getByText(rt('roles.rulesSummary', { role: label.en, n: caseworkerRules.length })).click();
    const rules = await caseworker.locator('.studio-rule-words').allInnerTexts();
    expect(rules).toHaveLength(caseworkerRules.length);
    expect(rules).toContain(
      `${rt('roles.rule.sentence', { actions: rt('roles.action.read'), subject: rt('roles.subject.case') })} ${rt('roles.condition.agency')}, ${rt('roles.condition.location')}`,
    );
    expect(rules.join('\n')).not.toMatch(/\$user|caseType|registration\.idnp/);
  });

  it('adds a role with its label in the four languages of the pack', async () => {
    await addRoleForm().getByLabel(rt('roles.add.id'), { exact: true }).fill(ROLE.id);
    for (const l of ['en', 'fr', 'ro', 'ar'] as const) await addRoleForm().locator(`.studio-labels input[lang="${l}"]`).fill(ROLE[l]);
    expect(await addRoleForm().locator('.studio-labels input[lang="ar"]').getAttribute('dir')).toBe('rtl');
    await addRoleForm().getByLabel(rt('roles.description')).fill('Inspects how children are protected in the district.');
    await addRoleForm()
      .getByRole('button', { name: rt('roles.add.submit') })
      .click();
    await saved();
    await roleItem().getByRole('heading', { level: 3, name: ROLE.en }).waitFor();
    expect(await roleItem().locator('dd[lang="ar"]').innerText()).toBe(ROLE.ar);
    expect(await roleItem().innerText()).toContain(rt('roles.rulesSummary', { role: ROLE.en, n: 0 }));
    // The linter's word on the new role, on the role: it does nothing yet.
    await roleItem().locator('[data-code="role_does_nothing"]').waitFor();
    // Nothing left in the form once saved.
    expect(await addRoleForm().getByLabel(rt('roles.add.id'), { exact: true }).inputValue()).toBe('');
    const role = (await draftFiles())['roles.json'].roles.find((r: any) => r.id === ROLE.id);
    expect(role).toEqual({
      id: ROLE.id,
      label: { en: ROLE.en, fr: ROLE.fr, ro: ROLE.ro, ar: ROLE.ar },
      description: 'Inspects how children are protected in the district.',
      rules: [],
    });
  });

  it('gives the role rules: read cases in their area, and read forms with the fields chosen by their labels', async () => {
    await roleItem()
      .getByText(rt('roles.rulesSummary', { role: ROLE.en, n: 0 }))
      .click();
    await roleItem()
      .getByText(rt('roles.rule.add', { role: ROLE.en }))
      .click();
    const editor = roleItem().locator('.studio-rule-editor');
    // A new rule starts as "read cases": only the condition to choose.
    await editor.getByLabel(rt('roles.condition.location')).check();
    await editor.getByText(rt('roles.editor.inWords', { sentence: `May read cases ${rt('roles.condition.location')}` })).waitFor();
    await editor.getByRole('button', { name: rt('roles.editor.save') }).click();
    await saved();
    await roleItem()
      .locator('.studio-rule-words')
      .filter({ hasText: `May read cases ${rt('roles.condition.location')}` })
      .waitFor();

    await editor.getByLabel(rt('roles.editor.subject')).selectOption({ label: rt('roles.subject.form') });
    await editor.getByLabel(rt('roles.editor.form'), { exact: true }).selectOption({ label: registration().title.en });
    await editor.getByRole('button', { name: rt('roles.editor.grant') }).click();
    await editor.getByLabel(rt('roles.editor.field'), { exact: true }).selectOption({ label: idnpLabel() });
    await editor.getByRole('button', { name: rt('roles.editor.except') }).click();
    await editor.getByLabel(rt('roles.condition.location')).check();
    const words =
      `May read forms ${rt('roles.condition.location')}` +
      rt('roles.rule.fields', { fields: rt('roles.fields.wholeForm', { form: registration().title.en }) }) +
      rt('roles.rule.except', { fields: rt('roles.fields.field', { field: idnpLabel(), form: registration().title.en }) });
    await editor.getByText(rt('roles.editor.inWords', { sentence: words })).waitFor();
    await editor.getByRole('button', { name: rt('roles.editor.save') }).click();
    await saved();
    await roleItem().locator('.studio-rule-words').filter({ hasText: words }).waitFor();

    expect(await roleItem().locator('[data-code="role_does_nothing"]').count()).toBe(0);
    const role = (await draftFiles())['roles.json'].roles.find((r: any) => r.id === ROLE.id);
    expect(role.rules).toEqual([
      { action: 'read', subject: 'case', conditions: { location: '$user.location' } },
      { action: 'read', subject: 'form', fields: ['registration', '!registration.idnp'], conditions: { location: '$user.location' } },
    ]);
  });

  it("shows a rule's finding on that rule, from conditions written as JSON, and drops it when fixed", async () => {
    const firstRule = roleItem().locator('.studio-rules > li').first();
    await firstRule.getByText(rt('roles.rule.change', { n: 1 })).click();
    await firstRule.getByText(rt('roles.editor.raw'), { exact: true }).first().click();
    const raw = firstRule.getByRole('textbox', { name: rt('roles.editor.raw') });
    await raw.fill('{"location": "$user.location", "step": "nowhere"');
    await firstRule.getByRole('alert').filter({ hasText: 'JSON' }).waitFor();
    await raw.fill('{"location": "$user.location", "step": "nowhere"}');
    await firstRule.getByRole('button', { name: rt('roles.editor.save') }).click();
    await saved();
    await firstRule.locator('[data-code="unknown_step"]').waitFor();
    expect(await firstRule.getAttribute('class')).toContain('has-findings');
    expect(await accessibilityViolations(page)).toEqual([]);

    await firstRule.getByRole('button', { name: rt('roles.rule.remove', { n: 1, role: ROLE.en }) }).click();
    await saved();
    await page.locator('[data-code="unknown_step"]').waitFor({ state: 'detached' });
    expect((await draftFiles())['roles.json'].roles.find((r: any) => r.id === ROLE.id).rules).toHaveLength(1);
  });

  it('adds an option to a list with its labels in every language, then relabels it', async () => {
    await options().getByLabel(rt('optionLists.choose')).selectOption({ label: 'Reporter types' });
    const add = options().locator('.studio-add-option');
    await add.getByLabel(rt('optionLists.add.value')).fill(OPTION.value);
    for (const l of ['en', 'fr', 'ro', 'ar'] as const) await add.locator(`.studio-labels input[lang="${l}"]`).fill(OPTION[l]);
    await add.getByRole('button', { name: rt('optionLists.add.submit') }).click();
    await saved();
    const item = options().locator(`.studio-options > li[data-option="${OPTION.value}"]`);
    expect(await item.locator('dd[lang="ar"]').innerText()).toBe(OPTION.ar);

    await item.getByText(rt('optionLists.change', { option: OPTION.en })).click();
    await item.locator('.studio-labels input[lang="en"]').fill(RELABELLED);
    await item.getByRole('button', { name: rt('optionLists.save') }).click();
    await saved();
    await item.locator('dd[lang="en"]').filter({ hasText: RELABELLED }).waitFor();
    // Moved above "Other", where a new option belongs.
    await item.getByRole('button', { name: rt('optionLists.up', { option: RELABELLED }) }).click();
    await saved();
    const list = (await draftFiles())['option-lists.json'].optionLists.reporter_types;
    expect(list.slice(-2).map((o: any) => o.value)).toEqual([OPTION.value, 'other']);
    expect(list.at(-2).label).toEqual({ en: RELABELLED, fr: OPTION.fr, ro: OPTION.ro, ar: OPTION.ar });
  });

  it('says every change in words in the change log, never by file or identifier', async () => {
    await page
      .locator('.studio-log')
      .getByText(new RegExp(`Revision ${revision}: `))
      .waitFor();
    const log = await page.locator('.studio-log').innerText();
    expect(log).toContain(`Revision 2: admin changed ${rt('roles.element.role', { role: ROLE.en })}`);
    expect(log).toContain(`Revision 3: admin changed ${rt('roles.element.role', { role: ROLE.en })}`);
    expect(log).toContain(`Revision 7: admin changed ${rt('roles.element.option', { option: OPTION.en, list: 'Reporter types' })}`);
    expect(log).toContain(`Revision 8: admin changed ${rt('roles.element.option', { option: RELABELLED, list: 'Reporter types' })}`);
    expect(log).not.toMatch(/roles\.json|option-lists\.json|reporter_types|\bngo\b/);
  });

  it('removes an option a deadline still compares with: the finding names that deadline', async () => {
    await options().getByLabel(rt('optionLists.choose')).selectOption({ label: 'Risk levels' });
    const high = pack.optionLists.risk_levels.find((o) => o.value === 'high')!;
    await options()
      .locator('.studio-options > li[data-option="high"]')
      .getByRole('button', { name: rt('optionLists.remove', { option: high.label.en }) })
      .click();
    await saved();
    const references = options().locator('.studio-references');
    await references.locator('[data-code="rule_unknown_option"]').first().waitFor();
    const deadline = pack.deadlines.find((d) => d.id === 'initial_response')!;
    expect(await references.innerText()).toContain(rt('studio.element.deadline', { deadline: deadline.label.en }));
    expect((await draftFiles())['option-lists.json'].optionLists.risk_levels.map((o: any) => o.value)).toEqual(['medium', 'low']);
  });

  it('removes a role that a user still holds: the finding names that user', async () => {
    const psychologist = pack.roles.find((r) => r.id === 'psychologist')!;
    await page.getByRole('button', { name: rt('roles.remove', { role: psychologist.label.en }) }).click();
    // Asked first, with who still holds it.
    const user = pack.demoUsers.find((u) => u.username === 'psychologist')!;
    const asking = page.locator('.studio-remove-role');
    const districtAdmin = pack.roles.find((r) => r.id === 'district_admin')!;
    expect(await asking.innerText()).toContain(
      rt('roles.removeStillNamed', {
        elements: `${rt('roles.element.role', { role: districtAdmin.label.en })}, ${rt('roles.element.user', { user: user.displayName })}`,
      }),
    );
    await asking.getByRole('button', { name: rt('roles.removeYes', { role: psychologist.label.en }) }).click();
    await saved();
    const references = page.locator('.studio-roles-editor .studio-references');
    await references.locator('[data-code="unknown_role"]').first().waitFor();
    expect(await references.innerText()).toContain(rt('roles.element.user', { user: user.displayName }));
    expect(await page.locator('.studio-roles > li[data-role="psychologist"]').count()).toBe(0);
    // The district administrator who granted it: the finding on that role.
    await page.locator('.studio-roles > li[data-role="district_admin"] [data-code="unknown_role"]').waitFor();
    expect((await draftFiles())['roles.json'].roles.map((r: any) => r.id)).not.toContain('psychologist');
  });

  it('fits a 360 px phone and a laptop in Arabic (right to left), with no accessibility violation', async () => {
    await page.locator('label.lang select').selectOption('ar');
    await page.waitForFunction(() => (globalThis as any).document.documentElement.dir === 'rtl');
    await page.getByRole('heading', { level: 2, name: rt('studio.roles', {}, 'ar') }).waitFor();
    await roleItem().getByRole('heading', { level: 3, name: ROLE.ar }).waitFor();
    await page
      .locator('.studio-log')
      .getByText(rt('roles.element.role', { role: ROLE.ar }, 'ar'))
      .first()
      .waitFor();
    // The role's rules and a rule's editor open too: its pickers must fit as well.
    await roleItem()
      .getByText(rt('roles.rulesSummary', { role: ROLE.ar, n: 1 }, 'ar'))
      .click();
    await roleItem()
      .getByText(rt('roles.rule.add', { role: ROLE.ar }, 'ar'))
      .click();
    await roleItem().locator('.studio-rule-editor').waitFor();
    await roleItem()
      .locator('.studio-rule-words')
      .filter({ hasText: rt('roles.condition.location', {}, 'ar') })
      .waitFor();
    for (const size of [PHONE, LAPTOP]) {
      await page.setViewportSize(size);
      expect(await scrollWidth(page)).toBeLessThanOrEqual(size.width);
      expect(await accessibilityViolations(page)).toEqual([]);
    }
    await page.setViewportSize(PHONE);
    await roleItem().scrollIntoViewIfNeeded();
    await screenshots(page, 'studio-roles-ar');
  });
});
