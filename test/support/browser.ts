import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { translate } from '../../apps/web/src/translate';
import { DEMO_PASSWORD, REPO_ROOT, startTestApp, TestApp } from './app';

export const PHONE = { width: 360, height: 740 };
export const LAPTOP = { width: 1280, height: 800 };
export const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'screenshots');

/** Debian's Chromium, as TOOLCHAIN.md says: headless, no sandbox (root), no background networking. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CMIS_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(executablePath))
    throw new Error(`Chromium not found at ${executablePath}: run the tests with npm test (it installs it) or set CMIS_CHROMIUM`);
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** The real API and the built web app on a loopback port, over a fresh database. */
export async function startWebApp(name: string, start: Date): Promise<TestApp & { url: string }> {
  if (!existsSync(path.join(REPO_ROOT, 'dist', 'web', 'index.html'))) throw new Error('dist/web is not built: run npm test (it runs npm run build:web)');
  const t = await startTestApp(name, { start });
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return Object.assign(t, { url: `http://127.0.0.1:${port}` });
}

/**
 * One user's browser session at a screen size, signed in through the sign-in page. With `locale` the
 * browser's language is that one (the app starts in it, as a user's own phone would): the sign-in
 * page and the home page are found by their texts in it.
 */
export async function openAs(browser: Browser, url: string, username: string, viewport = LAPTOP, locale = 'en'): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: locale === 'en' ? 'en-GB' : locale, timezoneId: 'Europe/Chisinau' });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  // The page's own errors are the first thing to read when a browser test fails.
  page.on('pageerror', (e) => console.error(`[${username}] page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') console.error(`[${username}] console: ${m.text()}`);
  });
  const t = (key: string) => translate(locale, key);
  await page.goto(`${url}/`);
  await page.getByLabel(t('login.username')).fill(username);
  await page.getByLabel(t('login.password')).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: t('login.submit') }).click();
  const hello = translate(locale, 'home.hello', { name: '' }).trim();
  await page.getByRole('heading', { level: 1, name: new RegExp(`^${hello.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).waitFor();
  return page;
}

/** Saves the page at phone and laptop width under test-artifacts/screenshots/. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const before = page.viewportSize() ?? LAPTOP;
  for (const [label, size] of [
    ['phone', PHONE],
    ['laptop', LAPTOP],
  ] as const) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(before);
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG 2 A/AA rules on the page as it is; returns the violations (id, impact, nodes). */
export async function accessibilityViolations(page: Page): Promise<Array<{ id: string; impact: string | null; help: string; targets: string[] }>> {
  // Evaluated through the DevTools protocol, so the page's CSP (script-src 'self') does not apply;
  // once per document (the app changes pages without reloading).
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    // Runs in the page: `globalThis` is the window there.
    const g = globalThis as any;
    const result = await g.axe.run(g.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n: any) => String(n.target)) }));
  });
}

/** Today's date (YYYY-MM-DD) in the pack's time zone, as the server judges "today" (Moldova: Chișinău). */
export function packToday(timeZone = 'Europe/Chisinau'): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
