import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { SopRegistry } from '@app/sop-registry';
import { countCsvRows } from '../../apps/web/src/csv-rows';
import { ReportSeed } from '../support/report-seed';
import { accessibilityViolations, LAPTOP, launchChromium, openAs, PHONE, screenshots, startWebApp } from '../support/browser';

/**
 * Reports in the web app, on a seeded data set (dates relative to today, inside the dashboards'
 * default 12 months): the national analyst's dashboard drawn as charts with a table alternative, small
 * figures shown as "*" and never a child's name; an export downloaded with its progress; a teacher
 * told reports are not for their role; Arabic right to left on a phone.
 *
 *   CH01 caseworker : 7 F 5-9 high · 3 M 10-14 low      CH01 caseworker3: 6 M 0-4 high
 *   CH02 caseworker3: 4 F 5-9                           ST01 caseworker2: 9 F 5-9 medium · 1 M 10-14
 * Active cases by sex × age: female 5-9 = 20, male 0-4 = 6, male 10-14 = 4 (under 5: hidden).
 * Initial response deadlines: 20 due in the last quarter (5 kept on time, 5 kept late, 5 missed, 5 still
 * open: 25 %), 6 due early this quarter (all met).
 */
describe('Web app: reports and dashboards', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  const pages: Page[] = [];
  const now = new Date();
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();
  const born = (years: number) => `${now.getUTCFullYear() - years}-01-15`;
  // Runs in the page: `globalThis` is the window there.
  const pageWidth = (page: Page) => page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number);
  const open = async (username: string, viewport = LAPTOP) => {
    const page = await openAs(browser, t.url, username, viewport);
    pages.push(page);
    return page;
  };

  beforeAll(async () => {
    t = await startWebApp('web_reports', now);
    browser = await launchChromium();
    const sop = await t.app.get(SopRegistry).current();
    const seed = new ReportSeed(t.app.get(DataSource), sop.pack, sop.versionId);
    const ch = { agency: 'social_ch', team: 'ch_social_team' };
    const mine = [
      ...(await seed.cases(7, {
        ...ch,
        location: 'CH01',
        assignedTo: 'caseworker',
        sex: 'female',
        dateOfBirth: born(7),
        risk: 'high',
        registeredAt: daysAgo(120),
      })),
      ...(await seed.cases(3, {
        ...ch,
        location: 'CH01',
        assignedTo: 'caseworker',
        sex: 'male',
        dateOfBirth: born(12),
        risk: 'low',
        registeredAt: daysAgo(110),
      })),
    ];
    const others = await seed.cases(6, {
      ...ch,
      location: 'CH01',
      assignedTo: 'caseworker3',
      sex: 'male',
      dateOfBirth: born(2),
      risk: 'high',
      registeredAt: daysAgo(40),
    });
    await seed.cases(4, { ...ch, location: 'CH02', assignedTo: 'caseworker3', sex: 'female', dateOfBirth: born(7), registeredAt: daysAgo(30) });
    const st = { agency: 'social_st', team: 'st_social_team', location: 'ST01', assignedTo: 'caseworker2', registeredAt: daysAgo(60) };
    await seed.cases(9, { ...st, sex: 'female', dateOfBirth: born(7), risk: 'medium' });
    await seed.cases(1, { ...st, sex: 'male', dateOfBirth: born(12) });
    // Kept and late counts of 5 or more (or none): small ones would be hidden, and the line with them.
    // Due in the middle of the last quarter and early in this one, whatever today's date.
    const quarterStart = Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3, 1);
    const at = (ms: number) => new Date(ms).toISOString();
    const lastQuarter = quarterStart - 45 * 86_400_000;
    const thisQuarter = quarterStart + 86_400_000;
    for (const [i, id] of mine.slice(0, 10).entries()) {
      await seed.deadline(id, 'initial_response', {
        dueAt: at(lastQuarter),
        status: i < 5 ? 'met' : 'late',
        closedAt: at(lastQuarter + (i < 5 ? -1 : 1) * 86_400_000),
      });
      // A second one each: never kept (it stopped applying two days after due), or still open.
      await seed.deadline(
        id,
        'initial_response',
        i < 5 ? { dueAt: at(lastQuarter), status: 'missed', closedAt: at(lastQuarter + 2 * 86_400_000) } : { dueAt: at(lastQuarter), status: 'open' },
      );
    }
    for (const id of others) await seed.deadline(id, 'initial_response', { dueAt: at(thisQuarter), status: 'met', closedAt: at(thisQuarter - 3_600_000) });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the national analyst the national dashboard as charts, with "*" for small figures and the numbers as tables', async () => {
    const page = await open('analyst');
    await page.getByRole('navigation').getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
    await page.getByRole('link', { name: 'National overview' }).click();
    await page.getByRole('heading', { level: 1, name: 'National overview' }).waitFor();
    const widgets = page.locator('.widget');
    await widgets.first().waitFor();
    expect(await widgets.count()).toBe(7);
    await page.locator('.line-chart svg polyline').first().waitFor();
    // When the figures are from (a national dashboard's may be kept a few minutes), in the pack's time zone.
    expect(await page.locator('.figures-as-of').innerText()).toMatch(/^Figures as of .*20\d\d.*\d:\d\d.*\.$/);

    // Bars: one per district, each with its figure written on it.
    const registered = widgets.filter({ has: page.getByRole('heading', { name: 'Child protection cases registered' }) });
    const rows = registered.locator('.bar-row');
    expect(await rows.count()).toBe(2);
    expect((await rows.nth(0).innerText()).replace(/\s+/g, ' ')).toBe('Chișinău 20');
    expect((await rows.nth(1).innerText()).replace(/\s+/g, ' ')).toBe('Strășeni 10');

    // Sex × age: small multiples; 4 boys aged 10-14 are too few to show: "*", a hatched stub, the legend.
    const active = widgets.filter({ has: page.getByRole('heading', { name: 'Active cases' }) });
    expect(await active.locator('.bar-group').count()).toBeGreaterThanOrEqual(2);
    const boys = active.locator('.bar-group', { has: page.getByRole('heading', { name: /^Male/ }) }).locator('.bar-row', { hasText: '10–14' });
    expect(await boys.locator('.bar-value').innerText()).toContain('*');
    expect(await boys.locator('.bar-hidden').count()).toBe(1);
    expect(await active.locator('.suppression-note').innerText()).toContain("hidden to protect people's identities (fewer than 5");

    // The table alternative holds the same figures.
    await registered.getByText('Show as a table').click();
    const table = registered.getByRole('table');
    expect((await table.getByRole('row', { name: /Chișinău/ }).innerText()).replace(/\s+/g, ' ')).toBe('Chișinău 20');
    expect(await table.getByRole('row', { name: /Total/ }).innerText()).toContain('30');
    await active.getByText('Show as a table').click();
    expect(await active.getByRole('table').innerText()).toContain('*');
    // The line over quarters is an image with a name; its points are in its table too.
    const line = widgets.filter({ has: page.locator('.line-chart') });
    await line.getByRole('img', { name: /Response according to the risk level/ }).waitFor();
    await line.getByText('Show as a table').click();
    const compliance = line.getByRole('table');
    expect(await compliance.innerText()).toMatch(/25 %[\s\S]*100 %/);
    const head = (await compliance.locator('thead').innerText()).replace(/\s+/g, ' ');
    expect(head).toContain('Percentage Due On time Kept late Missed Still open Median delay (hours)');
    // The missed ones count among those due, not as kept: 5 of 20 on time.
    expect((await compliance.getByRole('row', { name: /25 %/ }).innerText()).replace(/\s+/g, ' ')).toMatch(/ 25 % 20 5 5 5 5 [\d,.]+$/);

    // No child's name anywhere, not even in the page's markup.
    expect(await page.content()).not.toMatch(/Seedchild|Seedfamily/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.setViewportSize(PHONE);
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshots(page, '50-reports-national');
  });

  it('filters a dashboard by place, and says why a place is not accepted', async () => {
    const page = await open('analyst', PHONE);
    await page.goto(`${t.url}/reports/national`);
    const registered = page.locator('.widget', { has: page.getByRole('heading', { name: 'Child protection cases registered' }) });
    await registered.locator('.bar-row').first().waitFor();
    // The form starts from the dashboard's default period (its first day, in the pack's time zone).
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toMatch(/^\d{4}-\d{2}-01$/);
    await page.getByLabel('Location code (optional)').fill('ST');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.getByText(/· place ST$/).waitFor();
    await registered.locator('.bar-row').first().waitFor();
    expect((await registered.locator('.bars').innerText()).replace(/\s+/g, ' ')).toBe('Strășeni 10');
    await page.getByLabel('Location code (optional)').fill('XX');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.getByRole('alert').getByText('There is no location "XX" in this SOP.').waitFor();
    await page.getByRole('button', { name: 'Default period' }).click();
    await registered.locator('.bar-row').nth(1).waitFor();
    expect(await page.getByLabel('Location code (optional)').inputValue()).toBe('');
  });

  it('downloads a chart\'s table as CSV for the dashboard\'s period, the hidden figures still "*"', async () => {
    const page = await open('analyst');
    await page.goto(`${t.url}/reports/national`);
    const active = page.locator('.widget', { has: page.getByRole('heading', { name: 'Active cases' }) });
    const button = active.getByRole('button', { name: 'Download the table (CSV)' });
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toMatch(/^indicator-active_cases-.*\.csv$/);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text).toContain('*');
    expect(text).not.toMatch(/Seedchild|Seedfamily/);
    const rows = countCsvRows(text);
    await active.getByText(`${rows} of ${rows} rows`).waitFor();
    await active.getByText(/^Saved as indicator-active_cases-.+\.csv\.$/).waitFor();
  });

  it('lets the supervisor download the case list as CSV, with its progress reaching the total', async () => {
    const page = await open('supervisor');
    await page.getByRole('navigation').getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Case list (CSV)' }).click()]);
    const saved = await download.path();
    const text = readFileSync(saved!, 'utf8');
    const rows = countCsvRows(text);
    expect(rows).toBeGreaterThan(0);
    const exportBox = page.locator('.export', { has: page.getByRole('button', { name: 'Case list (CSV)' }) });
    await exportBox.getByText(`${rows.toLocaleString('en')} of ${rows.toLocaleString('en')} rows`).waitFor();
    await exportBox.getByText(/^Saved as .+\.csv\.$/).waitFor();
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    // XLSX arrives zipped, not countable in rows: the bytes received are shown instead.
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Case list (Excel)' }).click()]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(
      readFileSync((await xlsx.path())!)
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    await page
      .locator('.export', { has: page.getByRole('button', { name: 'Case list (Excel)' }) })
      .getByText(/^\d+ KB received$/)
      .waitFor();
    // Not for a supervisor's role: the server's reason, in place.
    await page.getByRole('button', { name: 'De-identified data (CSV)' }).click();
    await page
      .locator('.export', { has: page.getByRole('button', { name: 'De-identified data (CSV)' }) })
      .getByRole('alert')
      .waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('counts CSV rows as they arrive, a line break inside quotes not being a row', async () => {
    const page = await open('analyst');
    const total = 2500;
    const body = ['case,notes', ...Array.from({ length: total }, (_, i) => `MD-${i},"first line\nsecond, ""quoted"" line"`)].join('\r\n') + '\r\n';
    await page.route('**/api/reports/exports/cases-deidentified?*', (route) =>
      route.fulfill({
        status: 200,
        body,
        headers: {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': 'attachment; filename="deidentified.csv"',
          'X-Export-Rows': String(total),
        },
      }),
    );
    await page.goto(`${t.url}/reports`);
    const button = page.getByRole('button', { name: 'De-identified data (CSV)' });
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe('deidentified.csv');
    const box = page.locator('.export', { has: button });
    await box.getByText('2,500 of 2,500 rows').waitFor();
    expect(await box.locator('progress').evaluate((p: any) => [p.value, p.max])).toEqual([total, total]);
  });

  it("shows the district authority its figures and the supervisor the team's caseload per worker", async () => {
    const district = await open('district', PHONE);
    await district.goto(`${t.url}/reports/district`);
    await district.getByRole('heading', { level: 1, name: 'District overview' }).waitFor();
    // "Active cases" as a figure: the district's 20 open cases, with the split by status under it.
    const active = district.locator('.widget', { has: district.getByRole('heading', { name: 'Active cases' }) });
    expect(await active.locator('.figure-value').innerText()).toBe('20');
    expect((await active.locator('.figure-parts').innerText()).replace(/\s+/g, ' ')).toContain('Active 20');
    expect(await pageWidth(district)).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityViolations(district)).toEqual([]);
    await screenshots(district, '52-reports-district');

    const supervisor = await open('supervisor');
    await supervisor.goto(`${t.url}/reports/team`);
    const caseload = supervisor.locator('.widget', { has: supervisor.getByRole('heading', { name: 'Caseload per worker' }) });
    await caseload.locator('.bar-row').first().waitFor();
    expect((await caseload.locator('.bars').innerText()).replace(/\s+/g, ' ')).toContain('Elena Cojocaru 10');
    // Registrations per month: every month of the last 12, those without any as 0 (not left out).
    const monthly = supervisor.locator('.widget', { has: supervisor.locator('.line-chart') });
    expect(await monthly.locator('svg circle').count()).toBe(12);
    expect(await monthly.locator('tbody tr').count()).toBe(13); // and the total
    expect(await accessibilityViolations(supervisor)).toEqual([]);
    await screenshots(supervisor, '53-reports-team');
  });

  it("lists the records a caseworker should correct, without the child's name", async () => {
    // Saved with a data-quality warning (18 or older at registration): the report lists it.
    const res = await t.http
      .post('/api/cases')
      .set('Authorization', await t.login('caseworker'))
      .send({
        caseType: 'child_protection',
        answers: { first_name: 'Adultina', last_name: 'Checkme', sex: 'female', date_of_birth: born(19), consent_status: 'given', assent_status: 'given' },
      });
    expect(res.status).toBe(201);
    expect(res.body.warnings.map((w: any) => w.id)).toEqual(['child_under_18']);
    const page = await open('caseworker');
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('button', { name: 'Check my records' }).click();
    const section = page.getByRole('region', { name: 'Data to check' });
    await section.getByRole('link', { name: res.body.caseNumber }).waitFor();
    expect(await section.textContent()).toContain('18 or older at registration');
    expect(await section.textContent()).not.toContain('Adultina');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('shows a teacher no Reports link, and says reports are not for their role', async () => {
    const page = await open('teacher');
    await page.goto(`${t.url}/reports`);
    await page.getByText('Reports are not part of your role.').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Reports' }).count()).toBe(0);
    expect(await page.locator('.widget, .export').count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('reads right to left in Arabic on a phone, the bars growing from the right, without overflow', async () => {
    const page = await open('analyst', PHONE);
    await page.getByLabel('Language').selectOption('ar');
    await page.goto(`${t.url}/reports/national`);
    const widgets = page.locator('.widget');
    await widgets.first().waitFor();
    await page.locator('.line-chart svg polyline').first().waitFor();
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.dir as string)).toBe('rtl');
    await page.getByRole('heading', { level: 2, name: 'الفترة والمكان' }).waitFor();
    const bar = await page.locator('.bar:not(.bar-hidden)').first().boundingBox();
    const track = await page.locator('.bar:not(.bar-hidden)').first().locator('xpath=..').boundingBox();
    expect(Math.abs(bar!.x + bar!.width - (track!.x + track!.width))).toBeLessThan(1);
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshots(page, '51-reports-arabic');
  });
});
