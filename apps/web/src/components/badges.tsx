import { dayIn, formatDateTime } from '../i18n';
import { useApp, useT } from '../session';

/**
 * A value (a date, a number, a label from the pack) inside a sentence of another direction, kept in
 * its own order: in Arabic a Latin date or label would otherwise mix with the words around it. For
 * text built by t(); in JSX, <bdi> does the same.
 */
export function isolate(value: string): string {
  return value ? `\u2068${value}\u2069` : value;
}

/** The risk level by its label in the user's language (the API's `riskLabel`); the code only styles it. */
export function RiskBadge({ risk, label }: { risk: string | null; label?: string | null }) {
  const t = useT();
  if (!risk) return null;
  return (
    <span className={`badge risk-${risk}`}>
      {t('case.risk')}: <bdi>{label ?? risk}</bdi>
    </span>
  );
}

/** A deadline as a badge: overdue (red), due today (amber) or upcoming, with its time; "today" is the pack's day. */
export function DeadlineBadge({ label, dueAt, overdue }: { label: string; dueAt: string; overdue: boolean }) {
  const t = useT();
  const { locale, timeZone } = useApp();
  const today = dayIn(dueAt, timeZone) === dayIn(new Date(), timeZone);
  const kind = overdue ? 'overdue' : today ? 'today' : 'upcoming';
  return (
    <span className={`badge deadline-${kind}`}>
      {t(`deadline.${kind}`)}: <bdi>{label}</bdi>, <bdi>{formatDateTime(dueAt, locale, timeZone)}</bdi>
    </span>
  );
}
