import { applyDecorators, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Permission } from '@app/identity';
import { ActorChoice, AuditChainStatus, AuditLogPage, AuditLogReview, AuditLogSearchParams } from '@app/reporting';
import { queryText } from '../http/query-params';
import { User } from '../http/request-context';

function searchParams(q: Record<string, unknown>): AuditLogSearchParams {
  return {
    case: queryText(q.case, 'case', 100),
    actor: queryText(q.actor, 'actor', 100),
    action: queryText(q.action, 'action', 100),
    outcome: queryText(q.outcome, 'outcome', 10),
    from: queryText(q.from, 'from', 40),
    to: queryText(q.to, 'to', 40),
    before: queryText(q.before, 'before', 60),
    limit: queryText(q.limit, 'limit', 5),
  };
}

const SearchQueries = () =>
  applyDecorators(
    ApiQuery({ name: 'case', required: false, description: 'a case id or a case number' }),
    ApiQuery({ name: 'actor', required: false, description: 'a user id (GET /api/audit-log/actors finds it by name)' }),
    ApiQuery({ name: 'action', required: false, description: 'the start of the action, e.g. `case.` or `auth.login`' }),
    ApiQuery({ name: 'outcome', required: false, enum: ['allowed', 'denied'] }),
    ApiQuery({ name: 'from', required: false, description: 'ISO-8601 instant with offset, inclusive' }),
    ApiQuery({ name: 'to', required: false, description: 'ISO-8601 instant with offset, exclusive' }),
  );

/**
 * The whole audit log for auditors (pack rules on subject `audit_log`: `read`, `export`): search,
 * CSV export, and whether the chains verify. Errors: 403 audit_log_not_permitted, 400 bad_audit_log_query.
 * Every call is itself audited.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit-log')
export class AuditLogController {
  constructor(private readonly review: AuditLogReview) {}

  @Get()
  @Permission('authenticated')
  @ApiOperation({ summary: 'Search the audit log, newest first, with actor names and case numbers; page on with `before: nextBefore`' })
  @SearchQueries()
  @ApiQuery({ name: 'before', required: false, description: "the previous page's nextBefore" })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 200, default 50' })
  search(@User() user: CurrentUser, @Query() q: Record<string, unknown>): Promise<AuditLogPage> {
    return this.review.search(user, searchParams(q));
  }

  @Get('export')
  @Permission('authenticated')
  @ApiOperation({ summary: 'Everything the search finds, as CSV (UTF-8, RFC 4180), streamed; needs `export` on audit_log' })
  @SearchQueries()
  @ApiProduces('text/csv')
  @ApiResponse({ status: 200, description: 'The CSV file, newest entry first', content: { 'text/csv': { schema: { type: 'string' } } } })
  async export(@User() user: CurrentUser, @Query() q: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const params = searchParams(q);
    try {
      await this.review.export(user, params, {
        out: res,
        start(meta) {
          res.status(200);
          res.setHeader('Content-Type', meta.contentType);
          res.setHeader('Content-Disposition', `attachment; filename="${meta.filename}"`);
          res.setHeader('Cache-Control', 'no-store');
        },
      });
    } catch (e) {
      // Past the first byte the service has aborted the response; before it, a problem like anywhere else.
      if (!res.headersSent) throw e;
    }
  }

  @Get('status')
  @Permission('authenticated')
  @ApiOperation({
    summary: 'Whether the audit log verifies: the latest scheduled full verification (with its time), and the table against the newest signed checkpoint now',
  })
  status(@User() user: CurrentUser): Promise<AuditChainStatus> {
    return this.review.status(user);
  }

  @Post('verify')
  @HttpCode(200)
  @Permission('authenticated')
  @ApiOperation({ summary: 'Verify every chain now (minutes on a large log) and compare with the newest signed checkpoint' })
  verify(@User() user: CurrentUser): Promise<AuditChainStatus> {
    return this.review.verifyNow(user);
  }

  @Get('actors')
  @Permission('authenticated')
  @ApiOperation({ summary: 'Users whose name or username contains `q`, to search the log by user' })
  @ApiQuery({ name: 'q', required: true })
  actors(@User() user: CurrentUser, @Query('q') q: unknown): Promise<ActorChoice[]> {
    return this.review.actors(user, queryText(q, 'q', 100) ?? '');
  }
}
