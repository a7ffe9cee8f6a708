export { WebhooksModule } from './webhooks.module';
export { WebhookSubscriptionsService, WEBHOOK_SCHEMA, ROTATE_SCHEMA, type WebhookSubscriptionView } from './webhook-subscriptions.service';
export { WebhookSender, DEFAULT_WEBHOOK_SENDING, type WebhookSendOptions, type WebhookSendResult } from './webhook-sender';
export { WEBHOOK_EVENT_TYPES, WEBHOOK_EVENT_TYPE_LIST, webhookTypeOf, type WebhookEventType } from './webhook-events';
export { signPayload, signatureHeader, verifySignature } from './webhook-signature';
export { refusedWebhookUrl } from './webhook-url';
export type { WebhookDeliverySummary, WebhookAttempt, WebhookDeliveryStatus } from './webhook-deliveries.repository';
