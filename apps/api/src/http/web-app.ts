import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { webAppPolicy } from './content-security-policy';

const WEB_APP_CSP = webAppPolicy();

/** Where the built web app is (`npm run build:web`); `CMIS_WEB_DIR` overrides. */
export function webAppDir(config: { CMIS_WEB_DIR?: string }): string {
  return config.CMIS_WEB_DIR ?? join(process.cwd(), 'dist', 'web');
}

/**
 * The application shell's files at the root (scripts/build-service-worker.ts): revalidated at each
 * use, so a release's new worker and manifest are seen at once. The worker's scope is its folder, /.
 */
const SHELL_FILES: Record<string, string> = {
  '/sw.js': 'text/javascript; charset=utf-8',
  '/manifest.webmanifest': 'application/manifest+json; charset=utf-8',
};

/**
 * Serves the web app's static files beside the API, so one start command serves both. Hashed
 * assets are cached for good; every other path outside /api gets index.html (the app's own routes),
 * never cached, so a new release is picked up at the next page load. Without a build, nothing.
 */
export function serveWebApp(app: NestExpressApplication, dir: string): boolean {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return false;
  app.useStaticAssets(join(dir, 'assets'), { prefix: '/assets/', immutable: true, maxAge: '365d', index: false, fallthrough: true });
  app.useStaticAssets(join(dir, 'icons'), { prefix: '/icons/', maxAge: '1d', index: false, fallthrough: true });
  app.use((req: Request, res: Response, next: NextFunction) => {
    const type = SHELL_FILES[req.path];
    if (!type || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Content-Type', type);
    res.sendFile(join(dir, req.path.slice(1)), (err) => {
      if (err && !res.headersSent) next();
    });
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    // App routes only: /api and anything that looks like a file (favicon.ico, robots.txt) are not the app.
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/api') || /\.[a-z0-9]+$/i.test(req.path) || !req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Content-Security-Policy', WEB_APP_CSP);
    res.sendFile(index);
  });
  return true;
}
