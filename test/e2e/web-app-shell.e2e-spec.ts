import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, startTestApp, TestApp } from '../support/app';

/** supertest keeps binary bodies (the PNG icons) as a Buffer. */
const binary = (res: any, done: (err: Error | null, body: Buffer) => void) => {
  const parts: Buffer[] = [];
  res.on('data', (c: Buffer) => parts.push(c));
  res.on('end', () => done(null, Buffer.concat(parts)));
};

/**
 * The installable shell as the API serves it (npm run build:web writes it): the service worker and
 * the manifest always revalidated, with their own types; the icons; the app page's policy allows the
 * worker and the manifest from this server only and loosens nothing else.
 */
describe('The web app shell served by the API: service worker, manifest, icons', () => {
  let t: TestApp;
  const web = process.env.CMIS_WEB_DIR ?? path.join(REPO_ROOT, 'dist', 'web');

  beforeAll(async () => {
    if (!existsSync(path.join(web, 'sw.js'))) throw new Error('dist/web/sw.js is not built: run npm run build:web');
    t = await startTestApp('web_shell');
  });
  afterAll(async () => t?.close());

  it('serves the service worker as JavaScript, never cached, listing the app page and the entry script to precache', async () => {
    const res = await t.http.get('/sw.js');
    expect([res.status, res.headers['content-type'], res.headers['cache-control']]).toEqual([200, 'text/javascript; charset=utf-8', 'no-cache']);
    const manifest = JSON.parse(readFileSync(path.join(web, '.vite', 'manifest.json'), 'utf8'));
    const entry = Object.values<any>(manifest).find((c) => c.isEntry).file as string;
    expect(res.text).toMatch(/const SHELL_VERSION = "[0-9a-f]{16}";/);
    expect(res.text).toContain(`"/${entry}"`);
    expect(res.text).not.toMatch(/"\/api/);
    expect((await t.http.post('/sw.js')).status).toBe(404);
  });

  it('serves the manifest and every icon it names, with their types', async () => {
    const res = await t.http.get('/manifest.webmanifest');
    expect([res.status, res.headers['content-type'], res.headers['cache-control']]).toEqual([200, 'application/manifest+json; charset=utf-8', 'no-cache']);
    const manifest = JSON.parse(res.text);
    expect(manifest).toMatchObject({ start_url: '/', scope: '/', display: 'standalone' });
    for (const icon of manifest.icons) {
      const file = await t.http.get(icon.src).buffer(true).parse(binary);
      expect([icon.src, file.status, file.headers['content-type']]).toEqual([icon.src, 200, expect.stringContaining(icon.type)]);
      if (icon.type === 'image/png') expect((file.body as Buffer).subarray(1, 4).toString('latin1')).toBe('PNG');
    }
    expect((await t.http.get('/icons/missing.png')).status).toBe(404);
  });

  it("the app page links the manifest; its policy allows this server's worker and manifest and nothing more", async () => {
    const res = await t.http.get('/cases').set('Accept', 'text/html');
    expect(res.text).toContain('<link rel="manifest" href="/manifest.webmanifest"');
    // The whole policy, so any loosening shows here.
    expect((res.headers['content-security-policy'] as string).split('; ')).toEqual([
      "default-src 'self'",
      "base-uri 'self'",
      "script-src 'self' 'unsafe-eval'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self' data:",
      "connect-src 'self'",
      "worker-src 'self'",
      "manifest-src 'self'",
      "object-src 'none'",
      "frame-ancestors 'none'",
      "form-action 'self'",
    ]);
  });
});
