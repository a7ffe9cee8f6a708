import * as path from 'node:path';
import type { AppConfig } from '@app/config';
import type { CliCommand, CliIo } from '../command-registry';
import { BackupFileError, type BackupCounts } from '../backup/backup-file';
import { BackupRefused, createBackup, readHeader, restoreBackup } from '../backup/backup.service';
import { MIN_PASSPHRASE_LENGTH, obtainPassphrase } from '../backup/passphrase';
import { cliConfig } from './config.commands';

/** `FILE [--passphrase-file P]` → the file and where the passphrase comes from; null on bad usage. */
function parseArgs(args: string[]): { file: string; passphraseFile?: string } | null {
  const [file, ...rest] = args;
  if (!file || file.startsWith('--')) return null;
  if (rest.length === 0) return { file };
  if (rest.length === 2 && rest[0] === '--passphrase-file' && rest[1]) return { file, passphraseFile: rest[1] };
  return null;
}

function ownerUrl(config: AppConfig, io: CliIo): string | null {
  const url = config.DATABASE_OWNER_URL ?? config.DATABASE_URL;
  if (!url) io.err('No database: set DATABASE_OWNER_URL (or DATABASE_URL), or run `npm start` once so the embedded cluster exists and is running.');
  return url ?? null;
}

function printCounts(io: CliIo, c: BackupCounts): void {
  io.out(`  cases: ${c.cases}, events: ${c.events}, users: ${c.users}, audit entries: ${c.auditEntries}`);
}

/** Errors the administrator can act on become one line naming the file; anything else is rethrown. */
function explain(io: CliIo, command: string, file: string, e: unknown): number {
  if (e instanceof BackupFileError) io.err(`${command} failed: ${file}: ${e.reason}; nothing was restored`);
  else if (e instanceof BackupRefused) io.err(`${command} refused: ${e.message}`);
  else if ((e as NodeJS.ErrnoException)?.code === 'ENOENT' && command === 'restore') io.err(`restore failed: ${file} does not exist`);
  else io.err(`${command} failed: ${(e as Error)?.message ?? e}`);
  return 1;
}

export const backupCommand: CliCommand = {
  name: 'backup',
  description: 'Write the database (with the published packs) to FILE, encrypted with a passphrase (asked, --passphrase-file, or CMIS_BACKUP_PASSPHRASE)',
  usage: 'backup <file> [--passphrase-file <file>]',
  async run(args, io) {
    const parsed = parseArgs(args);
    if (!parsed) {
      io.err(`Usage: npm run cmis -- ${this.usage}`);
      return 2;
    }
    const config = cliConfig(io);
    if (!config) return 2;
    const url = ownerUrl(config, io);
    if (!url) return 1;
    const file = path.resolve(io.cwd, parsed.file);
    const got = await obtainPassphrase({ file: parsed.passphraseFile, env: config.CMIS_BACKUP_PASSPHRASE, confirm: true }, io.cwd);
    if (!got.ok) {
      io.err(`backup refused: ${got.problem}`);
      return 2;
    }
    if (got.passphrase.length < MIN_PASSPHRASE_LENGTH) {
      io.err(`backup refused: the passphrase is shorter than ${MIN_PASSPHRASE_LENGTH} characters`);
      return 2;
    }
    try {
      const done = await createBackup(url, file, got.passphrase);
      const m = done.manifest;
      io.out(`backup written: ${file} (${done.fileBytes} bytes, encrypted; content sha256 ${done.sha256})`);
      io.out(`  packs: ${m.packs.map((p) => `${p.packId} v${p.version}`).join(', ') || 'none'}; schema at ${m.lastMigration ?? 'no migration'}`);
      printCounts(io, m.counts);
      io.out('Keep the passphrase apart from the file: without it the backup cannot be read.');
      return 0;
    } catch (e) {
      return explain(io, 'backup', file, e);
    }
  },
};

export const restoreCommand: CliCommand = {
  name: 'restore',
  description: 'Restore a backup FILE into an empty database (all or nothing), then apply newer migrations',
  usage: 'restore <file> [--passphrase-file <file>]',
  async run(args, io) {
    const parsed = parseArgs(args);
    if (!parsed) {
      io.err(`Usage: npm run cmis -- ${this.usage}`);
      return 2;
    }
    const config = cliConfig(io);
    if (!config) return 2;
    const url = ownerUrl(config, io);
    if (!url) return 1;
    const file = path.resolve(io.cwd, parsed.file);
    try {
      // The header first: a file that is not a backup is said before a passphrase is asked.
      const header = await readHeader(file);
      io.out(
        `${file}: backup of ${header.createdAt}, packs ${header.packs.map((p) => `${p.packId} v${p.version}`).join(', ') || 'none'}, content sha256 ${header.contentSha256}`,
      );
      const got = await obtainPassphrase({ file: parsed.passphraseFile, env: config.CMIS_BACKUP_PASSPHRASE, confirm: false }, io.cwd);
      if (!got.ok) {
        io.err(`restore refused: ${got.problem}`);
        return 2;
      }
      const done = await restoreBackup(url, file, got.passphrase);
      io.out(`restored: ${file}`);
      io.out(
        done.migrationsApplied.length ? `  migrations applied after it: ${done.migrationsApplied.join(', ')}` : '  schema up to date (no newer migration)',
      );
      printCounts(io, done.counts);
      const expected = done.header.counts;
      if (JSON.stringify(expected) !== JSON.stringify(done.counts)) {
        io.err(
          `warning: the backup recorded cases ${expected.cases}, events ${expected.events}, users ${expected.users}, audit entries ${expected.auditEntries}`,
        );
      }
      io.out('Run `npm run cmis -- audit verify` on it before opening it to users.');
      return 0;
    } catch (e) {
      return explain(io, 'restore', file, e);
    }
  },
};
