import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { validateCommand } from '@app/core';
import { CurrentUser, Permission } from '@app/identity';
import {
  DeviceRegistration,
  HandoverReceipt,
  HeldChange,
  HeldChangesService,
  HeldResolution,
  OfflinePolicy,
  OfflineSyncService,
  QueuedChange,
  SyncDevicesService,
  SyncOutcome,
  TeamHeldChange,
} from '@app/offline-sync';
import { queryOneOf } from '../http/query-params';
import { Locale, User } from '../http/request-context';
import { withLocalizedReasons } from '../http/held-reasons';

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
const ENTRY_CHANGE = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'kind', 'case', 'formId', 'answers'],
  properties: {
    key: KEY,
    kind: { type: 'string', enum: ['entry'] },
    madeAt: { type: 'string', format: 'date-time' },
    case: { type: 'string', minLength: 1, maxLength: 100 },
    formId: { type: 'string', minLength: 1, maxLength: 100 },
    answers: ANSWERS,
  },
};
const CHANGE_SCHEMA = { oneOf: [REGISTER_CHANGE, FILL_CHANGE, TRANSITION_CHANGE, ENTRY_CHANGE] };
const SYNC_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['changes'],
  properties: { changes: { type: 'array', maxItems: MAX_CHANGES, items: CHANGE_SCHEMA } },
};

const RESOLVE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['answers', 'base'],
  properties: {
    answers: { ...ANSWERS, description: "Per field the value chosen (yours or the server's), with the other fields of the held change" },
    base: { ...ANSWERS, description: 'The server values you saw when choosing' },
  },
};
const DISCARD_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: { userId: { type: 'string', format: 'uuid', description: "A supervisor discarding a team member's held change: its user" } },
};
const HELD_SCOPES = ['own', 'team'] as const;

@ApiTags('sync')
@ApiBearerAuth()
@Controller('api/sync')
export class OfflineSyncController {
  constructor(
    private readonly sync: OfflineSyncService,
    private readonly heldChanges: HeldChangesService,
    private readonly devices: SyncDevicesService,
  ) {}

  @Post()
  @HttpCode(200)
  @Permission('authenticated')
  @ApiOperation({
    summary:
      'Changes made offline, applied in order as the same requests online would be; each once by its key. Each outcome: applied (with the real case id and number of an offline registration), or held with its reason (a conflict shows both values)',
  })
  @ApiBody({ schema: SYNC_SCHEMA })
  async apply(@User() user: CurrentUser, @Locale() locale: string, @Body() body: unknown): Promise<{ outcomes: SyncOutcome[] }> {
    const { changes } = validateCommand<{ changes: QueuedChange[] }>(SYNC_SCHEMA, body);
    return { outcomes: withLocalizedReasons(await this.sync.sync(user, changes, locale), locale) };
  }

  @Get('policy')
  @Permission('authenticated')
  @ApiOperation({
    summary: "How long this pack lets a device work offline (maxDays) and after how many idle minutes it locks (the pack's security.json offline)",
  })
  policy(): Promise<OfflinePolicy> {
    return this.sync.policy();
  }

  @Post('devices')
  @HttpCode(201)
  @Permission('authenticated')
  @ApiOperation({
    summary:
      'Set up this device for offline work: its id and secret, shown this once (only a hash is kept). The secret may only hand over the queue once the session is gone (POST /api/sync/handover)',
  })
  registerDevice(@User() user: CurrentUser): Promise<DeviceRegistration> {
    return this.devices.register(user);
  }

  @Delete('devices/:deviceId')
  @HttpCode(200)
  @Permission('authenticated')
  @ApiOperation({
    summary: 'Revoke one of your devices (its offline store wiped, or the phone lost): its secret hands over nothing more (audited)',
    description: 'Errors: 404 sync_device_not_found (not yours, or already revoked).',
  })
  async revokeDevice(@User() user: CurrentUser, @Param('deviceId') deviceId: string): Promise<{ revoked: string }> {
    await this.devices.revoke(user, deviceId);
    return { revoked: deviceId };
  }

