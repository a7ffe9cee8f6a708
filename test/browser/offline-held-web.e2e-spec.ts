import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, LAPTOP, launchChromium, openAs, PHONE, screenshots, startWebApp } from '../support/browser';
import { casesClient } from '../support/cases-client';

/**
 * The "changes waiting for review" screen (issue 22, ADR 0012) in a real headless Chromium against
 * the real API: changes made offline that the server held at sync, created through POST /api/sync
 * (two colleagues changing the same answers of one case from the same copy; a transition from a step
 * the case has left), are read with their reasons in words and settled — the conflict by choosing,
 * per answer, the server's or one's own, the other discarded after a confirmation — in French at
 * 360 px and in Arabic on a laptop; a supervisor sees their team member's held change. Axe clean.
 */
describe('Web app: changes waiting for review (held offline changes)', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  let api: ReturnType<typeof casesClient>;
  // Runs in the page: `globalThis` is the window there.
  const pageWidth = (page: Page) => page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number);
  const child = (first: string) => ({
    first_name: first,
    last_name: 'Offline',
    sex: 'female',
    date_of_birth: '2015-05-05',
    consent_status: 'not_required_emergency',
    assent_status: 'given',
    address: 'Strada Veche 1',
    caregiver_relationship: 'mother',
  });
  const sync = async (user: string, changes: unknown[]) => {
    const res = await t.http
      .post('/api/sync')
      .set(await api.as(user))
      .send({ changes });
    expect(res.status).toBe(200);
    return res.body.outcomes as Array<{ key: string; outcome: string; caseId?: string; reason?: { code: string } }>;
  };
  const held = async (user: string) => (await t.http.get('/api/sync/held').set(await api.as(user))).body.held as Array<{ key: string }>;
  const fill = (caseId: string, answers: Record<string, unknown>) => ({
    key: randomUUID(),
    kind: 'fill',
    case: caseId,
    formId: 'registration',
    status: 'complete',
    base: { address: 'Strada Veche 1', caregiver_relationship: 'mother' },
    answers,
  });
  /** A case of the caseworker's, taken on to the initial assessment online; a transition queued at registration is then held. */
  const movedOn = async (first: string) => {
    const reg = await api.register('caseworker', 'child_protection', child(first));
    expect(reg.status).toBe(201);
    expect((await api.transition('caseworker', reg.body.id, 'start_assessment')).status).toBe(200);
    return reg.body as { id: string; caseNumber: string };
  };
  const card = (page: Page, name: string | RegExp) => page.getByRole('article', { name });

  beforeAll(async () => {
    t = await startWebApp('web_offline_held', new Date());
    browser = await launchChromium();
    api = casesClient(t);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('in French at 360 px: reads both held changes in words, resolves the conflict answer by answer (choosing again when the server changed meanwhile), discards the other after confirming', async () => {
    const reg = await api.register('caseworker', 'child_protection', child('Irina'));
    expect(reg.status).toBe(201);
    const caseId: string = reg.body.id;
    // A colleague of the same team syncs first, from the same copy: applied.
    const theirs = await sync('caseworker3', [fill(caseId, { address: 'Strada Online 3', caregiver_relationship: 'father' })]);
    expect(theirs[0].outcome).toBe('applied');
    // The caseworker's change of the same two answers is held as a conflict.
    const conflict = {
      ...fill(caseId, { address: 'Strada Offline 4', caregiver_relationship: 'grandparent' }),
      madeAt: new Date(Date.now() - 3_600_000).toISOString(),
    };
    const mine = await sync('caseworker', [conflict]);
    expect(mine[0]).toMatchObject({ outcome: 'held', reason: { code: 'sync_conflict' } });
    const moved = await movedOn('Doina');
    const late = { key: randomUUID(), kind: 'transition', case: moved.id, transitionId: 'start_assessment', fromStep: 'registration' };
    expect((await sync('caseworker', [late]))[0]).toMatchObject({ outcome: 'held', reason: { code: 'sync_step_moved' } });

    const page = await openAs(browser, t.url, 'caseworker', PHONE, 'fr');
    // No request the user may not make (a caseworker supervises no team: the team's list is not even asked).
    const refused: string[] = [];
    page.on('response', (r) => {
      if (r.status() === 401 || r.status() === 403) refused.push(`${r.status()} ${r.url()}`);
    });
    await page.getByRole('navigation').getByRole('link', { name: '2 modifications à examiner' }).click();
    await page.getByRole('heading', { level: 1, name: "Modifications en attente d'examen" }).waitFor({ timeout: 30_000 });

    const clash = card(page, "Réponses au formulaire « Enregistrement » : Adresse et Lien avec l'enfant");
    await clash.getByRole('link', { name: `Dossier ${reg.body.caseNumber}` }).waitFor({ timeout: 30_000 });
    await clash
      .getByText(
        "Pendant que vous étiez hors ligne, quelqu'un d'autre a modifié les mêmes réponses sur le serveur : Adresse et Lien avec l'enfant. Choisissez les réponses à garder.",
      )
      .waitFor();
    await clash.getByText(/^Faite hors ligne le .+ · reçue le .+$/).waitFor();
    const step = card(page, "Transition « Commencer l'évaluation initiale »");
    await step.getByRole('link', { name: `Dossier ${moved.caseNumber}` }).waitFor({ timeout: 30_000 });
    await step
      .getByText('Le dossier est passé à « Évaluation initiale » pendant que vous étiez hors ligne ; la transition avait été faite à « Enregistrement ».')
      .waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityViolations(page)).toEqual([]);

    // The conflict, side by side per answer: the values as the form shows them (option labels), one chosen per answer.
    await clash.getByRole('button', { name: 'Choisir les réponses à garder' }).click();
    const address = clash.getByRole('group', { name: 'Adresse' });
    const relation = clash.getByRole('group', { name: "Lien avec l'enfant" });
    await address.getByRole('radio', { name: 'Votre réponse (hors ligne) Strada Offline 4' }).waitFor();
    await relation.getByRole('radio', { name: 'Sur le serveur maintenant Père' }).waitFor({ timeout: 30_000 });
    await address.getByRole('radio', { name: 'Sur le serveur maintenant Strada Online 3' }).check();
    await relation.getByRole('radio', { name: 'Votre réponse (hors ligne) Grand-parent' }).check();
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshots(page, 'offline-held-conflict');
    // Meanwhile the colleague changes the address once more: the server's new value is shown to choose again, the other choice kept.
    expect((await sync('caseworker3', [{ ...fill(caseId, { address: 'Strada Online 5' }), base: { address: 'Strada Online 3' } }]))[0].outcome).toBe('applied');
    await clash.getByRole('button', { name: 'Enregistrer les réponses choisies' }).click();
    await clash
      .getByRole('alert')
      .getByText('Les réponses du serveur ont encore changé entre-temps. Les nouvelles valeurs sont affichées : choisissez à nouveau.')
      .waitFor({ timeout: 30_000 });
    expect(await relation.getByRole('radio', { name: 'Votre réponse (hors ligne) Grand-parent' }).isChecked()).toBe(true);
    await address.getByRole('radio', { name: 'Sur le serveur maintenant Strada Online 5' }).check();
    expect(await accessibilityViolations(page)).toEqual([]);
    await clash.getByRole('button', { name: 'Enregistrer les réponses choisies' }).click();
    await page.getByRole('status').getByText('Les réponses que vous avez choisies ont été enregistrées.').waitFor({ timeout: 30_000 });
    await clash.waitFor({ state: 'detached' });
    await page.getByRole('navigation').getByRole('link', { name: '1 modification à examiner' }).waitFor();

    // On the server: the server's address and the caseworker's own answer about the caregiver; the conflict no longer held.
    const answers = (await api.get('caseworker', caseId)).body.forms.registration[0].answers;
    expect(answers).toMatchObject({ address: 'Strada Online 5', caregiver_relationship: 'grandparent' });
    expect((await held('caseworker')).map((h) => h.key)).toEqual([late.key]);

    // Discarding says what is lost, and needs a confirmation.
    await step.getByRole('button', { name: 'Abandonner', exact: true }).click();
    await step.getByText("Abandonner cette modification ? Transition « Commencer l'évaluation initiale » ne sera pas appliqué.", { exact: false }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await step.getByRole('button', { name: 'Abandonner la modification' }).click();
    await page.getByRole('status').getByText('La modification a été abandonnée.').waitFor({ timeout: 30_000 });
    await page.getByText("Rien n'attend d'examen.").waitFor();
    await page
      .getByRole('navigation')
      .getByRole('link', { name: /à examiner/ })
      .waitFor({ state: 'detached' });
    expect(await held('caseworker')).toEqual([]);
    // Nothing dropped silently: the discard is in the audit trail.
    const trail = await t.http.get(`/api/audit-log?action=sync.held_discarded`).set(await api.as('auditor'));
    expect(trail.status).toBe(200);
    expect(JSON.stringify(trail.body.entries)).toContain(late.key);
    // A caseworker supervises nobody: no team tab.
    expect(await page.getByRole('link', { name: 'Les modifications de mon équipe' }).count()).toBe(0);
    expect(refused).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('in Arabic on a laptop: a change held for being made too long ago, read right to left, then tried again and applied', async () => {
    const reg = await api.register('caseworker', 'child_protection', child('Vera'));
    const madeAt = new Date(Date.now() - 9 * 86_400_000).toISOString();
    expect((await sync('caseworker', [{ ...fill(reg.body.id, { address: 'Strada Veche 9' }), madeAt }]))[0]).toMatchObject({
      outcome: 'held',
      reason: { code: 'sync_made_too_long_ago' },
    });
    const page = await openAs(browser, t.url, 'caseworker', LAPTOP, 'ar');
    await page.getByRole('navigation').getByRole('link', { name: 'تغيير واحد للمراجعة' }).click();
    await page.getByRole('heading', { level: 1, name: 'تغييرات بانتظار المراجعة' }).waitFor({ timeout: 30_000 });
    const item = card(page, 'إجابات على النموذج «التسجيل»: العنوان');
    // Seven days, in the digits Arabic is written with here.
    await item.getByText(/^أُجري دون اتصال قبل وصوله إلى الخادم بأكثر من (7|٧) أيام؛ ويطلب الإجراء مراجعته قبل تطبيقه\.$/).waitFor();
    await item.getByRole('button', { name: 'حاول مرة أخرى' }).waitFor();
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.dir)).toBe('rtl');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshots(page, 'offline-held-arabic');
    // Reviewed, the user tries it again: applied now, and the case has the answer.
    await item.getByRole('button', { name: 'حاول مرة أخرى' }).click();
    await page.getByRole('status').getByText('طُبّق التغيير.').waitFor({ timeout: 30_000 });
    await page.getByText('لا شيء بانتظار المراجعة.').waitFor();
    expect((await api.get('caseworker', reg.body.id)).body.forms.registration[0].answers.address).toBe('Strada Veche 9');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("shows a supervisor their team member's held change, whose it is, and lets them discard it", async () => {
    const moved = await movedOn('Lidia');
    const late = { key: randomUUID(), kind: 'transition', case: moved.id, transitionId: 'start_assessment', fromStep: 'registration' };
    expect((await sync('caseworker', [late]))[0].outcome).toBe('held');

    const page = await openAs(browser, t.url, 'supervisor', LAPTOP);
    await page.goto(`${t.url}/sync/held`);
    await page.getByRole('heading', { level: 1, name: 'Changes waiting for review' }).waitFor({ timeout: 30_000 });
    await page.getByRole('navigation', { name: 'Whose changes' }).getByRole('link', { name: "My team's changes" }).click();
    const item = card(page, 'Transition “Start the initial assessment”').filter({ hasText: moved.caseNumber });
    await item.getByText('Made by Elena Cojocaru').waitFor({ timeout: 30_000 });
    await item.getByText('The case moved on to “Initial assessment” while you were offline; the transition was taken at “Registration”.').waitFor();
    // The supervisor settles nothing by its content: no resolving or retrying someone else's change.
    expect(await item.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await item.getByRole('button', { name: 'Discard' }).click();
    await item.getByRole('button', { name: 'Discard the change' }).click();
    await page.getByRole('status').getByText('The change was discarded.').waitFor({ timeout: 30_000 });
    expect((await held('caseworker')).map((h) => h.key)).not.toContain(late.key);
    await page.context().close();
  });
});
