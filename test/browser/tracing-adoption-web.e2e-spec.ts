import type { Browser, Page } from 'playwright-core';
import { casesClient } from '../support/cases-client';
import { accessibilityViolations, LAPTOP, launchChromium, openAs, PHONE, screenshots, startWebApp } from '../support/browser';

/**
 * Family tracing and adoption matching through their screens declared as data (docs/plugins.md,
 * "Screens"), in the web app alone against the real API and PostgreSQL (Moldova pack), each page
 * checked with axe at 360 and 1280 px. Tracing: a caseworker records a relative's request on a
 * phone, opens its candidates, confirms the child's case with a reason, and the request reads
 * matched. Adoption: the supervisor approves a family; the caseworker, from the child's case page,
 * proposes it from the ranked families; the panel member approves the match with a reason from the
 * case page, in Romanian, and the case page shows the decision. Set up through the API: the
 * children's registration, the tracing consent, the case's way to the adoption step with the
 * child's profile, and the family's registration.
 */
describe('Web app: family tracing and adoption matching screens', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let api: ReturnType<typeof casesClient>;
  let browser: Browser;
  let ion: { id: string; caseNumber: string };
  let doina: { id: string; caseNumber: string };
  let familyId: string;

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
  const summary = (page: Page, label: string) => page.locator('.summary div', { has: page.getByText(label, { exact: true }) }).locator('dd');
  /** At 360 px nothing scrolls sideways (each row a block of labelled values) and the row's action lies within the screen. */
  const fitsPhone = async (page: Page, action: ReturnType<Page['getByRole']>) => {
    await page.setViewportSize(PHONE);
    const overflow = await page.evaluate(() => {
      const d = (globalThis as any).document;
      const tables = [...d.querySelectorAll('.case-table')].map((el: any) => el.scrollWidth - el.clientWidth);
      return [d.documentElement.scrollWidth - d.documentElement.clientWidth, ...tables];
    });
    expect(overflow.every((n: number) => n <= 0)).toBe(true);
    const box = (await action.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
  };
  const asUser = async (user: string) => ({ Authorization: await t.login(user) });

  beforeAll(async () => {
    t = await startWebApp('tracing_adoption_web', new Date());
    api = casesClient(t);
    browser = await launchChromium();
    const register = async (answers: Record<string, unknown>) => {
      const reg = await api.register('caseworker', 'child_protection', { consent_status: 'given', assent_status: 'given', ...answers });
      expect(reg.status).toBe(201);
      return { id: reg.body.id as string, caseNumber: reg.body.caseNumber as string };
    };
    // Tracing: a registered child whose parent agreed to family tracing.
    ion = await register({ first_name: 'Ion', last_name: 'Ciobanu', sex: 'male', date_of_birth: '2016-04-01' });
    const consent = await t.http
      .post(`/api/cases/${ion.id}/consents`)
      .set(await asUser('caseworker'))
      .send({ purpose: 'tracing', decision: 'granted', givenBy: 'parent', method: 'written' });
    expect(consent.status).toBe(201);

    // Adoption: a child taken to the adoption step with the adoption profile, and a family waiting for approval.
    doina = await register({ first_name: 'Doina', last_name: 'Rusu', sex: 'female', date_of_birth: '2016-06-01' });
    const step = async (transition: string) => expect((await api.transition('caseworker', doina.id, transition)).status).toBe(200);
    const fill = async (form: string, answers: Record<string, unknown>) => expect((await api.fill('caseworker', doina.id, form, answers)).status).toBe(200);
    await step('start_assessment');
    await fill('initial_assessment', { assessment_date: '2026-03-02', risk_level: 'low', summary: 'Low risk.' });
    await step('start_specialised_assessments');
    await step('start_comprehensive_assessment');
    await fill('comprehensive_assessment', { assessment_date: '2026-03-03', summary: 'No relative can care for her.' });
    await step('start_care_planning');
    await step('refer_for_adoption');
    await fill('adoption_matching_child_profile', { sibling_group_size: 1, special_needs: ['trauma_support'], languages: ['ro'] });
    const family = await t.http
      .post('/api/plugins/adoption-matching/families')
      .set(await asUser('caseworker'))
      .send({
        answers: {
          family_name: 'Family Lupu',
          contact: '+373 600 00 000',
          adults: 2,
          languages: ['ro', 'ru'],
          accepted_age_min: 5,
          accepted_age_max: 12,
          max_sibling_group: 2,
          special_needs: ['trauma_support'],
          location_code: 'CH01',
        },
      });
    expect(family.status).toBe(201);
    familyId = family.body.id;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('a caseworker records a tracing request on a phone, confirms the candidate child with a reason, and the request reads matched', async () => {
    const page = await openAs(browser, t.url, 'caseworker', PHONE);
    await page.getByRole('navigation').getByRole('link', { name: 'Family tracing requests' }).click();
    await page.getByRole('heading', { level: 1, name: 'Family tracing requests' }).waitFor();
    await page.getByText('No tracing request.').waitFor();
    await checkPage(page, 'tracing-requests-empty');

    await page.getByRole('button', { name: 'Record a tracing request' }).click();
    // The relative's consent is what asking for the search means: said before recording.
    await page.getByText('The relative asks for this search and agrees').waitFor();
    await page.getByLabel('Name of the person looking for the child').fill('Ana Ciobanu');
    await page.getByLabel('Relationship to the child').selectOption({ label: 'Mother' });
    await page.getByLabel("Child's first name").fill('Ion');
    await page.getByLabel("Child's last name").fill('Ciobanou');
    await page.getByLabel("Child's sex").selectOption({ label: 'Male' });
    await page.getByLabel("Child's approximate age (years)").fill('10');
    // The place is chosen by its name (with its district), never typed as a code.
    await page.getByLabel('Where the child was last seen').selectOption({ label: 'Bubuieci (Chișinău)' });
    await checkPage(page, 'tracing-request-form');
    await page.getByRole('button', { name: 'Record a tracing request' }).last().click();

    // The action leads to the request's own screen: open, one candidate, the relative's answers labelled.
    await page.getByRole('heading', { level: 1, name: /^Family tracing request / }).waitFor();
    await summary(page, 'Status').getByText('Open', { exact: true }).waitFor();
    await summary(page, 'Candidate children').getByText('1', { exact: true }).waitFor();
    await summary(page, 'Relationship to the child').getByText('Mother', { exact: true }).waitFor();
    await summary(page, 'Where the child was last seen').getByText('Bubuieci (Chișinău)', { exact: true }).waitFor();
    await checkPage(page, 'tracing-request');

    await page.getByRole('link', { name: 'See the candidate children and the reasons for each' }).click();
    await page.getByRole('heading', { level: 1, name: /^Candidate children / }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(ion.caseNumber) });
    await row.getByRole('link', { name: ion.caseNumber }).waitFor();
    await row.getByText('Ion Ciobanu', { exact: true }).waitFor();
    await row.getByText('To review').waitFor();
    // The likeness as a percent, and the reasons that make it up.
    await expect(row.textContent()).resolves.toMatch(/\b\d{1,3}%/);
    await expect(row.textContent()).resolves.toMatch(/name/i);
    await checkPage(page, 'tracing-candidates');
    await fitsPhone(page, row.getByRole('button', { name: 'Decide' }));

    await row.getByRole('button', { name: 'Decide' }).click();
    await row.getByLabel('Decision').selectOption({ label: 'Confirm: this is the child' });
    await row.getByLabel('Reason').fill('The mother recognised him on the photograph');
    await row.getByRole('button', { name: 'Decide' }).last().click();
    await page.getByRole('status').getByText('Decision recorded.').waitFor();
    await row.getByText('Confirmed').waitFor();
    await row.getByText('The mother recognised him on the photograph').waitFor();
    await summary(page, 'Request').getByText('Matched', { exact: true }).waitFor();
    await expect(row.getByRole('button', { name: 'Decide' }).count()).resolves.toBe(0);
    await checkPage(page, 'tracing-candidate-confirmed');

    await page.getByRole('link', { name: 'Back to the request' }).click();
    await page.getByRole('heading', { level: 1, name: /^Family tracing request / }).waitFor();
    await summary(page, 'Status').getByText('Matched', { exact: true }).waitFor();
    await expect(page.getByRole('button', { name: 'Close the request' }).count()).resolves.toBe(0);

    // The list says so too, and the API agrees: the request is matched to Ion's case.
    await page.getByRole('navigation').getByRole('link', { name: 'Family tracing requests' }).click();
    await page.getByRole('row', { name: /Ion Ciobanou.*Matched/ }).waitFor();
    // The home page has a card of the requests too.
    await page.getByRole('navigation').getByRole('link', { name: 'Home' }).click();
    await section(page, 'Family tracing requests')
      .getByRole('row', { name: /Ion Ciobanou.*Matched/ })
      .waitFor();
    const requests = await t.http.get('/api/plugins/family-tracing/requests').set(await asUser('caseworker'));
    expect(requests.body.requests.map((r: any) => r.status)).toEqual(['matched']);
    const timeline = JSON.stringify((await api.timeline('caseworker', ion.id)).body);
    expect(timeline).toContain('family-tracing.match_confirmed');
  });

  it('the supervisor approves the family; the caseworker proposes it from the case page; the panel approves the match with a reason', async () => {
    // The supervisor approves the family the caseworker registered (four eyes).
    const supervisor = await openAs(browser, t.url, 'supervisor', LAPTOP);
    await supervisor.getByRole('navigation').getByRole('link', { name: 'Adoptive families' }).click();
    await supervisor
      .getByRole('row', { name: /Family Lupu.*Awaiting approval/ })
      .getByRole('link', { name: 'Family Lupu' })
      .click();
    await supervisor.getByRole('heading', { level: 1, name: 'Adoptive family Family Lupu' }).waitFor();
    await supervisor.getByRole('button', { name: 'Approve or reject the family' }).click();
    // Rejecting owes the family a reason: the form asks for it before anything is sent.
    await supervisor.getByLabel('Decision').selectOption({ label: 'Reject' });
    await supervisor.getByRole('button', { name: 'Approve or reject the family' }).last().click();
    await supervisor.getByText('This answer is required.').waitFor();
    await expect(supervisor.locator('main').textContent()).resolves.not.toMatch(/must match|"then"/);
    await supervisor.getByLabel('Decision').selectOption({ label: 'Approve' });
    await checkPage(supervisor, 'adoption-family-decision');
    await supervisor.getByRole('button', { name: 'Approve or reject the family' }).last().click();
    await supervisor.getByRole('status').getByText('Decision recorded.').waitFor();
    await summary(supervisor, 'Status').getByText('Approved', { exact: true }).waitFor();

    // The caseworker, on the child's case page at 360 px, sees no proposal yet and opens the ranked families.
    const worker = await openAs(browser, t.url, 'caseworker', PHONE);
    // A child not referred for adoption: nothing proposed, and no ranked families to open.
    await worker.goto(`${t.url}/cases/${ion.id}`);
    await section(worker, 'Adoption matching').getByText('No family has been proposed for this child.').waitFor();
    await expect(section(worker, 'Adoption matching').getByRole('link').count()).resolves.toBe(0);
    await worker.goto(`${t.url}/cases/${doina.id}`);
    const adoption = section(worker, 'Adoption matching');
    await adoption.getByText('No family has been proposed for this child.').waitFor();
    await checkPage(worker, 'adoption-case-section-empty');
    await adoption.getByRole('link', { name: 'See the approved families ranked for this child, with the reasons' }).click();
    await worker.getByRole('heading', { level: 1, name: `Families ranked for the child ${doina.caseNumber}` }).waitFor();
    const ranked = worker.getByRole('row', { name: /Family Lupu/ });
    // The score out of 100, and each criterion explained.
    await expect(ranked.textContent()).resolves.toContain('100');
    await expect(ranked.textContent()).resolves.toContain('The family can meet all of the child');
    await checkPage(worker, 'adoption-proposals');
    await fitsPhone(worker, ranked.getByRole('button', { name: 'Propose this family' }));
    await ranked.getByRole('button', { name: 'Propose this family' }).click();
    await ranked.getByLabel('Note for the panel').fill('Met twice, good rapport');
    await ranked.getByRole('button', { name: 'Propose this family' }).last().click();
    await worker.getByRole('status').getByText('Family proposed; the adoption panel is told.').waitFor();
    await ranked.getByRole('button', { name: 'Propose this family' }).waitFor({ state: 'detached' });
    await worker.getByRole('link', { name: doina.caseNumber }).click();
    await section(worker, 'Adoption matching')
      .getByRole('row', { name: /Family Lupu.*Awaiting the panel's decision/ })
      .waitFor();
    // Deciding is the panel's: the caseworker has no button for it.
    await expect(section(worker, 'Adoption matching').getByRole('button', { name: 'Decide on this match' }).count()).resolves.toBe(0);

    // The panel member, in Romanian on a phone, approves with a reason from the case page.
    const panel = await openAs(browser, t.url, 'panel', PHONE, 'ro');
    await panel.goto(`${t.url}/cases/${doina.id}`);
    const matches = section(panel, 'Potrivirea pentru adopție');
    const match = matches.getByRole('row', { name: /Family Lupu/ });
    await match.getByText('În așteptarea deciziei comisiei').waitFor();
    await match.getByText('Met twice, good rapport').waitFor();
    // The score explained criterion by criterion, in Romanian: no English sentence left.
    const why = match.locator('.screen-list li');
    await why.first().waitFor();
    const explanations = await why.allTextContents();
    expect(explanations.length).toBeGreaterThan(1);
    expect(explanations.join(' ')).toMatch(/Copilul are \d+ ani;/);
    expect(explanations.join(' ')).not.toMatch(/\b(the|child|family|years?|old|siblings?|needs?|speaks?|lives?|same|area|known)\b/i);
    await checkPage(panel, 'adoption-panel-case-section');
    await fitsPhone(panel, match.getByRole('button', { name: 'Decideți asupra acestei potriviri' }));
    await match.getByRole('button', { name: 'Decideți asupra acestei potriviri' }).click();
    await match.getByLabel('Decizie').selectOption({ label: 'Aprobați' });
    await match.getByLabel('Motiv').fill('In the best interests of the child');
    await checkPage(panel, 'adoption-panel-decision');
    await match.getByRole('button', { name: 'Decideți asupra acestei potriviri' }).last().click();
    await panel.getByRole('status').getByText('Decizie înregistrată.').waitFor();
    await match.getByText('Aprobată de comisie').waitFor();
    await match.getByText('In the best interests of the child').waitFor();
    await checkPage(panel, 'adoption-panel-approved');

    // The caseworker's case page shows the decision; the API agrees.
    await worker.reload();
    const decided = section(worker, 'Adoption matching').getByRole('row', { name: /Family Lupu/ });
    await decided.getByText('Approved by the panel').waitFor();
    await decided.getByText('In the best interests of the child').waitFor();
    const list = await t.http.get(`/api/plugins/adoption-matching/cases/${doina.id}/matches`).set(await asUser('caseworker'));
    expect(list.body.matches.map((m: any) => [m.familyId, m.status, m.decisionReason])).toEqual([[familyId, 'approved', 'In the best interests of the child']]);
  });
});
