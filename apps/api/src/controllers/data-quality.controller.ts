import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DATA_QUALITY_MAX_ITEMS, DataQualityReportService } from '@app/data-quality';
import { CurrentUser, Permission } from '@app/identity';
import { queryInt, queryText } from '../http/query-params';
import { Locale, User } from '../http/request-context';

/** The data-quality report: records failing the pack's checks, for the people who may fix them. */
@ApiTags('data quality')
@ApiBearerAuth()
@Controller('api/data-quality')
export class DataQualityController {
  constructor(private readonly report: DataQualityReportService) {}

  @Get()
  @Permission('authenticated')
  @ApiOperation({
    summary:
      "Cases failing the SOP's data-quality checks (data-quality.json) that you may read and whose field you may fill; " +
      'counts per check, case numbers only (never names)',
  })
  @ApiQuery({ name: 'check', required: false, description: 'Only this check id' })
  @ApiQuery({
    name: 'limit',
    required: false,
    description: `Failing records listed, 1-${DATA_QUALITY_MAX_ITEMS} (default ${DATA_QUALITY_MAX_ITEMS}); the counts include all`,
  })
  list(@User() user: CurrentUser, @Locale() locale: string, @Query('check') check: unknown, @Query('limit') limit: unknown) {
    return this.report.report(user, { check: queryText(check, 'check', 100), limit: queryInt(limit, 'limit') }, locale);
  }
}
