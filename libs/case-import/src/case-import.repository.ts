import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ImportMapping, RowProblem } from './import-mapping';
import type { ImportFileKind } from './import-file';

export interface SavedMapping {
  id: string;
  name: string;
  caseType: string;
  mapping: ImportMapping;
  updatedAt: string;
}

export type ImportJobState = 'queued' | 'running' | 'done' | 'failed';

/** An import job's progress (its file is read separately, only by the runner). */
export interface ImportJob {
  id: string;
  mappingId: string;
  caseType: string;
  fileName: string;
  state: ImportJobState;
  total: number;
  /** Data rows handled so far (created, skipped or failed): a restart continues after them. */
  position: number;
  created: number;
  skipped: number;
  failed: number;
  problems: RowProblem[];
  error: string | null;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
}

const JOB_COLUMNS = `j.id, j.mapping_id, m.case_type, j.file_name, j.state, j.total, j.position, j.created, j.skipped, j.failed, j.problems, j.error, j.created_by, j.created_at, j.finished_at`;

const toJob = (r: any): ImportJob => ({
  id: r.id,
  mappingId: r.mapping_id,
  caseType: r.case_type,
  fileName: r.file_name,
  state: r.state,
  total: r.total,
  position: r.position,
  created: r.created,
  skipped: r.skipped,
  failed: r.failed,
  problems: r.problems,
  error: r.error,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at).toISOString(),
  finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
});

const toMapping = (r: any): SavedMapping => ({
  id: r.id,
  name: r.name,
  caseType: r.case_type,
  mapping: r.definition,
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** Mappings, jobs and imported external ids (the only code touching the case_import_* tables). */
@Injectable()
export class CaseImportRepository {
  constructor(private readonly ds: DataSource) {}

  /** Saves a mapping under its case type and name (the same name again replaces it). */
  async saveMapping(name: string, mapping: ImportMapping, userId: string, now: Date): Promise<SavedMapping> {
    const rows = await this.ds.query(
      `INSERT INTO case_import_mappings (case_type, name, definition, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)
       ON CONFLICT (case_type, name) DO UPDATE SET definition = EXCLUDED.definition, updated_at = EXCLUDED.updated_at
       RETURNING id, name, case_type, definition, updated_at`,
      [mapping.caseType, name, JSON.stringify(mapping), userId, now],
    );
    return toMapping(rows[0]);
  }

  async listMappings(): Promise<SavedMapping[]> {
    return (await this.ds.query(`SELECT id, name, case_type, definition, updated_at FROM case_import_mappings ORDER BY case_type, name`)).map(toMapping);
  }

  async findMapping(id: string): Promise<SavedMapping | null> {
    const rows = await this.ds.query(`SELECT id, name, case_type, definition, updated_at FROM case_import_mappings WHERE id = $1`, [id]);
    return rows[0] ? toMapping(rows[0]) : null;
  }

  async createJob(mappingId: string, fileName: string, kind: ImportFileKind, content: Buffer, userId: string, now: Date): Promise<string> {
    const rows = await this.ds.query(
      `INSERT INTO case_import_jobs (mapping_id, file_name, file_kind, content, state, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, 'queued', $5, $6, $6) RETURNING id`,
      [mappingId, fileName, kind, content, userId, now],
    );
    return rows[0].id;
  }

  async findJob(id: string): Promise<ImportJob | null> {
    const rows = await this.ds.query(`SELECT ${JOB_COLUMNS} FROM case_import_jobs j JOIN case_import_mappings m ON m.id = j.mapping_id WHERE j.id = $1`, [id]);
    return rows[0] ? toJob(rows[0]) : null;
  }

  async listJobs(limit: number): Promise<ImportJob[]> {
    const rows = await this.ds.query(
      `SELECT ${JOB_COLUMNS} FROM case_import_jobs j JOIN case_import_mappings m ON m.id = j.mapping_id ORDER BY j.created_at DESC, j.id LIMIT $1`,
      [limit],
    );
    return rows.map(toJob);
  }

  /**
   * Holds the job for this process while it runs: a session advisory lock on a connection of its own,
   * released by `release()` or by the connection ending (a crash). Null when another process holds it.
   */
  async holdJob(id: string): Promise<{ release(): Promise<void> } | null> {
    const conn = this.ds.createQueryRunner();
    await conn.connect();
    try {
      const [{ held }] = await conn.query(`SELECT pg_try_advisory_lock(hashtextextended('case_import:' || $1, 0)) AS held`, [id]);
      if (held) {
        return {
          release: async () => {
            try {
              await conn.query(`SELECT pg_advisory_unlock(hashtextextended('case_import:' || $1, 0))`, [id]);
            } finally {
              await conn.release();
            }
          },
        };
      }
    } catch (e) {
      await conn.release();
      throw e;
    }
    await conn.release();
    return null;
  }

  async jobFile(id: string): Promise<{ kind: ImportFileKind; content: Buffer } | null> {
    const rows = await this.ds.query(`SELECT file_kind, content FROM case_import_jobs WHERE id = $1`, [id]);
    return rows[0] ? { kind: rows[0].file_kind, content: rows[0].content } : null;
  }

  async unfinishedJobIds(): Promise<string[]> {
    return (await this.ds.query(`SELECT id FROM case_import_jobs WHERE state IN ('queued', 'running') ORDER BY created_at`)).map((r: { id: string }) => r.id);
  }

  /** Records a batch's progress; a job's file is dropped when it ends (the cases hold what it said). */
  async advance(
    id: string,
    change: {
      state: ImportJobState;
      total: number;
      position: number;
      created: number;
      skipped: number;
      failed: number;
      problems: RowProblem[];
      error?: string | null;
    },
    now: Date,
  ): Promise<void> {
    const ended = change.state === 'done' || change.state === 'failed';
    await this.ds.query(
      `UPDATE case_import_jobs SET state = $2, total = $3, position = $4, created = $5, skipped = $6, failed = $7, problems = $8, error = $9, updated_at = $10::timestamptz,
         finished_at = CASE WHEN $11::boolean THEN $10::timestamptz ELSE NULL END, content = CASE WHEN $11::boolean THEN ''::bytea ELSE content END WHERE id = $1`,
      [
        id,
        change.state,
        change.total,
        change.position,
        change.created,
        change.skipped,
        change.failed,
        JSON.stringify(change.problems),
        change.error ?? null,
        now,
        ended,
      ],
    );
  }

  /** Which of these external ids of the case type were imported already. */
  async importedIds(caseType: string, externalIds: string[]): Promise<Set<string>> {
    if (externalIds.length === 0) return new Set();
    const rows = await this.ds.query(`SELECT external_id FROM case_import_external_ids WHERE case_type = $1 AND external_id = ANY($2::text[])`, [
      caseType,
      externalIds,
    ]);
    return new Set(rows.map((r: { external_id: string }) => r.external_id));
  }

  /** In the case's registration transaction: a second import of the id then fails on the key and creates nothing. */
  async recordExternalId(em: EntityManager, caseType: string, externalId: string, caseId: string, jobId: string | null, now: Date): Promise<void> {
    await em.query(`INSERT INTO case_import_external_ids (case_type, external_id, case_id, job_id, imported_at) VALUES ($1, $2, $3, $4, $5)`, [
      caseType,
      externalId,
      caseId,
      jobId,
      now,
    ]);
  }
}
