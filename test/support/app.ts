import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import * as path from 'node:path';
import { Clock, ControllableClock } from '@app/core';
import { DemoUsersSeeder, SopRegistry } from '@app/sop-registry';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/app.setup';
import { freshDatabase } from './database';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const DEMO_PASSWORD = 'demo-only-Passw0rd!';

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  clock: ControllableClock;
  /** Signs a demo user in and returns the Authorization header value. */
  login(username: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real API (real PostgreSQL, real HTTP through supertest) on a fresh database with the given pack
 * published and its demo users seeded. Only the clock is controllable.
 */
export async function startTestApp(name: string, opts: { sopDir?: string; start?: Date; bodyLimit?: string } = {}): Promise<TestApp> {
  const db = await freshDatabase(name);
  process.env.DATABASE_URL_SAVED ??= process.env.DATABASE_URL;
  process.env.DATABASE_URL = db.url;
  process.env.CMIS_SOP_DIR = path.resolve(REPO_ROOT, opts.sopDir ?? 'sops/moldova');
  process.env.CMIS_DEMO = '0';
  if (opts.bodyLimit) process.env.CMIS_BODY_LIMIT = opts.bodyLimit; else delete process.env.CMIS_BODY_LIMIT;
  const clock = new ControllableClock(opts.start ?? new Date('2026-03-02T08:00:00Z'));
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(Clock).useValue(clock).compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  configureApp(app);
  await app.init();
  process.env.DATABASE_URL = process.env.DATABASE_URL_SAVED;
  const sop = await app.get(SopRegistry).current();
  await app.get(DemoUsersSeeder).seed(sop.pack, DEMO_PASSWORD);
  const http = request(app.getHttpServer());
  // Sessions last 12 h of (controllable) clock time: sign in again when a test moved time past that.
  const tokens = new Map<string, { header: string; at: number }>();
  return {
    app, http, clock,
    async login(username) {
      const cached = tokens.get(username);
      if (!cached || clock.now().getTime() - cached.at > 11 * 3_600_000) {
        const res = await http.post('/api/auth/login').send({ username, password: DEMO_PASSWORD });
        if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
        tokens.set(username, { header: `Bearer ${res.body.token}`, at: clock.now().getTime() });
      }
      return tokens.get(username)!.header;
    },
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
