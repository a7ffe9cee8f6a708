import 'reflect-metadata';
import { apiBench } from './api-bench';
import { reportingBench } from './reporting';
import { schedulerTickBench } from './scheduler-tick';

/**
 * `npm run bench [-- api|scheduler|reporting]`: the case API benchmark beside its raw-PostgreSQL
 * counterparts (./api-bench.ts, ./raw-counterparts.ts), the scheduler tick benchmark
 * (./scheduler-tick.ts) and the reporting benchmark (./reporting.ts), each of the last two in a
 * scratch database of its own; one alone when named.
 */
async function main(): Promise<void> {
  const which = process.argv[2] ?? 'all';
  if (!['all', 'api', 'scheduler', 'reporting'].includes(which)) throw new Error(`unknown benchmark "${which}": api, scheduler, reporting, or none for all`);
  if (which === 'all' || which === 'api') await apiBench();
  if (which === 'all' || which === 'scheduler') await schedulerTickBench();
  if (which === 'all' || which === 'reporting') await reportingBench();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
