import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@app/core';
import { DeadlineWorklistService } from '@app/cases';
import { CurrentUser, Permission } from '@app/identity';
import { OutboxAdminService } from '@app/notifications';
import { SchedulerService } from '@app/scheduler';
import { queryInt, queryText } from '../http/query-params';
import { Locale, User } from '../http/request-context';

@ApiTags('deadlines')
@ApiBearerAuth()
@Controller('api')
export class DeadlinesController {
  constructor(private readonly worklist: DeadlineWorklistService, private readonly outbox: OutboxAdminService, private readonly scheduler: SchedulerService) {}

  @Get('me/deadlines')
  @Permission('authenticated')
  @ApiOperation({ summary: 'What is overdue, due today (UTC) and coming up on my cases; scope=team for a supervisor\'s team' })
  @ApiQuery({ name: 'scope', required: false, enum: ['mine', 'team'] }) @ApiQuery({ name: 'days', required: false })
  mine(@User() user: CurrentUser, @Locale() locale: string, @Query('scope') scope: unknown, @Query('days') days: unknown) {
    const s = queryText(scope, 'scope', 10) ?? 'mine';
    if (s !== 'mine' && s !== 'team') {
      throw new DomainError('validation_failed', 'scope must be mine or team.', { errors: [{ path: '/scope', message: 'mine or team' }] });
    }
    return this.worklist.forUser(user, s, locale, queryInt(days, 'days') ?? 7);
  }

  @Get('admin/scheduler')
  @Permission('administer')
  @ApiOperation({ summary: 'Scheduler health: alerts waiting and due now, alerts that failed (with the error), outbox counts' })
  schedulerStatus() {
    return this.scheduler.status();
  }

  @Get('admin/outbox')
  @Permission('administer')
  @ApiOperation({ summary: 'Outgoing messages (email, plugin channels) with their delivery state; bodies are never shown' })
  @ApiQuery({ name: 'status', required: false, enum: ['pending', 'sent', 'failed'] }) @ApiQuery({ name: 'limit', required: false })
  outboxList(@Query('status') status: unknown, @Query('limit') limit: unknown) {
    return this.outbox.list(queryText(status, 'status', 20), queryInt(limit, 'limit') ?? 100);
  }

  @Post('admin/outbox/:id/retry')
  @HttpCode(204)
  @Permission('administer')
  @ApiOperation({ summary: 'Send a failed message again (fresh attempts)' })
  async retry(@Param('id') id: string) {
    await this.outbox.retry(id);
  }
}
