import { Injectable } from '@nestjs/common';
import { AuditService, entryBy } from '@app/audit';
import { Clock, DomainError, zonedDay } from '@app/core';
import type { CurrentUser } from '@app/identity';
import { SopRegistry } from '@app/sop-registry';
import { findIndicator } from '../indicator-catalogue';
import { IndicatorQuery, IndicatorsService, locationFilter, parseDimensions, parsePeriod } from '../indicators.service';
import { ReportScopes } from '../report-scope';
import { ReportErrorCode } from '../reporting.errors';
import { ExportOutcome, ExportTarget, streamExport } from './export-stream';
import { indicatorSheet } from './indicator-sheet';
import type { ExportFormat } from './table-writer';

/**
 * An indicator table as a file: computed by IndicatorsService exactly as on screen (the same scope
 * and the same small-cell suppression), suppressed cells written as "*" with a note saying why.
 * Needs report `read` (checked by the computation) and `export` or `export_deidentified`: the
 * table holds no child's identity, so either export grant suffices.
 */
@Injectable()
export class IndicatorExportService {
  constructor(
    private readonly registry: SopRegistry,
    private readonly scopes: ReportScopes,
    private readonly indicators: IndicatorsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async export(user: CurrentUser, locale: string, indicatorId: string, q: IndicatorQuery, format: ExportFormat, target: ExportTarget): Promise<ExportOutcome> {
    const now = this.clock.now();
    const { pack } = await this.registry.current();
    const filters = { indicator: indicatorId, by: q.by ?? [], from: q.from ?? null, to: q.to ?? null, location: q.location ?? null };
    if (!(await this.scopes.allowed(user, 'export', now)) && !(await this.scopes.allowed(user, 'export_deidentified', now))) {
      await this.audit.record(entryBy(user, { action: 'report.export', caseId: null, outcome: 'denied', details: { kind: 'indicator', format, filters } }));
      throw new DomainError(ReportErrorCode.ExportNotPermitted, 'Your role may not export reports.');
    }
    const indicator = findIndicator(pack, indicatorId);
    const by = parseDimensions(pack, q.by ?? []);
    const table = await this.indicators.compute(user, pack, locale, indicator, by, parsePeriod(pack, q), locationFilter(pack, q.location));
    const sheet = indicatorSheet(table, locale, pack.manifest.timezone ?? 'UTC');
    const day = zonedDay(now, pack.manifest.timezone ?? 'UTC').day;
    const filename = `indicator-${indicatorId.replace(/[^A-Za-z0-9_.-]/g, '_')}-${day}.${format}`;
    const columns = [...table.dimensions.map((d) => d.id), 'figures'];
    // Lines after the header, the notes below the table included, so a client counting CSV lines
    // against X-Export-Rows ends at exactly 100 %.
    const lines = sheet.rows.length + (sheet.notes.length ? sheet.notes.length + 1 : 0);
    const done = await streamExport(
      target,
      format,
      { filename, rows: lines },
      'Indicator',
      async (writer, _signal, wrote) => {
        await writer.header(sheet.header);
        await writer.rows(sheet.rows);
        wrote(sheet.rows.length);
        await writer.notes(sheet.notes);
      },
      ({ rows, complete, stoppedBy }) =>
        this.audit
          .record(
            entryBy(user, {
              action: 'report.export',
              caseId: null,
              details: {
                kind: 'indicator',
                format,
                filters,
                rows,
                expectedRows: sheet.rows.length,
                columns,
                complete,
                suppressedCells: table.suppression.suppressedCells,
                ...(stoppedBy ? { stoppedBy } : {}),
              },
            }),
          )
          .then(() => undefined),
    );
    return { ...done, expectedRows: sheet.rows.length, columns };
  }
}
