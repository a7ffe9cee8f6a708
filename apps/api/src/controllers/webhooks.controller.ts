import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Permission } from '@app/identity';
import { WEBHOOK_EVENT_TYPE_LIST, WebhookSubscriptionsService } from '@app/webhooks';
import { queryInt, queryText } from '../http/query-params';
import { User } from '../http/request-context';

/** Administrators: webhook subscriptions, their secrets (shown once), delivery log and replay (docs/webhooks.md). */
@ApiTags('administration')
@ApiBearerAuth()
@Controller('api/admin/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhookSubscriptionsService) {}

  @Get()
  @Permission('administer')
  @ApiOperation({ summary: 'Webhook subscriptions (never their secrets) and the event types one may subscribe to' })
  async list() {
    return { eventTypes: WEBHOOK_EVENT_TYPE_LIST, webhooks: await this.webhooks.list() };
  }

  @Post()
  @HttpCode(201)
  @Permission('administer')
  @ApiOperation({
    summary: 'Subscribe a URL to event types, projected through a pack role; the answer carries the signing secret, shown this once; audited',
    description: 'Body: { name, url (http or https; https in production except to localhost), eventTypes, roleId, active? }. Errors: 400 validation_failed.',
  })
  create(@User() user: CurrentUser, @Body() body: unknown) {
    return this.webhooks.create(user, body);
  }

  @Put(':id')
  @Permission('administer')
  @ApiParam({ name: 'id', description: 'webhook id' })
  @ApiOperation({
    summary: 'Change a subscription (`active: false` pauses it: nothing is queued or sent); audited',
    description: 'Errors: 400 validation_failed; 404 not_found.',
  })
  update(@User() user: CurrentUser, @Param('id') id: string, @Body() body: unknown) {
    return this.webhooks.update(user, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Permission('administer')
  @ApiParam({ name: 'id', description: 'webhook id' })
  @ApiOperation({ summary: 'Delete a subscription (its delivery log is kept; nothing more is sent); audited', description: 'Errors: 404 not_found.' })
  async remove(@User() user: CurrentUser, @Param('id') id: string) {
    await this.webhooks.remove(user, id);
  }

  @Post(':id/rotate')
  @HttpCode(200)
  @Permission('administer')
  @ApiParam({ name: 'id', description: 'webhook id' })
  @ApiOperation({
    summary: 'New signing secret (in the answer, shown this once); the previous one also signs for overlapHours (default 24); audited',
    description: 'Body: { overlapHours? } (0 ends the old secret at once). Errors: 404 not_found.',
  })
  rotate(@User() user: CurrentUser, @Param('id') id: string, @Body() body: unknown) {
    return this.webhooks.rotate(user, id, body);
  }

  @Post(':id/rotation/end')
  @HttpCode(200)
  @Permission('administer')
  @ApiParam({ name: 'id', description: 'webhook id' })
  @ApiOperation({ summary: 'End a rotation now: only the new secret signs; audited', description: 'Errors: 404 not_found.' })
  endRotation(@User() user: CurrentUser, @Param('id') id: string) {
    return this.webhooks.endRotation(user, id);
  }

  @Get(':id/deliveries')
  @Permission('administer')
  @ApiParam({ name: 'id', description: 'webhook id' })
  @ApiQuery({ name: 'status', required: false, enum: ['pending', 'sent', 'failed'] })
  @ApiQuery({ name: 'limit', required: false })
  @ApiOperation({ summary: 'Delivery log: each delivery (never its body) with every attempt (time, status code or error, duration); audited' })
  deliveries(@User() user: CurrentUser, @Param('id') id: string, @Query('status') status: unknown, @Query('limit') limit: unknown) {
    return this.webhooks.deliveryLog(user, id, queryText(status, 'status', 20), queryInt(limit, 'limit') ?? 100);
  }

  @Post(':id/deliveries/:deliveryId/replay')
  @HttpCode(200)
  @Permission('administer')
  @ApiParam({ name: 'id', description: 'webhook id' })
  @ApiParam({ name: 'deliveryId', description: 'delivery id (the payload id)' })
  @ApiOperation({ summary: 'Send one delivery again (same id and body, fresh attempts, at the next tick); audited', description: 'Errors: 404 not_found.' })
  replayOne(@User() user: CurrentUser, @Param('id') id: string, @Param('deliveryId') deliveryId: string) {
    return this.webhooks.replay(user, id, deliveryId);
  }

  @Post(':id/replay-failed')
  @HttpCode(200)
  @Permission('administer')
  @ApiParam({ name: 'id', description: 'webhook id' })
  @ApiOperation({ summary: 'Send every failed delivery of the subscription again (fresh attempts); audited', description: 'Errors: 404 not_found.' })
  replayFailed(@User() user: CurrentUser, @Param('id') id: string) {
    return this.webhooks.replay(user, id, null);
  }
}
