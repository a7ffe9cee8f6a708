import { Injectable } from '@nestjs/common';
import { AuditService, entryBy } from '@app/audit';
import { Clock, DomainError, zonedDay } from '@app/core';
import type { CurrentUser } from '@app/identity';
import { SopRegistry } from '@app/sop-registry';
import { and, ReportScopes } from '../report-scope';
import { ReportErrorCode } from '../reporting.errors';
import { caseListPlan, CaseExportKind, deidentifiedPlan } from './export-plans';
import { CaseExportFilters, ExportCursor, exportBatchSql, exportCountSql, exportFilterSql } from './export-query';
import { ExportOutcome, ExportTarget, streamExport } from './export-stream';
import { ExportsRepository } from './exports.repository';
import type { ExportFormat } from './table-writer';
import type { Cell } from './table-types';
import { XLSX_MAX_ROWS } from './xlsx-writer';

export interface CaseExportRequest {
  kind: CaseExportKind;
  format: ExportFormat;
  filters?: CaseExportFilters;
  /** Rows per query (default 2,000): memory stays about one batch whatever the export's size. */
  batchSize?: number;
}

export const DEFAULT_EXPORT_BATCH = 2_000;

const ACTIONS = { cases: 'export', deidentified: 'export_deidentified' } as const;
const AUDIT_KIND = { cases: 'cases', deidentified: 'cases_deidentified' } as const;

/**
 * Case-level exports (the case list, and the de-identified one for analysts), streamed in keyset
 * batches. The benchmark calls `export` with any Writable as the target.
 */
@Injectable()
export class CaseExportService {
  constructor(
    private readonly registry: SopRegistry,
    private readonly scopes: ReportScopes,
    private readonly repo: ExportsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async export(user: CurrentUser, locale: string, req: CaseExportRequest, target: ExportTarget): Promise<ExportOutcome> {
    const now = this.clock.now();
    const { pack } = await this.registry.current();
    const filters = req.filters ?? {};
    const kind = AUDIT_KIND[req.kind];
    const filterWhere = exportFilterSql(pack, filters, now, req.kind === 'deidentified');
    let scope;
    try {
      scope = await this.scopes.scope(user, ACTIONS[req.kind], now);
    } catch (e) {
      // A refused export is worth knowing about too.
      if (e instanceof DomainError && e.code === ReportErrorCode.ExportNotPermitted) {
        await this.audit.record(entryBy(user, { action: 'report.export', caseId: null, outcome: 'denied', details: { kind, format: req.format, filters } }));
      }
      throw e;
    }
    const input = { pack, locale, user, now, scopes: this.scopes };
    const plan = req.kind === 'cases' ? await caseListPlan(input) : await deidentifiedPlan(input);
    const where = and([scope, filterWhere]);
    const expectedRows = where.sql.startsWith('FALSE') ? 0 : await this.repo.count(exportCountSql(where));
    if (req.format === 'xlsx' && expectedRows + 1 > XLSX_MAX_ROWS) {
      throw new DomainError(
        ReportErrorCode.BadReportQuery,
        `An XLSX sheet holds at most ${XLSX_MAX_ROWS - 1} rows; this export has ${expectedRows}: narrow it or ask for CSV.`,
      );
    }
    const columns = plan.columns.map((c) => c.id);
    const size = req.batchSize ?? DEFAULT_EXPORT_BATCH;
    const day = zonedDay(now, pack.manifest.timezone ?? 'UTC').day;
    const filename = `${req.kind === 'cases' ? 'cases' : 'cases-deidentified'}-${day}.${req.format}`;

    const done = await streamExport(
      target,
      req.format,
      { filename, rows: expectedRows },
      req.kind === 'cases' ? 'Cases' : 'Cases (de-identified)',
      async (writer, signal, wrote) => {
        await writer.header(plan.columns.map((c) => c.header));
        if (where.sql.startsWith('FALSE')) return;
        const fetch = (after: ExportCursor | null) => this.repo.batch(exportBatchSql(plan, where, after, size));
        let next = fetch(null);
        for (;;) {
          const batch = await next;
          if (batch.length === 0) break;
          const more = batch.length === size;
          if (more) {
            // The next batch is read while this one is written out: at most two batches in memory,
            // and the database's time overlaps the client's. Its failure surfaces at the await above.
            const last = batch[batch.length - 1];
            next = fetch({ at: last.k_at!, id: last.k_id! });
            next.catch(() => undefined);
          }
          // writer.rows resolves once the destination has room; only then is the batch after asked for.
          await writer.rows(
            batch.map((r) =>
              plan.columns.map((c, i): Cell => {
                const v = r[`v${i}`] ?? null;
                return c.format ? c.format(v) : v;
              }),
            ),
          );
          wrote(batch.length);
          if (!more) break;
          if (signal.aborted) throw signal.reason;
        }
      },
      ({ rows, complete, stoppedBy }) =>
        this.audit
          .record(
            entryBy(user, {
              action: 'report.export',
              caseId: null,
              fields: plan.fields,
              details: { kind, format: req.format, filters, rows, expectedRows, columns, complete, ...(stoppedBy ? { stoppedBy } : {}) },
            }),
          )
          .then(() => undefined),
    );
    return { ...done, expectedRows, columns };
  }
}
