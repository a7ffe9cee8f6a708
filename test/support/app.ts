import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import * as path from 'node:path';
import { Clock, ControllableClock } from '@app/core';
import { base32Decode, totp as totpCode, totpStep } from '@app/identity';
import { DemoUsersSeeder, SopRegistry } from '@app/sop-registry';
import type { PluginDefinition } from '@app/plugin-sdk';
import type { DestinationStream } from '@app/logging';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/app.setup';
import { freshDatabase, TestDatabase, withDatabaseEnv } from './database';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const DEMO_PASSWORD = 'demo-only-Passw0rd!';

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  clock: ControllableClock;
  /** The suite's database: `url` is the schema owner's, `appUrl` the role the API runs as. */
  db: TestDatabase;
  /** Signs a demo user in and returns the Authorization header value. */
  login(username: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real API (real PostgreSQL, real HTTP through supertest) on a fresh database with the given pack
 * published and its demo users seeded. Only the clock is controllable.
 */
export interface TestAppOptions {
  sopDir?: string;
  start?: Date;
  bodyLimit?: string;
  plugins?: ReadonlyArray<PluginDefinition<any>>;
  /** CMIS_LOG_LEVEL (default `error`: quiet suites) and where the JSON log lines go (default stdout). */
  logLevel?: string;
  logDestination?: DestinationStream;
  /** false: no user at all, as a new production installation (first run). Default true. */
  seedDemoUsers?: boolean;
}

export async function startTestApp(name: string, opts: TestAppOptions = {}): Promise<TestApp> {
  const db = await freshDatabase(name);
  process.env.CMIS_SOP_DIR = path.resolve(REPO_ROOT, opts.sopDir ?? 'sops/moldova');
  process.env.CMIS_DEMO = '0';
  if (opts.bodyLimit) process.env.CMIS_BODY_LIMIT = opts.bodyLimit;
  else delete process.env.CMIS_BODY_LIMIT;
  const clock = new ControllableClock(opts.start ?? new Date('2026-03-02T08:00:00Z'));
  // Quiet unless a suite asks; set only while the app is created (a worker a suite spawns keeps its own level).
  const savedLogLevel = process.env.CMIS_LOG_LEVEL;
  process.env.CMIS_LOG_LEVEL = opts.logLevel ?? 'error';
  // Migrations run as the owner; the API runs as the application's role (cmis_app under `npm test`).
  const app = await withDatabaseEnv(db, async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(opts.plugins)] })
      .overrideProvider(Clock)
      .useValue(clock)
      .compile();
    const nest = moduleRef.createNestApplication({ logger: ['error'] });
    configureApp(nest, { logDestination: opts.logDestination });
    await nest.init();
    return nest;
  }).finally(() => {
    if (savedLogLevel === undefined) delete process.env.CMIS_LOG_LEVEL;
    else process.env.CMIS_LOG_LEVEL = savedLogLevel;
  });
  const sop = await app.get(SopRegistry).current();
  if (opts.seedDemoUsers !== false) await app.get(DemoUsersSeeder).seed(sop.pack, DEMO_PASSWORD);
  const http = request(app.getHttpServer());
  // Sessions last 12 h of (controllable) clock time and expire after 60 min unused: sign in again
  // when a test moved time past either. Demo users with a `totpSecret` send the code of the test clock.
  const tokens = new Map<string, { header: string; at: number; used: number }>();
  const usedSteps = new Map<string, number>();
  return {
    app,
    http,
    clock,
    db,
    async login(username) {
      const cached = tokens.get(username);
      const now = clock.now().getTime();
      if (!cached || now - cached.at > 11 * 3_600_000 || now - cached.used > 50 * 60_000) {
        const secret = sop.pack.demoUsers.find((u) => u.username === username)?.totpSecret;
        // A code signs in once: should a second sign-in fall in the same 30-s step, move to the next step.
        if (secret && usedSteps.get(username) === totpStep(clock.now().getTime())) clock.advance(30_000);
        const totp = secret ? totpCode(base32Decode(secret), clock.now().getTime()) : undefined;
        const res = await http.post('/api/auth/login').send({ username, password: DEMO_PASSWORD, ...(totp ? { totp } : {}) });
        if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
        if (secret) usedSteps.set(username, totpStep(clock.now().getTime()));
        tokens.set(username, { header: `Bearer ${res.body.token}`, at: clock.now().getTime(), used: clock.now().getTime() });
      } else cached.used = now;
      return tokens.get(username)!.header;
    },
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
