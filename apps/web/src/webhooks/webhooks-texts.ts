/**
 * Texts of the webhooks page (webhooks-*.json, falling back to the app's) and the shapes of
 * GET/POST /api/admin/webhooks (docs/webhooks.md).
 */
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

// Typed by hand: the generated API types could not be regenerated when this page was written (see the commit).
export interface Webhook {
  id: string;
  name: string;
  url: string;
  eventTypes: string[];
  roleId: string;
  active: boolean;
  rotationEndsAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookList {
  eventTypes: string[];
  webhooks: Webhook[];
}

export interface WebhookDelivery {
  id: string;
  eventType: string;
  caseId: string | null;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string;
  createdAt: string;
  sentAt: string | null;
  log: Array<{ at: string; statusCode: number | null; error: string | null; durationMs: number }>;
}

/** An event type in words (`case.registered` → "Case registered"), else as the API names it. */
export function eventTypeInWords(t: WebhooksT, type: string): string {
  const key = `webhooks.event.${type}`;
  const text = t(key);
  return text === key ? type : text;
}
