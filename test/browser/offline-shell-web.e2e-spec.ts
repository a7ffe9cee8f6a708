import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { translate } from '../../apps/web/src/translate';
import { REPO_ROOT } from '../support/app';
import { accessibilityViolations, launchChromium, PHONE, screenshots, startWebApp } from '../support/browser';

const fr = (key: string) => translate('fr', key);
const shellFr = JSON.parse(readFileSync(path.join(REPO_ROOT, 'apps/web/src/locales/offline-shell-fr.json'), 'utf8'));

/** What Cache Storage holds, read in the page: each cache's name and the paths of its entries. */
const cacheStorage = (page: Page) =>
  page.evaluate(async () => {
    const g = globalThis as any;
    const names: string[] = await g.caches.keys();
    return Promise.all(names.map(async (name) => ({ name, paths: (await (await g.caches.open(name)).keys()).map((r: any) => new URL(r.url).pathname) })));
  });

/**
 * The installable shell (ADR 0012): once the service worker controls the page, the interface opens
 * with no connection, in the user's language, while the API stays out of every cache; a new release
 * is offered, not forced, and replaces the old shell when accepted. The API serves a copy of the
 * build (dist/web, or CMIS_WEB_DIR), so the test can release a new worker without touching it.
 */
describe('Web app: the offline application shell', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let web: string;

  beforeAll(async () => {
    web = mkdtempSync(path.join(tmpdir(), 'cmis-web-'));
    cpSync(process.env.CMIS_WEB_DIR ?? path.join(REPO_ROOT, 'dist', 'web'), web, { recursive: true });
    const saved = process.env.CMIS_WEB_DIR;
    process.env.CMIS_WEB_DIR = web;
    try {
      t = await startWebApp('offline_shell_web', new Date());
    } finally {
      if (saved === undefined) delete process.env.CMIS_WEB_DIR;
      else process.env.CMIS_WEB_DIR = saved;
    }
    browser = await launchChromium();
    context = await browser.newContext({ viewport: PHONE, locale: 'fr', timezoneId: 'Europe/Chisinau' });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (web) rmSync(web, { recursive: true, force: true });
  });

  it('after the first visit, the sign-in page opens offline in French from the cache; an API call offline fails; no API answer is cached', async () => {
    await page.goto(`${t.url}/`);
    await page.getByLabel(fr('login.username')).waitFor();
    // The first installation takes the page over by itself (clients.claim), once the shell is cached.
    await page.waitForFunction(() => (globalThis as any).navigator.serviceWorker.controller !== null, undefined, { timeout: 90_000 });
    expect(await page.getByText(shellFr['offlineShell.newVersion']).count()).toBe(0);

    await context.setOffline(true);
    await page.reload();
    await page.getByLabel(fr('login.username')).waitFor();
    await page.getByRole('button', { name: fr('login.submit') }).waitFor();
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.lang)).toBe('fr');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshots(page, 'offline-shell-sign-in');
    // Any address of the app opens the shell offline.
    await page.goto(`${t.url}/cases/6f1c1f0e-0000-4000-8000-000000000000`);
    await page.getByLabel(fr('login.username')).waitFor();

    const apiOffline = await page.evaluate(() =>
      (globalThis as any)
        .fetch('/api/setup')
        .then((r: any) => `answered ${r.status}`)
        .catch(() => 'failed'),
    );
    expect(apiOffline).toBe('failed');

    const stored = await cacheStorage(page);
    expect(stored.map((c) => c.name)).toEqual([expect.stringMatching(/^cmis-shell-[0-9a-f]{16}$/)]);
    const paths = stored.flatMap((c) => c.paths);
    expect(paths).toContain('/');
    expect(paths.filter((p) => p.startsWith('/assets/')).length).toBeGreaterThan(10);
    expect(paths.filter((p) => p !== '/' && !p.startsWith('/assets/'))).toEqual([]);
    await context.setOffline(false);
  });

  it('serves a web manifest that makes the app installable, and every icon it names', async () => {
    const res = await page.request.get(`${t.url}/manifest.webmanifest`);
    expect([res.status(), res.headers()['content-type']]).toEqual([200, expect.stringContaining('application/manifest+json')]);
    const manifest = await res.json();
    expect(manifest).toMatchObject({ short_name: 'CMIS', start_url: '/', scope: '/', display: 'standalone', theme_color: '#12355b' });
    expect(manifest.icons.map((i: any) => i.sizes)).toEqual(['any', '192x192', '512x512']);
    for (const icon of manifest.icons) {
      const file = await page.request.get(`${t.url}${icon.src}`);
      expect([icon.src, file.status(), file.headers()['content-type']]).toEqual([icon.src, 200, expect.stringContaining(icon.type)]);
    }
    // The page links it, as a browser looks for it.
    expect(await page.locator('link[rel="manifest"]').getAttribute('href')).toBe('/manifest.webmanifest');
  });

  it('a new release is offered without reloading the page under the user, and replaces the old shell when accepted', async () => {
    const before = await cacheStorage(page);
    await page.getByLabel(fr('login.username')).fill('started typing');
    // A release: a new worker, with a new version of the shell.
    const sw = readFileSync(path.join(web, 'sw.js'), 'utf8');
    const version = /const SHELL_VERSION = "([0-9a-f]+)";/.exec(sw)![1];
    const next = `${version.slice(0, 12)}0000`;
    writeFileSync(path.join(web, 'sw.js'), sw.replace(`"${version}"`, `"${next}"`));
    await page.evaluate(() => (globalThis as any).navigator.serviceWorker.getRegistration().then((r: any) => r.update()));

    const banner = page.getByRole('status').filter({ hasText: shellFr['offlineShell.newVersion'] });
    await banner.waitFor({ timeout: 90_000 });
    expect(await page.getByLabel(fr('login.username')).inputValue()).toBe('started typing');
    expect(await cacheStorage(page)).toEqual(expect.arrayContaining(before));
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshots(page, 'offline-shell-new-version');

    const reloaded = page.waitForEvent('load', { timeout: 60_000 });
    await page.getByRole('button', { name: shellFr['offlineShell.reload'] }).click();
    await reloaded;
    expect(await page.getByLabel(fr('login.username')).inputValue()).toBe('');
    await page.waitForFunction(async (name) => JSON.stringify(await (globalThis as any).caches.keys()) === JSON.stringify([name]), `cmis-shell-${next}`, {
      timeout: 60_000,
    });
    expect(await page.getByText(shellFr['offlineShell.newVersion']).count()).toBe(0);
  });
});
