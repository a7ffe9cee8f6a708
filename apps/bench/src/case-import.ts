import 'reflect-metadata';
import * as os from 'node:os';
import { CaseImportRunner, CaseImportService } from '@app/case-import';
import { toCurrentUser, UsersRepository } from '@app/identity';
import { withScratchApp } from './scratch-app';

/**
 * Importing existing records (issue 23, docs/import.md): `BENCH_IMPORT_ROWS` (default 100000) rows of a
 * CSV file, each registered as a Moldova child-protection case through the registration service
 * (number, start form, deadlines, audit, duplicate check, external id), batches of 500 with progress.
 * Printed beside it: the dry run (every row checked, nothing written), and raw PostgreSQL inserting
 * the same rows' answers into a plain table in batches of 500 (the floor no import goes under).
 */
export async function caseImportBench(): Promise<void> {
  const target = Number(process.env.BENCH_IMPORT_ROWS ?? 100000);
  if (!Number.isInteger(target) || target < 1) throw new Error(`BENCH_IMPORT_ROWS must be a positive integer, got "${process.env.BENCH_IMPORT_ROWS}"`);
  await withScratchApp('import', async ({ app, q }) => {
    const [{ version }] = await q(`SELECT current_setting('server_version') AS version`);
    console.log(`\nCMIS case import benchmark: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, PostgreSQL ${version}`);
    const header = 'old_id;first;last;sex;born;consent;assent';
    const lines = [header];
    for (let i = 0; i < target; i++) {
      lines.push(`OLD-${i};Ana${i};Bench${i % 997};${i % 2 ? 'female' : 'Masculin'};${String((i % 28) + 1).padStart(2, '0')}.05.2014;Given;Dat`);
    }
    const content = Buffer.from(lines.join('\r\n'));
    const admin = toCurrentUser((await app.get(UsersRepository).findByUsername('admin'))!);
    const imports = app.get(CaseImportService);
    const mapping = await imports.saveMapping(admin, 'bench', {
      caseType: 'child_protection',
      externalIdColumn: 'old_id',
      registrar: 'caseworker',
      columns: [
        { column: 'first', field: 'first_name' },
        { column: 'last', field: 'last_name' },
        { column: 'sex', field: 'sex' },
        { column: 'born', field: 'date_of_birth', dateFormat: 'DD.MM.YYYY' },
        { column: 'consent', field: 'consent_status' },
        { column: 'assent', field: 'assent_status' },
      ],
    });
    const file = { fileName: 'bench.csv', content };

    const d0 = process.hrtime.bigint();
    const dry = await imports.dryRun(admin, mapping.id, file);
    const dryS = Number(process.hrtime.bigint() - d0) / 1e9;
    if (dry.valid !== target) throw new Error(`the dry run found ${dry.valid} good rows of ${target}: ${JSON.stringify(dry.problems.slice(0, 3))}`);

    const r0 = process.hrtime.bigint();
    const job = await imports.startJob(admin, mapping.id, file);
    const ticker = setInterval(() => void imports.job(job.id).then((j) => process.stderr.write(`  ${j.position}/${j.total} rows\n`)), 10_000);
    try {
      await app.get(CaseImportRunner).start(job.id);
    } finally {
      clearInterval(ticker);
    }
    const runS = Number(process.hrtime.bigint() - r0) / 1e9;
    const done = await imports.job(job.id);
    if (done.created !== target) throw new Error(`the import created ${done.created} of ${target} cases (${done.state}, ${done.error ?? ''})`);

    await q(`CREATE TABLE bench_import_raw (external_id text PRIMARY KEY, answers jsonb NOT NULL)`);
    const p0 = process.hrtime.bigint();
    for (let from = 0; from < target; from += 500) {
      const ids: string[] = [];
      const answers: string[] = [];
      for (let i = from; i < Math.min(target, from + 500); i++) {
        ids.push(`OLD-${i}`);
        answers.push(JSON.stringify({ first_name: `Ana${i}`, last_name: `Bench${i % 997}`, sex: i % 2 ? 'female' : 'male', date_of_birth: '2014-05-01' }));
      }
      await q(`INSERT INTO bench_import_raw SELECT * FROM unnest($1::text[], $2::jsonb[])`, [ids, answers]);
    }
    const rawS = Number(process.hrtime.bigint() - p0) / 1e9;

    const rate = (s: number) => `${(target / s).toFixed(0)} rows/s`;
    console.log(`\n${'phase'.padEnd(22)} ${'rows'.padStart(8)} ${'seconds'.padStart(9)}   rate`);
    console.log(`${'dry run'.padEnd(22)} ${String(target).padStart(8)} ${dryS.toFixed(2).padStart(9)}   ${rate(dryS)}`);
    console.log(`${'import (cases)'.padEnd(22)} ${String(target).padStart(8)} ${runS.toFixed(2).padStart(9)}   ${rate(runS)}`);
    console.log(`${'raw PostgreSQL insert'.padEnd(22)} ${String(target).padStart(8)} ${rawS.toFixed(2).padStart(9)}   ${rate(rawS)}`);
  });
}
