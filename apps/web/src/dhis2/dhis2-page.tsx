import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { Loading, Problem } from '../components/problem';
import { formatDateTime } from '../i18n';
import { useApp } from '../session';
import { useApi } from '../use-api';
import { Dhis2Delivery, Dhis2Preview, Dhis2Status, useDhis2T, type Dhis2T } from './dhis2-texts';
import '../stacked-table.css';
import './dhis2.css';

type Configured = Extract<Dhis2Status, { configured: true }>;

/** What dhis2.json maps: each indicator's data element and categories, and the places' org units; what is not mapped said so. */
function Mapping({ status, t }: { status: Configured; t: Dhis2T }) {
  const mapped = status.orgUnits.filter((o) => o.id).length;
  return (
    <section className="card" aria-labelledby="dhis2-mapping">
      <h2 id="dhis2-mapping">{t('dhis2.mapping')}</h2>
      <div className="table-wrap stacked-table" role="region" aria-labelledby="dhis2-indicators-caption" tabIndex={0}>
        <table>
          <caption id="dhis2-indicators-caption">{t('dhis2.indicatorsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dhis2.indicator')}</th>
              <th scope="col">{t('dhis2.dataElement')}</th>
              <th scope="col">{t('dhis2.categories')}</th>
            </tr>
          </thead>
          <tbody>
            {status.dataElements.map((d) => (
              <tr key={d.dataElement}>
                <th scope="row">{d.indicator.label}</th>
                <td data-label={t('dhis2.dataElement')}>
                  <code>{d.dataElement}</code>
                </td>
                <td data-label={t('dhis2.categories')}>
                  {d.categories.length === 0 ? (
                    t('dhis2.oneValue')
                  ) : (
                    <ul className="dhis2-categories">
                      {d.categories.map((c) => (
                        <li key={c.key ?? ''}>
                          <bdi>{c.label}</bdi>: {c.id ? <code>{c.id}</code> : <em className="dhis2-unmapped">{t('dhis2.unmapped')}</em>}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="meta">{t('dhis2.mappedPlaces', { mapped, all: status.orgUnits.length })}</p>
      <div className="table-wrap stacked-table" role="region" aria-labelledby="dhis2-places-caption" tabIndex={0}>
        <table>
          <caption id="dhis2-places-caption">{t('dhis2.placesCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dhis2.place')}</th>
              <th scope="col">{t('dhis2.orgUnit')}</th>
            </tr>
          </thead>
          <tbody>
            {status.orgUnits.map((o) => (
              <tr key={o.code}>
                <th scope="row">
                  <bdi>{o.label}</bdi>
                </th>
                <td data-label={t('dhis2.orgUnit')}>{o.id ? <code>{o.id}</code> : <em className="dhis2-unmapped">{t('dhis2.unmapped')}</em>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Every cell of the period: labels from the pack, the value (none when hidden), and whether it is sent. */
function PreviewTable({ preview, t }: { preview: Dhis2Preview; t: Dhis2T }) {
  const { period } = preview;
  return (
    <div className="table-wrap stacked-table dhis2-preview" role="region" aria-labelledby="dhis2-preview-caption" tabIndex={0}>
      <table>
        <caption id="dhis2-preview-caption">{t('dhis2.previewCaption', { period: period.id, from: period.from, to: period.to })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dhis2.indicator')}</th>
            <th scope="col">{t('dhis2.place')}</th>
            <th scope="col">{t('dhis2.category')}</th>
            <th scope="col">{t('dhis2.value')}</th>
            <th scope="col">{t('dhis2.status')}</th>
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((r, i) => (
            <tr key={i} className={`dhis2-${r.status}`}>
              <th scope="row">{r.indicator.label}</th>
              <td data-label={t('dhis2.place')}>
                <bdi>{r.orgUnit.label}</bdi>
              </td>
              <td data-label={t('dhis2.category')}>{r.category ? <bdi>{r.category.label}</bdi> : t('dhis2.oneValue')}</td>
              <td data-label={t('dhis2.value')}>{r.value === null ? <em>{t('dhis2.hidden')}</em> : r.value}</td>
              <td data-label={t('dhis2.status')}>{t(`dhis2.status.${r.status}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DeliveryLog({ rows, t }: { rows: Dhis2Delivery[]; t: Dhis2T }) {
  const { locale, timeZone } = useApp();
  if (rows.length === 0) return <p>{t('dhis2.logEmpty')}</p>;
  return (
    <div className="table-wrap stacked-table" role="region" aria-labelledby="dhis2-log-caption" tabIndex={0}>
      <table>
        <caption id="dhis2-log-caption">{t('dhis2.logCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dhis2.when')}</th>
            <th scope="col">{t('dhis2.period')}</th>
            <th scope="col">{t('dhis2.who')}</th>
            <th scope="col">{t('dhis2.values')}</th>
            <th scope="col">{t('dhis2.result')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id}>
              <th scope="row">{formatDateTime(d.startedAt, locale, timeZone)}</th>
              <td data-label={t('dhis2.period')}>{d.period}</td>
              <td data-label={t('dhis2.who')}>{d.actor ? <bdi>{d.actor.name}</bdi> : t('dhis2.bySchedule')}</td>
              <td data-label={t('dhis2.values')}>{d.valuesSent}</td>
              <td data-label={t('dhis2.result')}>
                {t(`dhis2.result.${d.status}`)}
                {d.importCount && <> ({t('dhis2.counts', d.importCount)})</>}
                {d.reason && (
                  <>
                    {' — '}
                    <bdi>{d.reason}</bdi>
                  </>
                )}
                {d.conflicts.length > 0 && <> {t('dhis2.conflicts', { count: d.conflicts.length })}</>}
                {d.attempts > 1 && <span className="meta"> ({t('dhis2.attempts', { n: d.attempts })})</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Reporting to DHIS2: the pack's mapping (what is and is not mapped), a period's dry run (the values
 * with their labels, hidden ones marked), sending it (administrators) and the delivery log.
 */
export default function Dhis2Page({ canSend }: { canSend: boolean }) {
  const t = useDhis2T();
  const status = useApi<Dhis2Status>('/api/dhis2/status');
  const log = useApi<Dhis2Delivery[]>('/api/dhis2/pushes');
  const [period, setPeriod] = useState<string | null>(null);
  const [preview, setPreview] = useState<Dhis2Preview | null>(null);
  const [result, setResult] = useState<Dhis2Delivery | null>(null);
  const [busy, setBusy] = useState<'preview' | 'send' | null>(null);
  const [error, setError] = useState<unknown>(null);

  if (status.error) return <Problem error={status.error} />;
  if (!status.data) return <Loading />;
  const s = status.data;
  if (!s.configured) {
    return (
      <div className="dhis2">
        <h1>{t('dhis2.title')}</h1>
        <p role="status">{t('dhis2.notConfigured')}</p>
      </div>
    );
  }
  const chosen = period ?? s.lastClosedPeriod.id;

  const run = async (what: 'preview' | 'send') => {
    setBusy(what);
    setError(null);
    setResult(null);
    try {
      if (what === 'preview') setPreview(await api<Dhis2Preview>('GET', `/api/dhis2/preview?period=${encodeURIComponent(chosen.trim())}`));
      else {
        setResult(await api<Dhis2Delivery>('POST', '/api/dhis2/pushes', { period: preview!.period.id }));
        log.reload();
      }
    } catch (e) {
      if (what === 'preview') setPreview(null);
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run('preview');
  };

  return (
    <div className="dhis2">
      <h1>{t('dhis2.title')}</h1>
      <p>{t('dhis2.intro', { scope: s.scope.role })}</p>
      <section className="card" aria-labelledby="dhis2-server">
        <h2 id="dhis2-server">{t('dhis2.server')}</h2>
        <p>
          {s.server.configured ? (
            t('dhis2.serverSet', { url: s.server.url ?? '', auth: t(s.server.auth === 'token' ? 'dhis2.authToken' : 'dhis2.authBasic') })
          ) : (
            <strong>{t('dhis2.serverMissing')}</strong>
          )}
        </p>
        <p className="meta">{s.scheduleHour === null ? t('dhis2.noSchedule') : t('dhis2.schedule', { hour: s.scheduleHour })}</p>
      </section>
      <Mapping status={s} t={t} />
      <form className="card" onSubmit={submit}>
        <div className="field">
          <label htmlFor="dhis2-period">{t('dhis2.period')}</label>
          <input
            id="dhis2-period"
            value={chosen}
            onChange={(e) => {
              setPeriod(e.target.value);
              setPreview(null);
              setResult(null);
            }}
            aria-describedby="dhis2-period-hint"
            inputMode="text"
            autoComplete="off"
          />
          <p id="dhis2-period-hint" className="meta">
            {t('dhis2.periodHint', { example: s.periodExample, last: s.lastClosedPeriod.id })}
          </p>
        </div>
        <div className="actions">
          <button type="submit" disabled={busy !== null}>
            {t('dhis2.preview')}
          </button>
        </div>
      </form>
      <Problem error={error} />
      {busy && (
        <p role="status" aria-live="polite">
          {t(busy === 'preview' ? 'dhis2.loading' : 'dhis2.sending')}
        </p>
      )}
      {preview && (
        <section className="card" aria-labelledby="dhis2-preview-title">
          <h2 id="dhis2-preview-title">{t('dhis2.previewTitle', { period: preview.period.id })}</h2>
          <p>{t('dhis2.previewCounts', preview.counts)}</p>
          <PreviewTable preview={preview} t={t} />
          {canSend && s.server.configured && (
            <div className="actions">
              <button type="button" className="primary" disabled={busy !== null} onClick={() => void run('send')}>
                {t('dhis2.send', { period: preview.period.id })}
              </button>
            </div>
          )}
        </section>
      )}
      {result && (
        <p role="status" className={result.status === 'succeeded' ? 'dhis2-ok' : 'dhis2-failed'}>
          {result.status === 'succeeded'
            ? t('dhis2.sent', { period: result.period, ...(result.importCount ?? { imported: 0, updated: 0, ignored: 0 }) })
            : t('dhis2.failed', { period: result.period, reason: result.reason ?? '' })}
        </p>
      )}
      <section className="card" aria-labelledby="dhis2-log">
        <h2 id="dhis2-log">{t('dhis2.log')}</h2>
        {log.error ? <Problem error={log.error} /> : log.data ? <DeliveryLog rows={log.data} t={t} /> : <Loading />}
      </section>
    </div>
  );
}
