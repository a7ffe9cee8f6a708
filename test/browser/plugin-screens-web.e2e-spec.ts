import type { Browser, Page } from 'playwright-core';
import { casesClient } from '../support/cases-client';
import { accessibilityViolations, LAPTOP, launchChromium, openAs, PHONE, screenshots, startWebApp } from '../support/browser';

/**
 * A plugin's screens, declared as data and rendered by the web app (docs/plugins.md, "Screens"),
 * through the UI alone against the real API and PostgreSQL (Moldova pack, GBV plugin): the GBV
 * specialist records an incident from the survivor's case page on a phone, in Romanian, records the
 * survivor's consent, refers her and marks the referral accepted; the caseworker sees on the same
 * case that an incident exists, without any of its details and without the specialist's actions.
 * Only the child's registration is set up through the API.
 */
describe('Web app: plugin screens (GBV incidents)', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  let caseId: string;
  let caseNumber: string;
  const NARRATIVE = 'SECRET-NARRATIVE-4411 in the courtyard';

  const checkPage = async (page: Page, name: string) => {
    await page.waitForFunction(() => !(globalThis as any).document.querySelector('.loading'));
    for (const size of [PHONE, LAPTOP]) {
      await page.setViewportSize(size);
      expect(await accessibilityViolations(page)).toEqual([]);
    }
    await page.setViewportSize(PHONE);
    await screenshots(page, name);
  };
  const section = (page: Page, heading: string | RegExp) => page.locator('section', { has: page.getByRole('heading', { level: 2, name: heading }) });

  beforeAll(async () => {
    t = await startWebApp('plugin_screens_web', new Date());
    browser = await launchChromium();
    const reg = await casesClient(t).register('caseworker', 'child_protection', {
      first_name: 'Doina',
      last_name: 'Ceban',
      sex: 'female',
      date_of_birth: '2011-03-03',
      consent_status: 'given',
      assent_status: 'given',
    });
    expect(reg.status).toBe(201);
    caseId = reg.body.id;
    caseNumber = reg.body.caseNumber;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('the GBV specialist records an incident, consent and a referral from the case page, in Romanian at 360 px', async () => {
    const page = await openAs(browser, t.url, 'gbv_specialist', PHONE, 'ro');
    // The plugin's screen is in the menu, by its title in the user's language.
    await page.getByRole('navigation').getByRole('link', { name: 'Incidente de violență bazată pe gen' }).waitFor();
    await page.goto(`${t.url}/cases/${caseId}`);
    const gbv = section(page, 'Incidente de violență bazată pe gen');
    await gbv.getByText('Niciun incident înregistrat.').waitFor();
    await checkPage(page, 'plugin-gbv-case-section');

    await gbv.getByRole('button', { name: 'Înregistrați un incident' }).click();
    // The plugin's own form, its labels in Romanian; options start empty (nothing is chosen for the user).
    const type = gbv.getByLabel('Tipul incidentului (clasificarea GBVIMS)');
    await expect(type.inputValue()).resolves.toBe('');
    await type.selectOption({ label: 'Agresiune fizică' });
    await gbv.getByLabel(/^Data incidentului\*?$/).fill('2026-01-10');
    await gbv.getByLabel(/Data raportării/).fill('2026-01-12');
    await gbv.getByLabel(/Relatarea incidentului/).fill(NARRATIVE);
    // The area is one of the pack's places, chosen by its Romanian name with its district.
    await gbv.getByLabel('Zona în care a avut loc incidentul').selectOption({ label: 'comuna Bubuieci (municipiul Chișinău)' });
    await gbv.getByRole('button', { name: 'Înregistrați un incident' }).last().click();

    // The action leads to the incident's own screen.
    await page.getByRole('heading', { level: 1, name: new RegExp(`Incident de violență bazată pe gen ${caseNumber}`) }).waitFor();
    await page.getByText(NARRATIVE).waitFor();
    await page.getByText('comuna Bubuieci (municipiul Chișinău)', { exact: true }).waitFor();
    await page.getByRole('cell', { name: 'Încă nu a fost cerut' }).first().waitFor();
    await checkPage(page, 'plugin-gbv-incident');

    // A referral needs the survivor's consent for its purpose: recorded first.
    await page.getByRole('button', { name: 'Înregistrați acordul' }).click();
    await page.getByLabel('Pentru ce').selectOption({ label: 'Asistență medicală' });
    await page.getByLabel('Decizie').selectOption({ label: 'Își dă acordul' });
    await page.getByLabel('Dat de').selectOption({ label: 'Supraviețuitoarea' });
    await page.getByLabel('Cum').selectOption({ label: 'În scris' });
    await page.getByRole('button', { name: 'Înregistrați acordul' }).last().click();
    await page.getByRole('status').getByText('Acord înregistrat.').waitFor();
    await page.getByRole('row', { name: /Asistență medicală.*Acordat/ }).waitFor();

    await page.getByRole('button', { name: 'Referiți către un serviciu' }).click();
    await page.getByLabel('Serviciu').selectOption({ label: 'Asistență medicală' });
    await page.getByLabel('Prestator').fill('Centrul Medical Botanica');
    await page.getByRole('button', { name: 'Referiți către un serviciu' }).last().click();
    await page.getByRole('status').getByText('Referire făcută.').waitFor();
    const referral = page.getByRole('row', { name: /Centrul Medical Botanica/ });
    await referral.getByText('Trimisă').waitFor();
    await referral.getByRole('button', { name: 'Marcați acceptată' }).click();
    await page.getByRole('status').getByText('Referire actualizată.').waitFor();
    await referral.getByText('Acceptată').waitFor();
    await checkPage(page, 'plugin-gbv-incident-referred');
  });

  it('the caseworker sees that an incident exists on the case, never what happened, and none of the specialist actions', async () => {
    const page = await openAs(browser, t.url, 'caseworker', LAPTOP);
    await page.goto(`${t.url}/cases/${caseId}`);
    const gbv = section(page, 'GBV incidents');
    const row = gbv.getByRole('row').nth(1);
    await row.waitFor();
    await expect(gbv.getByRole('button').count()).resolves.toBe(0);
    await expect(row.textContent()).resolves.not.toMatch(/Physical assault|2026-01-10|Jan 10, 2026/);
    await row.getByRole('link').click();
    await page.getByText('The details of this incident are shown only to staff trained in GBV case management.').waitFor();
    const text = await page.locator('main').textContent();
    expect(text).not.toContain(NARRATIVE);
    expect(text).not.toContain('Botanica');
    await expect(page.getByRole('button', { name: /Record consent|Refer to a service|Close the incident/ }).count()).resolves.toBe(0);
    await checkPage(page, 'plugin-gbv-incident-untrained');
  });

  it('the incidents list from the menu: the specialist filters by status and opens the incident', async () => {
    const page = await openAs(browser, t.url, 'gbv_specialist', LAPTOP);
    await page.getByRole('navigation').getByRole('link', { name: 'GBV incidents' }).click();
    await page.getByRole('heading', { level: 1, name: 'GBV incidents' }).waitFor();
    await page.getByRole('link', { name: caseNumber }).waitFor();
    await page.getByLabel('Status').selectOption({ label: 'Closed' });
    await page.getByText('No incident recorded.').waitFor();
    await page.getByLabel('Status').selectOption({ label: 'Open' });
    await page
      .getByRole('row', { name: /Physical assault/ })
      .getByRole('link')
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: new RegExp(caseNumber) }).waitFor();
    await checkPage(page, 'plugin-gbv-list');
  });
});
