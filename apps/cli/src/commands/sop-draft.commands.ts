import 'reflect-metadata';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditModule } from '@app/audit';
import { ClockModule, DomainError } from '@app/core';
import { DatabaseModule } from '@app/database';
import { PluginHostModule } from '@app/plugin-host';
import { formatIssue, hashPackFiles, PackInvalidError, readPackDir, type PackFiles } from '@app/sop';
import { type DraftActor, SopDraftsModule, SopDraftsService } from '@app/sop-drafts';
import type { CliCommand, CliIo } from '../command-registry';
import { cliConfig } from './config.commands';
import { writePackDir } from './pack-dir-writer';
import { INSTALLED_PLUGINS } from '../../../../plugins';

@Module({ imports: [ClockModule, DatabaseModule, AuditModule, SopDraftsModule, PluginHostModule.forRoot(INSTALLED_PLUGINS)] })
class CliDraftsModule {}

/** Changes made from a shell on the server have no signed-in user: the change log and the audit say `cli`. */
const CLI_ACTOR: DraftActor = { id: null, username: 'cli', roles: [] };

/**
 * Written beside the exported files: which draft and revision they are. `sop draft import` bases
 * its change on that revision, so a change made in the browser since the export to the same file
 * is refused (409) rather than overwritten. readPackDir ignores it.
 */
export const DRAFT_MARK = '.cmis-draft.json';

async function withDrafts(io: CliIo, work: (drafts: SopDraftsService) => Promise<number>): Promise<number> {
  const config = cliConfig(io);
  if (!config) return 2;
  if (!config.DATABASE_URL) {
    io.err('No database: set DATABASE_URL, or run `npm start` once so the embedded cluster exists and is running.');
    return 1;
  }
  const app = await NestFactory.createApplicationContext(CliDraftsModule, { logger: ['error'] });
  try {
    return await work(app.get(SopDraftsService));
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

export const sopDraftExportCommand: CliCommand = {
  name: 'sop draft export',
  description: "Write the open draft of the pack as pack files into a directory (forms where pack.json's formsDir points), to edit or commit them",
  usage: 'sop draft export <dir>',
  async run(args, io) {
    if (!args[0]) {
      io.err(`usage: npm run cmis -- ${this.usage}`);
      return 2;
    }
    const dir = path.resolve(io.cwd, args[0]);
    return withDrafts(io, async (drafts) => {
      const open = await drafts.openDraft();
      if (!open) {
        io.err('No open draft: open one in the web app or with `sop draft import <dir>`.');
        return 1;
      }
      const written = await writePackDir(dir, open.files);
      await fs.writeFile(path.join(dir, DRAFT_MARK), JSON.stringify({ draftId: open.id, revision: open.revision }, null, 2) + '\n');
      io.out(`draft ${open.id} revision ${open.revision}: ${written.length} files written to ${dir} (${open.errors} errors, ${open.warnings} warnings)`);
      return 0;
    });
  },
};

async function readMark(dir: string): Promise<{ draftId: number; revision: number } | null> {
  try {
    const mark = JSON.parse(await fs.readFile(path.join(dir, DRAFT_MARK), 'utf8'));
    return Number.isInteger(mark?.draftId) && Number.isInteger(mark?.revision) ? mark : null;
  } catch {
    return null;
  }
}

export const sopDraftImportCommand: CliCommand = {
  name: 'sop draft import',
  description: 'Read a pack directory into the open draft (each file that differs is one change of its log), or open a draft from it when none is open',
  usage: 'sop draft import <dir>',
  async run(args, io) {
    if (!args[0]) {
      io.err(`usage: npm run cmis -- ${this.usage}`);
      return 2;
    }
    const dir = path.resolve(io.cwd, args[0]);
    let files: PackFiles;
    try {
      files = await readPackDir(dir);
    } catch (e) {
      if (!(e instanceof PackInvalidError)) throw e;
      for (const issue of e.issues) io.err(formatIssue(issue));
      return 1;
    }
    return withDrafts(io, async (drafts) => {
      const open = await drafts.openDraft();
      const result = open ? await importInto(drafts, open, dir, files) : await drafts.create(CLI_ACTOR, files);
      io.out(`draft ${'draftId' in result ? result.draftId : result.id} revision ${result.revision}: ${result.errors} errors, ${result.warnings} warnings`);
      for (const f of result.findings) io.out(`  ${f.severity} ${f.file} ${f.path}: ${f.message}`);
      io.out(`content of the directory: ${hashPackFiles(files)}`);
      return 0;
    });
  },
};

/** Into the open draft, based on the revision the directory was exported at (the current one when it was not exported from this draft). */
async function importInto(drafts: SopDraftsService, open: { id: number; revision: number }, dir: string, files: PackFiles) {
  const mark = await readMark(dir);
  const base = mark?.draftId === open.id ? mark.revision : open.revision;
  const result = await drafts.import(CLI_ACTOR, open.id, base, files);
  await fs.writeFile(path.join(dir, DRAFT_MARK), JSON.stringify({ draftId: open.id, revision: result.revision }, null, 2) + '\n');
  return result;
}
