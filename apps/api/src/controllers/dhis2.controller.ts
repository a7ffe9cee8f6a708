import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { validateCommand } from '@app/core';
import { Dhis2Export } from '@app/dhis2-export';
import { CurrentUser, Permission } from '@app/identity';
import { queryText } from '../http/query-params';
import { Locale, User } from '../http/request-context';

const PUSH_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['period'],
  properties: { period: { type: 'string', minLength: 1, maxLength: 10 } },
};

/**
 * Aggregate reporting to DHIS2 (docs/dhis2.md). Thin: Dhis2Export computes the values with the
 * reports' own code, small cells suppressed and left out, and keeps the delivery log. Reading
 * (mapping, preview, log) is for administrators and whoever the pack lets read reports; sending is
 * an administrator's.
 */
@ApiTags('dhis2')
@ApiBearerAuth()
@Controller('api/dhis2')
export class Dhis2Controller {
  constructor(private readonly dhis2: Dhis2Export) {}

  @Get('status')
  @Permission('authenticated')
  @ApiOperation({
    summary: "The pack's DHIS2 mapping: data set, period type, org units and category option combos mapped or not, whether a server is configured",
    description: 'Errors: 403 dhis2_not_permitted (neither administrator nor allowed to read reports).',
  })
  status(@User() user: CurrentUser, @Locale() locale: string) {
    return this.dhis2.status(user, locale);
  }

  @Get('preview')
  @Permission('authenticated')
  @ApiOperation({
    summary:
      'Dry run: the dataValueSets payload a push of the period would send, and every cell with pack labels and whether it is sent, suppressed or unmapped; nothing is sent (audited dhis2.preview)',
    description: 'Errors: 400 dhis2_bad_period; 403 dhis2_not_permitted; 404 dhis2_not_configured (no dhis2.json).',
  })
  @ApiQuery({ name: 'period', required: true, description: 'A DHIS2 period of the pack type: 202612 (monthly), 2026Q4 (quarterly), 2026W49 (weekly)' })
  preview(@User() user: CurrentUser, @Locale() locale: string, @Query('period') period: unknown) {
    return this.dhis2.preview(user, locale, queryText(period, 'period', 10) ?? '');
  }

  @Post('pushes')
  @HttpCode(200)
  @Permission('administer')
  @ApiOperation({
    summary:
      "Send a period's values to DHIS2 now (POST <DHIS2_URL>/api/dataValueSets); DHIS2's import summary is recorded in the delivery log and returned (audited dhis2.pushed)",
    description:
      'Sending a period again overwrites the same data element, period, org unit and category option combo in DHIS2. Network errors and 5xx answers are retried with back-off. ' +
      'A refused push (401, conflicts) is answered 200 with status "failed" and its reason. Errors: 400 dhis2_bad_period; 404 dhis2_not_configured; 409 dhis2_server_not_configured.',
  })
  @ApiBody({ schema: PUSH_SCHEMA })
  push(@User() admin: CurrentUser, @Locale() locale: string, @Body() body: unknown) {
    const cmd = validateCommand<{ period: string }>(PUSH_SCHEMA, body);
    return this.dhis2.push(admin, locale, cmd.period);
  }

  @Get('pushes')
  @Permission('authenticated')
  @ApiOperation({ summary: 'The delivery log: the latest pushes to DHIS2, by hand or by the schedule, with counts, status and conflicts' })
  log(@User() user: CurrentUser) {
    return this.dhis2.log(user);
  }
}
