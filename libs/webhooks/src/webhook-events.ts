/**
 * The event types a webhook may subscribe to, each from the case timeline events the platform
 * already records (docs/webhooks.md). A registry, not a switch: adding a type is one line.
 */
export const WEBHOOK_EVENT_TYPES = {
  'case.registered': ['case_registered'],
  'case.form_saved': ['form_submitted', 'form_updated'],
  'case.transitioned': ['transition_performed'],
  'case.assigned': ['case_assigned'],
  'referral.sent': ['referral_sent'],
  'referral.accepted': ['referral_accepted'],
  'referral.declined': ['referral_declined'],
  'deadline.missed': ['deadline_overdue'],
} as const satisfies Record<string, readonly string[]>;

export type WebhookEventType = keyof typeof WEBHOOK_EVENT_TYPES;

export const WEBHOOK_EVENT_TYPE_LIST = Object.keys(WEBHOOK_EVENT_TYPES) as WebhookEventType[];

const byTimelineEvent = new Map<string, WebhookEventType>(
  WEBHOOK_EVENT_TYPE_LIST.flatMap((type) => WEBHOOK_EVENT_TYPES[type].map((e): [string, WebhookEventType] => [e, type])),
);

/** The webhook type a timeline event is published as, or null when no webhook carries it. */
export function webhookTypeOf(timelineEvent: string): WebhookEventType | null {
  return byTimelineEvent.get(timelineEvent) ?? null;
}
