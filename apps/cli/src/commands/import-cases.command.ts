import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditModule } from '@app/audit';
import { CaseImportModule, CaseImportRunner, CaseImportService, type ImportMapping } from '@app/case-import';
import { ClockModule, DomainError } from '@app/core';
import { DatabaseModule } from '@app/database';
import { IdentityModule, toCurrentUser, UsersRepository, type CurrentUser } from '@app/identity';
import { PluginHostModule } from '@app/plugin-host';
import { SopRegistry, SopRegistryModule } from '@app/sop-registry';
import type { CliCommand, CliIo } from '../command-registry';
import { cliConfig } from './config.commands';
import { INSTALLED_PLUGINS } from '../../../../plugins';

@Module({
  imports: [ClockModule, DatabaseModule, AuditModule, IdentityModule, SopRegistryModule, CaseImportModule, PluginHostModule.forRoot(INSTALLED_PLUGINS)],
})
class CliImportModule {}

const USAGE = 'import-cases --file F --mapping M [--dry-run] --as USERNAME';

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}

/** The acting administrator (the audit trail names them). */
async function administrator(username: string | undefined, app: { get<T>(t: new (...a: any[]) => T): T }, io: CliIo): Promise<CurrentUser | null> {
  const user = username ? await app.get(UsersRepository).findByUsername(username) : null;
  const sop = await app.get(SopRegistry).current();
  if (!user?.active || !sop.pack.roles.some((r) => r.administer === true && user.roles.includes(r.id))) {
    io.err(`${username ?? '(no --as)'} is not an active administrator of the pack (usage: npm run cmis -- ${USAGE})`);
    return null;
  }
  return toCurrentUser(user);
}

/** `--mapping` is a saved mapping's id, or a JSON file `{ name, caseType, columns, externalIdColumn, registrar }` saved first. */
async function mappingId(imports: CaseImportService, admin: CurrentUser, arg: string, cwd: string): Promise<string> {
  if (/^[0-9a-f-]{36}$/i.test(arg)) return (await imports.mapping(arg)).id;
  const { name, ...mapping } = JSON.parse(await readFile(path.resolve(cwd, arg), 'utf8')) as ImportMapping & { name: string };
  return (await imports.saveMapping(admin, name ?? path.basename(arg), mapping)).id;
}

export const importCasesCommand: CliCommand = {
  name: 'import-cases',
  description: 'Import existing records from a CSV or XLSX file with a column mapping (docs/import.md): --dry-run lists every bad row and creates nothing',
  usage: USAGE,
  async run(args, io) {
    const fileArg = option(args, 'file');
    const mappingArg = option(args, 'mapping');
    if (!fileArg || !mappingArg) {
      io.err(`usage: npm run cmis -- ${USAGE}`);
      return 2;
    }
    const file = path.resolve(io.cwd, fileArg);
    let content: Buffer;
    try {
      content = await readFile(file);
    } catch {
      io.err(`${file}: cannot be read`);
      return 1;
    }
    const config = cliConfig(io);
    if (!config) return 2;
    if (!config.DATABASE_URL) {
      io.err('No database: set DATABASE_URL, or run `npm start` once so the embedded cluster exists and is running.');
      return 1;
    }
    const app = await NestFactory.createApplicationContext(CliImportModule, { logger: ['error'] });
    try {
      const imports = app.get(CaseImportService);
      const admin = await administrator(option(args, 'as'), app, io);
      if (!admin) return 1;
      const id = await mappingId(imports, admin, mappingArg, io.cwd);
      const upload = { fileName: path.basename(file), content };
      if (args.includes('--dry-run')) {
        const report = await imports.dryRun(admin, id, upload);
        io.out(
          `dry run: ${report.rows} row(s), ${report.valid} to import, ${report.alreadyImported} already imported, ${new Set(report.problems.map((p) => p.row)).size} bad`,
        );
        for (const p of report.problems) io.out(`row ${p.row}, ${p.column}: ${p.code}: ${p.message}`);
        for (const d of report.possibleDuplicates) io.out(`row ${d.row} (${d.externalId}) looks like ${d.cases.map((c) => c.caseNumber).join(', ')}`);
        return report.problems.length ? 1 : 0;
      }
      const started = Date.now();
      const job = await imports.startJob(admin, id, upload);
      io.out(`import ${job.id}`);
      await app.get(CaseImportRunner).start(job.id);
      const done = await imports.job(job.id);
      const seconds = (Date.now() - started) / 1000;
      io.out(
        `${done.state}: ${done.position}/${done.total} row(s), ${done.created} created, ${done.skipped} skipped, ${done.failed} failed (${Math.round(done.position / seconds)} rows/s)`,
      );
      for (const p of done.problems) io.out(`row ${p.row}, ${p.column}: ${p.code}: ${p.message}`);
      return done.state === 'done' ? 0 : 1;
    } catch (e) {
      if (e instanceof DomainError) {
        io.err(`${file}: ${e.code}: ${e.message}`);
        for (const fe of e.extra.errors ?? []) io.err(`  ${fe.path}: ${fe.message}`);
        return 1;
      }
      throw e;
    } finally {
      await app.close();
    }
  },
};
