import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ReadReplica } from '@app/database';
import { CurrentUser, Permission } from '@app/identity';
import { DashboardsService, IndicatorsService } from '@app/reporting';
import { queryText } from '../http/query-params';
import { Locale, User } from '../http/request-context';

/** `by=sex,ageBand`: dimension ids, comma-separated. */
function dimensionList(v: unknown): string[] {
  const s = queryText(v, 'by', 300);
  return s
    ? s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : [];
}

const periodAndPlace = (q: Record<string, unknown>) => ({
  from: queryText(q.from, 'from', 10),
  to: queryText(q.to, 'to', 10),
  location: queryText(q.location, 'location', 100),
});

/**
 * Aggregates for decision makers. Every figure is computed over the cases the pack's `report`
 * rules give the user (within what they may read); small cells are hidden from anyone who could
 * not already read the children's names. No child's identity is ever returned here.
 */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/reports')
export class ReportsController {
  constructor(
    private readonly indicators: IndicatorsService,
    private readonly dashboards: DashboardsService,
    private readonly reads: ReadReplica,
  ) {}

  @Get('indicators')
  @Permission('authenticated')
  @ApiOperation({ summary: 'Indicators of the SOP: declared counts and ratios, and SOP compliance per deadline (deadline.<id>)' })
  listIndicators(@User() user: CurrentUser, @Locale() locale: string) {
    return this.indicators.list(user, locale);
  }

  @Get('indicators/:id')
  @Permission('authenticated')
  @ApiOperation({
    summary: 'One indicator as a table in my report scope, split by up to two dimensions; small cells suppressed',
    description: '`source` says where the figures were read: `{ replica: true, lagSeconds }` from the read replica, `{ replica: false }` from the primary.',
  })
  @ApiQuery({ name: 'by', required: false, description: 'e.g. sex,ageBand or location:district or period:month' })
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'to', required: false })
  @ApiQuery({ name: 'location', required: false })
  indicator(@User() user: CurrentUser, @Locale() locale: string, @Param('id') id: string, @Query() q: Record<string, unknown>) {
    return this.reads.serve(() => this.indicators.table(user, locale, id, { by: dimensionList(q.by), ...periodAndPlace(q) }));
  }

  @Get('dashboards')
  @Permission('authenticated')
  @ApiOperation({ summary: 'Dashboards the pack gives my roles' })
  listDashboards(@User() user: CurrentUser, @Locale() locale: string) {
    return this.dashboards.list(user, locale);
  }

  @Get('dashboards/:id')
  @Permission('authenticated')
  @ApiOperation({
    summary: "A dashboard: each widget an indicator table in my report scope (default period: the dashboard's last N months)",
    description: '`source` says where the figures were read: `{ replica: true, lagSeconds }` from the read replica, `{ replica: false }` from the primary.',
  })
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'to', required: false })
  @ApiQuery({ name: 'location', required: false })
  dashboard(@User() user: CurrentUser, @Locale() locale: string, @Param('id') id: string, @Query() q: Record<string, unknown>) {
    return this.dashboards.view(user, locale, id, periodAndPlace(q));
  }
}
