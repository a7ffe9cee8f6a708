import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { Clock, DomainError } from '@app/core';
import { CaseRegistrationService } from '@app/cases';
import { CaseImportRepository, type ImportJob } from './case-import.repository';
import { ImportChecker } from './import-check';
import { importRecords } from './import-file';
import type { MappedRow, RowProblem } from './import-mapping';

/** Rows handled between two progress records: a crash repeats at most this many lookups, never a case. */
export const IMPORT_BATCH_ROWS = 500;
/** Registrations of a batch running at once (the file's rows have distinct external ids by then: a repeated one is refused before). */
const PARALLEL_REGISTRATIONS = 4;
/** Problems kept on a job (the dry run lists them all). */
const KEPT_PROBLEMS = 2000;

const UNIQUE_VIOLATION = '23505';

/**
 * Runs import jobs in the background of the API process, batch after batch, recording progress after
 * each; at the API's start-up (CaseImportResumer) it continues every job left unfinished (a crash, a
 * restart) from its position.
 * Each case is registered through CaseRegistrationService (number, deadlines, audit) with its external
 * id in the same transaction, so a row is imported once even if a batch is repeated.
 */
@Injectable()
export class CaseImportRunner {
  private readonly logger = new Logger(CaseImportRunner.name);
  /** Jobs running in this process (one loop per job). */
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly repo: CaseImportRepository,
    private readonly checker: ImportChecker,
    private readonly registration: CaseRegistrationService,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** Starts (or continues) every queued or running job. */
  async resumeUnfinished(): Promise<void> {
    for (const id of await this.repo.unfinishedJobIds()) void this.start(id);
  }

  /** Runs the job in the background unless it already runs here; the promise ends with the job (or its stop). */
  start(jobId: string, options: { batches?: number } = {}): Promise<void> {
    const current = this.running.get(jobId);
    if (current) return current;
    const run = this.run(jobId, options)
      .catch((e) => this.logger.error(`case import ${jobId} stopped: ${e?.message ?? e}`))
      .finally(() => this.running.delete(jobId));
    this.running.set(jobId, run);
    return run;
  }

  /** One process runs a job at a time (another API replica resuming it at its start-up leaves it alone). */
  private async run(jobId: string, options: { batches?: number }): Promise<void> {
    const hold = await this.repo.holdJob(jobId);
    if (!hold) return;
    try {
      await this.runHeld(jobId, options);
    } finally {
      await hold.release();
    }
  }

  /** `batches`: stop after that many batches, as a crash between batches would (tests). */
  private async runHeld(jobId: string, options: { batches?: number }): Promise<void> {
    const job = await this.repo.findJob(jobId);
    const file = await this.repo.jobFile(jobId);
    if (!job || !file || job.state === 'done' || job.state === 'failed') return;
    const progress: ImportJob = { ...job, state: 'running' };
    try {
      const { mapping } = (await this.repo.findMapping(job.mappingId))!;
      const ctx = await this.checker.context(mapping);
      if (progress.total === 0) progress.total = await countRows(file.kind, file.content);
      await this.repo.advance(jobId, progress, this.clock.now());
      const seen = new Set<string>();
      let index = 0;
      let batch: MappedRow[] = [];
      let batchesLeft = options.batches ?? Infinity;
      for await (const row of this.checker.rows(ctx, file.kind, file.content)) {
        const handled = index++ < progress.position;
        const twice = row.externalId !== '' && seen.has(row.externalId);
        if (row.externalId) seen.add(row.externalId);
        if (handled) continue;
        if (twice) row.problems.unshift({ row: row.row, column: mapping.externalIdColumn, code: 'duplicate_in_file', message: 'appears on an earlier row' });
        batch.push(row);
        if (batch.length < IMPORT_BATCH_ROWS) continue;
        await this.importBatch(ctx.registrar, mapping.caseType, jobId, batch, progress);
        batch = [];
        if (--batchesLeft <= 0) return;
      }
      if (batch.length) await this.importBatch(ctx.registrar, mapping.caseType, jobId, batch, progress);
      await this.repo.advance(jobId, { ...progress, state: 'done' }, this.clock.now());
      await this.finished(job.createdBy, { ...progress, state: 'done' });
    } catch (e) {
      // The file or the mapping no longer fits (the pack changed, the registrar left): the job ends, what was imported stays.
      if (!(e instanceof DomainError)) throw e;
      await this.repo.advance(jobId, { ...progress, state: 'failed', error: e.message }, this.clock.now());
      await this.finished(job.createdBy, { ...progress, state: 'failed' });
    }
  }

  /** The job's end in the audit trail, under the administrator who started it (the cases have their own entries). */
  private async finished(adminId: string, job: ImportJob): Promise<void> {
    const { id, state, total, created, skipped, failed } = job;
    await this.audit.record({ actorId: adminId, action: 'case_import.finished', details: { jobId: id, state, total, created, skipped, failed } });
  }

  private async importBatch(
    registrar: Parameters<CaseRegistrationService['register']>[0],
    caseType: string,
    jobId: string,
    batch: MappedRow[],
    progress: ImportJob,
  ): Promise<void> {
    const imported = await this.repo.importedIds(
      caseType,
      batch.map((r) => r.externalId),
    );
    const outcomes: RowProblem[][] = batch.map((row) => row.problems);
    const toRegister: number[] = [];
    batch.forEach((row, i) => {
      if (row.problems.length) progress.failed++;
      else if (imported.has(row.externalId)) progress.skipped++;
      else toRegister.push(i);
    });
    // A few registrations at once: each waits mostly on its commit, and their commits can share a flush.
    let next = 0;
    const lane = async () => {
      while (next < toRegister.length) {
        const i = toRegister[next++];
        outcomes[i] = await this.importRow(registrar, caseType, jobId, batch[i], progress);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_REGISTRATIONS }, lane));
    progress.position += batch.length;
    progress.problems = [...progress.problems, ...outcomes.flat()].slice(0, KEPT_PROBLEMS);
    await this.repo.advance(jobId, progress, this.clock.now());
  }

  private async importRow(
    registrar: Parameters<CaseRegistrationService['register']>[0],
    caseType: string,
    jobId: string,
    row: MappedRow,
    progress: ImportJob,
  ): Promise<RowProblem[]> {
    try {
      await this.registration.register(registrar, { caseType, answers: row.answers }, registrar.locale, {
        assignTo: row.assignTo,
        within: (em, caseId) => this.repo.recordExternalId(em, caseType, row.externalId, caseId, jobId, this.clock.now()),
      });
      progress.created++;
      return [];
    } catch (e) {
      // Imported meanwhile by another run: nothing was created by this one.
      if ((e as { code?: string }).code === UNIQUE_VIOLATION) {
        progress.skipped++;
        return [];
      }
      if (!(e instanceof DomainError)) throw e;
      progress.failed++;
      return [{ row: row.row, column: '', code: e.code, message: e.message }];
    }
  }
}

async function countRows(kind: Parameters<typeof importRecords>[0], content: Buffer): Promise<number> {
  let n = -1;
  for await (const _ of importRecords(kind, content)) n++;
  return Math.max(n, 0);
}
