import { formatDateTime } from '../i18n';
import { useApp, useT } from '../session';

export function RiskBadge({ risk }: { risk: string | null }) {
  const t = useT();
  if (!risk) return null;
  return <span className={`badge risk-${risk}`}>{t('case.risk')}: {risk}</span>;
}

/** A deadline as a badge: overdue (red), due today (amber) or upcoming, with its time. */
export function DeadlineBadge({ label, dueAt, overdue }: { label: string; dueAt: string; overdue: boolean }) {
  const t = useT();
  const { locale } = useApp();
  const today = new Date(dueAt).toDateString() === new Date().toDateString();
  const kind = overdue ? 'overdue' : today ? 'today' : 'upcoming';
  return (
    <span className={`badge deadline-${kind}`}>
      {t(`deadline.${kind}`)}: {label}, {formatDateTime(dueAt, locale)}
    </span>
  );
}
