/**
 * What one timeline event says, in the user's language (no DOM: unit-tested). Core event types
 * have a text in every web locale (`event.<type>`); a deadline event names its deadline (label in
 * the pack's language from the API, which occurrence, when due on the pack's clock); a plugin's or
 * a plugin's event by the label it declares, which the API gives in the reader's language (`label`);
 * another module's event (`plugin.match_approved`) without one reads as its name in words
 * ("Match approved").
 */
import { formatDateTime } from './dates';

export interface TimelineEventData {
  type: string;
  label?: string | null;
  data?: Record<string, unknown> | null;
}

type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** `match_approved` → "Match approved". */
export function humanise(name: string): string {
  const words = name.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The event type in words: the app's text, else (another module's event) the name after the dot. */
export function eventTypeText(t: Translate, type: string): string {
  const key = `event.${type}`;
  const text = t(key);
  return text === key ? humanise(type.slice(type.lastIndexOf('.') + 1)) : text;
}

/**
 * "Tracing review (occurrence 2): kept on time, due 9 Mar 2027, 09:00" where the API named the deadline;
 * with the comment of a step change or an approval where the API gives it (to readers of the child's identity).
 */
export function eventText(t: Translate, e: TimelineEventData, locale: string, timeZone?: string): string {
  const text = eventName(t, e, locale, timeZone);
  const comment = typeof e.data?.comment === 'string' ? e.data.comment.trim() : '';
  return comment ? t('event.withComment', { event: text, comment }) : text;
}

function eventName(t: Translate, e: TimelineEventData, locale: string, timeZone?: string): string {
  if (e.label) return e.label;
  const d = e.data ?? {};
  // A step change or an approval: what was done and where the case went, by the labels the API gives.
  if (typeof d.transitionLabel === 'string') {
    if (e.type === 'transition_performed' && typeof d.toLabel === 'string') return t('event.transitionTo', { transition: d.transitionLabel, step: d.toLabel });
    return t('event.about', { event: eventTypeText(t, e.type), what: d.transitionLabel });
  }
  const outcomeKey = `deadline.outcome.${e.type}`;
  if (!e.type.startsWith('deadline_') || typeof d.label !== 'string' || t(outcomeKey) === outcomeKey) return eventTypeText(t, e.type);
  const occurrence = typeof d.occurrence === 'number' && d.occurrence > 1 ? d.occurrence : null;
  const name = occurrence ? t('deadline.occurrence', { label: d.label, n: occurrence }) : d.label;
  const due = typeof d.dueAt === 'string' ? formatDateTime(d.dueAt, locale, timeZone) : '';
  return t(due ? 'deadline.lineDue' : 'deadline.line', { name, outcome: t(outcomeKey), due });
}
