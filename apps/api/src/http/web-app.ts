import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/**
 * The app document's policy: the API's, plus 'unsafe-eval' because the form validator (ajv, the
 * same library and messages as the server) compiles each form's schema to a function at run time.
 * Scripts still load only from this server; nothing inline, nothing from elsewhere. Serving
 * server-compiled validators would remove the exception (docs/adr/0007-web-app.md).
 */
export const WEB_APP_CSP = [
  "default-src 'self'", "base-uri 'self'", "script-src 'self' 'unsafe-eval'", "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:", "font-src 'self' data:", "connect-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "form-action 'self'",
].join('; ');

/** Where the built web app is (`npm run build:web`); `CMIS_WEB_DIR` overrides. */
export function webAppDir(): string {
  return process.env.CMIS_WEB_DIR ?? join(process.cwd(), 'dist', 'web');
}

/**
 * Serves the web app's static files beside the API, so one start command serves both. Hashed
 * assets are cached for good; every other path outside /api gets index.html (the app's own routes),
 * never cached, so a new release is picked up at the next page load. Without a build, nothing.
 */
export function serveWebApp(app: NestExpressApplication): boolean {
  const dir = webAppDir();
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return false;
  app.useStaticAssets(join(dir, 'assets'), { prefix: '/assets/', immutable: true, maxAge: '365d', index: false, fallthrough: false });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/api') || !req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Content-Security-Policy', WEB_APP_CSP);
    res.sendFile(index);
  });
  return true;
}
