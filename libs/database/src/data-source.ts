import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager, MigrationExecutor } from 'typeorm';
import { ALL_ENTITIES } from './entities';
import { RedactingQueryLogger } from './redacting-query-logger';
import { InitialSchema1764000000000 } from './migrations/1764000000000-initial-schema';
import { SignInHardening1765000000000 } from './migrations/1765000000000-sign-in-hardening';
import { AuditLog1765100000000 } from './migrations/1765100000000-audit-log';
import { CaseAccessAndConsent1765200000000 } from './migrations/1765200000000-case-access-and-consent';
import { AuditChains1765300000000 } from './migrations/1765300000000-audit-chains';
import { DeadlineAlertsAndOutbox1765400000000 } from './migrations/1765400000000-deadline-alerts-and-outbox';
import { CaseFlagsAndNotes1765500000000 } from './migrations/1765500000000-case-flags-and-notes';
import { ServiceDirectory1765600000000 } from './migrations/1765600000000-service-directory';
import { ReferralsAndTransfers1765700000000 } from './migrations/1765700000000-referrals-and-transfers';
import { Reporting1765800000000 } from './migrations/1765800000000-reporting';
import { ScheduledReports1765900000000 } from './migrations/1765900000000-scheduled-reports';
import { Plugins1766000000000 } from './migrations/1766000000000-plugins';
import { IntakeQueue1766100000000 } from './migrations/1766100000000-intake-queue';
import { ReferralFollowUpAnswers1766230000000 } from './migrations/1766230000000-referral-follow-up-answers';
import { DropUserLockColumns1766240000000 } from './migrations/1766240000000-drop-user-lock-columns';
import { SignInKnownSources1766250000000 } from './migrations/1766250000000-sign-in-known-sources';
import { DeadlineOutcomes1766260000000 } from './migrations/1766260000000-deadline-outcomes';
import { SopVersionOrder1766271000000 } from './migrations/1766271000000-sop-version-order';
import { CaseNameSearch1766280000000 } from './migrations/1766280000000-case-name-search';
import { ReportSnapshots1766290000000 } from './migrations/1766290000000-report-snapshots';
import { CaseTeamListOrders1766295000000 } from './migrations/1766295000000-case-team-list-orders';
import { CaseDuplicateLookup1766296000000 } from './migrations/1766296000000-case-duplicate-lookup';
import { CaseOpenFlags1766297000000 } from './migrations/1766297000000-case-open-flags';
import { AuditLockHeads1766298000000 } from './migrations/1766298000000-audit-lock-heads';
import { CaseListCoveringIndexes1766299000000 } from './migrations/1766299000000-case-list-covering-indexes';
import { PasswordCodes1766300000000 } from './migrations/1766300000000-password-codes';
import { AuditLogSearch1766310000000 } from './migrations/1766310000000-audit-log-search';
import { SetupCodes1766330000000 } from './migrations/1766330000000-setup-codes';
import { SopDrafts1766420000000 } from './migrations/1766420000000-sop-drafts';
import { CaseMigrations1766400000000 } from './migrations/1766400000000-case-migrations';
import { AuthChangeNotifications1766500000000 } from './migrations/1766500000000-auth-change-notifications';
import { OfflineSync1766510000000 } from './migrations/1766510000000-offline-sync';
import { DeadlineDueKept1766520000000 } from './migrations/1766520000000-deadline-due-kept';
import { SyncDevices1766560000000 } from './migrations/1766560000000-sync-devices';
import { Webhooks1766570000000 } from './migrations/1766570000000-webhooks';
import { Dhis2Deliveries1766580000000 } from './migrations/1766580000000-dhis2-deliveries';
import { CaseImports1766590000000 } from './migrations/1766590000000-case-imports';
export const MIGRATIONS = [
  InitialSchema1764000000000,
  SignInHardening1765000000000,
  AuditLog1765100000000,
  CaseAccessAndConsent1765200000000,
  AuditChains1765300000000,
  DeadlineAlertsAndOutbox1765400000000,
  CaseFlagsAndNotes1765500000000,
  ServiceDirectory1765600000000,
  ReferralsAndTransfers1765700000000,
  Reporting1765800000000,
  ScheduledReports1765900000000,
  Plugins1766000000000,
  IntakeQueue1766100000000,
  ReferralFollowUpAnswers1766230000000,
  DropUserLockColumns1766240000000,
  SignInKnownSources1766250000000,
  DeadlineOutcomes1766260000000,
  SopVersionOrder1766271000000,
  CaseNameSearch1766280000000,
  ReportSnapshots1766290000000,
  CaseTeamListOrders1766295000000,
  CaseDuplicateLookup1766296000000,
  CaseOpenFlags1766297000000,
  AuditLockHeads1766298000000,
  CaseListCoveringIndexes1766299000000,
  PasswordCodes1766300000000,
  AuditLogSearch1766310000000,
  SetupCodes1766330000000,
  CaseMigrations1766400000000,
  SopDrafts1766420000000,
  AuthChangeNotifications1766500000000,
  OfflineSync1766510000000,
  DeadlineDueKept1766520000000,
  SyncDevices1766560000000,
  Webhooks1766570000000,
  Dhis2Deliveries1766580000000,
  CaseImports1766590000000,
];
export { APP_ROLE } from './migrations/1765100000000-audit-log';

