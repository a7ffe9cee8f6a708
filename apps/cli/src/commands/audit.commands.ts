import { createAuditService, DEFAULT_AUDIT_CHAINS } from '@app/audit';
import { createDataSource } from '@app/database';
import type { CliCommand } from '../command-registry';
import { cliConfig } from './config.commands';

/** Exit code when the chain could not be checked at all (no database, not migrated, no permission). */
export const AUDIT_UNVERIFIABLE = 3;

export const auditVerifyCommand: CliCommand = {
  name: 'audit verify',
  description: 'Check every audit log hash chain: exit 0 intact, 1 broken (names the chain and seq of the first broken entry), 3 could not check',
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
      // Verification walks every chain in the table: it does not depend on CMIS_AUDIT_CHAINS.
      const result = await createAuditService(ds, undefined, { chains: DEFAULT_AUDIT_CHAINS }).verify(batchSize);
      if (result.ok) {
        const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
        io.out(`audit log intact: ${plural(result.entries, 'entry', 'entries')} in ${plural(result.chains, 'chain', 'chains')}`);
        // Keep these somewhere else (a ticket, a signed mail): they pin the end of every chain.
        for (const h of result.heads) io.out(`chain ${h.chain}${h.chain === 0 ? ' (legacy)' : ''}: last seq ${h.seq}, hash ${h.hash}`);
        return 0;
      }
      const b = result.firstBroken;
      io.out(`audit log BROKEN at chain ${b.chain} seq ${b.seq} (id ${b.id}, at ${b.at.toISOString()}): ${b.reason}`);
      io.out(`${result.entries} ${result.entries === 1 ? 'entry' : 'entries'} checked before it are intact`);
      return 1;
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
  },
};

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
