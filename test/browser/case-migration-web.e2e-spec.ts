import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { base32Decode, totp as totpCode } from '@app/identity';
import { readPackDir, type PackFiles } from '@app/sop';
import { SopRegistry } from '@app/sop-registry';
import { translate } from '../../apps/web/src/translate';
import en from '../../apps/web/src/locales/migration-en.json';
import fr from '../../apps/web/src/locales/migration-fr.json';
import ar from '../../apps/web/src/locales/migration-ar.json';
import refusalsEn from '../../apps/web/src/locales/migration-refusals-en.json';
import { DEMO_PASSWORD, REPO_ROOT } from '../support/app';
import { accessibilityViolations, LAPTOP, launchChromium, openAs, PHONE, screenshots, startWebApp } from '../support/browser';
import { casesClient } from '../support/cases-client';

/**
 * Moving open cases to a new SOP version from the browser (issue 21): an administrator maps the
 * renamed step, gives the new required field a default (first refused, the reason next to it), reads
 * in the dry run that one case cannot move and why, runs the migration, sees it finish; the moved case's
 * page shows the new step. At phone and laptop width, in English, French and Arabic (right to left), axe clean.
 */
describe('Web app: moving open cases to a new SOP version', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  let page: Page;
  const ids: Record<string, string> = {};
  const numbers: Record<string, string> = {};
  const texts: Record<string, Record<string, string>> = { en, fr };
  const mt = (locale: string, key: string, vars: Record<string, string | number> = {}) => translate(locale, key, vars, texts);
  const FIRST_ASSESSMENT = { en: 'First assessment', fr: 'Première évaluation', ro: 'Prima evaluare', ar: 'التقييم الأول' };

  /** As in test/e2e/case-migration.e2e-spec.ts: steps registration and initial_assessment renamed (the latter relabelled too), a renamed field and two new required fields in registration v2. */
  function version2(v1: PackFiles): PackFiles {
    const files = structuredClone(v1) as Record<string, any>;
    const FORM_KEYS = new Set(['form', 'forms', 'fields', 'requiresForms', 'minForms', 'maxForms', 'startForm', 'answers', 'id']);
    const renameStep = (from: string, to: string) => {
      const walk = (node: any, key: string | null): any => {
        if (typeof node === 'string') return node === from && !FORM_KEYS.has(key ?? '') ? to : node;
        if (Array.isArray(node)) return node.map((n) => walk(n, key));
        if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, k)]));
        return node;
      };
      for (const name of Object.keys(files)) if (!name.startsWith('forms/') && name.endsWith('.json')) files[name] = walk(files[name], null);
      for (const s of files['workflow.json'].steps) if (s.id === from) s.id = to;
    };
    renameStep('initial_assessment', 'first_assessment');
    renameStep('registration', 'case_registration');
    files['workflow.json'].steps.find((s: any) => s.id === 'first_assessment').label = FIRST_ASSESSMENT;
    const reg = structuredClone(files['forms/registration.v1.json']);
    reg.version = 2;
    const props = reg.schema.properties;
    props.dob_estimated = props.date_of_birth_estimated;
    delete props.date_of_birth_estimated;
    props.nationality = {
      type: 'string',
      minLength: 2,
      maxLength: 2,
      title: 'Nationality',
      'x-label': { en: 'Nationality', fr: 'Nationalité', ro: 'Cetățenia', ar: 'الجنسية' },
    };
    props.birth_registered = {
      type: 'boolean',
      title: 'Birth registered',
      'x-label': { en: 'Birth registered', fr: 'Naissance enregistrée', ro: 'Naștere înregistrată', ar: 'الولادة مسجلة' },
    };
    reg.schema.required = [...reg.schema.required, 'nationality', 'birth_registered'];
    files['forms/registration.v2.json'] = reg;
    files['pack.json'].forms = files['pack.json'].forms.map((f: any) => (f.id === 'registration' ? { id: 'registration', version: 2 } : f));
    return files;
  }

  beforeAll(async () => {
    t = await startWebApp('web_case_migration', new Date());
    const api = casesClient(t);
    const child = (first: string) => ({
      first_name: first,
      last_name: 'Rusu',
      sex: 'female',
      date_of_birth: '2019-02-11',
      date_of_birth_estimated: true,
      consent_status: 'not_required_emergency',
      assent_status: 'given',
    });
    for (const [key, risk] of [
      ['high', 'high'],
      ['medium', 'medium'],
    ]) {
      const res = await api.register('caseworker', 'child_protection', child(key === 'high' ? 'Cristina' : 'Elena'));
      expect(res.status).toBe(201);
      [ids[key], numbers[key]] = [res.body.id, res.body.caseNumber];
      expect((await api.transition('caseworker', res.body.id, 'start_assessment')).status).toBe(200);
      const filled = await api.fill('caseworker', res.body.id, 'initial_assessment', {
        assessment_date: '2026-03-02',
        risk_level: risk,
        summary: 'Hospital report.',
      });
      expect(filled.status).toBe(200);
    }
    // Left in the registration step, which version 2 renames and the administrator does not map: it cannot move.
    const registered = await api.register('caseworker', 'child_protection', child('Ana'));
    [ids.registered, numbers.registered] = [registered.body.id, registered.body.caseNumber];

    const published = await t.http
      .post('/api/sop/versions')
      .set(await api.as('admin'))
      .send({ files: version2(await readPackDir(path.join(REPO_ROOT, 'sops/moldova'))), note: 'Steps renamed, nationality asked' });
    expect(published.body).toMatchObject({ version: 2, created: true });

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: LAPTOP, locale: 'en-GB', timezoneId: 'Europe/Chisinau', acceptDownloads: true });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => console.error(`[admin] page error: ${e.message}`));
    const pack = (await t.app.get(SopRegistry).current()).pack;
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

  const fits = async (width: number) =>
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number)).toBeLessThanOrEqual(width);

  it('opens from the versions page with the open cases of version 1 and the plan pre-filled', async () => {
    await page.goto(`${t.url}/admin/pack/versions`);
    await page.getByRole('link', { name: mt('en', 'migration.link', { version: 2 }) }).click();
    await page.getByRole('heading', { level: 1, name: en['migration.title'] }).waitFor();
    await page.getByText('Open cases on version 1: 3.').waitFor();
    // A step kept in version 2 is chosen already; the renamed ones are not.
    expect(await page.getByLabel('Case planning', { exact: true }).inputValue()).toBe('case_planning');
    expect(await page.getByLabel('Initial assessment', { exact: true }).inputValue()).toBe('');
    // The renamed field is suggested from the changes, for the administrator to check.
    const renamed = page.getByLabel(mt('en', 'migration.fields.answersOf', { field: 'Date of birth is estimated', form: 'Registration' }));
    expect(await renamed.inputValue()).toBe('dob_estimated');
    await page.getByText(en['migration.fields.suggested']).waitFor();
  });

  it('maps the renamed step; a new required field without a default is refused next to it, in words', async () => {
    await page.getByLabel('Initial assessment', { exact: true }).selectOption({ label: FIRST_ASSESSMENT.en });
    const nationality = page.getByRole('group', { name: mt('en', 'migration.newFields.field', { field: 'Nationality', form: 'Registration' }) });
    const birth = page.getByRole('group', { name: mt('en', 'migration.newFields.field', { field: 'Birth registered', form: 'Registration' }) });
    await birth.getByLabel(en['migration.newFields.task']).check();
    await page.getByRole('button', { name: en['migration.dryRun.button'] }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: mt('en', 'migration.plan.refused', { n: 1 }) })
      .waitFor();
    // The reason in words, by the field's and form's labels (refusal-text.ts), not the server's `"nationality"`.
    const reason = translate('en', 'migration.refusal.migration_new_field_unhandled', { newField: 'Nationality', newForm: 'Registration' }, { en: refusalsEn });
    await nationality.getByRole('alert').filter({ hasText: reason }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('the dry run says that two cases would move and one cannot, and why', async () => {
    await page.getByLabel(mt('en', 'migration.newFields.value', { field: 'Nationality' })).fill('MD');
    await page.getByRole('button', { name: en['migration.dryRun.button'] }).click();
    await page.getByRole('heading', { level: 2, name: en['migration.dryRun.title'] }).waitFor();
    const summary = await page.locator('.migration-summary').innerText();
    expect(summary).toContain(mt('en', 'migration.dryRun.willMove', { n: 2 }));
    expect(summary).toContain(mt('en', 'migration.dryRun.cannotMove', { n: 1 }));
    expect(summary).toContain(mt('en', 'migration.byReason', { reason: en['migration.reason.step_not_mapped'], n: 1 }));
    const row = (key: string) => page.locator('tbody tr').filter({ has: page.getByRole('link', { name: numbers[key], exact: true }) });
    expect(await row('registered').innerText()).toContain(en['migration.reason.step_not_mapped']);
    const high = await row('high').innerText();
    expect(high).toContain(mt('en', 'migration.item.step', { from: 'Initial assessment', to: FIRST_ASSESSMENT.en }));
    expect(high).toContain(mt('en', 'migration.item.default', { field: 'Registration — Nationality', value: 'MD' }));
    expect(high).toContain(mt('en', 'migration.item.task', { field: 'Registration — Birth registered' }));
    // Labels, never ids.
    expect(high).not.toMatch(/first_assessment|initial_assessment|nationality|birth_registered/);
    for (const size of [PHONE, LAPTOP]) {
      await page.setViewportSize(size);
      await fits(size.width);
      expect(await accessibilityViolations(page)).toEqual([]);
    }
    await screenshots(page, 'case-migration-dry-run');
  });

  it('runs the migration after a confirmation and follows it to its end', async () => {
    await page.getByRole('button', { name: en['migration.run.button'] }).click();
    const confirm = page.getByRole('alertdialog', { name: en['migration.confirm.title'] });
    expect(await confirm.innerText()).toContain('Cases moving from version 1 to version 2: 2. This cannot be undone here');
    await confirm.getByRole('button', { name: en['migration.confirm.yes'] }).click();
    await page.getByRole('heading', { level: 2, name: mt('en', 'migration.run.title', { from: 1, to: 2 }) }).waitFor();
    await page.getByText(en['migration.run.status.finished'], { exact: true }).waitFor({ timeout: 30_000 });
    const run = page.locator('section').filter({ has: page.getByRole('heading', { name: mt('en', 'migration.run.title', { from: 1, to: 2 }) }) });
    expect(await run.innerText()).toContain(mt('en', 'migration.run.moved', { n: 2 }));
    const stayed = run.locator('tbody tr');
    expect(await stayed.count()).toBe(1);
    expect(await stayed.innerText()).toContain(numbers.registered);
    expect(await stayed.innerText()).toContain(en['migration.reason.step_not_mapped']);
    for (const size of [PHONE, LAPTOP]) {
      await page.setViewportSize(size);
      await fits(size.width);
      expect(await accessibilityViolations(page)).toEqual([]);
    }
    await screenshots(page, 'case-migration-run');
  });

  it('a run that stopped is shown with its error and resumed from the page', async () => {
    const ds = t.app.get(DataSource);
    const [{ id }] = await ds.query(`SELECT id FROM case_migrations`);
    // As if the process running it had stopped on an error.
    await ds.query(`UPDATE case_migrations SET status = 'failed', error = 'connection lost', finished_at = NULL WHERE id = $1`, [id]);
    await page.goto(`${t.url}/admin/migrations?from=1&to=2&run=${id}`);
    await page.getByText(en['migration.run.status.failed'], { exact: true }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'connection lost' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: en['migration.run.resume'] }).click();
    await page.getByText(en['migration.run.status.finished'], { exact: true }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('button', { name: en['migration.run.resume'] }).count()).toBe(0);
  });

  it('in French: the run listed, the one case left on version 1, and its reason in the dry run', async () => {
    await page.locator('label.lang select').selectOption('fr');
    await page.getByRole('heading', { level: 1, name: fr['migration.title'] }).waitFor();
    await page.getByText('Dossiers ouverts sur la version 1 : 1.').waitFor();
    // The page was opened afresh: the plan again, with the French labels.
    await page.getByLabel('Évaluation initiale', { exact: true }).selectOption({ label: FIRST_ASSESSMENT.fr });
    await page.getByLabel(mt('fr', 'migration.newFields.value', { field: 'Nationalité' })).fill('MD');
    await page
      .getByRole('group', { name: mt('fr', 'migration.newFields.field', { field: 'Naissance enregistrée', form: 'Enregistrement' }) })
      .getByLabel(fr['migration.newFields.task'])
      .check();
    await page.getByRole('button', { name: fr['migration.dryRun.button'] }).click();
    await page.getByRole('heading', { level: 2, name: fr['migration.dryRun.title'] }).waitFor();
    const dryRun = page.locator('section').filter({ has: page.getByRole('heading', { level: 2, name: fr['migration.dryRun.title'] }) });
    expect(await dryRun.locator('.migration-summary').innerText()).toContain(mt('fr', 'migration.dryRun.cannotMove', { n: 1 }));
    expect(await dryRun.locator('tbody tr').count()).toBe(1);
    expect(await dryRun.locator('tbody tr').innerText()).toContain(fr['migration.reason.step_not_mapped']);
    await page.setViewportSize(PHONE);
    await fits(PHONE.width);
    expect(await accessibilityViolations(page)).toEqual([]);
    // Right to left, on a phone: the page still fits and reads in Arabic.
    await page.locator('label.lang select').selectOption('ar');
    await page.waitForFunction(() => (globalThis as any).document.documentElement.dir === 'rtl');
    await page.getByRole('heading', { level: 1, name: translate('ar', 'migration.title', {}, { ar }) }).waitFor();
    await fits(PHONE.width);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshots(page, 'case-migration-ar');
    await page.setViewportSize(LAPTOP);
    await page.locator('label.lang select').selectOption('en');
  });

  it("the moved case's page shows the new step", async () => {
    const caseworker = await openAs(browser, t.url, 'caseworker');
    await caseworker.goto(`${t.url}/cases/${ids.high}`);
    await caseworker.getByText(FIRST_ASSESSMENT.en, { exact: true }).first().waitFor();
    await caseworker.context().close();
  });
});
