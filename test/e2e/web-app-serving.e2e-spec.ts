import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, startTestApp, TestApp } from '../support/app';

/**
 * The API serves the built web app (npm test builds it first): app routes get index.html, never
 * cached, with the app's policy; hashed assets are cached for good; /api and files stay themselves.
 */
describe('The web app served by the API', () => {
  let t: TestApp;
  const web = path.join(REPO_ROOT, 'dist', 'web');

  beforeAll(async () => {
    if (!existsSync(path.join(web, 'index.html'))) throw new Error('dist/web is not built: run npm test (it runs npm run build:web)');
    t = await startTestApp('web_serving');
  });
  afterAll(async () => t?.close());

  it('app routes get the app page, not cached, with eval allowed for the form validator only there', async () => {
    for (const route of ['/', '/cases/6f1c1f0e-0000-4000-8000-000000000000', '/admin']) {
      const res = await t.http.get(route).set('Accept', 'text/html');
      expect([route, res.status, res.headers['content-type']]).toEqual([route, 200, expect.stringContaining('text/html')]);
      expect(res.text).toContain('<div id="root"></div>');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("script-src 'self' 'unsafe-eval'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
    const apiRes = await t.http.get('/api/health');
    expect(apiRes.headers['content-security-policy']).not.toContain('unsafe-eval');
  });

  it('hashed assets are cached for good; a missing asset, an unknown API path and file-like paths are 404s, not the app', async () => {
    const manifest = JSON.parse(readFileSync(path.join(web, '.vite', 'manifest.json'), 'utf8'));
    const entry = Object.values<any>(manifest).find((c) => c.isEntry).file as string;
    const asset = await t.http.get(`/${entry}`);
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect(asset.headers['cache-control']).toContain('max-age=31536000');
    expect((await t.http.get('/assets/missing-0000.js')).status).toBe(404);
    const unknownApi = await t.http.get('/api/nothing-here').set('Accept', 'text/html');
    expect([unknownApi.status, unknownApi.headers['content-type']]).toEqual([404, expect.stringContaining('json')]);
    for (const file of ['/favicon.ico', '/robots.txt']) expect([file, (await t.http.get(file).set('Accept', '*/*')).status]).toEqual([file, 404]);
  });

  it('the build fails when the first page goes over its budget, and states the figure', () => {
    const run = (budget: string) => {
      try {
        return {
          code: 0,
          out: execFileSync('node', ['scripts/web-budget.mjs'], {
            cwd: REPO_ROOT,
            env: { ...process.env, CMIS_WEB_BUDGET_KB: budget },
            encoding: 'utf8',
            stdio: 'pipe',
          }),
        };
      } catch (e: any) {
        return { code: e.status as number, out: `${e.stdout}${e.stderr}` };
      }
    };
    const ok = run('300');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/First page: \d+\.\d KB gzipped \(budget 300 KB\)/);
    const over = run('10');
    expect(over.code).toBe(1);
    expect(over.out).toMatch(/over budget by \d+\.\d KB/);
  });
});
