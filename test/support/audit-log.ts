import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { GENESIS_HASH } from '@app/audit';

/** Fixtures and helpers shared by the audit log suites (test/e2e/audit-log*.e2e-spec.ts). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const CASE_A = 'aaaaaaaa-0000-4000-8000-000000000001';
export const CASE_B = 'bbbbbbbb-0000-4000-8000-000000000002';
export const ALICE = 'a11ce000-0000-4000-8000-000000000001';
export const BOB = 'b0b00000-0000-4000-8000-000000000002';

/** Deterministic case ids: caseId(1), caseId(2), ... */
export function caseId(i: number): string {
  return `cc000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
}

/** The real CLI, as an operator runs it: `bash scripts/cmis.sh audit verify`. */
export function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(REPO_ROOT, 'scripts/cmis.sh'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, INIT_CWD: REPO_ROOT, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every chain's rows in seq order: checks each is 1..n with linked hashes; returns chain -> rows. */
export async function chainsOf(ds: DataSource): Promise<Map<number, Array<{ seq: number; prev_hash: string; hash: string }>>> {
  const rows: Array<{ chain: number; seq: string; prev_hash: string; hash: string }> = await ds.query(
    `SELECT chain, seq, prev_hash, hash FROM audit_log ORDER BY chain, seq`,
  );
  const out = new Map<number, Array<{ seq: number; prev_hash: string; hash: string }>>();
  for (const r of rows) {
    const list = out.get(r.chain) ?? [];
    list.push({ seq: Number(r.seq), prev_hash: r.prev_hash, hash: r.hash });
    out.set(r.chain, list);
  }
  for (const [chain, list] of out) {
    expect({ chain, seqs: list.map((r) => r.seq) }).toEqual({ chain, seqs: list.map((_, i) => i + 1) });
    expect({ chain, genesis: list[0].prev_hash }).toEqual({ chain, genesis: GENESIS_HASH });
    for (let i = 1; i < list.length; i++) expect(list[i].prev_hash).toBe(list[i - 1].hash);
  }
  return out;
}

/** The last entry of every chain, as verify() and the CLI report them. */
export async function headsOf(ds: DataSource): Promise<Array<{ chain: number; seq: number; hash: string }>> {
  const rows = await ds.query(`SELECT DISTINCT ON (chain) chain, seq, hash FROM audit_log ORDER BY chain, seq DESC`);
  return rows.map((r: any) => ({ chain: r.chain, seq: Number(r.seq), hash: r.hash }));
}

/**
 * What the schema owner can do: switch the append-only trigger off for one transaction and change
 * rows. (cmis_app cannot: it owns nothing and has no UPDATE or DELETE on audit_log.)
 */
export async function tamper(ds: DataSource, sql: string, params: unknown[] = []): Promise<void> {
  await ds.transaction(async (em) => {
    await em.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    await em.query(sql, params);
    await em.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
  });
}

export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    work.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer after ${ms} ms`)), ms);
    }),
  ]);
}
