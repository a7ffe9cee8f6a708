import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CaseMigrationService, MigrationOutlines } from '@app/case-migration';
import { CurrentUser, Permission } from '@app/identity';
import { queryInt, queryOneOf } from '../http/query-params';
import { Locale, User } from '../http/request-context';

const MAX_PAGE = 500;

function page(q: Record<string, unknown>) {
  return { offset: queryInt(q.offset, 'offset') ?? 0, limit: Math.min(queryInt(q.limit, 'limit') ?? 50, MAX_PAGE) };
}

/**
 * Administrators: moving open cases to a later SOP version by a migration plan (docs/case-migration.md).
 * A run goes on in the background after its start is answered; its progress is read with GET.
 */
@ApiTags('sop')
@ApiBearerAuth()
@Controller('api/sop/migrations')
export class SopMigrationsController {
  constructor(
    private readonly migrations: CaseMigrationService,
    private readonly outlines: MigrationOutlines,
  ) {}

  @Get('outline/:from/:to')
  @Permission('administer')
  @ApiOperation({
    summary:
      'What a plan between two published versions (version numbers) works with: the steps and forms (JSON Schema) of both, labelled in the locale; the open and closed cases on the from-version; the latest runs between them',
  })
  outline(@Param('from', ParseIntPipe) from: number, @Param('to', ParseIntPipe) to: number, @Locale() locale: string) {
    return this.outlines.outline(from, to, locale);
  }

  @Post('dry-run')
  @HttpCode(200)
  @Permission('administer')
  @ApiOperation({
    summary:
      'What a migration plan (body) would do to every case on its from-version, nothing written: counts (will move, cannot move by reason) and a page of cases (offset, limit ≤ 500) with their new step, renamed answers, defaults, tasks and deadlines before → after, or why they cannot move',
  })
  dryRun(@Body() body: unknown, @Query() q: Record<string, unknown>) {
    return this.migrations.dryRun(body, page(q));
  }

  @Post()
  @HttpCode(202)
  @Permission('administer')
  @ApiOperation({
    summary:
      'Start moving the cases by a migration plan (body), in batches in the background; an unfinished run between the same versions with the same plan is continued instead (created: false)',
  })
  async start(@User() user: CurrentUser, @Body() body: unknown) {
    const { run, created } = await this.migrations.start(user, body);
    this.migrations.continueInBackground(user, run.id);
    return { id: run.id, status: run.status, created };
  }

  @Post(':id/resume')
  @HttpCode(202)
  @Permission('administer')
  @ApiOperation({ summary: 'Continue an interrupted run where it stopped (a finished run stays finished; no case moves twice)' })
  async resume(@User() user: CurrentUser, @Param('id') id: string) {
    const run = await this.migrations.get(id);
    this.migrations.continueInBackground(user, run.id);
    return { id: run.id, status: run.status };
  }

  @Get(':id')
  @Permission('administer')
  @ApiOperation({
    summary: 'A run: status, plan, counts (moved, cannot move by reason) and a page of its cases with one outcome (outcome=cannot_move by default, or moved)',
  })
  status(@Param('id') id: string, @Query() q: Record<string, unknown>) {
    const outcome = queryOneOf(q.outcome, 'outcome', ['moved', 'cannot_move'] as const) ?? 'cannot_move';
    return this.migrations.status(id, { outcome, ...page(q) });
  }
}
