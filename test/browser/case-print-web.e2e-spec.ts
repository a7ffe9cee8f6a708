import type { Browser } from 'playwright-core';
import { DataSource } from 'typeorm';
import { accessibilityViolations, launchChromium, openAs, PHONE, startWebApp } from '../support/browser';
import { casesClient, childInAssessment } from '../support/cases-client';

/**
 * The printable case summary: from the case page, what the user may see of the case with every
 * answer by its label, only the document on paper, and an audit entry saying a copy was printed.
 */
describe('Web app: printable case summary', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  let caseId: string;
  beforeAll(async () => {
    t = await startWebApp('case_print_web', new Date());
    browser = await launchChromium();
    caseId = await childInAssessment(casesClient(t));
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('prints the case by its labels, without the app around it, and the audit trail says it was printed', async () => {
    const page = await openAs(browser, t.url, 'caseworker', PHONE);
    await page.goto(`${t.url}/cases/${caseId}`, { waitUntil: 'networkidle' });
    await page.getByRole('link', { name: 'Printable summary' }).click();
    const summary = page.locator('article.print-summary');
    await summary.getByRole('heading', { level: 1, name: /Ion Rotaru/ }).waitFor();
    const text = await summary.innerText();
    expect(text).toContain('Initial assessment');
    expect(text).toMatch(/Sex\s+Male/);
    // Codes never stand for labels on paper.
    expect(text).not.toMatch(/\bmale\b|not_required_emergency|child_protection|initial_assessment/);
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.topbar').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    expect(await summary.isVisible()).toBe(true);

    const audit = await t.app.get(DataSource).query(`SELECT action FROM audit_log WHERE case_id = $1 AND action = 'case.printed'`, [caseId]);
    expect(audit).toHaveLength(1);
  });

  it('refuses a purpose it does not know', async () => {
    const res = await t.http.get(`/api/cases/${caseId}?purpose=fax`).set(await casesClient(t).as('caseworker'));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
  });
});
