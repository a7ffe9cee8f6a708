import type { IntakeQueueItem } from '../api-types';
import { formatDateTime } from '../i18n';
import { Link } from '../router';
import { useApp, useT } from '../session';
import { useApi } from '../use-api';
import { Loading, Problem } from './problem';

export type IntakeItem = IntakeQueueItem;

/**
 * Cases waiting in the intake queue of the user's team (GET /api/intake), oldest first: case number,
 * type and place by their labels, waiting since when (the pack's clock). Shown only to users whose
 * roles are on a queue (`/api/auth/me` capabilities.intakeQueue); the API decides what is in it.
 */
export function IntakeQueue({ limit, page = false }: { limit: number; page?: boolean }) {
  const t = useT();
  const { locale, timeZone } = useApp();
  const queue = useApi<{ items: IntakeItem[]; total: number }>(`/api/intake?pageSize=${limit}`);
  const Heading = page ? 'h1' : 'h2';
  const more = queue.data && queue.data.total > queue.data.items.length;
  return (
    <section aria-labelledby="intake-title" className="card" id="intake">
      <Heading id="intake-title">
        {t('intake.title')} {queue.data && <span className="count">{queue.data.total}</span>}
      </Heading>
      {queue.loading ? (
        <Loading />
      ) : queue.error ? (
        <Problem error={queue.error} />
      ) : queue.data!.items.length === 0 ? (
        <p>{t('intake.empty')}</p>
      ) : (
        <>
          <ul className="rows">
            {queue.data!.items.map((c) => (
              <li key={c.id}>
                <Link href={`/cases/${c.id}`}>
                  <strong>
                    <bdi>{c.caseNumber}</bdi>
                  </strong>
                  {c.displayName && (
                    <>
                      {' '}
                      <bdi>{c.displayName}</bdi>
                    </>
                  )}
                </Link>
                <span className="meta">
                  {c.caseTypeLabel} · {c.locationLabel}
                </span>
                <span className="meta">{t('intake.waitingSince', { at: formatDateTime(c.queuedAt, locale, timeZone) })}</span>
              </li>
            ))}
          </ul>
          {more &&
            (page ? (
              <p className="meta">{t('intake.shown', { shown: queue.data!.items.length, total: queue.data!.total })}</p>
            ) : (
              <Link href="/intake">{t('intake.all', { total: queue.data!.total })}</Link>
            ))}
        </>
      )}
    </section>
  );
}
