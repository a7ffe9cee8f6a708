import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, entryBy } from '@app/audit';
import { AppConfig } from '@app/config';
import { Clock, DomainError, validateCommand } from '@app/core';
import { inTransaction } from '@app/database';
import type { CurrentUser } from '@app/identity';
import { SopRegistry } from '@app/sop-registry';
import { WEBHOOK_EVENT_TYPE_LIST } from './webhook-events';
import { WebhookDeliveriesRepository, WebhookDeliveryStatus } from './webhook-deliveries.repository';
import { WebhookSecrets } from './webhook-secrets';
import { newWebhookSecret } from './webhook-signature';
import { WebhookSubscriptionRow, WebhookSubscriptionsRepository } from './webhook-subscriptions.repository';
import { refusedWebhookUrl } from './webhook-url';

export const WEBHOOK_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'url', 'eventTypes', 'roleId'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 120 },
    url: { type: 'string', minLength: 1, maxLength: 2000 },
    eventTypes: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: WEBHOOK_EVENT_TYPE_LIST } },
    roleId: { type: 'string', minLength: 1, maxLength: 100 },
    active: { type: 'boolean' },
  },
} as const;

export const ROTATE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: { overlapHours: { type: 'number', minimum: 0, maximum: 720 } },
} as const;

interface WebhookCommand {
  name: string;
  url: string;
  eventTypes: string[];
  roleId: string;
  active?: boolean;
}

/** A subscription as administrators see it: never a secret (shown once, at creation and rotation). */
export interface WebhookSubscriptionView {
  id: string;
  name: string;
  url: string;
  eventTypes: string[];
  roleId: string;
  active: boolean;
  /** Until when the previous secret still signs (a rotation in progress), else null. */
  rotationEndsAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Administrators manage webhook subscriptions; every change and every read of the delivery log is audited. */
@Injectable()
export class WebhookSubscriptionsService {
  private readonly production: boolean;

  constructor(
    private readonly ds: DataSource,
    private readonly subscriptions: WebhookSubscriptionsRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly secrets: WebhookSecrets,
    private readonly registry: SopRegistry,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.production = config.NODE_ENV === 'production';
  }

  async list(): Promise<WebhookSubscriptionView[]> {
    const now = this.clock.now();
    return (await this.subscriptions.list()).map((s) => view(s, now));
  }

  /** Creates a subscription; its signing secret is in the answer and nowhere else, ever. */
  async create(actor: CurrentUser, body: unknown): Promise<WebhookSubscriptionView & { secret: string }> {
    const cmd = await this.checked(body);
    const id = randomUUID();
    const secret = newWebhookSecret();
    const now = this.clock.now();
    await inTransaction(this.ds, async (em) => {
      await this.subscriptions.insert(em, { ...cmd, id, active: cmd.active ?? true, secretSealed: this.secrets.seal(id, secret), createdAt: now }, actor.id);
      await this.audit.record(entryBy(actor, { action: 'webhook.created', caseId: null, details: { webhookId: id, ...described(cmd) } }), em);
    });
    return { ...view((await this.subscriptions.find(id))!, now), secret };
  }

  async update(actor: CurrentUser, id: string, body: unknown): Promise<WebhookSubscriptionView> {
    const cmd = await this.checked(body);
    const now = this.clock.now();
    await inTransaction(this.ds, async (em) => {
      const before = await this.found(id, em);
      await this.subscriptions.update(em, before.id, { ...cmd, active: cmd.active ?? before.active }, now);
      await this.audit.record(entryBy(actor, { action: 'webhook.updated', caseId: null, details: { webhookId: before.id, ...described(cmd) } }), em);
    });
    return view((await this.subscriptions.find(id))!, now);
  }

  async remove(actor: CurrentUser, id: string): Promise<void> {
    await inTransaction(this.ds, async (em) => {
      const s = await this.found(id, em);
      await this.subscriptions.remove(em, s.id, this.clock.now());
      await this.audit.record(entryBy(actor, { action: 'webhook.deleted', caseId: null, details: { webhookId: s.id } }), em);
    });
  }

