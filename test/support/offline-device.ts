import type { Page } from 'playwright-core';
import { translate, type Messages } from '../../apps/web/src/translate';
import offlineAr from '../../apps/web/src/locales/offline-ar.json';
import offlineEn from '../../apps/web/src/locales/offline-en.json';
import heldEn from '../../apps/web/src/locales/offline-held-en.json';

const OFFLINE: Record<string, Messages> = { en: { ...offlineEn, ...heldEn }, ar: offlineAr };

/** The offline screens' texts (offline-*.json, the held changes' in English too), for finding them on the page. */
export const offlineText = (locale: string, key: string, vars: Record<string, string | number> = {}) => translate(locale, key, vars, OFFLINE);

/** Moves inside the app without loading a page (offline, a page load needs the service worker). */
export async function goInApp(page: Page, path: string): Promise<void> {
  await page.evaluate((p) => {
    const g = globalThis as any;
    g.history.pushState(null, '', p);
    g.dispatchEvent(new g.PopStateEvent('popstate'));
  }, path);
}

/**
 * Sets offline work up on the signed-in user's phone with `pin` (the Offline page): done when the
 * caseload is kept ("Keep my current caseload" offered again) and the service worker controls the
 * page (a reload offline needs the app's shell in its cache).
 */
export async function setUpOfflineDevice(page: Page, pin: string, locale = 'en'): Promise<void> {
  const o = (key: string) => offlineText(locale, key);
  await goInApp(page, '/offline');
  await page.getByRole('heading', { level: 1, name: o('offline.title') }).waitFor();
  await page.getByLabel(o('offline.pin'), { exact: true }).fill(pin);
  await page.getByLabel(o('offline.pinAgain')).fill(pin);
  await page.getByRole('button', { name: o('offline.setup') }).click();
  await page.getByRole('heading', { name: o('offline.keptCases') }).waitFor({ timeout: 60_000 });
  await page
    .getByRole('button', { name: o('offline.keepAgain') })
    .and(page.locator(':enabled'))
    .waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => !!(globalThis as any).navigator.serviceWorker.controller, undefined, { timeout: 60_000 });
}