  @Post('handover')
  @HttpCode(200)
  @Permission('public')
  @ApiHeader({ name: 'Authorization', required: true, description: 'Device <deviceId>:<secret> (from POST /api/sync/devices); no session' })
  @ApiOperation({
    summary:
      'A device whose session has ended (its user deactivated or signed out) hands over its queue: every change is held for review (sync_handed_over), none applied, each once by its key',
    description: 'Errors: 400 validation_failed; 401 sync_device_unauthorized (unknown or revoked device, or a wrong secret: the same answer).',
  })
  @ApiBody({ schema: SYNC_SCHEMA })
  async handover(@Headers('authorization') authorization: string | undefined, @Body() body: unknown): Promise<HandoverReceipt> {
    const { changes } = validateCommand<{ changes: QueuedChange[] }>(SYNC_SCHEMA, body);
    return this.devices.handover(authorization, changes);
  }

  @Get('held')
  @Permission('authenticated')
  @ApiQuery({
    name: 'scope',
    required: false,
    enum: HELD_SCOPES,
    description: "own (default): yours, with the change; team: your team's, answers named by field only",
  })
  @ApiOperation({
    summary:
      "Offline changes not applied, oldest made first, with the reason: yours (to resolve, retry or discard), or with scope=team those of the team you supervise (deactivated members' too), with each one's user and the case number where you may read the case",
    description: 'Errors: 400 validation_failed; 403 sync_team_review_not_permitted (scope=team, not a supervisor of a team).',
  })
  async held(
    @User() user: CurrentUser,
    @Locale() locale: string,
    @Query('scope') scope: unknown,
  ): Promise<{ held: HeldChange[] } | { held: TeamHeldChange[] }> {
    if (queryOneOf(scope, 'scope', HELD_SCOPES) === 'team') return { held: withLocalizedReasons(await this.heldChanges.team(user), locale) };
    return { held: withLocalizedReasons(await this.heldChanges.own(user), locale) };
  }

  @Post('held/:key/discard')
  @HttpCode(200)
  @Permission('authenticated')
  @ApiOperation({
    summary: "Give up a held offline change: yours, or with userId a member's of the team you supervise (kept, marked discarded, audited with who)",
    description: "Errors: 400 validation_failed; 404 sync_held_change_not_found (not held, or not yours nor your team member's).",
  })
  @ApiBody({ schema: DISCARD_SCHEMA, required: false })
  async discard(@User() user: CurrentUser, @Param('key') key: string, @Body() body: unknown): Promise<{ discarded: string }> {
    const { userId } = validateCommand<{ userId?: string }>(DISCARD_SCHEMA, body ?? {});
    await this.heldChanges.discard(user, key, userId);
    return { discarded: key };
  }

  @Post('held/:key/resolve')
  @HttpCode(200)
  @Permission('authenticated')
  @ApiOperation({
    summary:
      'Resolve your held conflict with the values you chose: applied as a fill of the same form, merged per field as a sync is; the held change is then resolved',
    description:
      'Errors: 400 validation_failed; 404 sync_held_change_not_found; 409 sync_held_not_a_conflict, sync_conflict (changed on the server again: fresh details, nothing saved), stale_version; 422 and 403 as a form fill.',
  })
  @ApiBody({ schema: RESOLVE_SCHEMA })
  resolve(@User() user: CurrentUser, @Locale() locale: string, @Param('key') key: string, @Body() body: unknown): Promise<SyncOutcome> {
    return this.heldChanges.resolve(user, key, validateCommand<HeldResolution>(RESOLVE_SCHEMA, body), locale).then((o) => withLocalizedReasons([o], locale)[0]);
  }

  @Post('held/:key/retry')
  @HttpCode(200)
  @Permission('authenticated')
  @ApiOperation({
    summary: 'Apply your held change again now, as a sync would: applied, or held again with the new reason',
    description: 'Errors: 404 sync_held_change_not_found.',
  })
  retry(@User() user: CurrentUser, @Locale() locale: string, @Param('key') key: string): Promise<SyncOutcome> {
    return this.heldChanges.retry(user, key, locale).then((o) => withLocalizedReasons([o], locale)[0]);
  }
}
