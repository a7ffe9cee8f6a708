import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Permission } from '@app/identity';
import { OutboxAdminService } from '@app/notifications';
import { SchedulerService } from '@app/scheduler';
import { queryInt, queryText } from '../http/query-params';
import { User } from '../http/request-context';

/** Administrators: the scheduler's health and the outbox of outgoing messages (listing and retrying are audited). */
@ApiTags('administration')
@ApiBearerAuth()
@Controller('api/admin')
export class AdminNotificationsController {
  constructor(
    private readonly outbox: OutboxAdminService,
    private readonly scheduler: SchedulerService,
  ) {}

  @Get('scheduler')
  @Permission('administer')
  @ApiOperation({ summary: 'Scheduler health: alerts waiting and due now, alerts that failed (with the error), outbox counts' })
  schedulerStatus(@User() user: CurrentUser) {
    return this.scheduler.status(user);
  }

  @Post('scheduler/alerts/:id/retry')
  @HttpCode(204)
  @Permission('administer')
  @ApiOperation({ summary: 'Fire a failed deadline alert again (fresh attempts, at the next tick)' })
  async retryAlert(@User() user: CurrentUser, @Param('id') id: string) {
    await this.scheduler.retryAlert(user, id);
  }

  @Get('outbox')
  @Permission('administer')
  @ApiOperation({ summary: 'Outgoing messages (email, plugin channels) with their delivery state; bodies are never shown' })
  @ApiQuery({ name: 'status', required: false, enum: ['pending', 'sent', 'failed'] })
  @ApiQuery({ name: 'limit', required: false })
  outboxList(@User() user: CurrentUser, @Query('status') status: unknown, @Query('limit') limit: unknown) {
    return this.outbox.list(user, queryText(status, 'status', 20), queryInt(limit, 'limit') ?? 100);
  }

  @Post('outbox/:id/retry')
  @HttpCode(204)
  @Permission('administer')
  @ApiOperation({ summary: 'Send a failed message again (fresh attempts)' })
  async retry(@User() user: CurrentUser, @Param('id') id: string) {
    await this.outbox.retry(user, id);
  }
}
