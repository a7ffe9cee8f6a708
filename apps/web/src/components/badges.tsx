import { dayIn, formatDateTime } from '../i18n';
import { useApp, useT } from '../session';

/** The risk level by its label in the user's language (the API's `riskLabel`); the code only styles it. */
export function RiskBadge({ risk, label }: { risk: string | null; label?: string | null }) {
  const t = useT();
  if (!risk) return null;
  return (
    <span className={`badge risk-${risk}`}>
      {t('case.risk')}: {label ?? risk}
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
      {t(`deadline.${kind}`)}: {label}, {formatDateTime(dueAt, locale, timeZone)}
    </span>
  );
}
