import { ChildProcess, execFile, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Clusters and processes for the scale-out test (test/e2e/scale-out.e2e-spec.ts): PostgreSQL
 * clusters made with scripts/lib/pg.sh (the binaries found, or installed, exactly as `npm test`
 * finds them), and the compiled API and worker as separate processes, as deployed.
 */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const PG_SH = path.join(REPO_ROOT, 'scripts/lib/pg.sh');

/** Runs `script` in bash with scripts/lib/pg.sh sourced; `args` are its $1, $2, ... */
export function pgShell(script: string, args: string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('bash', ['-c', `source "${PG_SH}"; ${script}`, 'pg-shell', ...args], { cwd: REPO_ROOT, timeout: 180_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${script}: ${err.message}\n${stderr}`)) : resolve(stdout.trim()),
    );
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

// Reads what to clean up (one "pid N" or "cluster DIR" a line) until its stdin closes: when the
// test ends, or when Jest dies however it dies (even SIGKILL closes the pipe). Then it kills the
// processes and stops and removes the clusters. Its own session, so Ctrl-C on Jest does not stop it first.
const GUARD_SCRIPT = `
trap '' INT TERM HUP
pids=(); dirs=()
while read -r kind value; do
  case "$kind" in pid) pids+=("$value");; cluster) dirs+=("$value");; esac
done
for p in "\${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
for d in "\${dirs[@]}"; do pg_stop "$d"; rm -rf "$d" "$d.log"; done
`;

/** Cleans up whatever the test started, whatever happens to the test. */
export class Guard {
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;

  constructor() {
    this.child = spawn('bash', ['-c', `source "${PG_SH}"; ${GUARD_SCRIPT}`], { cwd: REPO_ROOT, detached: true, stdio: ['pipe', 'ignore', 'inherit'] });
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
  }

  process(pid: number): void {
    this.child.stdin!.write(`pid ${pid}\n`);
  }

  cluster(dir: string): void {
    this.child.stdin!.write(`cluster ${dir}\n`);
  }

  /** Kills the processes, stops and removes the clusters, and waits until that is done. */
  async release(): Promise<void> {
    this.child.stdin!.end();
    await this.exited;
  }
}

export interface Cluster {
  dir: string;
  port: number;
  /** The superuser's URL of a database on this cluster. */
  ownerUrl(db: string): string;
  /** The application role's URL (cmis_app) of a database on this cluster. */
  appUrl(db: string): string;
}

function cluster(dir: string, port: number): Cluster {
  return {
    dir,
    port,
    ownerUrl: (db) => `postgres://postgres@127.0.0.1:${port}/${db}`,
    appUrl: (db) => `postgres://cmis_app@127.0.0.1:${port}/${db}`,
  };
}

/**
 * A primary (test mode: fsync off, as `npm test`'s cluster) with the database `db` and the role
 * cmis_app, and a streaming replica of it (pg_basebackup -R), each on a port and in a temp dir of its own.
 */
export async function primaryWithReplica(guard: Guard, db: string): Promise<{ primary: Cluster; replica: Cluster }> {
  await pgShell('pg_ensure_installed');
  const base = mkdtempSync(path.join(os.tmpdir(), 'cmis-scale-out-'));
  chmodSync(base, 0o1777); // like /tmp: when we are root, the clusters and their logs belong to the `postgres` user (pg_prepare_dir)
  const primaryDir = path.join(base, 'primary');
  const replicaDir = path.join(base, 'replica');
  // Registered first: a failure half-way still stops and removes what exists (the base dir last, being their parent).
  guard.cluster(primaryDir);
  guard.cluster(replicaDir);
  guard.cluster(base);
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  await pgShell('pg_prepare_dir "$1" && pg_start "$1" "$2" test "$1.log" || { cat "$1.log" >&2; exit 1; }', [primaryDir, String(primaryPort)]);
  await pgShell('pg_createdb "$1" "$2" "$3" && pg_ensure_app_role "$2"', [primaryDir, String(primaryPort), db]);
  await pgShell('pg_replica "$1" "$2" && pg_start "$2" "$3" test "$2.log" || { cat "$2.log" >&2; exit 1; }', [
    String(primaryPort),
    replicaDir,
    String(replicaPort),
  ]);
  return { primary: cluster(primaryDir, primaryPort), replica: cluster(replicaDir, replicaPort) };
}

export interface AppProcess {
  name: string;
  child: ChildProcess;
  /** Everything it printed (stdout and stderr), for failure messages. */
  output: string[];
  exited: Promise<void>;
}

/** Starts the compiled app (dist/apps/<app>/src/main.js) as a process of its own, watched by the guard. */
export function startProcess(guard: Guard, name: string, app: 'api' | 'worker', env: Record<string, string>): AppProcess {
  const main = path.join(REPO_ROOT, `dist/apps/${app}/src/main.js`);
  const child = spawn(process.execPath, ['-r', './scripts/register-paths.js', main], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', CMIS_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  guard.process(child.pid!);
  const output: string[] = [];
  child.stdout!.on('data', (d) => output.push(String(d)));
  child.stderr!.on('data', (d) => output.push(String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { name, child, output, exited };
}

/** Stops a process with `signal` and waits for it to exit. */
export async function stopProcess(p: AppProcess, signal: NodeJS.Signals): Promise<void> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill(signal);
  await p.exited;
}

export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 60_000, everyMs = 50): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for: ${what}`);
}

/** Waits until the API answers its health check; fails with its output if it exits first. */
export async function waitForApi(p: AppProcess, baseUrl: string, timeoutMs = 60_000): Promise<void> {
  let gone = false;
  void p.exited.then(() => (gone = true));
  await waitUntil(
    `${p.name} to answer`,
    async () => {
      if (gone) throw new Error(`${p.name} exited:\n${p.output.join('')}`);
      return fetch(`${baseUrl}/api/health`).then(
        (res) => res.ok,
        () => false,
      );
    },
    timeoutMs,
    100,
  ).catch((e) => {
    throw gone ? e : new Error(`${e.message}\n${p.output.join('')}`);
  });
}
