import type { Browser, Page } from 'playwright-core';
import { casesClient } from '../support/cases-client';
import { accessibilityViolations, LAPTOP, launchChromium, openAs, PHONE, screenshots, startWebApp } from '../support/browser';

/**
 * The case list, tasks, team and approvals pages against the real API and PostgreSQL, at 360 px
 * (and checked at 1280 px): a caseworker filters the list by step and overdue (the address keeps the
 * filters through reload, back and forward), pages through it, changes its order and opens a case;
 * the tasks page shows an overdue deadline leading to its case; the supervisor sees the workload per
 * worker, gives two cases to another caseworker, who then has them in their list, and approves a
 * step with a comment that the case's timeline shows.
 */
describe('Web app: case list, tasks, team workload, reassignment and approvals', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let api: ReturnType<typeof casesClient>;
  let browser: Browser;
  const registered: Array<{ id: string; caseNumber: string }> = [];
  let planned: { id: string; caseNumber: string };
  const names: Record<string, string> = {};

  const open = (user: string) => openAs(browser, t.url, user, PHONE);
  /** Waits until no request is pending and nothing says "Loading". */
  const settled = async (page: Page) => {
    await page.waitForLoadState('networkidle');
    await page.waitForFunction(() => !(globalThis as any).document.querySelector('.loading, [aria-busy="true"]'));
  };
  /** Waits for the list to show `n` rows (after a new address the old rows stay until the new ones come). */
  const rowsShown = (page: Page, n: number) =>
    page.waitForFunction((count) => (globalThis as any).document.querySelectorAll('.case-table tbody tr').length === count, n);
  /** Waits for the first row to be this case. */
  const firstRowIs = (page: Page, caseNumber: string) =>
    page.waitForFunction((number) => (globalThis as any).document.querySelector('.case-table tbody tr th')?.textContent.includes(number), caseNumber);
  /** axe at phone and laptop width: the page must be clean at both. */
  const axeBothWidths = async (page: Page) => {
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.setViewportSize(LAPTOP);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.setViewportSize(PHONE);
  };
  /**
   * At 360 px: neither the page nor the list scrolls sideways, every case's status and worker lie
   * within the screen's width, and Chromium's accessibility tree still has the table: its column
   * headers and each case as a row header with its cells.
   */
  const listFitsPhone = async (page: Page) => {
    const widths = await page.evaluate(() => {
      const d = (globalThis as any).document;
      const list = d.querySelector('.case-table');
      return { list: [list.scrollWidth, list.clientWidth], page: [d.documentElement.scrollWidth, d.documentElement.clientWidth] };
    });
    expect(widths.list[0]).toBeLessThanOrEqual(widths.list[1]);
    expect(widths.page[0]).toBeLessThanOrEqual(widths.page[1]);
    const rows = page.locator('.case-table tbody tr');
    const n = await rows.count();
    expect(n).toBeGreaterThan(0);
    for (let i = 0; i < n; i++) {
      for (const label of ['Status', 'Worker']) {
        const cell = rows.nth(i).locator(`td[data-label="${label}"]`);
        expect((await cell.innerText()).trim()).not.toBe('');
        const box = (await cell.boundingBox())!;
        expect(box.width).toBeGreaterThan(20);
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
      }
    }
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    await cdp.detach();
    const named = (role: string) => nodes.filter((x: any) => !x.ignored && x.role?.value === role).map((x: any) => String(x.name?.value ?? ''));
    expect(named('columnheader')).toEqual(expect.arrayContaining(['Case', 'Step', 'Status', 'Risk', 'Worker', 'Place', 'Case type']));
    expect(named('rowheader').filter((name) => /\d/.test(name))).toHaveLength(n);
    expect(named('table')).toHaveLength(1);
    // The visual labels are not read a second time: "Status" is only the column header's (and the filter's) text.
    const statusTexts = nodes.filter((x: any) => !x.ignored && x.role?.value === 'StaticText' && x.name?.value === 'Status');
    expect(statusTexts.length).toBeLessThanOrEqual(2);
  };
  /** At 1280 px the list is a table: its caption and column headers in one visible row, a case per row. */
  const tableAtLaptop = async (page: Page) => {
    await page.setViewportSize(LAPTOP);
    const shape = await page.evaluate(() => {
      const d = (globalThis as any).document;
      const g = globalThis as any;
      const heads = [...d.querySelectorAll('.case-table thead th')].map((th: any) => th.getBoundingClientRect());
      return {
        table: g.getComputedStyle(d.querySelector('.case-table table')).display,
        row: g.getComputedStyle(d.querySelector('.case-table tbody tr')).display,
        caption: d.querySelector('.case-table caption').getBoundingClientRect().height,
        tops: [...new Set(heads.map((r: any) => Math.round(r.top)))],
        narrowest: Math.min(...heads.map((r: any) => r.width)),
        scroll: d.querySelector('.case-table').scrollWidth - d.querySelector('.case-table').clientWidth,
      };
    });
    expect(shape).toMatchObject({ table: 'table', row: 'table-row', scroll: 0 });
    expect(shape.caption).toBeGreaterThan(10);
    expect(shape.tops).toHaveLength(1);
    expect(shape.narrowest).toBeGreaterThan(20);
    for (const name of ['Case', 'Step', 'Status', 'Risk', 'Worker', 'Place', 'Case type']) {
      await expect(page.getByRole('columnheader', { name, exact: true }).isVisible()).resolves.toBe(true);
    }
    await page.setViewportSize(PHONE);
  };
  const child = (n: number) => ({
    first_name: `Copil${String(n).padStart(2, '0')}`,
    last_name: 'Ursu',
    sex: 'male',
    date_of_birth: '2016-04-04',
    consent_status: 'not_required_emergency',
    assent_status: 'given',
  });

  beforeAll(async () => {
    // Cases registered three weeks ago, a minute apart (so orders are certain): their first deadlines are overdue today.
    const now = new Date();
    t = await startWebApp('case_list_web', new Date(now.getTime() - 21 * 86_400_000));
    api = casesClient(t);
    for (let n = 1; n <= 14; n++) {
      const res = await api.register('caseworker', 'child_protection', child(n));
      expect(res.status).toBe(201);
      registered.push({ id: res.body.id, caseNumber: res.body.caseNumber });
      t.clock.advance(60_000);
    }
    // Three move on to the initial assessment: 11 stay at registration.
    for (const c of registered.slice(11)) expect((await api.transition('caseworker', c.id, 'start_assessment')).status).toBe(200);
    // A care plan waiting for the supervisor's approval.
    const reg = await api.register('caseworker', 'child_protection', { ...child(99), first_name: 'Ana', last_name: 'Lupu' });
    planned = { id: reg.body.id, caseNumber: reg.body.caseNumber };
    await api.transition('caseworker', planned.id, 'start_assessment');
    await api.fill('caseworker', planned.id, 'initial_assessment', { assessment_date: '2026-03-02', risk_level: 'low', summary: 'Low risk.' });
    await api.transition('caseworker', planned.id, 'start_specialised_assessments');
    await api.transition('caseworker', planned.id, 'start_comprehensive_assessment');
    await api.fill('caseworker', planned.id, 'comprehensive_assessment', { assessment_date: '2026-03-03', summary: 'Needs school support.' });
    await api.transition('caseworker', planned.id, 'start_care_planning');
    await api.fill('caseworker', planned.id, 'care_plan', {
      goals: [{ goal: 'School support', service: 'health_care', responsible: 'Teacher', target_date: '2026-04-01' }],
      review_date: '2026-03-20',
    });
    expect((await api.transition('caseworker', planned.id, 'implement_care_plan')).status).toBe(202);
    // Today, as the browser's clock says.
    t.clock.set(now);
    for (const u of ['caseworker', 'caseworker3']) names[u] = (await t.http.get('/api/auth/me').set(await api.as(u))).body.displayName;
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('a caseworker filters by step and overdue, the address keeps it through reload, back and forward; pages, sorts and opens a case', async () => {
    const page = await open('caseworker');
    await page.getByRole('navigation').getByRole('link', { name: 'Cases', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
    await settled(page);
    // Folded on a phone: the filters open with their summary.
    await page.locator('.case-filters summary').click();
    await page.getByLabel('Step').selectOption({ label: 'Registration' });
    await page.waitForURL(/step=registration/);
    await page.getByLabel('Overdue', { exact: true }).selectOption({ label: 'Overdue only' });
    await page.waitForURL(/step=registration&overdue=true/);
    await page.getByLabel('Cases per page').selectOption('10');
    await page.waitForURL(/pageSize=10/);
    await settled(page);
    await page.getByRole('status').filter({ hasText: 'Cases found: 11' }).waitFor();
    await rowsShown(page, 10);
    const rows = page.locator('.case-table tbody tr');
    // Labels, not ids: the step, the status, the place and the worker by name.
    await expect(rows.first().innerText()).resolves.toMatch(/Registration[\s\S]*open[\s\S]*you[\s\S]*Bubuieci[\s\S]*Child protection case/);
    await screenshots(page, 'case-list-01-filtered');
    await axeBothWidths(page);
    // On a phone each case is a block that fits the screen; on a laptop the list is a table.
    await listFitsPhone(page);
    await tableAtLaptop(page);

    await page.reload();
    await settled(page);
    expect(new URL(page.url()).search).toBe('?step=registration&overdue=true&pageSize=10');
    await expect(page.getByLabel('Step').inputValue()).resolves.toBe('registration');
    await page.getByRole('status').filter({ hasText: 'Cases found: 11' }).waitFor();

    await page.getByRole('link', { name: 'Next page' }).click();
    await page.waitForURL(/page=2/);
    await rowsShown(page, 1);
    await settled(page);
    await page.getByRole('navigation', { name: 'Pages' }).getByText('Page 2 of 2').waitFor();
    // The keyboard is where the new rows start.
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.id)).toBe('results-title');
    await page.goBack();
    await page.waitForURL((url) => !url.search.includes('page=2'));
    await rowsShown(page, 10);
    await settled(page);
    await page.goForward();
    await page.waitForURL(/page=2/);
    await rowsShown(page, 1);
    await settled(page);

    // Oldest registered first: the first case registered leads the first page.
    await page.getByLabel('Order').selectOption({ label: 'Oldest registered first' });
    await page.waitForURL((url) => url.searchParams.get('sort') === 'registered_asc' && !url.searchParams.has('page'));
    await firstRowIs(page, registered[0].caseNumber);
    await settled(page);
    await page.getByLabel('Order').selectOption({ label: 'Newest registered first' });
    await page.waitForURL(/sort=registered(?!_)/);
    await firstRowIs(page, registered[10].caseNumber);
    await settled(page);

    await rows.first().getByRole('link', { name: registered[10].caseNumber }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${registered[10].caseNumber}`) }).waitFor();
    await page.context().close();
  });

  it('the tasks page shows an overdue deadline and leads to its case', async () => {
    const page = await open('caseworker');
    await page.getByRole('navigation').getByRole('link', { name: 'Tasks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tasks' }).waitFor();
    await settled(page);
    const overdue = page.getByRole('list', { name: /^Overdue/ }).first();
    const item = overdue.getByRole('listitem').filter({ hasText: registered[0].caseNumber }).filter({ hasText: 'Initial assessment within 3 working days' });
    await expect(item.innerText()).resolves.toMatch(/Initial assessment within 3 working days[\s\S]*Overdue[\s\S]*due /);
    await screenshots(page, 'case-list-02-tasks');
    await axeBothWidths(page);
    await item.getByRole('link', { name: new RegExp(registered[0].caseNumber) }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${registered[0].caseNumber}`) }).waitFor();
    await page.context().close();
  });

  it('the supervisor sees the workload per worker and gives two cases to another caseworker, who then has them', async () => {
    const page = await open('supervisor');
    await page.getByRole('navigation').getByRole('link', { name: 'Team' }).click();
    await page.getByRole('heading', { level: 1, name: 'My team' }).waitFor();
    await settled(page);
    const row = page.getByRole('row', { name: new RegExp(`^${names.caseworker}`) });
    await expect(row.getByRole('cell').first().innerText()).resolves.toBe('15');
    expect(Number(await row.getByRole('cell').nth(1).innerText())).toBeGreaterThan(0);
    await expect(
      page
        .getByRole('row', { name: new RegExp(`^${names.caseworker3}`) })
        .getByRole('cell')
        .first()
        .innerText(),
    ).resolves.toBe('0');
    await screenshots(page, 'case-list-03-workload');
    await axeBothWidths(page);

    await page.getByRole('link', { name: "The team's cases" }).click();
    await page.waitForURL(/\/cases\?team=true/);
    await settled(page);
    // With the selection checkboxes too (each within the screen), nothing scrolls sideways.
    await listFitsPhone(page);
    for (const c of registered.slice(0, 2)) {
      const box = (await page.getByRole('checkbox', { name: `Choose ${c.caseNumber}` }).boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    }
    await page.getByRole('checkbox', { name: 'Choose every case of this page' }).waitFor();
    await tableAtLaptop(page);
    for (const c of registered.slice(0, 2)) await page.getByRole('checkbox', { name: `Choose ${c.caseNumber}` }).check();
    const panel = page.locator('section', { has: page.getByRole('heading', { name: 'Reassign cases' }) });
    await panel.getByText('Chosen (2):').waitFor();
    await panel.getByLabel('Give them to').selectOption({ label: names.caseworker3 });
    await panel.getByLabel(/^Reason/).fill('Holiday cover for two weeks');
    await axeBothWidths(page);
    await screenshots(page, 'case-list-04-reassign');
    await panel.getByRole('button', { name: 'Reassign (2)' }).click();
    await panel
      .getByRole('status')
      .filter({ hasText: `Now assigned to ${names.caseworker3}: 2` })
      .waitFor();
    await page.context().close();

    const colleague = await open('caseworker3');
    await colleague.goto(`${t.url}/cases?mine=true`);
    await settled(colleague);
    await colleague.getByRole('status').filter({ hasText: 'Cases found: 2' }).waitFor();
    for (const c of registered.slice(0, 2)) await colleague.getByRole('link', { name: c.caseNumber }).waitFor();
    await expect(colleague.getByLabel('Whose cases').inputValue()).resolves.toBe('mine');
    await colleague.context().close();
  });

  it('the supervisor approves a care plan with a comment, which the case timeline shows', async () => {
    const page = await open('supervisor');
    await page.getByRole('navigation').getByRole('link', { name: 'Approvals' }).click();
    await page.getByRole('heading', { level: 1, name: 'Approvals waiting for me' }).waitFor();
    await settled(page);
    const item = page.locator('section', { has: page.getByRole('heading', { name: new RegExp(planned.caseNumber) }) });
    await item.getByText('Implement the care plan').first().waitFor();
    await item.getByLabel(/^Comment/).fill('Plan agreed with the family');
    await axeBothWidths(page);
    await screenshots(page, 'case-list-05-approval');
    await item.getByRole('button', { name: 'Approve' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Approved: Implement the care plan, ${planned.caseNumber}` })
      .waitFor();
    await page.getByText('Nothing waits for your approval.').waitFor();

    await page.goto(`${t.url}/cases/${planned.id}`);
    const timeline = page.locator('section', { has: page.getByRole('heading', { name: 'Timeline' }) });
    await timeline.getByText(/^Approval granted: .+: “Plan agreed with the family”$/).waitFor();
    await page.context().close();
  });
});
