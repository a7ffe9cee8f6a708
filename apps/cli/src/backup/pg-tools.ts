import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { accessSync, constants, readdirSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The PostgreSQL client programs (pg_dump, pg_restore), found as `npm start` and `npm test` find the
 * server's (scripts/lib/pg.sh): Debian's /usr/lib/postgresql/<version>/bin, newest version first
 * (pg_dump must be as new as the server), then PATH.
 */
export function findPgTool(name: 'pg_dump' | 'pg_restore', env: Record<string, string | undefined> = process.env): string {
  const executable = (file: string) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  const debianRoot = '/usr/lib/postgresql';
  let versions: string[] = [];
  try {
    versions = readdirSync(debianRoot).sort((a, b) => Number(b) - Number(a));
  } catch {
    // not a Debian layout
  }
  const candidates = [
    ...versions.map((v) => path.join(debianRoot, v, 'bin', name)),
    ...(env.PATH ?? '')
      .split(path.delimiter)
      .filter(Boolean)
      .map((d) => path.join(d, name)),
  ];
  const found = candidates.find(executable);
  if (!found) {
    throw new Error(
      `${name} was not found (looked in ${debianRoot}/*/bin and PATH): install the PostgreSQL client programs of your server's version or newer (Debian: apt-get install postgresql-client), or run \`npm start\` once, which installs PostgreSQL.`,
    );
  }
  return found;
}

export interface PgRun {
  child: ChildProcessWithoutNullStreams;
  /**
   * Its standard output, read from the start: Node discards what nobody reads of a child that has
   * exited, and a dump is read only once the backup's key is derived.
   */
  output: PassThrough;
  /** Resolves when it exits: exit code 0, or rejects with its last lines of stderr. */
  done: Promise<void>;
}

/** Runs a PostgreSQL program; the connection URL goes in `--dbname` without its password (in `env` as PGPASSWORD). */
export function runPgTool(file: string, args: string[], env: Record<string, string> = {}): PgRun {
  const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const output = new PassThrough();
  child.stdout.pipe(output);
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + String(d)).slice(-4000);
  });
  const done = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(`${path.basename(file)} ${signal ? `was stopped (${signal})` : `exited with code ${code}`}${stderr.trim() ? `: ${stderr.trim()}` : ''}`),
        );
    });
  });
  return { child, output, done };
}

/** `pg_dump --version` → e.g. `pg_dump (PostgreSQL) 17.2`. */
export async function toolVersion(file: string): Promise<string> {
  const run = runPgTool(file, ['--version']);
  let out = '';
  run.output.on('data', (d) => (out += String(d)));
  run.child.stdin.end();
  await run.done;
  return out.trim();
}
