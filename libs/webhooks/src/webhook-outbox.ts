import { randomUUID } from 'node:crypto';
import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { CaseAccessService, CaseEventContext, CaseEventHooks, CaseRecordsRepository, CasesRepository, derivedVisibility, toCaseView } from '@app/cases';
import type { CaseEntity } from '@app/database';
import type { CurrentUser } from '@app/identity';
import { SopRegistry } from '@app/sop-registry';
import { webhookTypeOf } from './webhook-events';
import { webhookBody, withoutHiddenCopies } from './webhook-payload';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookSubscriptionRow, WebhookSubscriptionsRepository } from './webhook-subscriptions.repository';

/**
 * Queues one delivery per active subscription in the transaction of the case event (a transactional
 * outbox: the event and its deliveries commit together or not at all). The payload is the case as the
 * subscription's pack role may read it, through the same projection the API serves; a subscription
 * whose role may not read the case gets nothing.
 */
@Injectable()
export class WebhookOutbox implements OnModuleInit, OnModuleDestroy {
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly hooks: CaseEventHooks,
    private readonly subscriptions: WebhookSubscriptionsRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly access: CaseAccessService,
    private readonly records: CaseRecordsRepository,
    private readonly cases: CasesRepository,
    private readonly registry: SopRegistry,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.hooks.on('*', (event) => this.queue(event));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  private async queue(event: CaseEventContext): Promise<void> {
    const type = webhookTypeOf(event.type);
    if (!type) return;
    const subscriptions = await this.subscriptions.activeFor(event.em, type);
    if (!subscriptions.length) return;
    const row = event.row ?? (await this.cases.findById(event.caseId, event.em));
    if (!row) return;
    for (const s of subscriptions) {
      const view = await this.caseAsRoleSees(event, row, s);
      if (!view) continue;
      const id = randomUUID();
      const body = webhookBody(id, type, event.at, view);
      await this.deliveries.enqueue(event.em, { id, subscriptionId: s.id, eventType: type, caseId: row.id, body }, event.at);
    }
  }

  /** The case as the subscription's role reads it over the whole country; null when it may not read the case. */
  private async caseAsRoleSees(event: CaseEventContext, row: CaseEntity, s: WebhookSubscriptionRow) {
    const integration = await this.integrationUser(s, event);
    const access = await this.access.accessTo(integration, row, event.em);
    if (!access.perms.canOnCase('read', 'case', access.facts)) return null;
    const parts = await this.records.viewParts(row.id, row.assignedTo, event.em);
    const linked = parts.links.length
      ? await this.cases.findByIds(
          parts.links.map((l) => l.linkedCaseId),
          event.em,
        )
      : [];
    const readable = linked.length ? await this.access.readableIds(integration, linked, event.em) : new Set<string>();
    const view = toCaseView(access, parts.submissions, {
      links: parts.links.filter((l) => readable.has(l.linkedCaseId)),
      fields: row.fields,
      locale: event.sop.pack.manifest.defaultLocale,
      pendingApproval: parts.pending
        ? { id: parts.pending.id, transitionId: parts.pending.transitionId, requestedBy: parts.pending.requestedBy, requestedAt: parts.pending.requestedAt }
        : null,
    });
    return withoutHiddenCopies(view, derivedVisibility(access, row.caseType));
  }

  /**
   * The integration as a user: the subscription's role at the pack's root location, in no team or
   * agency, so rules scoped to "own", "team" or "agency" cases give it nothing.
   */
  private async integrationUser(s: WebhookSubscriptionRow, event: CaseEventContext): Promise<CurrentUser> {
    const root = event.sop.pack.locations.root.code;
    const path = (await this.registry.locationPath(root)) ?? root;
    return {
      id: s.id,
      username: `webhook:${s.name}`,
      displayName: s.name,
      roles: [s.roleId],
      agencyId: null,
      teamId: null,
      locationCode: root,
      locationPath: path,
      locale: 'en',
    };
  }
}
