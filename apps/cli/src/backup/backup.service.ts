import { closeSync, createReadStream, createWriteStream, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { once } from 'node:events';
import { migrateWith } from '@app/database';
import { BackupDatabase } from './backup-database';
import { BackupCounts, BackupFileError, BackupHeader, BackupManifest, decryptBackup, openBackupReader, readBackupHeader, writeBackup } from './backup-file';
import { findPgTool, PgRun, runPgTool, toolVersion } from './pg-tools';

/** What the product keeps outside the database (nothing today): the backup says so in its header. */
const CONTENTS = {
  database: 'pg_dump (custom format) of the whole database: schema, data, grants to the application role',
  packs: 'in the database (sop_versions): every published pack version, with its forms, rules and texts',
  files: 'none: the product stores no files outside the database (plugins are code, installed with the release)',
};

/** A refusal the administrator can act on (target not empty, file exists): said as is, exit 1. */
export class BackupRefused extends Error {}

/** A connection URL without its password, and the password for PGPASSWORD (kept off the command line). */
function splitPassword(url: string): { url: string; env: Record<string, string> } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), env: password ? { PGPASSWORD: password } : {} };
}

export interface BackupResult {
  manifest: BackupManifest;
  fileBytes: number;
  sha256: string;
}

/** Dumps the database at `ownerUrl` into `file`, encrypted; the file appears only once complete. */
export async function createBackup(ownerUrl: string, file: string, passphrase: string): Promise<BackupResult> {
  if (existsSync(file)) throw new BackupRefused(`${file} exists: choose another name (a backup never overwrites a file)`);
  const pgDump = findPgTool('pg_dump');
  const db = await BackupDatabase.connect(ownerUrl);
  const partial = `${file}.partial`;
  try {
    const snapshot = await db.exportSnapshot();
    const manifest: BackupManifest = {
      createdAt: new Date().toISOString(),
      contents: CONTENTS,
      packs: await db.packs(),
      counts: await db.counts(),
      lastMigration: await db.lastMigration(),
      postgres: { server: await db.serverVersion(), dumpTool: await toolVersion(pgDump) },
    };
    const target = splitPassword(ownerUrl);
    const dump = runPgTool(pgDump, ['--format=custom', `--snapshot=${snapshot}`, '--no-password', `--dbname=${target.url}`], target.env);
    dump.child.stdin.end();
    const out = createWriteStream(partial, { flags: 'wx', mode: 0o600 });
    const [written] = await Promise.all([writeBackup(dump.output, out, passphrase, manifest), dump.done]);
    out.end();
    await finished(out);
    // The header's content hash, in the place left for it (same length: nothing moves).
    const fd = openSync(partial, 'r+');
    try {
      writeSync(fd, written.sha256, written.hashOffset, 'ascii');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    await db.endSnapshot();
    renameSync(partial, file);
    return { manifest, fileBytes: statSync(file).size, sha256: written.sha256 };
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  } finally {
    await db.close();
  }
}

/** The header of a backup file (no passphrase needed). */
export async function readHeader(file: string): Promise<BackupHeader> {
  const input = createReadStream(file);
  try {
    return (await readBackupHeader(openBackupReader(input))).header;
  } finally {
    input.destroy();
  }
}

export interface RestoreResult {
  header: BackupHeader;
  migrationsApplied: string[];
  counts: BackupCounts;
}

/**
 * Restores `file` into the empty database at `ownerUrl`: pg_restore in a single transaction fed by
 * the decryption, which holds back the end of the dump until the whole file is proved intact, so a
 * wrong passphrase, a damaged or a truncated file leaves the database as empty as it was. Then the
 * migrations newer than the backup run.
 */
export async function restoreBackup(ownerUrl: string, file: string, passphrase: string): Promise<RestoreResult> {
  const db = await BackupDatabase.connect(ownerUrl);
  try {
    const used = await db.userRelations();
    if (used.length) {
      const found = used.map((u) => `${u.relations} in schema ${u.schema}`).join(', ');
      throw new BackupRefused(
        `the database ${new URL(ownerUrl).pathname.slice(1)} is not empty (tables, sequences or views: ${found}): restore only into a new, empty database (createdb), never over one in use`,
      );
    }
  } finally {
    await db.close();
  }
  const pgRestore = findPgTool('pg_restore');
  const target = splitPassword(ownerUrl);
  const input = createReadStream(file);
  let restore: PgRun | null = null;
  const reader = openBackupReader(input);
  try {
    const opened = await readBackupHeader(reader);
    await decryptBackup(reader, opened, passphrase, async (plain) => {
      // Started at the first verified bytes: a wrong passphrase never reaches the database.
      restore ??= startRestore(pgRestore, target);
      if (!restore.child.stdin.write(plain)) await Promise.race([once(restore.child.stdin, 'drain'), restore.done.catch(restoreFailed)]);
    });
    if (!restore) throw new BackupFileError('corrupted', 'it holds no database dump');
    const running: PgRun = restore;
    running.child.stdin.end();
    await running.done.catch(restoreFailed);
    const migrationsApplied = await migrateWith(ownerUrl);
    const after = await BackupDatabase.connect(ownerUrl);
    try {
      return { header: opened.header, migrationsApplied, counts: await after.counts() };
    } finally {
      await after.close();
    }
  } catch (e) {
    const running = restore as PgRun | null;
    if (running && running.child.exitCode === null) {
      // Its transaction is rolled back when its connection drops.
      running.child.kill('SIGKILL');
      await running.done.catch(() => undefined);
    }
    throw e;
  } finally {
    input.destroy();
  }
}

function restoreFailed(e: Error): never {
  const hint = /role "[^"]+" does not exist/.test(e.message) ? ' (create the application role first: docs/backup.md)' : '';
  throw new Error(`pg_restore failed, nothing was restored (one transaction)${hint}: ${e.message}`);
}

function startRestore(pgRestore: string, target: { url: string; env: Record<string, string> }): PgRun {
  const run = runPgTool(pgRestore, ['--single-transaction', '--exit-on-error', '--no-owner', '--no-password', `--dbname=${target.url}`], target.env);
  run.child.stdin.on('error', () => undefined); // EPIPE when it stops early: its exit status says why
  run.done.catch(() => undefined); // awaited later; not an unhandled rejection meanwhile
  return run;
}
