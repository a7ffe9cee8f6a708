import type { Browser } from 'playwright-core';
import { casesClient, childInAssessment } from '../support/cases-client';
import { launchChromium, openAs, PHONE, screenshots, startWebApp } from '../support/browser';

/**
 * A worker switches the language in the menu: what the server says (step labels, actions, why an
 * action is not possible, deadline names) follows at once, not after a reload; the timeline says
 * which deadline an event is about and when it is due, and names every event in the language.
 */
describe('Web app: language switch and the case timeline (Moldova pack)', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let api: ReturnType<typeof casesClient>;
  let browser: Browser;
  let caseId: string;

  beforeAll(async () => {
    t = await startWebApp('web_timeline_language', new Date());
    api = casesClient(t);
    browser = await launchChromium();
    caseId = await childInAssessment(api);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const get = async (path: string, locale: string) => {
    const res = await t.http.get(`${path}${path.includes('?') ? '&' : '?'}locale=${locale}`).set(await api.as('caseworker'));
    expect(res.status).toBe(200);
    return res.body;
  };

  it('after switching language in the menu, the server texts are in the new language without a reload', async () => {
    const options = { en: await get(`/api/cases/${caseId}/transitions`, 'en'), fr: await get(`/api/cases/${caseId}/transitions`, 'fr') };
    const blocked = options.fr.findIndex((o: any) => !o.available && o.reasons.length);
    expect(blocked).toBeGreaterThanOrEqual(0);
    expect(options.fr[blocked].label).not.toBe(options.en[blocked].label);
    const page = await openAs(browser, t.url, 'caseworker', PHONE);
    await page.goto(`${t.url}/cases/${caseId}`);
    await page.getByText(options.en[blocked].label, { exact: true }).first().waitFor();

    await page.locator('label.lang select').selectOption('fr');
    await page.getByRole('heading', { name: 'Étapes suivantes possibles' }).waitFor();
    await page.getByText(options.fr[blocked].label, { exact: true }).first().waitFor();
    // Why not, in French too (the form by its title, not its id).
    const reason = options.fr[blocked].reasons[0].message as string;
    expect(reason).not.toMatch(/"[a-z_]+"/);
    await page.getByText(reason).first().waitFor();
    expect(await page.getByText(options.en[blocked].label, { exact: true }).count()).toBe(0);
  });

  it('the timeline names each deadline, with its due time, and each event in the language', async () => {
    const deadlines = {
      en: await get(`/api/cases/${caseId}/deadlines?status=all`, 'en'),
      fr: await get(`/api/cases/${caseId}/deadlines?status=all`, 'fr'),
      ar: await get(`/api/cases/${caseId}/deadlines?status=all`, 'ar'),
    };
    expect(deadlines.fr.length).toBeGreaterThan(0);
    const page = await openAs(browser, t.url, 'caseworker');
    await page.goto(`${t.url}/cases/${caseId}`);
    const timeline = page.locator('ol.timeline');
    await timeline.getByText(`${deadlines.en[0].label}: set, due `).first().waitFor();
    await timeline.getByText('Start the initial assessment: now at “Initial assessment”').first().waitFor();

    await page.locator('label.lang select').selectOption('fr');
    await timeline.getByText(`${deadlines.fr[0].label} : fixé, échéance `).first().waitFor();
    await timeline.getByText("Commencer l'évaluation initiale : désormais « Évaluation initiale »").first().waitFor();
    await timeline.getByText('Dossier enregistré').first().waitFor();
    expect(await timeline.textContent()).not.toMatch(/Deadline set|form submitted|transition performed/i);
    await screenshots(page, '60-timeline-french');

    await page.locator('label.lang select').selectOption('ar');
    // The Moldova pack speaks Arabic too: its step, transition and deadline names as well as the sentence around them.
    await timeline
      .getByText(/: الآن في «.+»/)
      .first()
      .waitFor();
    expect(deadlines.ar[0].label).not.toBe(deadlines.en[0].label);
    await timeline.getByText(`${deadlines.ar[0].label}: حُدِّد، الموعد `).first().waitFor();
    await screenshots(page, '61-timeline-arabic');
  });
});
