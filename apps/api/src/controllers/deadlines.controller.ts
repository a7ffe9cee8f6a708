import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DeadlineWorklistService } from '@app/case-deadlines';
import { ApprovalsInboxService } from '@app/cases';
import { CurrentUser, Permission } from '@app/identity';
import { queryInt, queryText } from '../http/query-params';
import { Locale, User } from '../http/request-context';

/** A user's deadlines and approvals waiting for them. (The scheduler and outbox administration is AdminNotificationsController.) */
@ApiTags('deadlines')
@ApiBearerAuth()
@Controller('api')
export class DeadlinesController {
  constructor(
    private readonly worklist: DeadlineWorklistService,
    private readonly approvals: ApprovalsInboxService,
  ) {}

  @Get('me/deadlines')
  @Permission('authenticated')
  @ApiOperation({ summary: "What is overdue, due today (in the pack's time zone) and coming up on my cases; scope=team for a supervisor's team" })
  @ApiQuery({ name: 'scope', required: false, enum: ['mine', 'team'] })
  @ApiQuery({ name: 'days', required: false })
  mine(@User() user: CurrentUser, @Locale() locale: string, @Query('scope') scope: unknown, @Query('days') days: unknown) {
    return this.worklist.forUser(user, queryText(scope, 'scope', 10) ?? 'mine', locale, queryInt(days, 'days'));
  }

  @Get('me/approvals')
  @Permission('authenticated')
  @ApiOperation({ summary: 'Transitions others asked for that wait for an approval my roles may give, on cases I may read (oldest first)' })
  approvalsWaiting(@User() user: CurrentUser, @Locale() locale: string) {
    return this.approvals.forUser(user, locale);
  }
}