export interface DataSourceOptions {
  /** Log failing and slow queries (without their parameters). The app's modules turn it on except under NODE_ENV=test; default off. */
  logQueryErrors?: boolean;
  /** Every transaction read-only (a replica's pool): a write sent there by mistake fails instead of landing on a primary behind a pooler. */
  readOnly?: boolean;
}

/**
 * A DataSource on `url` (the callers get it from AppConfig: DATABASE_URL or DATABASE_OWNER_URL);
 * migrations run explicitly, `synchronize` is never on.
 */
export function createDataSource(url: string, poolSize = 20, options: DataSourceOptions = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ALL_ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsTransactionMode: 'all',
    extra: { max: poolSize, ...(options.readOnly ? { options: '-c default_transaction_read_only=on' } : {}) },
    // Failing queries are logged without their parameters (passwords, secrets, answers).
    logger: new RedactingQueryLogger(options.logQueryErrors ?? false),
  });
}

/**
 * Key of the session-level advisory lock held while the core migrations run ('CMIS' in ASCII).
 * Replicas starting together take turns: the later ones find nothing pending. (Plugin migrations
 * take a transaction-level lock of their own, libs/plugin-host/src/plugin-migrator.ts.)
 */
export const MIGRATION_LOCK_KEY = 0x434d4953;

export async function runMigrations(ds: DataSource): Promise<string[]> {
  // The lock and the migrations share one connection, so this works with a pool of one.
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const executor = new MigrationExecutor(ds, runner);
      executor.transaction = 'all';
      const done = await executor.executePendingMigrations();
      return done.map((m) => m.name);
    } finally {
      // A broken connection has released the lock already; do not hide the migration's own error.
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    }
  } catch (e) {
    if (e?.code === '42501' || e?.driverError?.code === '42501') {
      throw new Error(
        `${e.message}: the database role running migrations does not own the schema. ` +
          'Set DATABASE_OWNER_URL to the schema owner (see docs/development.md, "Database roles").',
      );
    }
    throw e;
  } finally {
    await runner.release();
  }
}

/** Runs pending migrations over a short-lived connection of their own (the schema owner's). */
export async function migrateWith(url: string, options: DataSourceOptions = {}): Promise<string[]> {
  const ds = createDataSource(url, 1, options);
  await ds.initialize();
  try {
    return await runMigrations(ds);
  } finally {
    await ds.destroy();
  }
}

/** Runs `work` in one transaction: every state change of a case is all-or-nothing. */
export function inTransaction<T>(ds: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  const hook = TRANSACTION_HOOK.getStore();
  if (!hook || hook.used) return ds.transaction(work);
  hook.used = true;
  return ds.transaction(async (em) => {
    const result = await work(em);
    await hook.beforeCommit(em, result);
    return result;
  });
}

type TransactionHook = { beforeCommit: (em: EntityManager, result: unknown) => Promise<void>; used: boolean };
const TRANSACTION_HOOK = new AsyncLocalStorage<TransactionHook>();

/**
 * Runs `work` (a service call) so that the first transaction it begins with `inTransaction` also
 * runs `beforeCommit` with that transaction's result, just before committing: what the caller
 * records about the change (an offline change's idempotency key and outcome) commits or rolls back
 * with it. A failure in `beforeCommit` (a unique key already taken) undoes the change.
 */
export function withBeforeCommit<T>(beforeCommit: (em: EntityManager, result: unknown) => Promise<void>, work: () => Promise<T>): Promise<T> {
  return TRANSACTION_HOOK.run({ beforeCommit, used: false }, work);
}
