import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { base32Decode, totp as totpCode } from '@app/identity';
import { SopRegistry } from '@app/sop-registry';
import { translate } from '../../apps/web/src/translate';
import { DEMO_PASSWORD } from '../support/app';
import { accessibilityViolations, LAPTOP, launchChromium, openAs, screenshots, startWebApp } from '../support/browser';
import { ReportSeed } from '../support/report-seed';
import { englishChecker } from '../support/untranslated';

/**
 * Reports and the administrator's page read in Arabic at 1280 px, with nothing left in English: the
 * interface's texts, the pack's labels, and the platform's own report words (indicator and dimension
 * names, status and yes/no values, table headers) that no locale file holds. Besides the interface and
 * pack texts (test/support/untranslated), any word in Latin letters on the page is English left over,
 * except the names of file formats and languages; case numbers and other codes are not words. The
 * de-identified export downloaded in Arabic has its columns and the platform's values in Arabic too.
 */
describe('Web app: reports, dashboards and the SOP pack page in Arabic, no English left', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  const pages: Page[] = [];
  const english = englishChecker('ar');
  const ar = (key: string, vars?: Record<string, string | number>) => translate('ar', key, vars);
  const now = new Date();
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();
  const born = (years: number) => `${now.getUTCFullYear() - years}-01-15`;
  // File formats and languages (in the language menu) keep their own names in every language.
  const OWN_NAMES = new Set(['CSV', 'Excel', 'JSON', 'English', 'Français', 'Română']);
  /**
   * The pack's codes the administrator's page shows beside their labels (steps, transitions, roles, forms,
   * languages); and, a known gap, the actions of plugins' permission subjects, which plugins declare
   * without words for them (shown as declared, as their subjects are).
   */
  let packCodes: Set<string>;
  /**
   * Known gap, not the platform's words: roles' descriptions and rules' notes are plain strings in the
   * pack format (documentation for its author, without translations); the Moldova pack writes them in English.
   */
  let untranslatablePackNotes: string[];

  /**
   * Latin-letter words of the page (its text, the names of its controls and images, its title), codes
   * aside: text in <code>, identifiers (dotted paths, a time zone, camelCase, upper-case codes such as
   * case numbers and location codes) and the pack's codes. A snake_case word that is not one of the
   * pack's codes is an untranslated id shown in its place (the page's fallback), so it counts.
   */
  const latinWords = async (page: Page, skip: string[] = []): Promise<string[]> => {
    const texts = await page.evaluate(() => {
      // Runs in the page: `globalThis` is the window there.
      const d = (globalThis as any).document;
      let text: string = d.body.innerText;
      for (const code of d.body.querySelectorAll('code')) text = text.replace(code.innerText, ' ');
      // The signed-in user's own name (the link to their profile) is a name, not a word of the interface.
      for (const name of d.body.querySelectorAll('a[href="/profile"] bdi')) text = text.replace(name.innerText, ' ');
      const out: string[] = [d.title, text];
      for (const el of d.body.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
        for (const a of ['aria-label', 'title', 'placeholder', 'alt']) out.push(el.getAttribute(a) ?? '');
      }
      for (const title of d.body.querySelectorAll('svg title')) out.push(title.textContent ?? '');
      return out;
    });
    let all = texts.join('\n');
    for (const s of skip) all = all.split(s).join(' ');
    const words = all
      .replace(/[A-Za-z0-9_]+(?:[./][A-Za-z0-9_]+)+/g, ' ')
      .replace(/\b[a-z0-9]+(?:_[a-z0-9]+)+\b/g, (id) => (packCodes.has(id) ? ' ' : id))
      .replace(/\b[a-z]+[A-Z][A-Za-z0-9]*\b/g, ' ')
      .replace(/\b[A-Z][A-Z0-9]+\b/g, ' ')
      .match(/[A-Za-z\u00C0-\u024F]{2,}/g);
    return [...new Set(words ?? [])].filter((w) => !OWN_NAMES.has(w) && !packCodes.has(w));
  };

  /** Nothing in English on the page as it is: interface texts, pack labels, and any other Latin word. */
  const expectNoEnglish = async (page: Page, skip: string[] = []) => {
    const left = await english(page);
    // A step's code (paused, closed) is not the interface's word for a status.
    const found = { interface: left.interface.filter((s) => !packCodes.has(s)), pack: left.pack, latin: await latinWords(page, skip) };
    expect(found).toEqual({ interface: [], pack: [], latin: [] });
  };

  /** Opens every "show as a table" of the page, so the tables' headers and rows are checked too. */
  const openTables = async (page: Page) => {
    const summaries = page.locator('details.as-table:not([open]) > summary');
    for (let n = await summaries.count(); n > 0; n = await summaries.count()) await summaries.first().click();
    await page.locator('details.as-table table').first().waitFor();
  };

  beforeAll(async () => {
    t = await startWebApp('web_reports_ar', now);
    browser = await launchChromium();
    const sop = await t.app.get(SopRegistry).current();
    const { workflow, manifest, roles } = sop.pack;
    packCodes = new Set([
      ...workflow.steps.map((x) => x.id),
      ...workflow.transitions.map((x) => x.id),
      ...roles.map((x) => x.id),
      ...sop.pack.forms.map((x) => x.id),
      ...manifest.locales,
      ...sop.pack.plugins.flatMap((x) => [...Object.keys(x.subjects), ...Object.values(x.subjects).flat()]),
    ]);
    untranslatablePackNotes = roles.flatMap((r) => [r.description ?? '', ...r.rules.map((p) => p.note ?? '')]).filter(Boolean);
    const seed = new ReportSeed(t.app.get(DataSource), sop.pack, sop.versionId);
    // Enough cases in each group to be shown, a few to be hidden, some paused and closed: every
    // built-in value label (status, sex, age band, risk, "not recorded") has rows to appear on.
    const ch = { agency: 'social_ch', team: 'ch_social_team', location: 'CH01', assignedTo: 'caseworker' };
    const mine = await seed.cases(8, { ...ch, sex: 'female', dateOfBirth: born(7), risk: 'high', registeredAt: daysAgo(100) });
    await seed.cases(6, { ...ch, sex: 'male', dateOfBirth: born(12), risk: 'low', registeredAt: daysAgo(80) });
    await seed.cases(5, { ...ch, status: 'paused', sex: 'male', dateOfBirth: born(3), registeredAt: daysAgo(70) });
    await seed.cases(2, { ...ch, sex: null, dateOfBirth: null, registeredAt: daysAgo(20) });
    const st = { agency: 'social_st', team: 'st_social_team', location: 'ST01', assignedTo: 'caseworker2' };
    await seed.cases(7, { ...st, sex: 'female', dateOfBirth: born(15), risk: 'medium', registeredAt: daysAgo(50) });
    await seed.cases(5, { ...st, status: 'closed', sex: 'female', dateOfBirth: born(9), registeredAt: daysAgo(90) });
    // Initial responses due in the last two quarters, kept on time and late: the deadline tables have rows.
    for (const [i, id] of mine.entries()) {
      const dueAt = daysAgo(i % 2 ? 100 : 10);
      await seed.deadline(id, 'initial_response', { dueAt, status: i % 3 ? 'met' : 'late', closedAt: dueAt });
    }
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the national analyst the reports page and the national dashboard (tables included) in Arabic only, and exports in Arabic', async () => {
    const page = await openAs(browser, t.url, 'analyst', LAPTOP, 'ar');
    pages.push(page);
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.dir as string)).toBe('rtl');
    await page
      .getByRole('navigation')
      .getByRole('link', { name: ar('nav.reports') })
      .click();
    await page.getByRole('heading', { level: 1, name: ar('reports.title') }).waitFor();
    await page.getByRole('link', { name: 'نظرة عامة وطنية' }).waitFor();
    await expectNoEnglish(page);
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'نظرة عامة وطنية' }).click();
    await page.getByRole('heading', { level: 1, name: 'نظرة عامة وطنية' }).waitFor();
    await page.locator('.widget').first().waitFor();
    expect(await page.locator('.widget').count()).toBe(7);
    await openTables(page);
    // The platform's words, in Arabic: a dimension's name, a table's header, a deadline indicator.
    const text = await page.locator('main').innerText();
    expect(text).toContain(ar('chart.total'));
    expect(text).toContain('الجنس');
    expect(text).toContain('أُنجز في الموعد');
    await expectNoEnglish(page);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshots(page, '54-reports-national-arabic');

    // The de-identified export, downloaded in Arabic: its columns and the platform's values in Arabic.
    await page.getByRole('link', { name: ar('reports.all') }).click();
    const button = page.getByRole('button', { name: ar('export.deidentifiedCsv') });
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const header = csv.split(/\r?\n/)[0];
    for (const column of [
      'المعرّف المستعار',
      'الحالة الإدارية',
      'المرحلة',
      'الجنس',
      'العمر عند التسجيل',
      'شهر التسجيل',
      'المكان (المقاطعة)',
      'رمز المكان (المقاطعة)',
    ]) {
      expect(header).toContain(column);
    }
    expect(header.match(/[A-Za-z]{2,}/g)).toBeNull();
    expect(csv).toContain('نشطة');
    expect(csv).not.toMatch(/\b(Active|Pending|Closed|Not recorded|Yes|No)\b/);
  });

  it("shows the district authority its dashboard in Arabic, the cases' statuses included", async () => {
    const page = await openAs(browser, t.url, 'district', LAPTOP, 'ar');
    pages.push(page);
    await page.goto(`${t.url}/reports/district`);
    await page.getByRole('heading', { level: 1, name: 'نظرة عامة على المقاطعة' }).waitFor();
    await page.locator('.widget').first().waitFor();
    await openTables(page);
    // "Active cases" split by status: the platform's status words.
    expect(await page.locator('main').innerText()).toMatch(/نشطة|معلّقة/);
    await expectNoEnglish(page);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('shows the administrator the SOP pack page in Arabic, with nothing in English', async () => {
    const context = await browser.newContext({ viewport: LAPTOP, locale: 'ar', timezoneId: 'Europe/Chisinau' });
    const page = await context.newPage();
    pages.push(page);
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => console.error(`[admin] page error: ${e.message}`));
    const sop = await t.app.get(SopRegistry).current();
    const secret = sop.pack.demoUsers.find((u) => u.username === 'admin')!.totpSecret!;
    await page.goto(`${t.url}/`);
    await page.getByLabel(ar('login.username')).fill('admin');
    await page.getByLabel(ar('login.password')).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: ar('login.submit') }).click();
    // The code is computed from the server's (test) clock, on a fresh 30-s step: a code signs in once.
    t.clock.advance(30_000);
    await page.getByLabel(ar('login.code')).fill(totpCode(base32Decode(secret), t.clock.now().getTime()));
    await page.getByRole('button', { name: ar('login.submit') }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${ar('home.hello', { name: '' }).trim()}`) }).waitFor();
    t.clock.advance(30_000);

    await page
      .getByRole('navigation')
      .getByRole('link', { name: ar('nav.admin') })
      .click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.locator('svg').first().waitFor();
    await page.waitForLoadState('networkidle');
    await expectNoEnglish(page, untranslatablePackNotes);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshots(page, '55-admin-pack-arabic');
  });
});
