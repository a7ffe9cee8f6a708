import { useState } from 'react';
import { api } from '../api';
import type { ApiResponse } from '../api-types';
import { Loading, Problem } from '../components/problem';
import { formatDateTime } from '../i18n';
import { useApp } from '../session';
import '../stacked-table.css';
import { useApi } from '../use-api';
import { eventTypeInWords, useWebhooksT, type Webhook, type WebhookDelivery } from './webhooks-texts';

/** One subscription's delivery log: each delivery with its attempts; replay one, or every failed one. */
export function WebhookDeliveries({ webhook }: { webhook: Webhook }) {
  const t = useWebhooksT();
  const { locale, timeZone } = useApp();
  const log = useApi<{ deliveries: WebhookDelivery[] }>(`/api/admin/webhooks/${encodeURIComponent(webhook.id)}/deliveries`);
  // The count, not the sentence: it is said in the language of the moment.
  const [requeued, setRequeued] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);

  const replay = async (deliveryId: string | null) => {
    setError(null);
    setRequeued(null);
    try {
      const path = deliveryId
        ? `/api/admin/webhooks/${encodeURIComponent(webhook.id)}/deliveries/${encodeURIComponent(deliveryId)}/replay`
        : `/api/admin/webhooks/${encodeURIComponent(webhook.id)}/replay-failed`;
      const res = await api<ApiResponse<'WebhooksController_replayFailed'>>('POST', path);
      setRequeued(res.requeued);
      log.reload();
    } catch (e) {
      setError(e);
    }
  };

  if (log.error) return <Problem error={log.error} />;
  if (!log.data) return <Loading />;
  const deliveries = log.data.deliveries;
  const failed = deliveries.filter((d) => d.status === 'failed').length;
  const when = (iso: string) => formatDateTime(iso, locale, timeZone);
  const attempt = (a: WebhookDelivery['log'][number]) =>
    `${when(a.at)}: ${a.statusCode !== null ? t('webhooks.statusCode', { code: a.statusCode }) : (a.error ?? '')} (${t('webhooks.duration', { ms: a.durationMs })})`;

  return (
    <section className="webhook-log" aria-labelledby={`log-${webhook.id}`}>
      <h3 id={`log-${webhook.id}`}>{t('webhooks.logTitle', { name: webhook.name })}</h3>
      <div className="actions">
        <button type="button" onClick={() => log.reload()}>
          {t('webhooks.refresh')}
        </button>
        {failed > 0 && (
          <button type="button" onClick={() => void replay(null)}>
            {t('webhooks.replayFailed', { count: failed })}
          </button>
        )}
      </div>
      {requeued !== null && <p role="status">{t('webhooks.replayed', { count: requeued })}</p>}
      {error !== null && <Problem error={error} />}
      {deliveries.length === 0 ? (
        <p>{t('webhooks.noDeliveries')}</p>
      ) : (
        <div className="table-wrap stacked-table" role="region" aria-labelledby={`log-${webhook.id}`} tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('webhooks.when')}</th>
                <th scope="col">{t('webhooks.event')}</th>
                <th scope="col">{t('webhooks.status')}</th>
                <th scope="col">{t('webhooks.attempts')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('webhooks.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr key={d.id}>
                  <td data-label={t('webhooks.when')}>{when(d.createdAt)}</td>
                  <td data-label={t('webhooks.event')}>{eventTypeInWords(t, d.eventType)}</td>
                  <td data-label={t('webhooks.status')}>
                    <span className={`delivery-${d.status}`}>{t(`webhooks.delivery.${d.status}`)}</span>
                  </td>
                  <td data-label={t('webhooks.attempts')}>
                    {d.log.length === 0 ? (
                      '—'
                    ) : (
                      <ol className="attempts">
                        {d.log.map((a, i) => (
                          <li key={i}>
                            <bdi>{attempt(a)}</bdi>
                          </li>
                        ))}
                      </ol>
                    )}
                  </td>
                  <td>
                    {d.status !== 'pending' && (
                      <button type="button" onClick={() => void replay(d.id)}>
                        {t('webhooks.replay')}
                        <span className="visually-hidden"> {when(d.createdAt)}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
