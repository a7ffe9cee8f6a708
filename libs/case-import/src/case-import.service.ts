import { Injectable } from '@nestjs/common';
import { AuditService, entryBy } from '@app/audit';
import { Clock, DomainError } from '@app/core';
import { CaseAccessService, CasesRepository, identityFrom, possibleDuplicates, type PossibleDuplicate } from '@app/cases';
import type { CurrentUser } from '@app/identity';
import type { Translated } from '@app/pack-types';
import { SopRegistry } from '@app/sop-registry';
import { CASE_IMPORT_LIMITS, CaseImportErrorCode } from './case-import.errors';
import { CaseImportRepository, type ImportJob, type SavedMapping } from './case-import.repository';
import { ImportChecker } from './import-check';
import { kindOf } from './import-file';
import { importFields, type ImportField, type ImportMapping, type MappedRow, type RowProblem } from './import-mapping';

/** An uploaded file: its name and its bytes. */
export interface ImportUpload {
  fileName: string;
  content: Buffer;
}

/** A case type and the start form's fields a column may feed. */
export interface CaseImportCaseType {
  id: string;
  label: Translated;
  fields: ImportField[];
}

/** A dry run's findings: nothing is created. */
export interface CaseImportDryRun {
  /** Data rows in the file (blank ones left out). */
  rows: number;
  /** Rows an import would create. */
  valid: number;
  /** Rows whose external id was imported before: an import skips them. */
  alreadyImported: number;
  /** Every problem of every bad row, in the order of the file. */
  problems: RowProblem[];
  /** Good rows that look like cases already registered (the registration's duplicate check, as the registrar may see them). */
  possibleDuplicates: Array<{ row: number; externalId: string; cases: PossibleDuplicate[] }>;
}

/** How many rows are looked up at once (external ids already imported). */
const LOOKUP_BATCH = 500;

/** Mappings, dry runs and starting jobs; the jobs themselves run in CaseImportRunner. */
@Injectable()
export class CaseImportService {
  constructor(
    private readonly repo: CaseImportRepository,
    private readonly checker: ImportChecker,
    private readonly cases: CasesRepository,
    private readonly access: CaseAccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly registry: SopRegistry,
  ) {}

  /** The pack's case types with their start form's fields, as a mapping screen offers them. */
  async caseTypes(): Promise<CaseImportCaseType[]> {
    const { pack } = await this.registry.current();
    return pack.manifest.caseTypes.map((t) => ({ id: t.id, label: t.label, fields: importFields(pack, t.id) }));
  }

  async saveMapping(admin: CurrentUser, name: string, mapping: ImportMapping): Promise<SavedMapping> {
    await this.checker.context(mapping);
    const saved = await this.repo.saveMapping(name, mapping, admin.id, this.clock.now());
    await this.audit.record(entryBy(admin, { action: 'case_import.mapping_saved', details: { mappingId: saved.id, caseType: mapping.caseType, name } }));
    return saved;
  }

  listMappings(): Promise<SavedMapping[]> {
    return this.repo.listMappings();
  }

  async mapping(id: string): Promise<SavedMapping> {
    const found = await this.repo.findMapping(id);
    if (!found) throw new DomainError(CaseImportErrorCode.MappingNotFound, 'No such import mapping.');
    return found;
  }

  /** Every bad row with row, column and reason; the rows that look like existing cases; creates nothing. */
  async dryRun(admin: CurrentUser, mappingId: string, file: ImportUpload): Promise<CaseImportDryRun> {
    const { mapping } = await this.mapping(mappingId);
    checkSize(file);
    const ctx = await this.checker.context(mapping);
    const caseType = ctx.sop.pack.manifest.caseTypes.find((t) => t.id === mapping.caseType)!;
    const report: CaseImportDryRun = { rows: 0, valid: 0, alreadyImported: 0, problems: [], possibleDuplicates: [] };
    const seen = new Set<string>();
    let batch: MappedRow[] = [];
    const flush = async () => {
      const imported = await this.repo.importedIds(
        mapping.caseType,
        batch.map((r) => r.externalId),
      );
      for (const row of batch) {
        if (imported.has(row.externalId)) {
          report.alreadyImported++;
          continue;
        }
        report.valid++;
        const identity = identityFrom(caseType, caseType.startForm, row.answers);
        const found = await possibleDuplicates(this.cases, this.access, ctx.registrar, identity, ctx.registrar.locationPath);
        if (found.shown.length) report.possibleDuplicates.push({ row: row.row, externalId: row.externalId, cases: found.shown });
      }
      batch = [];
    };
    for await (const row of this.checker.rows(ctx, kindOf(file.fileName, file.content), file.content)) {
      report.rows++;
      if (row.externalId && seen.has(row.externalId)) {
        row.problems.unshift({ row: row.row, column: mapping.externalIdColumn, code: 'duplicate_in_file', message: 'appears on an earlier row' });
      }
      if (row.externalId) seen.add(row.externalId);
      if (row.problems.length) report.problems.push(...row.problems);
      else batch.push(row);
      if (batch.length >= LOOKUP_BATCH) await flush();
    }
    await flush();
    await this.audit.record(
      entryBy(admin, {
        action: 'case_import.dry_run',
        details: { mappingId, fileName: file.fileName, rows: report.rows, valid: report.valid, badRows: new Set(report.problems.map((p) => p.row)).size },
      }),
    );
    return report;
  }

  /** Queues an import of the file (kept with the job, so a restart continues it); the caller starts the runner. */
  async startJob(admin: CurrentUser, mappingId: string, file: ImportUpload): Promise<ImportJob> {
    const { mapping } = await this.mapping(mappingId);
    checkSize(file);
    await this.checker.context(mapping);
    const id = await this.repo.createJob(mappingId, file.fileName, kindOf(file.fileName, file.content), file.content, admin.id, this.clock.now());
    await this.audit.record(
      entryBy(admin, { action: 'case_import.started', details: { jobId: id, mappingId, caseType: mapping.caseType, fileName: file.fileName } }),
    );
    return (await this.repo.findJob(id))!;
  }

  async job(id: string): Promise<ImportJob> {
    const found = await this.repo.findJob(id);
    if (!found) throw new DomainError(CaseImportErrorCode.JobNotFound, 'No such import job.');
    return found;
  }

  listJobs(): Promise<ImportJob[]> {
    return this.repo.listJobs(50);
  }
}

function checkSize(file: ImportUpload): void {
  if (file.content.length > CASE_IMPORT_LIMITS.bytes) {
    throw new DomainError(CaseImportErrorCode.TooLarge, `The file is larger than ${CASE_IMPORT_LIMITS.bytes} bytes: split it.`);
  }
}
