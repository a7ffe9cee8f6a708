import 'reflect-metadata';
import * as path from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClockModule, DomainError } from '@app/core';
import { DatabaseModule, migrateWith } from '@app/database';
import { DemoUsersSeeder, SopRegistry, SopRegistryModule } from '@app/sop-registry';
import { PluginHostModule } from '@app/plugin-host';
import type { CliCommand, CliIo } from '../command-registry';
import { cliConfig } from './config.commands';
import { INSTALLED_PLUGINS } from '../../../../plugins';

@Module({ imports: [ClockModule, DatabaseModule, SopRegistryModule, PluginHostModule.forRoot(INSTALLED_PLUGINS)] })
class CliDatabaseModule {}

function needDatabase(io: CliIo): boolean {
  const config = cliConfig(io);
  if (!config) return false;
  if (config.DATABASE_URL) return true;
  io.err('No database: set DATABASE_URL, or run `npm start` once so the embedded cluster exists and is running.');
  return false;
}

/** Runs `work` with the SOP registry of a migrated database; domain errors become messages and exit 1. */
export async function withRegistry(
  io: CliIo,
  work: (registry: SopRegistry, app: { get<T>(t: new (...a: any[]) => T): T }) => Promise<number>,
): Promise<number> {
  if (!needDatabase(io)) return 1;
  const app = await NestFactory.createApplicationContext(CliDatabaseModule, { logger: ['error'] });
  try {
    return await work(app.get(SopRegistry), app);
  } catch (e) {
    if (e instanceof DomainError) {
      io.err(`${e.code}: ${e.message}`);
      for (const fe of e.extra.errors ?? []) io.err(`  ${fe.path}: ${fe.message}`);
      return 1;
    }
    throw e;
  } finally {
    await app.close();
  }
}

export const migrateCommand: CliCommand = {
  name: 'migrate',
  description: 'Apply pending database migrations as the schema owner (DATABASE_OWNER_URL, else DATABASE_URL)',
  usage: 'migrate',
  async run(_args, io) {
    const config = cliConfig(io);
    if (!config) return 2;
    const url = config.DATABASE_OWNER_URL ?? config.DATABASE_URL;
    if (!url) {
      needDatabase(io); // prints how to get one
      return 1;
    }
    const done = await migrateWith(url, { logQueryErrors: config.NODE_ENV !== 'test' });
    io.out(done.length ? `applied: ${done.join(', ')}` : 'database is up to date');
    return 0;
  },
};

export const sopPublishCommand: CliCommand = {
  name: 'sop publish',
  description: 'Validate a pack and publish it as a new immutable version (no-op if identical content is published)',
  usage: 'sop publish <dir> [--note "text"]',
  async run(args, io) {
    const dir = args[0];
    if (!dir) {
      io.err(`usage: ${this.usage}`);
      return 2;
    }
    const noteAt = args.indexOf('--note');
    const note = noteAt >= 0 ? (args[noteAt + 1] ?? null) : null;
    return withRegistry(io, async (registry) => {
      const { sop, created } = await registry.publishDir(path.resolve(io.cwd, dir), 'cli', note);
      io.out(created ? `published: ${sop.packId} version ${sop.version}` : `unchanged: ${sop.packId} version ${sop.version} already has this content`);
      return 0;
    });
  },
};

export const seedCommand: CliCommand = {
  name: 'seed',
  description: 'Create the demo users of the latest published pack (demo and test environments only)',
  usage: 'seed',
  async run(_args, io) {
    return withRegistry(io, async (registry, app) => {
      const sop = await registry.current();
      const users = await app.get(DemoUsersSeeder).seed(sop.pack);
      io.out(`demo users of ${sop.packId} v${sop.version}: ${Object.keys(users).join(', ')}`);
      return 0;
    });
  },
};
