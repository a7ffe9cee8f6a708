import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { base32Decode, totp as totpCode } from '@app/identity';
import { SopRegistry } from '@app/sop-registry';
import { DEMO_PASSWORD } from '../support/app';
import { accessibilityViolations, ARTIFACTS, LAPTOP, launchChromium, PHONE, startWebApp } from '../support/browser';

/**
 * The workflow drawn on the administrator's pack page, laid out by ELK in a real headless Chromium:
 * every Moldova step by its name (never its id), every transition by its action, guards marked, the
 * same in words; left to right on a laptop, right to left in Arabic, top to bottom on a phone; and
 * nothing drawn over anything else, measured in the browser with its real fonts.
 */
describe('Web app: the workflow graph on the pack page', () => {
  let t: Awaited<ReturnType<typeof startWebApp>>;
  let browser: Browser;
  let pack: Awaited<ReturnType<SopRegistry['current']>>['pack'];

  const signInAdmin = async (viewport = LAPTOP): Promise<Page> => {
    const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'Europe/Chisinau' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => console.error(`[admin] page error: ${e.message}`));
    const secret = pack.demoUsers.find((u) => u.username === 'admin')!.totpSecret!;
    await page.goto(`${t.url}/`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    t.clock.advance(30_000);
    await page.getByLabel('Authenticator code').fill(totpCode(base32Decode(secret), t.clock.now().getTime()));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: /^Hello/ }).waitFor();
    t.clock.advance(30_000);
    await page.goto(`${t.url}/admin#admin-diagram`);
    return page;
  };

  /** What the drawing shows (not its tooltips): each step's and each label's lines joined, by step or transition. */
  const drawn = (page: Page) =>
    page.locator('#admin-diagram svg').evaluate((svg: any) => {
      const joined = (g: any, cls: string) => [...g.querySelectorAll(cls)].map((x: any) => x.textContent).join(' ');
      return {
        steps: [...svg.querySelectorAll('g.wg-node')].map((g: any) => joined(g, 'text.wg-name')),
        tags: [...svg.querySelectorAll('g.wg-node')].map((g: any) => joined(g, 'text.wg-tag')),
        labels: [...svg.querySelectorAll('g.wg-edge')].map((g: any) => joined(g, 'text.wg-label-text')),
        guarded: [...svg.querySelectorAll('g.wg-edge.wg-guarded')].map((g: any) => joined(g, 'text.wg-label-text')),
      };
    });

  /** Pairs of boxes (steps, labels) that overlap, and texts wider than their box, measured by the browser. */
  const clashes = (page: Page) =>
    page.locator('#admin-diagram svg').evaluate((svg: any) => {
      const boxes = [...svg.querySelectorAll('rect.wg-box, rect.wg-label-box')].map((r: any) => {
        const b = r.getBBox();
        return { name: r.parentElement.querySelector('title').textContent.split(' · ')[0], x: b.x, y: b.y, w: b.width, h: b.height };
      });
      const out: string[] = [];
      boxes.forEach((a: any, i: number) =>
        boxes.slice(i + 1).forEach((b: any) => {
          if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) out.push(`${a.name} × ${b.name}`);
        }),
      );
      for (const text of svg.querySelectorAll('text.wg-name, text.wg-label-text')) {
        const box = text.parentElement.querySelector('rect').getBBox();
        if (text.getComputedTextLength() > box.width) out.push(`"${text.textContent}" wider than its box`);
      }
      return out;
    });

  /** Where a step is drawn (its box's centre), found by its name. */
  const centre = (page: Page, name: string) =>
    page
      .locator('#admin-diagram g.wg-node', { has: page.locator('title', { hasText: new RegExp(`^${name} ·`) }) })
      .locator('rect.wg-box')
      .evaluate((r: any) => {
        const b = r.getBBox();
        return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
      });

  /** The whole drawing as an image, to judge by eye: its box let out of its scrolling and laid over the page's left edge for the shot. */
  const shoot = async (page: Page, name: string) => {
    const box = page.locator('#admin-diagram .wg-scroll');
    await box.evaluate((el: any) => (el.style.cssText = 'position: absolute; left: 0; width: max-content; max-height: none; overflow: visible; z-index: 9'));
    await page.locator('#admin-diagram svg').screenshot({ path: path.join(ARTIFACTS, name) });
    await box.evaluate((el: any) => (el.style.cssText = ''));
  };

  const chooseCaseType = async (page: Page, label: string, caseType: string) => {
    await page.locator('#admin-diagram').getByLabel(label, { exact: true }).selectOption(caseType);
    await page.locator('#admin-diagram svg').waitFor();
  };

  beforeAll(async () => {
    t = await startWebApp('web_graph', new Date());
    browser = await launchChromium();
    pack = (await t.app.get(SopRegistry).current()).pack;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('draws every Moldova step by its name and every transition by its action, guards marked, nothing overlapping, and the same in words', async () => {
    const page = await signInAdmin();
    const seen = new Set<string>();
    for (const caseType of pack.manifest.caseTypes) {
      await chooseCaseType(page, 'Case type', caseType.id);
      const svg = page.getByRole('img', { name: `The workflow of “${caseType.label.en}”: steps and transitions` });
      await svg.waitFor();
      const { steps, tags, labels, guarded } = await drawn(page);
      steps.forEach((s) => seen.add(s));
      // No step id anywhere in what is drawn: names only.
      for (const s of pack.workflow.steps) for (const text of [...steps, ...labels]) expect(text).not.toBe(s.id);
      expect([...steps, ...labels].join('\n')).not.toMatch(/[a-z]+_[a-z_]+/);
      expect(steps).toContain('any normal step');
      expect(steps).toContain('the previous step');
      // Start and end say so in words, not by colour alone.
      expect(tags.filter((x) => x.includes('start'))).toHaveLength(1);
      expect(tags.filter((x) => x.includes('end')).length).toBe(pack.workflow.steps.filter((s) => s.kind === 'terminal' && steps.includes(s.label.en)).length);
      expect(await clashes(page)).toEqual([]);
      if (caseType.id === 'child_protection') {
        expect(labels).toEqual(expect.arrayContaining(['Start the initial assessment', 'Close the case', 'Implement the care plan', 'Reopen the case']));
        expect(guarded).toEqual(expect.arrayContaining(['Close the case', 'Request emergency placement', 'Start the initial assessment']));
        // Every drawn transition with guards is marked, and only those.
        for (const tr of pack.workflow.transitions.filter((x) => labels.includes(x.label.en)))
          expect([tr.label.en, guarded.includes(tr.label.en)]).toEqual([tr.label.en, (tr.guards ?? []).length > 0]);
        expect(steps).not.toContain('Notification received');
        const words = await page.locator('#admin-diagram .wg-words').innerText();
        expect(words).toContain('Implement the care plan → Implementation of the care plan');
        expect(words).toContain('Resume the case → the previous step');
        expect(words).toContain('Start the initial assessment → Initial assessment — only when: Consent must be given');
        expect(words).toMatch(/Response according to the risk level \(48 h \/ 5 d \/ 10 d\)/);
        // Left to right: the start step is left of the follow-up.
        expect((await centre(page, 'Registration')).x).toBeLessThan((await centre(page, 'Follow-up and review')).x);
        await shoot(page, '30-workflow-graph-laptop.png');
      }
    }
    for (const s of pack.workflow.steps) expect([...seen]).toContain(s.label.en);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('lets a keyboard user reach the drawing and zoom it', async () => {
    const page = await signInAdmin();
    await page.locator('#admin-diagram svg').waitFor();
    const region = page.getByRole('region', { name: /^The workflow of/ });
    expect(await region.getAttribute('tabindex')).toBe('0');
    const width = async () => Number(await page.locator('#admin-diagram svg').getAttribute('width'));
    const before = await width();
    await page.getByRole('button', { name: 'Zoom in' }).focus();
    await page.keyboard.press('Enter');
    expect(await width()).toBeGreaterThan(before);
    await page.getByRole('button', { name: 'Actual size' }).click();
    expect(await width()).toBe(before);
  });

  it('on a 360 px phone the flow runs top to bottom inside its own scrolling box; in Arabic, right to left; both without accessibility violations', async () => {
    const phone = await signInAdmin(PHONE);
    await chooseCaseType(phone, 'Case type', 'child_protection');
    await phone.locator('#admin-diagram svg[data-flow="DOWN"]').waitFor();
    expect((await centre(phone, 'Registration')).y).toBeLessThan((await centre(phone, 'Follow-up and review')).y);
    expect(await clashes(phone)).toEqual([]);
    expect(await phone.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number)).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityViolations(phone)).toEqual([]);
    await shoot(phone, '31-workflow-graph-phone.png');

    await phone.getByLabel('Language').selectOption('ar');
    const svg = phone.getByRole('img', { name: /^سير العمل لـ«حالة حماية طفل»/ });
    await svg.waitFor();
    const { steps, labels } = await drawn(phone);
    const reached = pack.workflow.steps.filter((s) => s.id !== 'notification_received' && s.id !== 'notification_processed');
    for (const s of reached) expect(steps).toContain(s.label.ar);
    expect(labels).toContain('إغلاق الحالة');
    expect(await clashes(phone)).toEqual([]);
    expect(await accessibilityViolations(phone)).toEqual([]);
    expect(await phone.locator('#admin-diagram .wg-words').innerText()).toContain('استئناف الحالة → الخطوة السابقة');

    // At laptop width in Arabic the flow runs right to left: the start step at the right.
    await phone.setViewportSize(LAPTOP);
    await phone.locator('#admin-diagram svg[data-flow="LEFT"]').waitFor();
    const ar = (id: string) => pack.workflow.steps.find((s) => s.id === id)!.label.ar;
    const start = await centre(phone, ar('registration'));
    const follow = await centre(phone, ar('follow_up'));
    expect(start.x).toBeGreaterThan(follow.x);
    expect(await clashes(phone)).toEqual([]);
    expect(await accessibilityViolations(phone)).toEqual([]);
    await shoot(phone, '32-workflow-graph-arabic.png');
  });
});
