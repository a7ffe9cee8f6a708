import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { validateCommand } from '@app/core';
import { CurrentUser, Permission } from '@app/identity';
import { OfflineSyncService, QueuedChange } from '@app/offline-sync';
import { Locale, User } from '../http/request-context';

/** Most changes one request takes: a device with more sends them in several, in order. */
const MAX_CHANGES = 200;
const KEY = { type: 'string', format: 'uuid' };
const ANSWERS = { type: 'object' };
const REGISTER_CHANGE = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'kind', 'tempId', 'caseType', 'answers'],
  properties: {
    key: KEY,
    kind: { type: 'string', enum: ['register'] },
    madeAt: { type: 'string', format: 'date-time' },
    tempId: { type: 'string', minLength: 1, maxLength: 100 },
    caseType: { type: 'string', minLength: 1, maxLength: 100 },
    answers: ANSWERS,
  },
};
const FILL_CHANGE = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'kind', 'case', 'formId', 'status', 'base', 'answers'],
  properties: {
    key: KEY,
    kind: { type: 'string', enum: ['fill'] },
    madeAt: { type: 'string', format: 'date-time' },
    case: { type: 'string', minLength: 1, maxLength: 100 },
    formId: { type: 'string', minLength: 1, maxLength: 100 },
    status: { type: 'string', enum: ['draft', 'complete'] },
    base: ANSWERS,
    answers: ANSWERS,
  },
};
const TRANSITION_CHANGE = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'kind', 'case', 'transitionId', 'fromStep'],
  properties: {
    key: KEY,
    kind: { type: 'string', enum: ['transition'] },
    madeAt: { type: 'string', format: 'date-time' },
    case: { type: 'string', minLength: 1, maxLength: 100 },
    transitionId: { type: 'string', minLength: 1, maxLength: 100 },
    fromStep: { type: 'string', minLength: 1, maxLength: 100 },
    comment: { type: 'string', maxLength: 2000 },
  },
};
const CHANGE_SCHEMA = { oneOf: [REGISTER_CHANGE, FILL_CHANGE, TRANSITION_CHANGE] };
const SYNC_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['changes'],
  properties: { changes: { type: 'array', maxItems: MAX_CHANGES, items: CHANGE_SCHEMA } },
};

@ApiTags('sync')
@ApiBearerAuth()
@Controller('api/sync')
export class OfflineSyncController {
  constructor(private readonly sync: OfflineSyncService) {}

  @Post()
  @HttpCode(200)
  @Permission('authenticated')
  @ApiOperation({
    summary:
      'Changes made offline, applied in order as the same requests online would be; each once by its key. Each outcome: applied (with the real case id and number of an offline registration), or held with its reason (a conflict shows both values)',
  })
  @ApiBody({ schema: SYNC_SCHEMA })
  async apply(@User() user: CurrentUser, @Locale() locale: string, @Body() body: unknown) {
    const { changes } = validateCommand<{ changes: QueuedChange[] }>(SYNC_SCHEMA, body);
    return { outcomes: await this.sync.sync(user, changes, locale) };
  }

  @Get('held')
  @Permission('authenticated')
  @ApiOperation({ summary: 'Your offline changes that were not applied, with the reason, waiting for you to resend or discard them' })
  async held(@User() user: CurrentUser) {
    return { held: await this.sync.held(user) };
  }

  @Post('held/:key/discard')
  @HttpCode(200)
  @Permission('authenticated')
  @ApiOperation({ summary: 'Give up one of your held offline changes (kept, marked discarded, audited)' })
  async discard(@User() user: CurrentUser, @Param('key') key: string) {
    await this.sync.discard(user, key);
    return { discarded: key };
  }
}
