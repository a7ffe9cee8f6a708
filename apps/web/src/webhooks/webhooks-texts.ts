/**
 * Texts of the webhooks page (webhooks-*.json, falling back to the app's) and the shapes of
 * GET/POST /api/admin/webhooks (docs/webhooks.md).
 */
import type { ApiResponse, ApiSchemas } from '../api-types';
import { Messages, translate } from '../i18n';
import ar from '../locales/webhooks-ar.json';
import en from '../locales/webhooks-en.json';
import fr from '../locales/webhooks-fr.json';
import ro from '../locales/webhooks-ro.json';
import { useApp } from '../session';

const MESSAGES: Record<string, Messages> = { en, fr, ar, ro };

export type WebhooksT = (key: string, vars?: Record<string, string | number>) => string;

export function webhooksTranslate(locale: string, key: string, vars: Record<string, string | number> = {}): string {
  return translate(locale, key, vars, MESSAGES);
}

export function useWebhooksT(): WebhooksT {
  const { locale } = useApp();
  return (key, vars) => translate(locale, key, vars, MESSAGES);
}

/** GET /api/admin/webhooks, one subscription, a created or rotated one (with its secret, shown once), one delivery of the log. */
export type WebhookList = ApiResponse<'WebhooksController_list'>;
export type Webhook = ApiSchemas['WebhookSubscriptionView'];
export type WebhookWithSecret = ApiResponse<'WebhooksController_create'>;
export type WebhookDelivery = ApiSchemas['WebhookDeliverySummary'];

/** An event type in words (`case.registered` → "Case registered"), else as the API names it. */
export function eventTypeInWords(t: WebhooksT, type: string): string {
  const key = `webhooks.event.${type}`;
  const text = t(key);
  return text === key ? type : text;
}
