import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditModule } from '@app/audit';
import { CaseMigrationModule, CaseMigrationService, type DryRunReport, type MigrationRun } from '@app/case-migration';
import { ClockModule, DomainError } from '@app/core';
import { DatabaseModule } from '@app/database';
import { IdentityModule, toCurrentUser, UsersRepository, type CurrentUser } from '@app/identity';
import { PluginHostModule } from '@app/plugin-host';
import { SopRegistry, SopRegistryModule } from '@app/sop-registry';
import type { CliCommand, CliIo } from '../command-registry';
import { cliConfig } from './config.commands';
import { INSTALLED_PLUGINS } from '../../../../plugins';

@Module({
  imports: [ClockModule, DatabaseModule, AuditModule, IdentityModule, SopRegistryModule, CaseMigrationModule, PluginHostModule.forRoot(INSTALLED_PLUGINS)],
})
class CliMigrationModule {}

const USAGE = 'sop migrate --plan FILE [--dry-run] [--as USERNAME] [--resume ID]';

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}

function printSummary(io: CliIo, report: DryRunReport): void {
  const s = report.summary;
  io.out(`dry run, version ${report.fromVersion} → ${report.toVersion}: ${s.cases} case(s), ${s.willMove} will move, ${s.cannotMove} cannot move`);
  for (const [reason, n] of Object.entries(s.byReason)) io.out(`  cannot move, ${reason}: ${n}`);
  for (const item of report.items) {
    if (item.outcome === 'cannot_move') io.out(`${item.caseNumber}  stays: ${item.reason}: ${item.detail}`);
    else {
      const parts = [`${item.step.from} → ${item.step.to}`];
      if (item.renamed.length) parts.push(`renamed ${item.renamed.join(', ')}`);
      if (item.defaults.length) parts.push(`defaults ${item.defaults.map((d) => `${d.form}.${d.field}=${JSON.stringify(d.value)}`).join(', ')}`);
      if (item.tasks.length) parts.push(`tasks ${item.tasks.map((t) => `${t.form}.${t.field}`).join(', ')}`);
      for (const d of item.deadlines ?? []) parts.push(`${d.deadline} ${d.before ?? '–'} → ${d.after ?? '–'}`);
      io.out(`${item.caseNumber}  moves: ${parts.join('; ')}`);
    }
  }
}

function progress(run: MigrationRun): string {
  return `${run.moved + run.cannotMove}/${run.total} case(s): ${run.moved} moved, ${run.cannotMove} cannot move (${run.status})`;
}

/** The acting administrator (timeline, audit and the flags of tasks name them). */
async function administrator(username: string | undefined, app: { get<T>(t: new (...a: any[]) => T): T }, io: CliIo): Promise<CurrentUser | null> {
  if (!username) {
    io.err(`a run needs the administrator it is done as: --as USERNAME (usage: npm run cmis -- ${USAGE})`);
    return null;
  }
  const user = await app.get(UsersRepository).findByUsername(username);
  const sop = await app.get(SopRegistry).current();
  if (!user?.active || !sop.pack.roles.some((r) => r.administer === true && user.roles.includes(r.id))) {
    io.err(`${username} is not an active administrator of the pack`);
    return null;
  }
  return toCurrentUser(user);
}

export const sopMigrateCommand: CliCommand = {
  name: 'sop migrate',
  description: 'Move open cases to a later SOP version by a migration plan (docs/case-migration.md): --dry-run lists what would happen to each case',
  usage: USAGE,
  async run(args, io) {
    const planArg = option(args, 'plan');
    const resume = option(args, 'resume');
    if (!planArg && !resume) {
      io.err(`usage: npm run cmis -- ${USAGE}`);
      return 2;
    }
    let plan: unknown;
    const file = planArg ? path.resolve(io.cwd, planArg) : null;
    if (file) {
      try {
        plan = JSON.parse(await readFile(file, 'utf8'));
      } catch (e) {
        io.err(`${file}: ${e instanceof SyntaxError ? `not valid JSON: ${e.message}` : 'cannot be read'}`);
        return 1;
      }
    }
    const config = cliConfig(io);
    if (!config) return 2;
    if (!config.DATABASE_URL) {
      io.err('No database: set DATABASE_URL, or run `npm start` once so the embedded cluster exists and is running.');
      return 1;
    }
    const app = await NestFactory.createApplicationContext(CliMigrationModule, { logger: ['error'] });
    try {
      const migrations = app.get(CaseMigrationService);
      if (args.includes('--dry-run')) {
        printSummary(io, await migrations.dryRun(plan, { offset: 0, limit: Number(option(args, 'limit') ?? 1000) }));
        return 0;
      }
      const user = await administrator(option(args, 'as'), app, io);
      if (!user) return 1;
      const id = resume ?? (await migrations.start(user, plan)).run.id;
      io.out(`migration ${id}`);
      const run = await migrations.continue(user, id, (r) => io.out(progress(r)));
      const reasons = (await migrations.status(id, { outcome: 'cannot_move', offset: 0, limit: 0 })).summary.byReason;
      io.out(`finished: ${progress(run)}`);
      for (const [reason, n] of Object.entries(reasons)) io.out(`  cannot move, ${reason}: ${n}`);
      return 0;
    } catch (e) {
      if (e instanceof DomainError) {
        io.err(`${file ?? 'migration'}: ${e.code}: ${e.message.split('; ')[0]}`);
        for (const fe of e.extra.errors ?? []) io.err(`  ${file ?? ''} ${fe.path}: ${fe.message}`);
        return 1;
      }
      throw e;
    } finally {
      await app.close();
    }
  },
};