  /**
   * A new secret signs from now on; the previous one signs too for `overlapHours` (default 24), so the
   * receiver can switch without losing a delivery. A rotation during a rotation drops the oldest secret.
   */
  async rotate(actor: CurrentUser, id: string, body: unknown): Promise<WebhookSubscriptionView & { secret: string }> {
    const cmd = validateCommand<{ overlapHours?: number }>(ROTATE_SCHEMA, body ?? {});
    const hours = cmd.overlapHours ?? 24;
    const secret = newWebhookSecret();
    const now = this.clock.now();
    await inTransaction(this.ds, async (em) => {
      const s = await this.found(id, em);
      const until = hours > 0 ? new Date(now.getTime() + hours * 3_600_000) : null;
      await this.subscriptions.rotate(em, s.id, this.secrets.seal(s.id, secret), until ? s.secretSealed : null, until, now);
      await this.audit.record(entryBy(actor, { action: 'webhook.secret_rotated', caseId: null, details: { webhookId: s.id, overlapHours: hours } }), em);
    });
    return { ...view((await this.subscriptions.find(id))!, now), secret };
  }

  /** Ends a rotation now: only the current secret signs. */
  async endRotation(actor: CurrentUser, id: string): Promise<WebhookSubscriptionView> {
    const now = this.clock.now();
    await inTransaction(this.ds, async (em) => {
      const s = await this.found(id, em);
      await this.subscriptions.rotate(em, s.id, s.secretSealed, null, null, now);
      await this.audit.record(entryBy(actor, { action: 'webhook.rotation_ended', caseId: null, details: { webhookId: s.id } }), em);
    });
    return view((await this.subscriptions.find(id))!, now);
  }

  async deliveryLog(actor: CurrentUser, id: string, status: string | undefined, limit: number) {
    if (status !== undefined && !['pending', 'sent', 'failed'].includes(status)) {
      throw new DomainError('validation_failed', 'status must be pending, sent or failed.', { errors: [{ path: 'status', message: 'is invalid' }] });
    }
    const s = await this.found(id);
    const deliveries = await this.deliveries.list(s.id, (status as WebhookDeliveryStatus) ?? null, Math.min(Math.max(limit, 1), 500));
    await this.audit.record(entryBy(actor, { action: 'webhook.deliveries_read', caseId: null, details: { webhookId: s.id, shown: deliveries.length } }));
    return { deliveries };
  }

  /** Replays one delivery (`deliveryId`) or every failed one: same id and body, fresh attempts, at the next tick. */
  async replay(actor: CurrentUser, id: string, deliveryId: string | null): Promise<{ requeued: number }> {
    return inTransaction(this.ds, async (em) => {
      const s = await this.found(id, em);
      const requeued = await this.deliveries.requeue(em, s.id, deliveryId, this.clock.now());
      if (deliveryId && requeued === 0) throw new DomainError('not_found', `No delivery ${deliveryId} of this webhook that can be replayed now.`);
      await this.audit.record(entryBy(actor, { action: 'webhook.replayed', caseId: null, details: { webhookId: s.id, deliveryId, requeued } }), em);
      return { requeued };
    });
  }

  private async found(id: string, em?: Parameters<WebhookSubscriptionsRepository['find']>[1]): Promise<WebhookSubscriptionRow> {
    const s = await this.subscriptions.find(id, em);
    if (!s) throw new DomainError('not_found', `No webhook ${id}.`);
    return s;
  }

  private async checked(body: unknown): Promise<WebhookCommand> {
    const cmd = validateCommand<WebhookCommand>(WEBHOOK_SCHEMA, body);
    const refused = refusedWebhookUrl(cmd.url, this.production);
    if (refused) throw new DomainError('validation_failed', `The webhook URL is refused: ${refused}.`, { errors: [{ path: '/url', message: refused }] });
    const roles = (await this.registry.current()).pack.roles;
    if (!roles.some((r) => r.id === cmd.roleId)) {
      throw new DomainError('validation_failed', `No role ${cmd.roleId} in the current pack.`, {
        errors: [{ path: '/roleId', message: 'is not a role of the pack' }],
      });
    }
    return { ...cmd, name: cmd.name.trim() };
  }
}

function view(s: WebhookSubscriptionRow, now: Date): WebhookSubscriptionView {
  const rotating = s.previousSecretSealed && s.previousSecretUntil && new Date(s.previousSecretUntil) > now;
  return {
    id: s.id,
    name: s.name,
    url: s.url,
    eventTypes: s.eventTypes,
    roleId: s.roleId,
    active: s.active,
    rotationEndsAt: rotating ? new Date(s.previousSecretUntil!).toISOString() : null,
    createdAt: new Date(s.createdAt).toISOString(),
    updatedAt: new Date(s.updatedAt).toISOString(),
  };
}

/** What the audit entry says of a subscription (its URL's origin, not its path, which may carry a token). */
function described(cmd: WebhookCommand) {
  return { name: cmd.name, origin: new URL(cmd.url).origin, eventTypes: cmd.eventTypes, roleId: cmd.roleId, active: cmd.active ?? true };
}
