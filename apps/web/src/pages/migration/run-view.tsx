import { useEffect, useState } from 'react';
import { api } from '../../api';
import { Loading, Problem } from '../../components/problem';
import { formatDateTime } from '../../i18n';
import { Link } from '../../router';
import { useApp } from '../../session';
import { useApi } from '../../use-api';
import { StaysLines } from './case-outcomes';
import { reasonText, type MigrationT } from './migration-texts';
import type { MigrationRunStatus } from './plan-model';

/** Cases per batch of a run (MIGRATION_BATCH_SIZE on the server), to count batches. */
const BATCH = 500;
const PAGE = 20;
const POLL_MS = 1000;

/** A run's progress, read again every second while it runs; the cases it left where they were, and resuming a stopped run. */
export function RunView({ id, t, onFinished }: { id: string; t: MigrationT; onFinished(): void }) {
  const { locale, timeZone } = useApp();
  const [offset, setOffset] = useState(0);
  const run = useApi<MigrationRunStatus>(`/api/sop/migrations/${encodeURIComponent(id)}?outcome=cannot_move&offset=${offset}&limit=${PAGE}`);
  const [resumeError, setResumeError] = useState<unknown>(null);
  // Just resumed: the run may still read as it was until its process takes it up (its row changes then).
  const [resumedFrom, setResumedFrom] = useState<string | null>(null);
  const status = run.data?.status;
  const waiting = resumedFrom !== null && run.data?.updatedAt === resumedFrom && status !== 'finished';
  const { reload } = run;
  useEffect(() => {
    if (status !== 'running' && !waiting) return;
    const timer = setTimeout(reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [status, waiting, run.data, reload]);
  useEffect(() => {
    if (status === 'finished') onFinished();
  }, [status, onFinished]);

  if (run.error && !run.data) return <Problem error={run.error} />;
  if (!run.data) return <Loading />;
  const r = run.data;
  const done = r.summary.moved + r.summary.cannotMove;
  const resume = async () => {
    setResumeError(null);
    try {
      await api('POST', `/api/sop/migrations/${encodeURIComponent(id)}/resume`);
      setResumedFrom(r.updatedAt);
      reload();
    } catch (e) {
      setResumeError(e);
    }
  };
  return (
    <section className="card" aria-labelledby="run-title">
      <h2 id="run-title">{t('migration.run.title', { from: r.fromVersion, to: r.toVersion })}</h2>
      <div role="status" aria-live="polite">
        <p>
          <strong>{t(`migration.run.status.${r.status}`)}</strong>
        </p>
        <p>{t('migration.run.progress', { done, total: r.summary.cases })}</p>
        <p>{t('migration.run.batches', { done: Math.ceil(done / BATCH), total: Math.max(1, Math.ceil(r.summary.cases / BATCH)) })}</p>
        <ul className="migration-summary">
          <li>{t('migration.run.moved', { n: r.summary.moved })}</li>
          <li>{t('migration.run.cannotMove', { n: r.summary.cannotMove })}</li>
          {Object.entries(r.summary.byReason).map(([reason, n]) => (
            <li key={reason} className="migration-reason">
              {t('migration.byReason', { reason: reasonText(t, reason), n })}
            </li>
          ))}
        </ul>
      </div>
      <p className="hint">
        {t('migration.run.started', { at: formatDateTime(r.startedAt, locale, timeZone) })}
        {r.finishedAt && ` · ${t('migration.run.finished', { at: formatDateTime(r.finishedAt, locale, timeZone) })}`}
      </p>
      {r.status === 'failed' && (
        <div className="problem" role="alert">
          <p>{t('migration.run.failed')}</p>
          {r.error && (
            <p lang="en">
              <bdi>{r.error}</bdi>
            </p>
          )}
        </div>
      )}
      {r.status !== 'finished' && (
        <>
          <p className="hint">{t('migration.run.resumeHint')}</p>
          <button type="button" disabled={waiting} onClick={() => void resume()}>
            {t('migration.run.resume')}
          </button>
        </>
      )}
      {resumeError ? <Problem error={resumeError} /> : null}

      {r.total > 0 && (
        <>
          <h3>{t('migration.run.stayed')}</h3>
          <div className="table-scroll stacked-table">
            <table>
              <caption>{t('migration.dryRun.caption', { first: r.offset + 1, last: Math.min(r.offset + r.items.length, r.total), total: r.total })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('migration.case')}</th>
                  <th scope="col">{t('migration.why')}</th>
                </tr>
              </thead>
              <tbody>
                {r.items.map((item) => (
                  <tr key={item.caseId}>
                    <th scope="row" data-label={t('migration.case')}>
                      <Link href={`/cases/${item.caseId}`}>{item.caseNumber}</Link>
                    </th>
                    <td data-label={t('migration.why')}>
                      <StaysLines reason={item.reason} detail={item.detail.detail} t={t} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="migration-pager">
            <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              {t('migration.previous')}
            </button>
            <button type="button" disabled={offset + PAGE >= r.total} onClick={() => setOffset(offset + PAGE)}>
              {t('migration.next')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
