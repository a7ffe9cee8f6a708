import type { Browser, Locator, Page } from 'playwright-core';
import { base32Decode, totp as totpCode } from '@app/identity';
import type { SopPack } from '@app/pack-types';
import { SopRegistry } from '@app/sop-registry';
import { translate } from '../../apps/web/src/translate';
import studioAr from '../../apps/web/src/locales/studio-ar.json';
import studioEn from '../../apps/web/src/locales/studio-en.json';
import wfAr from '../../apps/web/src/locales/studio-workflow-ar.json';
import wfEn from '../../apps/web/src/locales/studio-workflow-en.json';
import { DEMO_PASSWORD } from '../support/app';
import { accessibilityViolations, launchChromium, LAPTOP, PHONE, screenshots, startWebApp } from '../support/browser';

/**
 * The studio's workflow editor in a real headless Chromium, on a 360 px phone: an administrator adds
 * a step (its name in the pack's four languages), adds a transition to it whose guard is built with
 * pickers ("Risk level is High"), reads it in words, switches to raw JSON Logic (invalid JSON is
 * refused in words) and back; removes the step, sees the validator's error on the transition that
 * still leads to it, and fixes it. Then the same screen at laptop width in Arabic. axe clean.
 */
describe('Web app: the studio workflow editor', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  let page: Page;
  let pack: SopPack;
  let admin: { authorization: string };
  const tr = (key: string, vars: Record<string, string | number> = {}, locale = 'en') =>
    translate(locale, key, vars, { en: { ...studioEn, ...wfEn }, ar: { ...studioAr, ...wfAr } });
  const STEP = { id: 'family_conference', en: 'Family conference', fr: 'Conférence familiale', ro: 'Conferința familiei', ar: 'اجتماع العائلة' };
  const MOVE = {
    id: 'hold_family_conference',
    en: 'Hold a family conference',
    fr: 'Tenir une conférence familiale',
    ro: 'Organizează conferința familiei',
    ar: 'عقد اجتماع العائلة',
  };
  const MESSAGE = {
    en: 'Only for a high-risk case.',
    fr: 'Seulement pour un cas à risque élevé.',
    ro: 'Doar pentru un caz cu risc înalt.',
    ar: 'فقط لحالة عالية الخطورة.',
  };
  const RULE = { '==': [{ var: 'forms.initial_assessment.risk_level' }, 'high'] };
  const LANGS = ['en', 'fr', 'ro', 'ar'] as const;

  const revision = (n: number, locale = 'en') =>
    page.getByRole('heading', { level: 2, name: tr('studio.draft', { id: 1, revision: n }, locale) }).waitFor({ timeout: 30_000 });
  const draftFiles = async () => {
    const { drafts } = (await t.http.get('/api/sop/drafts').set(admin)).body;
    return (await t.http.get(`/api/sop/drafts/${drafts.find((d: any) => d.status === 'open').id}`).set(admin)).body.files;
  };
  const stepRow = () => page.locator(`.studio-steps > li[data-step="${STEP.id}"]`);
  const moveRow = () => page.locator(`.studio-transitions > li[data-transition="${MOVE.id}"]`);
  const fillLabels = async (scope: Locator, values: Record<(typeof LANGS)[number], string>) => {
    for (const l of LANGS) await scope.locator(`input[lang="${l}"]`).fill(values[l]);
  };
  const fitsAndAxe = async (width: number) => {
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number)).toBeLessThanOrEqual(width);
    expect(await accessibilityViolations(page)).toEqual([]);
  };

  beforeAll(async () => {
    t = await startWebApp('web_studio_workflow', new Date());
    pack = (await t.app.get(SopRegistry).current()).pack;
    admin = { authorization: await t.login('admin') };
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: PHONE, locale: 'en-GB', timezoneId: 'Europe/Chisinau' });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.goto(`${t.url}/`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // A code signs in once: the (controllable) clock moves to a fresh 30-s step before and after.
    t.clock.advance(30_000);
    const secret = pack.demoUsers.find((u) => u.username === 'admin')!.totpSecret!;
    await page.getByLabel('Authenticator code').fill(totpCode(base32Decode(secret), t.clock.now().getTime()));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: /^Hello/ }).waitFor();
    await page.goto(`${t.url}/admin/studio`);
    await page.getByRole('button', { name: tr('studio.start') }).click();
    await revision(1);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('adds a step with its name in every language, side by side, and shows the linter on it', async () => {
    const form = page.locator('.studio-add-step');
    await form.getByLabel(tr('studio.add.id'), { exact: true }).fill(STEP.id);
    await form.getByLabel(tr('studio.wf.step.kind')).selectOption('normal');
    await fillLabels(form, STEP);
    await form.getByRole('button', { name: tr('studio.wf.step.addSubmit') }).click();
    await revision(2);
    const labels = stepRow().locator('.studio-step-labels');
    for (const l of LANGS) expect(await labels.locator(`[lang="${l}"] dd`).innerText()).toBe(STEP[l]);
    expect(await labels.locator('[lang="ar"]').getAttribute('dir')).toBe('rtl');
    // Nothing leads to it yet: the linter says so on the step itself.
    await stepRow().locator('[data-code="unreachable_step"]').waitFor();
    expect(await stepRow().innerText()).toContain(tr('studio.finding.unreachable_step'));
    expect((await draftFiles())['workflow.json'].steps.find((s: any) => s.id === STEP.id)).toEqual({
      id: STEP.id,
      kind: 'normal',
      label: { en: STEP.en, fr: STEP.fr, ro: STEP.ro, ar: STEP.ar },
    });
  });

  it('adds a transition to it with a guard built with pickers, read in words, through raw JSON Logic and back', async () => {
    // The pack's transitions in words: who may take one, whose approval it needs, its guard.
    const careplan = page.locator('.studio-transitions > li[data-transition="implement_care_plan"]');
    expect(await careplan.innerText()).toContain(tr('studio.wf.transition.approvedBy', { roles: 'Supervisor' }));
    const placement = page.locator('.studio-transitions > li[data-transition="request_emergency_placement"]');
    expect(await placement.innerText()).toContain(tr('studio.wf.guard.onlyWhen', { words: `${tr('studio.wf.guard.caseRisk')} is High` }));
    const add = page.locator('.studio-add-transition');
    await add.locator('summary').click();
    await add.getByLabel(tr('studio.add.id'), { exact: true }).fill(MOVE.id);
    await fillLabels(add.locator('.studio-labels').first(), MOVE);
    await add
      .getByRole('group', { name: tr('studio.wf.transition.from') })
      .getByLabel('Initial assessment', { exact: true })
      .check();
    await add.getByLabel(tr('studio.wf.transition.to'), { exact: true }).selectOption({ label: STEP.en });
    await add
      .getByRole('group', { name: tr('studio.wf.transition.roles') })
      .getByLabel('Community social worker (case manager)')
      .check();

    await add.getByRole('button', { name: tr('studio.wf.guard.add') }).click();
    await add.getByLabel(tr('studio.wf.guard.source', { n: 1 })).selectOption({ label: 'Initial assessment' });
    await add.getByLabel(tr('studio.wf.guard.field', { n: 1 })).selectOption({ label: 'Risk level' });
    expect(await add.getByLabel(tr('studio.wf.guard.operator', { n: 1 })).inputValue()).toBe('equals');
    await add.getByLabel(tr('studio.wf.guard.value', { n: 1 })).selectOption({ label: 'High' });
    const words = tr('studio.wf.guard.inWords', { words: 'Risk level is High' });
    await add.locator('.studio-guard-words').getByText(words).waitFor();

    // Raw mode shows the JSON Logic the pickers wrote; text that is not JSON is refused in words.
    await add.getByRole('button', { name: tr('studio.wf.guard.toRaw') }).click();
    const raw = add.getByLabel(tr('studio.wf.guard.raw'));
    expect(JSON.parse(await raw.inputValue())).toEqual(RULE);
    await raw.fill('{"==": [{"var": "forms.initial_assessment.risk_level"}, "high"');
    await add
      .locator('.problem')
      .getByText(/^This is not valid JSON: /)
      .waitFor();
    await add.getByRole('button', { name: tr('studio.wf.guard.toBuilder') }).click();
    await add.getByText(tr('studio.wf.guard.notShown')).waitFor();
    expect(await add.getByLabel(tr('studio.wf.guard.raw')).count()).toBe(1);
    await raw.fill(JSON.stringify(RULE));
    await add.getByRole('button', { name: tr('studio.wf.guard.toBuilder') }).click();
    expect(await add.getByLabel(tr('studio.wf.guard.value', { n: 1 })).inputValue()).toBe('high');
    await add.locator('.studio-guard-words').getByText(words).waitFor();

    await fillLabels(add.locator('.studio-guard-edit .studio-labels'), MESSAGE);
    await add.getByRole('button', { name: tr('studio.wf.transition.addSubmit') }).click();
    await revision(3);
    await moveRow().waitFor();
    expect(await moveRow().innerText()).toContain(tr('studio.wf.guard.onlyWhen', { words: 'Risk level is High' }));
    expect(await moveRow().innerText()).toContain(tr('studio.wf.transition.path', { from: 'Initial assessment', to: STEP.en }));
    // Reached now: the step's unreachable error is gone.
    await stepRow().locator('[data-code="unreachable_step"]').waitFor({ state: 'detached' });
    const saved = (await draftFiles())['workflow.json'].transitions.find((x: any) => x.id === MOVE.id);
    expect(saved).toEqual({
      id: MOVE.id,
      label: { en: MOVE.en, fr: MOVE.fr, ro: MOVE.ro, ar: MOVE.ar },
      from: ['initial_assessment'],
      to: STEP.id,
      roles: ['caseworker'],
      guards: [{ rule: RULE, message: MESSAGE }],
    });
    await fitsAndAxe(PHONE.width);
  });

  it('removes the step after saying which transitions still use it; the error shows on that transition until it leads elsewhere', async () => {
    await stepRow()
      .getByRole('button', { name: tr('studio.wf.step.removeNamed', { step: STEP.en }) })
      .click();
    await stepRow()
      .getByRole('alert')
      .getByText(tr('studio.wf.step.stillUsed', { n: 1, transitions: MOVE.en }))
      .waitFor();
    await stepRow()
      .getByRole('button', { name: tr('studio.wf.step.removeAnyway', { step: STEP.en }) })
      .click();
    await revision(4);
    await stepRow().waitFor({ state: 'detached' });
    const finding = moveRow().locator('[data-code="unknown_step"]');
    await finding.waitFor();
    expect(await finding.innerText()).toContain(tr('studio.finding.unknown_step'));
    expect(await moveRow().innerText()).toContain(tr('studio.wf.missingStep', { id: STEP.id }));
    // Listed with the draft's findings too, the transition named by its label.
    expect(await page.locator('.studio-findings').innerText()).toContain(tr('studio.element.transition', { transition: MOVE.en }));
    await fitsAndAxe(PHONE.width);

    // The guard it has opens in the pickers; the transition now leads to case planning.
    await moveRow()
      .locator('summary')
      .getByText(tr('studio.wf.transition.change', { transition: MOVE.en }))
      .click();
    expect(
      await moveRow()
        .getByLabel(tr('studio.wf.guard.value', { n: 1 }))
        .inputValue(),
    ).toBe('high');
    await moveRow().getByLabel(tr('studio.wf.transition.to'), { exact: true }).selectOption({ label: 'Case planning' });
    await moveRow()
      .getByRole('button', { name: tr('studio.wf.transition.save') })
      .click();
    await revision(5);
    await finding.waitFor({ state: 'detached' });
    expect(await moveRow().innerText()).toContain(tr('studio.wf.transition.path', { from: 'Initial assessment', to: 'Case planning' }));
    const saved = (await draftFiles())['workflow.json'].transitions.find((x: any) => x.id === MOVE.id);
    expect(saved).toMatchObject({ to: 'case_planning', guards: [{ rule: RULE, message: MESSAGE }] });
    expect(await page.locator('.studio-header').innerText()).toContain(tr('studio.errors', { n: 0 }));
    // The change log names what changed by its labels, the removed step too.
    await page
      .locator('.studio-log')
      .getByText(/Revision 5: /)
      .waitFor();
    const log = await page.locator('.studio-log').innerText();
    expect(log).toMatch(new RegExp(`Revision 2: admin changed ${tr('studio.element.step', { step: STEP.en })}`));
    expect(log).toMatch(new RegExp(`Revision 3: admin changed ${tr('studio.element.transition', { transition: MOVE.en })}`));
    expect(log).toMatch(new RegExp(`Revision 4: admin changed ${tr('studio.element.step', { step: STEP.en })}`));
    expect(log).toMatch(new RegExp(`Revision 5: admin changed ${tr('studio.element.transition', { transition: MOVE.en })}`));
    expect(log).not.toContain('workflow.json');
    await fitsAndAxe(PHONE.width);
    await screenshots(page, 'studio-workflow');
  });

  it('reads the same in Arabic, right to left, at laptop width', async () => {
    await page.setViewportSize(LAPTOP);
    await page.locator('label.lang select').selectOption('ar');
    await page.waitForFunction(() => (globalThis as any).document.documentElement.dir === 'rtl');
    await revision(5, 'ar');
    await page.getByRole('heading', { level: 2, name: tr('studio.wf.title', {}, 'ar') }).waitFor();
    expect(await moveRow().innerText()).toContain(tr('studio.wf.guard.onlyWhen', { words: 'مستوى الخطورة هو مرتفعة' }, 'ar'));
    expect(await moveRow().innerText()).toContain(MESSAGE.ar);
    await fitsAndAxe(LAPTOP.width);
  });
});
