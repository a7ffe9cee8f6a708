import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { base32Decode, totp as totpCode } from '@app/identity';
import type { SopPack } from '@app/pack-types';
import { SopRegistry } from '@app/sop-registry';
import { translate } from '../../apps/web/src/translate';
import studioEn from '../../apps/web/src/locales/studio-en.json';
import studioFr from '../../apps/web/src/locales/studio-fr.json';
import findingsEn from '../../apps/web/src/locales/studio-findings-en.json';
import findingsFr from '../../apps/web/src/locales/studio-findings-fr.json';
import simulationEn from '../../apps/web/src/locales/simulation-en.json';
import versionsEn from '../../apps/web/src/locales/pack-versions-en.json';
import versionsFr from '../../apps/web/src/locales/pack-versions-fr.json';
import { DEMO_PASSWORD } from '../support/app';
import { accessibilityViolations, LAPTOP, launchChromium, PHONE, screenshots, startWebApp } from '../support/browser';

/**
 * The acceptance journey (issue 21), in one administrator's browser: in French, the studio
 * gets a new required field and a shorter high-risk deadline, shows a lint error on what causes it
 * (in French, naming the field by its label) and drops it when fixed, and lists the changes against
 * the published version in words; the simulation page previews the draft's form as two roles
 * (different fields) and runs a high-risk case through the draft (24 h); the draft is published and
 * the versions page shows the new version. Axe clean; the studio also at 360 px.
 */
