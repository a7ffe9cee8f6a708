import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CaseIntakeService, TAKE_CASE_SCHEMA } from '@app/cases';
import { CurrentUser, Permission } from '@app/identity';
import { queryInt } from '../http/query-params';
import { Locale, User } from '../http/request-context';

/** Intake queues: new cases waiting for the team covering their location, and taking one. */
@ApiTags('intake')
@ApiBearerAuth()
@Controller('api')
export class IntakeController {
  constructor(private readonly intake: CaseIntakeService) {}

  @Get('intake')
  @Permission('authenticated')
  @ApiOperation({
    summary:
      'Cases waiting in the intake queue of your team (your roles and location), oldest first; only cases the pack lets you read, and the total counts nothing else',
  })
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'pageSize', required: false })
  list(@User() user: CurrentUser, @Locale() locale: string, @Query() q: Record<string, unknown>) {
    return this.intake.list(user, locale, { page: queryInt(q.page, 'page'), pageSize: queryInt(q.pageSize, 'pageSize') });
  }

  @Post('cases/:id/take')
  @HttpCode(200)
  @Permission('authenticated')
  @ApiOperation({ summary: "Take a case from your team's intake queue: it becomes yours and leaves the queue; needs the pack's `take` permission on the case" })
  @ApiBody({ schema: TAKE_CASE_SCHEMA, required: false })
  take(@User() user: CurrentUser, @Param('id') id: string, @Body() body: unknown) {
    return this.intake.take(user, id, body);
  }
}
