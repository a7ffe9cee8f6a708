import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { AppConfig } from '@app/config';
import { createLogger, PinoNestLogger, requestLogging, type DestinationStream } from '@app/logging';
import { CONTENT_SECURITY_POLICY } from './http/content-security-policy';
import { setupApiDocs } from './http/openapi';
import { serveWebApp, webAppDir } from './http/web-app';

export { CONTENT_SECURITY_POLICY };

/**
 * `CMIS_TRUST_PROXY` → Express `trust proxy`, which decides `req.ip` (used by the sign-in rate limits
 * and shown in the sessions list). Unset: the socket's address (no proxy trusted). Behind a reverse
 * proxy set it to the proxy's address or subnet (`10.0.0.0/8`, `loopback`), or to the number of
 * proxies in front (`1`); `true` trusts any X-Forwarded-For and lets clients choose their IP.
 */
export function trustProxySetting(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

export interface ConfigureOptions {
  /** Where log lines go (default stdout); tests pass a stream to read them. */
  logDestination?: DestinationStream;
}

/**
 * Logging, request ids, security headers, body limits and API docs, shared by main.ts and the e2e
 * tests so both run the same app. Reads AppConfig, so call it after the app's modules are created.
 */
export function configureApp(app: INestApplication, options: ConfigureOptions = {}): void {
  const config = app.get(AppConfig);
  const express = app as NestExpressApplication;
  const logger = createLogger({ level: config.CMIS_LOG_LEVEL, destination: options.logDestination });
  app.useLogger(new PinoNestLogger(logger));
  // First, so every response (errors and static files included) carries X-Request-Id.
  express.use(requestLogging(logger));
  express.set('trust proxy', trustProxySetting(config.CMIS_TRUST_PROXY));
  express.disable('x-powered-by');
  express.use(
    helmet({
      contentSecurityPolicy: CONTENT_SECURITY_POLICY,
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginEmbedderPolicy: false,
    }),
  );
  // API answers carry case data and tokens: never store them in browser or proxy caches.
  express.use('/api', (req: Request, res: Response, next: NextFunction) => {
    if (!req.path.startsWith('/docs')) res.setHeader('Cache-Control', 'no-store');
    next();
  });
  express.useBodyParser('json', { limit: config.CMIS_BODY_LIMIT });
  serveWebApp(express, webAppDir(config));
  app.enableShutdownHooks();
  setupApiDocs(app);
}
