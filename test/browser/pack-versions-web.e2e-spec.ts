import { promises as fs } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { base32Decode, totp as totpCode } from '@app/identity';
import type { SopPack } from '@app/pack-types';
import { SopRegistry } from '@app/sop-registry';
import { translate } from '../../apps/web/src/translate';
import en from '../../apps/web/src/locales/pack-versions-en.json';
import fr from '../../apps/web/src/locales/pack-versions-fr.json';
import ar from '../../apps/web/src/locales/pack-versions-ar.json';
import { DEMO_PASSWORD } from '../support/app';
import { accessibilityViolations, LAPTOP, launchChromium, PHONE, screenshots, startWebApp } from '../support/browser';

/**
 * The published versions page in a real headless Chromium: an administrator publishes a changed
 * Moldova version (shorter high-risk deadline, a newly required field), reads what changed since the
 * first version in English and in French, worded with the pack's labels (never its ids), downloads
 * the version as a bundle, and sees a tampered bundle refused; at phone and laptop width, axe clean.
 */
describe('Web app: published versions of the pack', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  let page: Page;
  let pack: SopPack;
  let latestHash: string;
  const texts: Record<string, Record<string, string>> = { en, fr };
  const vt = (locale: string, key: string, vars: Record<string, string | number> = {}) => translate(locale, key, vars, texts);
  const label = (l: Record<string, string>, locale: string) => l[locale] ?? l.en;

  beforeAll(async () => {
    t = await startWebApp('web_pack_versions', new Date());
    pack = (await t.app.get(SopRegistry).current()).pack;
    // Version 2, published over the API: high risk within 24 h, and "Views of the child" required (a new form version).
    const admin = { authorization: await t.login('admin') };
    const [{ id }] = (await t.http.get('/api/sop/versions').set(admin)).body;
    const { files } = (await t.http.get(`/api/sop/versions/${id}/bundle`).set(admin)).body;
    files['deadlines.json'].deadlines.find((d: any) => d.id === 'initial_response').due[0].after = { hours: 24 };
    const form = structuredClone(files['forms/initial_assessment.v1.json']);
    form.version = 2;
    form.schema.required.push('child_views');
    delete files['forms/initial_assessment.v1.json'];
    files['forms/initial_assessment.v2.json'] = form;
    files['pack.json'].forms = files['pack.json'].forms.map((f: any) => (f.id === 'initial_assessment' ? { ...f, version: 2 } : f));
    const published = await t.http.post('/api/sop/versions').set(admin).send({ files, note: 'High risk within 24 h' });
    expect(published.status).toBe(201);
    latestHash = (await t.http.get('/api/sop/versions').set(admin)).body[0].contentHash;

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: LAPTOP, locale: 'en-GB', timezoneId: 'Europe/Chisinau', acceptDownloads: true });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => console.error(`[admin] page error: ${e.message}`));
    const secret = pack.demoUsers.find((u) => u.username === 'admin')!.totpSecret!;
    await page.goto(`${t.url}/`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // A code signs in once: the (controllable) clock moves to a fresh 30-s step before and after.
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

  /** The expected sentences, from the pack's labels in `locale`. */
  const expected = (locale: string) => {
    const deadline = pack.deadlines.find((d) => d.id === 'initial_response')!;
    const form = pack.forms.find((f) => f.id === 'initial_assessment')!;
    const high = pack.optionLists.risk_levels.find((o) => o.value === 'high')!;
    const element = (type: string, name: string) => vt(locale, `versions.element.${type}`, { name });
    const capital = (s: string) => s.charAt(0).toLocaleUpperCase(locale) + s.slice(1);
    return [
      capital(vt(locale, 'versions.change.form_version_changed', { element: element('form', label(form.title, locale)), before: 1, after: 2 })),
      capital(
        vt(locale, 'versions.change.field_required', {
          element: vt(locale, 'versions.element.of', {
            element: element('field', label(form.schema.properties.child_views['x-label'], locale)),
            parent: element('form', label(form.title, locale)),
          }),
        }),
      ),
      capital(
        vt(locale, 'versions.change.deadline_offset_changed', {
          element: element('deadline', label(deadline.label, locale)),
          when: vt(locale, 'versions.when', { condition: label(high.label, locale) }),
          before: '48 h',
          after: '24 h',
        }),
      ),
    ];
  };
  const changes = () => page.locator('.pack-changes li').allInnerTexts();

  it('lists the published versions, from the pack page', async () => {
    await page.goto(`${t.url}/admin`);
    await page.getByRole('link', { name: en['versions.link'] }).click();
    await page.getByRole('heading', { level: 1, name: en['versions.title'] }).waitFor();
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).innerText()).toContain('High risk within 24 h');
    expect(await rows.nth(0).innerText()).toContain(latestHash.slice(0, 12));
  });

  it('compares the first version with the current one, worded with labels in English, then in French', async () => {
    await page.getByRole('button', { name: `${en['versions.compare']} — ${en['versions.version']} 1` }).click();
    await page.getByRole('heading', { level: 2, name: vt('en', 'versions.diffTitle', { from: 1, to: 2 }) }).waitFor();
    expect(await changes()).toEqual(expected('en'));
    // Labels, never ids.
    expect((await changes()).join(' ')).not.toMatch(/initial_response|child_views|initial_assessment/);

    await page.locator('label.lang select').selectOption('fr');
    await page.getByRole('heading', { level: 2, name: vt('fr', 'versions.diffTitle', { from: 1, to: 2 }) }).waitFor();
    await page.waitForFunction((first) => (globalThis as any).document.querySelector('.pack-changes li')?.textContent === first, expected('fr')[0]);
    expect(await changes()).toEqual(expected('fr'));
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.locator('label.lang select').selectOption('en');
    await page.getByRole('heading', { level: 2, name: vt('en', 'versions.diffTitle', { from: 1, to: 2 }) }).waitFor();
  });

  it('downloads the current version as a bundle with its content hash, and refuses it tampered, publishing nothing', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: `${en['versions.download']} — ${en['versions.version']} 2` }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('moldova-v2.sop-bundle.json');
    const bundle = JSON.parse(await fs.readFile((await download.path())!, 'utf8'));
    expect(bundle).toMatchObject({ format: 'cmis-sop-bundle', packId: 'moldova', version: 2, contentHash: latestHash });
    await page
      .getByRole('status')
      .filter({ hasText: vt('en', 'versions.downloaded', { file: 'moldova-v2.sop-bundle.json' }) })
      .waitFor();

    const upload = (name: string, content: unknown) =>
      page.getByLabel(en['versions.importFile']).setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(content)) });
    bundle.files['deadlines.json'].deadlines[0].due[0].after = { hours: 1 };
    await upload('tampered.json', bundle);
    await page.getByRole('button', { name: en['versions.importButton'] }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: vt('en', 'versions.importRefused.sop_bundle_hash_mismatch', { file: 'tampered.json' }) })
      .waitFor();
    expect(await page.locator('tbody tr').count()).toBe(2);

    // The untouched bundle: already published here, nothing changes.
    bundle.files['deadlines.json'].deadlines[0].due[0].after = { hours: 24 };
    await upload('moldova-v2.sop-bundle.json', bundle);
    await page.getByRole('button', { name: en['versions.importButton'] }).click();
    await page
      .getByRole('status')
      .filter({ hasText: vt('en', 'versions.importUnchanged', { version: 2, hash: latestHash.slice(0, 12) }) })
      .waitFor();
  });

  it('fits a 360 px phone and a laptop, in English and in Arabic (right to left), with no accessibility violation', async () => {
    for (const size of [PHONE, LAPTOP]) {
      await page.setViewportSize(size);
      expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number)).toBeLessThanOrEqual(size.width);
      expect(await accessibilityViolations(page)).toEqual([]);
    }
    await screenshots(page, 'pack-versions');
    // Right to left, on a phone: the changes in Arabic, the page still fits.
    await page.setViewportSize(PHONE);
    await page.locator('label.lang select').selectOption('ar');
    await page.waitForFunction(() => (globalThis as any).document.documentElement.dir === 'rtl');
    await page.getByRole('heading', { level: 1, name: translate('ar', 'versions.title', {}, { ar }) }).waitFor();
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number)).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshots(page, 'pack-versions-ar');
  });
});
