import type { Browser, Page } from 'playwright-core';
import { casesClient, childInAssessment } from '../support/cases-client';
import { accessibilityViolations, launchChromium, LAPTOP, openAs, startWebApp } from '../support/browser';
import { goInApp, offlineText, setUpOfflineDevice } from '../support/offline-device';

const o = (key: string, vars: Record<string, string | number> = {}) => offlineText('en', key, vars);
const PIN = '135790';

const go = goInApp;
const setUpDevice = (page: Page) => setUpOfflineDevice(page, PIN);

/** Saves one answer of the initial assessment as a draft, on the case page as the device has it. */
async function answer(page: Page, caseId: string, label: RegExp, text: string): Promise<void> {
  await go(page, `/cases/${caseId}`);
  const form = page.locator('details', { has: page.getByRole('heading', { name: 'Initial assessment' }) });
  await form.getByLabel(label).fill(text);
  await form.getByRole('button', { name: 'Save draft' }).click();
  await page.getByRole('link', { name: o('offline.navQueued', { n: 1 }) }).waitFor();
}

/** Back online: the device sends its queue by itself; done when nothing waits. */
async function reconnect(page: Page): Promise<void> {
  await page.context().setOffline(false);
  await page.getByRole('link', { name: o('offline.nav'), exact: true }).waitFor({ timeout: 60_000 });
}

/**
 * Two caseworkers change one case on their phones without a connection. Different answers: both are
 * kept. The same answer: the second to sync sees both values, chooses, and the choice is saved; no
 * last write wins.
 */
describe('Offline on two phones: answers merge per field; the same answer is a conflict the user resolves', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let api: ReturnType<typeof casesClient>;
  let browser: Browser;
  let caseId: string;

  beforeAll(async () => {
    t = await startWebApp('offline_two_workers', new Date());
    api = casesClient(t);
    browser = await launchChromium();
    caseId = await childInAssessment(api);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('keeps both workers’ different answers, and shows the same answer changed on both sides for the second to choose', async () => {
    const first = await openAs(browser, t.url, 'caseworker', LAPTOP);
    const second = await openAs(browser, t.url, 'caseworker3', LAPTOP);
    for (const page of [first, second]) page.setDefaultTimeout(20_000);
    await setUpDevice(first);
    await setUpDevice(second);
    // Not in caseworker3's own caseload: kept from the case page.
    await go(second, `/cases/${caseId}`);
    await second.getByRole('button', { name: o('offline.keepCase') }).click();
    await second.getByText(o('offline.keptHere')).waitFor({ timeout: 60_000 });

    // Different answers, each on one phone.
    for (const page of [first, second]) await page.context().setOffline(true);
    await answer(first, caseId, /^Summary of the assessment/, 'Summary written by the first worker.');
    await answer(second, caseId, /^Views of the child/, 'The child wants to stay with the grandmother.');
    await reconnect(first);
    await reconnect(second);
    let answers = (await api.get('caseworker', caseId)).body.forms.initial_assessment.at(-1).answers;
    expect(answers).toMatchObject({ summary: 'Summary written by the first worker.', child_views: 'The child wants to stay with the grandmother.' });

    // The same answer, on both phones.
    for (const page of [first, second]) await page.context().setOffline(true);
    await answer(first, caseId, /^Summary of the assessment/, 'Summary corrected by the first worker.');
    await answer(second, caseId, /^Summary of the assessment/, 'Summary corrected by the second worker.');
    await reconnect(first);
    await second.context().setOffline(false);
    await second.getByRole('link', { name: o('held.nav', { n: 1 }) }).click({ timeout: 60_000 });
    await second.getByRole('heading', { level: 1, name: o('held.title') }).waitFor();
    // Never last write wins: the first worker's answer stands until the second chooses.
    answers = (await api.get('caseworker', caseId)).body.forms.initial_assessment.at(-1).answers;
    expect(answers.summary).toBe('Summary corrected by the first worker.');

    await second.getByRole('button', { name: o('held.action.choose') }).click();
    const summary = second.getByRole('group', { name: 'Summary of the assessment' });
    await summary.getByRole('radio', { name: `${o('held.conflict.theirs')} Summary corrected by the first worker.` }).waitFor();
    await summary.getByRole('radio', { name: `${o('held.conflict.yours')} Summary corrected by the second worker.` }).check();
    expect(await accessibilityViolations(second)).toEqual([]);
    await second.getByRole('button', { name: o('held.conflict.save') }).click();
    await second.getByRole('status').getByText(o('held.done.resolved')).waitFor({ timeout: 30_000 });

    answers = (await api.get('caseworker', caseId)).body.forms.initial_assessment.at(-1).answers;
    expect(answers).toMatchObject({ summary: 'Summary corrected by the second worker.', child_views: 'The child wants to stay with the grandmother.' });
    const held = await t.http.get('/api/sync/held').set(await api.as('caseworker3'));
    expect(held.body.held).toEqual([]);
  }, 240_000);
});
