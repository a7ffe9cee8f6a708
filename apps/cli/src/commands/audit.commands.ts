import { checkpointOptions, CheckpointCheck, createAuditCheckpoints, createAuditService, DEFAULT_AUDIT_CHAINS } from '@app/audit';
import type { AppConfig } from '@app/config';
import { createDataSource } from '@app/database';
import type { DataSource } from 'typeorm';
import type { CliCommand, CliIo } from '../command-registry';
import { cliConfig } from './config.commands';

/** Exit code when the chain could not be checked at all (no database, not migrated, no permission). */
export const AUDIT_UNVERIFIABLE = 3;

export const auditVerifyCommand: CliCommand = {
  name: 'audit verify',
  description:
    'Check every audit log hash chain, and the table against the newest signed checkpoint (CMIS_AUDIT_CHECKPOINT_DIR): exit 0 intact, 1 broken (names the chain and seq of the first broken entry, rows missing since a checkpoint, a tampered checkpoint), 3 could not check',
  usage: 'audit verify [--batch-size N]',
  async run(args, io) {
    let batchSize = 5000;
    if (args.length) {
      const n = Number(args[1]);
      if (args[0] !== '--batch-size' || args.length !== 2 || !Number.isInteger(n) || n < 1) {
        io.err(`Usage: npm run cmis -- ${this.usage}`);
        return 2;
      }
      batchSize = n;
    }
    return withAuditDatabase(io, async (ds, config) => {
      // Verification walks every chain in the table: it does not depend on CMIS_AUDIT_CHAINS.
      const result = await createAuditService(ds, undefined, { chains: DEFAULT_AUDIT_CHAINS }).verify(batchSize);
      let exit = 0;
      if (result.ok) {
        const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
        io.out(`audit log intact: ${plural(result.entries, 'entry', 'entries')} in ${plural(result.chains, 'chain', 'chains')}`);
        // Keep these somewhere else (a ticket, a signed mail): they pin the end of every chain.
        for (const h of result.heads) io.out(`chain ${h.chain}${h.chain === 0 ? ' (legacy)' : ''}: last seq ${h.seq}, hash ${h.hash}`);
      } else {
        const b = result.firstBroken;
        io.out(`audit log BROKEN at chain ${b.chain} seq ${b.seq}${b.id ? ` (id ${b.id}, at ${b.at?.toISOString()})` : ''}: ${b.reason}`);
        io.out(`${result.entries} ${result.entries === 1 ? 'entry' : 'entries'} checked before it are intact`);
        exit = 1;
      }
      const check = await createAuditCheckpoints(ds, checkpointOptions(config)).check();
      return reportCheckpoint(check, io) ? exit : 1;
    });
  },
};

export const auditCheckpointCommand: CliCommand = {
  name: 'audit checkpoint',
  description:
    'Verify every audit chain and write a signed checkpoint of their heads to CMIS_AUDIT_CHECKPOINT_DIR now (the scheduler does it every CMIS_AUDIT_CHECKPOINT_INTERVAL)',
  usage: 'audit checkpoint',
  async run(args, io) {
    if (args.length) {
      io.err(`Usage: npm run cmis -- ${this.usage}`);
      return 2;
    }
    return withAuditDatabase(io, async (ds, config) => {
      const checkpoints = createAuditCheckpoints(ds, checkpointOptions(config));
      if (!checkpoints.configured) {
        io.err('Checkpoints are not configured: set CMIS_AUDIT_CHECKPOINT_DIR and CMIS_AUDIT_CHECKPOINT_KEY (docs/configuration.md).');
        return AUDIT_UNVERIFIABLE;
      }
      const { file, checkpoint, verification } = await checkpoints.write();
      io.out(`checkpoint written: ${file} (${checkpoint.heads.length} ${checkpoint.heads.length === 1 ? 'chain' : 'chains'})`);
      if (verification.ok) return 0;
      const b = verification.firstBroken;
      io.out(`audit log BROKEN at chain ${b.chain} seq ${b.seq}: ${b.reason} (recorded in the checkpoint)`);
      return 1;
    });
  },
};

/** Prints what the newest checkpoint says about the table; false when it shows a problem. */
function reportCheckpoint(check: CheckpointCheck, io: CliIo): boolean {
  switch (check.state) {
    case 'not_configured':
      io.out('no checkpoints configured (CMIS_AUDIT_CHECKPOINT_DIR): deleted newest rows cannot be detected');
      return true;
    case 'none':
      io.out(`no checkpoint yet in ${check.dir}: run \`npm run cmis -- audit checkpoint\` or let the scheduler write one`);
      return true;
    case 'unusable':
      io.out(`checkpoint PROBLEM: ${check.message}`);
      return false;
    case 'checked':
      for (const f of check.findings) io.out(`audit log BROKEN: ${f.message}`);
      if (!check.findings.length) io.out(`matches the checkpoint of ${check.writtenAt} (${check.file})`);
      return check.findings.length === 0;
  }
}

/** Connects to DATABASE_URL, runs `work`, and turns what can go wrong on the way into exit code 3. */
async function withAuditDatabase(io: CliIo, work: (ds: DataSource, config: AppConfig) => Promise<number>): Promise<number> {
  const config = cliConfig(io);
  if (!config) return AUDIT_UNVERIFIABLE;
  const url = config.DATABASE_URL;
  if (!url) {
    io.err('No database: set DATABASE_URL, or run `npm start` once so the embedded cluster exists and is running.');
    return AUDIT_UNVERIFIABLE;
  }
  const ds = createDataSource(url, 2, { logQueryErrors: config.NODE_ENV !== 'test' });
  try {
    await ds.initialize();
  } catch (e) {
    io.err(`Cannot connect to the database at DATABASE_URL (${redact(url)}): ${describe(e)}`);
    return AUDIT_UNVERIFIABLE;
  }
  try {
    return await work(ds, config);
  } catch (e) {
    const code = e?.driverError?.code ?? e?.code;
    const hint =
      code === '42P01'
        ? ': the audit_log table does not exist; run `npm run cmis -- migrate`'
        : code === '42501'
          ? ': the role of DATABASE_URL may not read audit_log'
          : '';
    io.err(`Cannot read the audit log at DATABASE_URL (${redact(url)}): ${describe(e)}${hint}`);
    return AUDIT_UNVERIFIABLE;
  } finally {
    await ds.destroy();
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(not a URL)';
  }
}

function describe(e: any): string {
  // Node reports a refused connection to several addresses as an AggregateError with no message.
  const inner = e?.errors?.[0] ?? e;
  return inner?.message || inner?.code || String(e);
}
