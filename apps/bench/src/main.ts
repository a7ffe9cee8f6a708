import 'reflect-metadata';
import { apiBench } from './api-bench';
import { caseImportBench } from './case-import';
import { migrationBench } from './migration';
import { offlineSyncBench } from './offline-sync';
import { reportingBench } from './reporting';
import { schedulerTickBench } from './scheduler-tick';

/**
 * `npm run bench [-- api|scheduler|reporting|migration|sync|import]`: the case API benchmark beside its raw-PostgreSQL
 * counterparts (./api-bench.ts, ./raw-counterparts.ts), the scheduler tick benchmark
 * (./scheduler-tick.ts), the reporting benchmark (./reporting.ts) and the case migration benchmark
 * (./migration.ts) and the offline sync benchmark (./offline-sync.ts) and the case import benchmark (./case-import.ts), each of the last four in a scratch database of its own; one alone when named.
 */
async function main(): Promise<void> {
  const which = process.argv[2] ?? 'all';
  if (!['all', 'api', 'scheduler', 'reporting', 'migration', 'sync', 'import'].includes(which)) {
    throw new Error(`unknown benchmark "${which}": api, scheduler, reporting, migration, sync, import, or none for all`);
  }
  if (which === 'all' || which === 'api') await apiBench();
  if (which === 'all' || which === 'scheduler') await schedulerTickBench();
  if (which === 'all' || which === 'reporting') await reportingBench();
  if (which === 'all' || which === 'migration') await migrationBench();
  if (which === 'all' || which === 'sync') await offlineSyncBench();
  if (which === 'all' || which === 'import') await caseImportBench();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
