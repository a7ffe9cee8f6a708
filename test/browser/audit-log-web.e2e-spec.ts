import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { AuditCheckpoints } from '@app/audit';
import { accessibilityViolations, LAPTOP, launchChromium, openAs, PHONE, screenshots, startWebApp } from '../support/browser';
import { casesClient } from '../support/cases-client';

/**
 * The auditor's audit log page in a real headless Chromium against the real API and PostgreSQL
 * (issue 20): the auditor opens "Audit log" from the menu, sees that the log verifies as of the
 * scheduler's checkpoint, finds the entries of one case by its number, and downloads them as CSV.
 * Laptop and phone width, English and Arabic (right to left), axe clean.
 */
describe('Web app: the audit log', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  let dir: string;
  let caseA: { id: string; caseNumber: string };
  let caseB: { id: string; caseNumber: string };
  // Runs in the page: `globalThis` is the window there.
  const pageWidth = (page: Page) => page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number);
  const child = (last: string) => ({
    first_name: 'Ana',
    last_name: last,
    sex: 'female',
    date_of_birth: '2016-02-03',
    consent_status: 'given',
    assent_status: 'given',
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cmis-checkpoints-web-'));
    process.env.CMIS_AUDIT_CHECKPOINT_DIR = dir;
    process.env.CMIS_AUDIT_CHECKPOINT_KEY = 'browser-audit-checkpoint-key-0123456789';
    t = await startWebApp('web_audit_log', new Date());
    browser = await launchChromium();
    const api = casesClient(t);
    caseA = (await api.register('caseworker', 'child_protection', child('Lupascu'))).body;
    caseB = (await api.register('caseworker', 'child_protection', child('Rusu'))).body;
    expect((await api.get('caseworker', caseA.id)).status).toBe(200);
    // What the scheduler does every CMIS_AUDIT_CHECKPOINT_INTERVAL.
    await t.app.get(AuditCheckpoints).write();
  });
  afterAll(async () => {
    delete process.env.CMIS_AUDIT_CHECKPOINT_DIR;
    delete process.env.CMIS_AUDIT_CHECKPOINT_KEY;
    await browser?.close();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("finds one case's entries, sees that the log verifies and downloads the export (laptop, phone, Arabic)", async () => {
    const page = await openAs(browser, t.url, 'auditor', LAPTOP);
    await page.getByRole('navigation').getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    const status = page.getByRole('region', { name: 'Does the log verify?' });
    await status.getByText('The audit log verifies.').waitFor();
    await status.getByText(/^Verified by the scheduler on .+: \d+ entries intact\.$/).waitFor();
    await status.getByText(/^The newest entries were compared with the signed checkpoint of /).waitFor();

    // A full verification on demand replaces the scheduler's.
    await status.getByRole('button', { name: 'Verify the whole log now' }).click();
    await status.getByText(/^Full verification just now \(.+\): \d+ entries intact\.$/).waitFor();
    await status.getByText('The audit log verifies.').waitFor();

    await page.getByLabel('Case number').fill(caseA.caseNumber);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const table = page.getByRole('table');
    // The unfiltered list goes once the search's answer is in.
    await table.getByRole('row').filter({ hasText: caseB.caseNumber }).first().waitFor({ state: 'detached' });
    await table.getByRole('row').filter({ hasText: 'Case registered' }).waitFor();
    const rows = table.locator('tbody tr');
    const n = await rows.count();
    expect(n).toBeGreaterThanOrEqual(3);
    // Every row is case A's, by its number (a link to the case), with the caseworker's name and the action in words.
    for (let i = 0; i < n; i++) {
      await expect(rows.nth(i).getByRole('link', { name: caseA.caseNumber }).count()).resolves.toBe(1);
      await expect(rows.nth(i).getByText('Elena Cojocaru').count()).resolves.toBe(1);
    }
    expect(await table.getByText(caseB.caseNumber).count()).toBe(0);
    await table.getByRole('row').filter({ hasText: 'Case opened' }).first().waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshots(page, 'audit-log');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export what was found (CSV)' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r\n/);
    expect(lines[0]).toMatch(/^at,chain,seq,actor_username,actor_name/);
    expect(lines.length - 1).toBe(n);
    expect(lines.slice(1).every((l) => l.includes(caseA.caseNumber))).toBe(true);
    await page.getByText(/^Saved /).waitFor();

    // By user, found by name, and by action in words: both registrations, and nothing else.
    await page.getByLabel('Case number').fill('');
    await page.getByLabel('Find a user by name').fill('cojoc');
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    await page.getByText('1 user found').waitFor();
    await page.getByLabel('User', { exact: true }).selectOption({ label: 'Elena Cojocaru (caseworker)' });
    await page.getByLabel('Action').selectOption({ label: 'Case registered' });
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await table.getByText('2 entries shown').waitFor();
    expect(await rows.filter({ hasText: 'Case registered' }).filter({ hasText: 'Elena Cojocaru' }).count()).toBe(2);
    await rows.getByRole('link', { name: caseB.caseNumber }).waitFor();

    // Phone: each entry a block, nothing wider than the screen.
    await page.setViewportSize(PHONE);
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityViolations(page)).toEqual([]);

    // Arabic, right to left: the page's own texts.
    await page.getByRole('navigation').getByLabel('Language').selectOption('ar');
    await page.getByRole('heading', { level: 1, name: 'سجل التدقيق' }).waitFor();
    await page.getByText('سجل التدقيق سليم.').waitFor();
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.dir)).toBe('rtl');
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('is not in the menu of a user without the permission, and its address shows nothing of the log', async () => {
    const page = await openAs(browser, t.url, 'caseworker', LAPTOP);
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    await page.goto(`${t.url}/audit`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await page.getByRole('heading', { level: 1, name: 'Audit log' }).count()).toBe(0);
    await page.context().close();
  });
});
