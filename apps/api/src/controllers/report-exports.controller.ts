import { applyDecorators, Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError } from '@app/core';
import { ReadReplica, type ReadSource } from '@app/database';
import { CurrentUser, Permission } from '@app/identity';
import {
  CaseExportFilters,
  CaseExportService,
  CONTENT_TYPES,
  EXPORT_FORMATS,
  ExportFormat,
  ExportOutcome,
  ExportTarget,
  IndicatorExportService,
} from '@app/reporting';
import { queryText } from '../http/query-params';
import { Locale, User } from '../http/request-context';

function exportFormat(v: unknown): ExportFormat {
  const f = queryText(v, 'format', 10) ?? 'csv';
  if (!(EXPORT_FORMATS as readonly string[]).includes(f)) {
    throw new DomainError('validation_failed', `format must be one of ${EXPORT_FORMATS.join(', ')}.`, {
      errors: [{ path: '/format', message: 'unknown format' }],
    });
  }
  return f as ExportFormat;
}

const caseFilters = (q: Record<string, unknown>): CaseExportFilters => ({
  caseType: queryText(q.caseType, 'caseType', 100),
  status: queryText(q.status, 'status', 20),
  location: queryText(q.location, 'location', 100),
  from: queryText(q.from, 'from', 10),
  to: queryText(q.to, 'to', 10),
});

const EXPORT_HEADERS = ['Content-Type', 'Content-Disposition', 'X-Export-Rows', 'X-Read-Source', 'X-Read-Lag-Seconds'];

/**
 * Headers go out with the first byte, once the export is allowed and counted: `X-Export-Rows`
 * lets the web app show progress (counting CSV lines, or XLSX bytes against an estimate).
 */
function httpTarget(res: Response, source: ReadSource): ExportTarget {
  return {
    out: res,
    start(meta) {
      res.status(200);
      res.setHeader('Content-Type', meta.contentType);
      res.setHeader('Content-Disposition', `attachment; filename="${meta.filename}"`);
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('X-Export-Rows', String(meta.rows));
      res.setHeader('X-Read-Source', source.replica ? 'replica' : 'primary');
      if (source.lagSeconds !== null) res.setHeader('X-Read-Lag-Seconds', String(source.lagSeconds));
    },
  };
}

/**
 * Errors before the first byte are problem details like anywhere else (the filter writes them);
 * after it, the service has already aborted the response, which is all a client can be told.
 */
async function streamed(res: Response, reads: ReadReplica, run: (target: ExportTarget) => Promise<ExportOutcome>): Promise<void> {
  try {
    // Measured before the first row is read: the file is at least as recent as the lag it states.
    const source = await reads.source();
    await run(httpTarget(res, source));
  } catch (e) {
    if (res.headersSent) return;
    for (const h of EXPORT_HEADERS) res.removeHeader(h);
    throw e;
  }
}

const FilterQueries = () =>
  applyDecorators(
    ApiQuery({ name: 'format', required: false, enum: EXPORT_FORMATS }),
    ApiQuery({ name: 'caseType', required: false }),
    ApiQuery({ name: 'status', required: false, enum: ['open', 'paused', 'closed'] }),
    ApiQuery({ name: 'location', required: false, description: 'a location code: cases there or below' }),
    ApiQuery({ name: 'from', required: false, description: 'first registration day, YYYY-MM-DD (SOP time zone)' }),
    ApiQuery({ name: 'to', required: false, description: 'last registration day, YYYY-MM-DD (SOP time zone)' }),
  );
const Streamed = () =>
  applyDecorators(
    ApiProduces(...Object.values(CONTENT_TYPES)),
    ApiResponse({
      status: 200,
      schema: { type: 'string', format: 'binary' },
      description:
        'The file, streamed; X-Export-Rows gives the number of data rows, X-Read-Source `replica` or `primary` where they were read, X-Read-Lag-Seconds how far behind the primary the replica was',
    }),
    ApiResponse({ status: 403, description: 'export_not_permitted: the role has no such export grant' }),
  );

/**
 * Exports in CSV (UTF-8 with BOM, RFC 4180, formula-safe) or XLSX, streamed. Who may export what
 * is the pack's `report` rules (`export`, `export_deidentified`) within what the user may read,
 * and each answer column only where the user may read it; every export is audited.
 */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/reports')
export class ReportExportsController {
  constructor(
    private readonly cases: CaseExportService,
    private readonly indicators: IndicatorExportService,
    private readonly reads: ReadReplica,
  ) {}

  @Get('exports/cases')
  @Permission('authenticated')
  @ApiOperation({ summary: 'The case list of my export scope (one row per case, registration order), answers only where I may read them' })
  @FilterQueries()
  @Streamed()
  async caseList(@User() user: CurrentUser, @Locale() locale: string, @Query() q: Record<string, unknown>, @Res() res: Response) {
    const request = { kind: 'cases' as const, format: exportFormat(q.format), filters: caseFilters(q) };
    await streamed(res, this.reads, (target) => this.cases.export(user, locale, request, target));
  }

  @Get('exports/cases-deidentified')
  @Permission('authenticated')
  @ApiOperation({ summary: 'De-identified case-level data: pseudonymous ids, age bands, months, coarse locations, coded answers only' })
  @FilterQueries()
  @Streamed()
  async deidentified(@User() user: CurrentUser, @Locale() locale: string, @Query() q: Record<string, unknown>, @Res() res: Response) {
    const request = { kind: 'deidentified' as const, format: exportFormat(q.format), filters: caseFilters(q) };
    await streamed(res, this.reads, (target) => this.cases.export(user, locale, request, target));
  }

  @Get('indicators/:id/export')
  @Permission('authenticated')
  @ApiOperation({ summary: 'One indicator table as a file, exactly as on screen (same scope, suppressed cells as "*")' })
  @ApiQuery({ name: 'format', required: false, enum: EXPORT_FORMATS })
  @ApiQuery({ name: 'by', required: false, description: 'e.g. sex,ageBand or location:district or period:month' })
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'to', required: false })
  @ApiQuery({ name: 'location', required: false })
  @Streamed()
  async indicator(@User() user: CurrentUser, @Locale() locale: string, @Param('id') id: string, @Query() q: Record<string, unknown>, @Res() res: Response) {
    const by = queryText(q.by, 'by', 300);
    const query = {
      by: by
        ? by
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean)
        : [],
      from: queryText(q.from, 'from', 10),
      to: queryText(q.to, 'to', 10),
      location: queryText(q.location, 'location', 100),
    };
    const format = exportFormat(q.format);
    await streamed(res, this.reads, (target) => this.indicators.export(user, locale, id, query, format, target));
  }
}
