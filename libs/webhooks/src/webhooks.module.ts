import { Module } from '@nestjs/common';
import { CasesModule } from '@app/cases';
import { ConfigModule } from '@app/config';
import { SopRegistryModule } from '@app/sop-registry';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookOutbox } from './webhook-outbox';
import { WebhookSecrets } from './webhook-secrets';
import { WebhookSender } from './webhook-sender';
import { WebhookSubscriptionsRepository } from './webhook-subscriptions.repository';
import { WebhookSubscriptionsService } from './webhook-subscriptions.service';

/** Webhooks: subscriptions, the transactional outbox of deliveries (a case event hook) and the sender the worker ticks. */
@Module({
  imports: [ConfigModule, CasesModule, SopRegistryModule],
  providers: [WebhookSubscriptionsRepository, WebhookDeliveriesRepository, WebhookSecrets, WebhookOutbox, WebhookSender, WebhookSubscriptionsService],
  exports: [WebhookSender, WebhookSubscriptionsService],
})
export class WebhooksModule {}
