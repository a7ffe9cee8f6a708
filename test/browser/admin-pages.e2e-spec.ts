import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { base32Decode, totp as totpCode } from '@app/identity';
import { SopRegistry } from '@app/sop-registry';
import { DEMO_PASSWORD } from '../support/app';
import { accessibilityViolations, ARTIFACTS, LAPTOP, launchChromium, openAs, PHONE, screenshots, startWebApp } from '../support/browser';

/**
 * The administrator's page in a real headless Chromium, against the real API and PostgreSQL: the
 * Moldova pack readable (steps, transitions, deadlines, roles), drawn, any form previewed as any role,
 * and the lint results; a caseworker is told the page is for administrators and sees none of it.
 */
describe("Web app: the administrator's SOP pack page", () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  let admin: Page;
  const pages: Page[] = [];
  // Runs in the page: `globalThis` is the window there.
  const pageWidth = (page: Page) => page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number);

  /** Signs the demo administrator in: password, then the authenticator code the login page asks for. */
  const signInAdmin = async (viewport = LAPTOP): Promise<Page> => {
    const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'Europe/Chisinau' });
    const page = await context.newPage();
    pages.push(page);
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => console.error(`[admin] page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') console.error(`[admin] console: ${m.text()}`);
    });
    const sop = await t.app.get(SopRegistry).current();
    const secret = sop.pack.demoUsers.find((u) => u.username === 'admin')!.totpSecret!;
    await page.goto(`${t.url}/`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The server's clock is the test's (controllable) one: the code is computed from it. A code signs
    // in once, so the clock moves to a fresh 30-s step before, and past it after (t.login's turn).
    t.clock.advance(30_000);
    await page.getByLabel('Authenticator code').fill(totpCode(base32Decode(secret), t.clock.now().getTime()));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: /^Hello/ }).waitFor();
    t.clock.advance(30_000);
    return page;
  };

  beforeAll(async () => {
    t = await startWebApp('web_admin', new Date());
    browser = await launchChromium();
    admin = await signInAdmin();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('the lint endpoint answers administrators only: the published pack is valid, with its lint issues', async () => {
    const ok = await t.http.get('/api/admin/sop/lint').set('Authorization', await t.login('admin'));
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ packId: 'moldova', version: 1, valid: true, errors: 0 });
    expect(Array.isArray(ok.body.issues)).toBe(true);
    for (const i of ok.body.issues) expect(Object.keys(i).sort()).toEqual(['code', 'file', 'message', 'path', 'severity']);
    expect(ok.body.warnings).toBe(ok.body.issues.filter((i: any) => i.severity === 'warning').length);
    const denied = await t.http.get('/api/admin/sop/lint').set('Authorization', await t.login('caseworker'));
    expect(denied.status).toBe(403);
    expect(denied.body.issues).toBeUndefined();
    const docs = (await t.http.get('/api/openapi.json')).body;
    expect(docs.paths['/api/admin/sop/lint'].get.summary).toMatch(/lint/);
  });

  it('shows the pack: id and version, the workflow drawn, transitions with their approvals, deadlines, roles', async () => {
    // The menu offers the pack page to administrators (and not to a caseworker, below).
    await admin.getByRole('navigation').getByRole('link', { name: 'SOP pack' }).click();
    await admin.getByRole('heading', { level: 1, name: /^SOP pack: Moldova/ }).waitFor();
    const summary = await admin.locator('.admin-pack > .summary').innerText();
    expect(summary).toContain('moldova');
    expect(summary).toMatch(/Version\s+1/);

    // The diagram (test/browser/workflow-graph-web.e2e-spec.ts checks it in depth): an image named and described, the same as a list.
    const sop = (await t.app.get(SopRegistry).current()).pack;
    const svg = admin.getByRole('img', { name: /^The workflow of “Notification”: steps and transitions/ });
    await svg.waitFor();
    expect(await admin.locator('svg.wg-svg g.wg-node.wg-terminal').count()).toBe(sop.workflow.steps.filter((s) => s.kind === 'terminal').length);
    expect(await admin.locator('svg.wg-svg g.wg-node.wg-paused').count()).toBe(1);
    await admin.locator('#admin-diagram').getByLabel('Case type', { exact: true }).selectOption('child_protection');
    await admin.getByRole('img', { name: /^The workflow of “Child protection case”/ }).waitFor();
    const words = await admin.locator('.wg-words').innerText();
    expect(words).toContain('Implement the care plan → Implementation of the care plan');
    expect(words).toContain('Resume the case → the previous step');

    const careplan = admin.locator('#admin-transitions tr', { hasText: 'implement_care_plan' });
    const row = await careplan.innerText();
    expect(row).toMatch(/Case planning\s+→ Implementation of the care plan/);
    expect(row).toContain('approved by: Supervisor');
    expect(row).toContain('Individual care plan');
    const start = await admin.locator('#admin-transitions tr', { hasText: 'start_assessment' }).innerText();
    expect(start).toContain('Consent must be given');
    expect(await admin.locator('#admin-transitions tr', { hasText: 'pause_case' }).innerText()).toMatch(/any normal step\s+→ Paused/);

    const deadline = await admin.locator('#admin-deadlines tr', { hasText: 'initial_response' }).innerText();
    expect(deadline).toMatch(/48 h when\s+case\.risk = "high"/);
    expect(deadline).toContain("the case owner's supervisor");
    expect(deadline).toContain('3 d overdue: Territorial guardianship authority');

    const doctor = await admin.locator('.admin-role', { has: admin.getByRole('heading', { name: /^Doctor/ }) }).innerText();
    expect(doctor).toContain('May fill in: form fields');
    expect(doctor).toContain('“Health assessment” › Findings related to sexual abuse');
    expect(doctor).toContain('Only when: shared with the user');

    const lint = await admin.locator('#admin-lint').innerText();
    expect(lint).toContain('The published pack is valid.');
    expect(lint).toContain('0 errors');
  });

  it('previews the health assessment as a teacher (the sexual abuse findings hidden) and as a doctor (fillable)', async () => {
    const preview = admin.locator('#admin-preview');
    await preview.getByLabel('Form', { exact: true }).selectOption('health_assessment');
    await preview.getByLabel('Role', { exact: true }).selectOption('teacher');
    // Automatic case type and step: a child protection case at the step that uses the form.
    await preview
      .getByText('“Health assessment” as Teacher sees it, on a case of type “Child protection case” at the step “Specialised assessments”.')
      .waitFor();
    const findings = preview.locator('tr', { hasText: 'sexual_abuse_findings' });
    expect(await findings.innerText()).toContain('Hidden');
    await preview.getByText('This role sees no field of this form.').waitFor();
    expect(await preview.getByLabel(/^Findings related to sexual abuse/).count()).toBe(0);

    await preview.getByLabel('Role', { exact: true }).selectOption('doctor');
    await preview.getByText('“Health assessment” as Doctor sees it').waitFor();
    expect(await findings.innerText()).toContain('Fillable');
    const field = preview.getByLabel(/^Findings related to sexual abuse/);
    await field.waitFor();
    expect(await field.isEditable()).toBe(false);

    expect(await accessibilityViolations(admin)).toEqual([]);
    await screenshots(admin, '10-admin-pack');
    await admin.getByRole('img', { name: /The workflow/ }).screenshot({ path: path.join(ARTIFACTS, '10-admin-pack-diagram.png') });
  });

  it('works on a 360 px phone and in Arabic, right to left, without accessibility violations', async () => {
    const phone = await signInAdmin(PHONE);
    await phone.goto(`${t.url}/admin`);
    await phone.getByRole('heading', { level: 1, name: /^SOP pack/ }).waitFor();
    // Wide tables and the diagram scroll inside their own box; the page itself does not.
    expect(await pageWidth(phone)).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityViolations(phone)).toEqual([]);

    await phone.getByLabel('Language').selectOption('ar');
    await phone.getByRole('heading', { level: 1, name: /^حزمة الإجراءات/ }).waitFor();
    expect(await phone.evaluate(() => (globalThis as any).document.documentElement.dir as string)).toBe('rtl');
    await phone.getByRole('heading', { level: 2, name: 'مخطط سير العمل' }).waitFor();
    expect(await pageWidth(phone)).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityViolations(phone)).toEqual([]);
    await screenshots(phone, '11-admin-pack-arabic');
  });

  it('tells a caseworker the page is for administrators, and shows none of the pack', async () => {
    const page = await openAs(browser, t.url, 'caseworker');
    pages.push(page);
    expect(await page.getByRole('navigation').getByRole('link', { name: 'SOP pack' }).count()).toBe(0);
    await page.goto(`${t.url}/admin`);
    await page.getByText('This page is for administrators only.').waitFor();
    expect(await page.locator('svg.wg-svg').count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Transitions' }).count()).toBe(0);
    expect(await page.locator('main').innerText()).not.toContain('implement_care_plan');
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
