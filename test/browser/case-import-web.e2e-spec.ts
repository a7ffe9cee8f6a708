import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { base32Decode, totp as totpCode } from '@app/identity';
import { SopRegistry } from '@app/sop-registry';
import ar from '../../apps/web/src/locales/case-import-ar.json';
import fr from '../../apps/web/src/locales/case-import-fr.json';
import { translate } from '../../apps/web/src/translate';
import { DEMO_PASSWORD } from '../support/app';
import { accessibilityViolations, LAPTOP, launchChromium, PHONE, screenshots, startWebApp } from '../support/browser';

/**
 * Importing existing records in a real headless Chromium against the real API and PostgreSQL (issue
 * 23): the administrator, in French on a 360 px phone, maps a small CSV file's columns to the
 * registration form with the pickers, saves the mapping, checks the file (one bad row: row, column,
 * reason in French; nothing created), imports it and sees the job finish; then in Arabic on a laptop.
 */
describe('Web app: importing existing records', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  const pageWidth = (page: Page) => page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number);

  const signInAdminInFrench = async (): Promise<Page> => {
    const context = await browser.newContext({ viewport: LAPTOP, locale: 'en-GB', timezoneId: 'Europe/Chisinau' });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (e) => console.error(`[admin] page error: ${e.message}`));
    const secret = (await t.app.get(SopRegistry).current()).pack.demoUsers.find((u) => u.username === 'admin')!.totpSecret!;
    await page.goto(`${t.url}/`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    t.clock.advance(30_000);
    await page.getByLabel('Authenticator code').fill(totpCode(base32Decode(secret), t.clock.now().getTime()));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: /^Hello/ }).waitFor();
    await page.locator('label.lang select').selectOption('fr');
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${translate('fr', 'home.hello', { name: '' }).trim()}`) }).waitFor();
    return page;
  };

  beforeAll(async () => {
    t = await startWebApp('web_case_import', new Date());
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('maps, saves, checks (one bad row, nothing created) and imports a file in French at 360 px; Arabic on a laptop', async () => {
    const ds = t.app.get(DataSource);
    const imported = async () => (await ds.query(`SELECT count(*)::int AS n FROM case_import_external_ids`))[0].n as number;
    const page = await signInAdminInFrench();
    await page.getByRole('navigation').getByRole('link', { name: fr['nav.caseImport'] }).click();
    await page.setViewportSize(PHONE);
    await page.getByRole('heading', { level: 1, name: fr.title }).waitFor();

    const csv = [
      'numéro;prénom;nom;sexe;naissance;consentement;assentiment',
      'V-1;Ana;Vechi;Féminin;03.04.2015;Donné;Donné',
      'V-2;Ion;Vechi;Inconnu;04.05.2016;Donné;Donné',
      'V-3;Vera;Vechi;male;05.06.2017;given;given',
    ].join('\r\n');
    await page.getByLabel(fr.file).setInputFiles({ name: 'ancien.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}`) });
    await page.getByLabel(fr.caseType).selectOption({ label: "Cas de protection de l'enfant" });
    await page.getByLabel(fr.externalId).fill('numéro');
    const column = (field: string) => page.getByLabel(fr.columnFor.replace('{field}', field), { exact: false }).first();
    await column('Prénom').fill('prénom');
    await column('Nom').fill('nom');
    await column('Sexe').fill('sexe');
    await column('Date de naissance').fill('naissance');
    await page.getByLabel(fr.dateFormatFor.replace('{field}', 'Date de naissance')).selectOption('DD.MM.YYYY');
    await column('Consentement du parent').fill('consentement');
    await column("Assentiment de l'enfant").fill('assentiment');
    await page.getByLabel(fr.registrar).fill('caseworker');
    await page.getByLabel(fr.assignee).selectOption({ label: fr['assignee.nobody'] });
    await page.getByLabel(fr.name).fill('Ancien registre');
    await page.getByRole('button', { name: fr.save }).click();
    await page.getByText(fr.saved).waitFor();

    await page.getByRole('button', { name: fr.check }).click();
    const problems = page.getByRole('table');
    await problems.waitFor();
    expect(await problems.locator('tbody tr').allInnerTexts()).toEqual([expect.stringMatching(/^3\s+sexe\s+« Inconnu » ne fait pas partie des options\.$/)]);
    await page.getByText('Lignes : 3. Importables : 2. Déjà importées : 0. Lignes avec des problèmes : 1.').waitFor();
    expect(await imported()).toBe(0);
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshots(page, 'case-import-check-fr');

    await page.getByRole('button', { name: fr.import.replace('{count}', '2') }).click();
    await page.getByText(fr.jobCounts.replace('{created}', '2').replace('{skipped}', '0').replace('{failed}', '1')).waitFor({ timeout: 90_000 });
    await page.getByText(`ancien.csv — ${fr['state.done']}`).waitFor();
    expect(await imported()).toBe(2);
    // Owned by nobody, as the mapping says (the case type's rule would give them to the registrar).
    expect(
      (await ds.query(`SELECT count(*)::int AS n FROM cases c JOIN case_import_external_ids x ON x.case_id = c.id WHERE c.assigned_to IS NULL`))[0].n,
    ).toBe(2);
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshots(page, 'case-import-done-fr');

    // In Arabic on a laptop: right to left, the saved mapping offered, axe clean.
    await page.setViewportSize(LAPTOP);
    await page.locator('label.lang select').selectOption('ar');
    await page.getByRole('heading', { level: 1, name: ar.title }).waitFor();
    await page.getByLabel(ar.savedMappings).selectOption({ index: 1 });
    await page.getByLabel(ar.registrar).waitFor();
    expect(await page.getByLabel(ar.registrar).inputValue()).toBe('caseworker');
    expect(await page.getByLabel(ar.assignee).inputValue()).toBe('nobody');
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.dir)).toBe('rtl');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshots(page, 'case-import-ar');
  }, 240_000);
});