describe('Web app: change the SOP from the browser, end to end (acceptance)', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  let page: Page;
  let pack: SopPack;
  const fr = (key: string, vars: Record<string, string | number> = {}) =>
    translate('fr', key, vars, { fr: { ...studioFr, ...findingsFr, ...versionsFr }, en: { ...studioEn, ...findingsEn, ...versionsEn } });
  const sim = (key: string, vars: Record<string, string | number> = {}) => translate('en', key, vars, { en: simulationEn });
  const vt = (key: string, vars: Record<string, string | number> = {}) => translate('en', key, vars, { en: versionsEn });
  const FIELD = { id: 'school_name', en: 'Name of the school', fr: "Nom de l'école", ro: 'Numele școlii', ar: 'اسم المدرسة' };
  const draftHeading = (revision: number) => page.getByRole('heading', { level: 2, name: fr('studio.draft', { id: 1, revision }) });
  const header = () => page.locator('.studio-header');
  const fieldRow = () => page.locator('.studio-fields li[data-field="school_name"]');
  const deadline = () => pack.deadlines.find((d) => d.id === 'initial_response')!;
  const highRiskLabel = () => pack.optionLists.risk_levels.find((o) => o.value === 'high')!.label;
  const deadlineRow = () => page.locator('.studio-deadlines > li').filter({ has: page.getByRole('heading', { name: deadline().label.fr }) });
  const fitsAndAxeClean = async (size: { width: number; height: number }) => {
    await page.setViewportSize(size);
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number)).toBeLessThanOrEqual(size.width);
    expect(await accessibilityViolations(page)).toEqual([]);
  };

  beforeAll(async () => {
    t = await startWebApp('web_sop_acceptance', new Date());
    pack = (await t.app.get(SopRegistry).current()).pack;
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: LAPTOP, locale: 'en-GB', timezoneId: 'Europe/Chisinau' });
    page = await context.newPage();
    // Generous: this journey compiles and lints the Moldova pack at every edit, on a shared machine.
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (e) => console.error(`[admin] page error: ${e.message}`));
    const secret = pack.demoUsers.find((u) => u.username === 'admin')!.totpSecret!;
    await page.goto(`${t.url}/`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    t.clock.advance(30_000);
    await page.getByLabel('Authenticator code').fill(totpCode(base32Decode(secret), t.clock.now().getTime()));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: /^Hello/ }).waitFor();
    t.clock.advance(30_000);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('in French: opens the studio from the pack page and starts a draft of the current version', async () => {
    await page.locator('label.lang select').selectOption('fr');
    await page.waitForFunction(() => (globalThis as any).document.documentElement.lang === 'fr');
    await page.goto(`${t.url}/admin`);
    await page.getByRole('link', { name: fr('studio.link') }).click();
    await page.getByRole('heading', { level: 1, name: fr('studio.title') }).waitFor();
    await page.getByRole('button', { name: fr('studio.start') }).click();
    await draftHeading(1).waitFor();
    expect(await header().innerText()).toContain(fr('studio.errors', { n: 0 }));
    await page.locator('.studio-diff').getByText(fr('studio.diff.none')).waitFor();
  });

  it('adds a required field to the registration form and shortens the high-risk deadline to 24 h', async () => {
    const add = page.locator('.studio-add-field');
    await page.locator('#studio-form').selectOption('registration');
    await add.getByLabel(fr('studio.add.id'), { exact: true }).fill(FIELD.id);
    for (const l of ['en', 'fr', 'ro', 'ar'] as const) await add.locator(`.studio-labels input[lang="${l}"]`).fill(FIELD[l]);
    await add.getByLabel(fr('studio.field.required')).check();
    await page.getByRole('button', { name: fr('studio.add.submit') }).click();
    await draftHeading(2).waitFor();
    await fieldRow().waitFor();

    const high = deadlineRow().getByLabel(fr('studio.deadline.offsetOf', { what: fr('studio.deadline.risk', { risk: highRiskLabel().fr! }) }));
    expect(await high.inputValue()).toBe('48');
    await high.fill('24');
    await deadlineRow()
      .getByRole('button', { name: fr('studio.deadline.save', { deadline: deadline().label.fr! }) })
      .click();
    await draftHeading(3).waitFor();
    expect(await high.inputValue()).toBe('24');
  });

  it('shows a lint error in French, naming the field by its label, and drops it when the edit is undone', async () => {
    // A required field made sensitive: the roles' wildcard fill rules never reach it, so nobody can fill it.
    await fieldRow()
      .getByText(fr('studio.field.change', { field: FIELD.fr }))
      .click();
    await fieldRow().getByLabel(fr('studio.field.sensitive')).check();
    await fieldRow()
      .getByRole('button', { name: fr('studio.field.save') })
      .click();
    await draftHeading(4).waitFor();
    expect(await header().innerText()).toContain(fr('studio.errors', { n: 1 }));
    const findings = page.locator('.studio-findings');
    const error = findings.locator('li.severity-error').filter({ hasText: `« ${FIELD.fr} »` });
    await error.waitFor();
    // Worded in French from the finding's code and params: labels, not ids, and not the server's English.
    expect(await error.locator('span').first().getAttribute('lang')).toBeNull();
    expect(await findings.innerText()).not.toMatch(/registration\.school_name|school_name|requires|nobody/);
    expect(await accessibilityViolations(page)).toEqual([]);

    await fieldRow().getByLabel(fr('studio.field.sensitive')).uncheck();
    await fieldRow()
      .getByRole('button', { name: fr('studio.field.save') })
      .click();
    await draftHeading(5).waitFor();
    await error.waitFor({ state: 'detached' });
    expect(await header().innerText()).toContain(fr('studio.errors', { n: 0 }));
  });

  it('reads the changes against the published version in French: the field added, high risk 48 h → 24 h', async () => {
    const diff = page.locator('.studio-diff[data-revision="5"]');
    await diff.waitFor();
    expect(await diff.innerText()).toContain(fr('studio.diff.against', { version: 1 }));
    const added = (await diff.locator('li[data-kind="field_added"]').allInnerTexts()).join('\n');
    expect(added).toContain(FIELD.fr);
    const offsets = (await diff.locator('li[data-kind="deadline_offset_changed"]').allInnerTexts()).join('\n');
    expect(offsets).toContain(deadline().label.fr);
    expect(offsets).toContain('48 h → 24 h');
    expect(await diff.innerText()).not.toMatch(/school_name|initial_response/);
    await fitsAndAxeClean(PHONE);
    await screenshots(page, 'sop-studio-acceptance-fr');
    await fitsAndAxeClean(LAPTOP);
  });

  it("previews the draft's registration form as two roles on the simulation page, and they see different fields", async () => {
    await page.locator('label.lang select').selectOption('en');
    await page.waitForFunction(() => (globalThis as any).document.documentElement.lang === 'en');
    await page.goto(`${t.url}/admin/simulation`);
    await page.getByRole('heading', { level: 1, name: sim('simulation.title') }).waitFor();
    // The open draft is the pack tried first.
    expect(await page.locator('#simulation-source option:checked').innerText()).toBe(sim('simulation.sourceDraft', { revision: 5 }));
    const registration = pack.forms.find((f) => f.id === 'registration')!;
    await page.getByLabel(sim('simulation.form'), { exact: true }).first().selectOption({ label: registration.title.en });
    const rowsAs = async (role: string) => {
      const label = pack.roles.find((r) => r.id === role)!.label.en;
      await page.locator('#preview-role').selectOption({ label });
      const table = page.getByRole('table', { name: sim('simulation.previewCaption', { role: label, form: registration.title.en }) });
      await table.waitFor();
      return table.locator('tbody tr').allTextContents();
    };
    const teacher = await rowsAs('teacher');
    const caseworker = await rowsAs('caseworker');
    // The draft's new field is there for both.
    expect(teacher.some((r) => r.startsWith(FIELD.en))).toBe(true);
    expect(caseworker.some((r) => r.startsWith(FIELD.en))).toBe(true);
    const hidden = (rows: string[]) => rows.filter((r) => r.endsWith(sim('simulation.access.hidden')));
    expect(hidden(teacher).length).toBeGreaterThan(hidden(caseworker).length);
  });

  it('simulates a high-risk case through the draft: the response deadline is 24 h, and nothing is stored', async () => {
    const cases = async () => Number((await t.app.get(DataSource).query('SELECT count(*) AS n FROM cases'))[0].n);
    const before = await cases();
    await page.locator('#simulation-start_first_name').fill('Ana');
    await page.fill('#simulation-start_last_name', 'Rusu');
    await page.fill('#simulation-start_date_of_birth', '2016-05-01');
    await page.selectOption('#simulation-start_sex', { label: 'Female' });
    await page.selectOption('#simulation-start_consent_status', { label: 'Given' });
    await page.selectOption('#simulation-start_assent_status', { label: 'Given' });
    await page.fill(`#simulation-start_${FIELD.id}`, 'School no. 3');
    await page.getByRole('button', { name: sim('simulation.run') }).click();
    await page.getByRole('heading', { level: 2, name: sim('simulation.results') }).waitFor();

    await page.getByRole('button', { name: sim('simulation.add') }).click();
    await page.locator('.simulation-step').nth(1).waitFor();
    await page.locator('#simulation-kind').selectOption('fill');
    await page.locator('#simulation-fill_assessment_date').fill('2026-03-02');
    await page.selectOption('#simulation-fill_risk_level', { label: 'High' });
    await page.fill('#simulation-fill_summary', 'Bruises seen at school.');
    await page.getByRole('button', { name: sim('simulation.add') }).click();
    const third = page.locator('.simulation-step').nth(2);
    await third.waitFor();
    const deadlines = await third.locator('.simulation-deadline').allTextContents();
    expect(deadlines.find((d) => d.startsWith(deadline().label.en))).toContain('(24 h after this action)');
    expect(await cases()).toBe(before);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('publishes the draft, and the versions page shows the new version with the changes', async () => {
    await page.goto(`${t.url}/admin/studio`);
    await page.getByRole('heading', { level: 2, name: translate('en', 'studio.draft', { id: 1, revision: 5 }, { en: studioEn }) }).waitFor();
    await page.getByRole('button', { name: studioEn['studio.publish'] }).click();
    await page
      .getByRole('status')
      .filter({ hasText: translate('en', 'studio.published', { version: 2 }, { en: studioEn }) })
      .waitFor();
    await page.getByRole('link', { name: studioEn['studio.seeVersions'] }).click();
    await page.getByRole('heading', { level: 1, name: vt('versions.title') }).waitFor();
    const current = page.locator('tbody tr').first();
    expect(await current.locator('th').innerText()).toContain(`2`);
    expect(await current.locator('th').innerText()).toContain(vt('versions.current'));
    await page.getByRole('button', { name: `${vt('versions.compare')} — ${vt('versions.version')} 1` }).click();
    await page.getByRole('heading', { level: 2, name: vt('versions.diffTitle', { from: 1, to: 2 }) }).waitFor();
    const changes = (await page.locator('.pack-changes li').allInnerTexts()).join('\n');
    expect(changes).toContain(FIELD.en);
    expect(changes).toContain('48 h → 24 h');
    await fitsAndAxeClean(LAPTOP);
    const published = (await t.app.get(SopRegistry).current()).pack;
    expect(published.deadlines.find((d) => d.id === 'initial_response')!.due[0].after).toEqual({ hours: 24 });
  });
});
