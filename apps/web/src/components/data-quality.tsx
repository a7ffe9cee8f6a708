import type { DataQualityReport } from '../api-types';
import { useState } from 'react';
import { Link } from '../router';
import { useT } from '../session';
import { useApi } from '../use-api';
import { Loading, Problem } from './problem';

type Report = DataQualityReport;

/**
 * The records failing the pack's data-quality checks that this user may fix (the server lists only
 * cases they may read and whose checked field they may fill). Loaded on request: it reads every
 * case in reach.
 */
export function DataQualitySection() {
  const t = useT();
  const [asked, setAsked] = useState(false);
  const report = useApi<Report>(asked ? '/api/data-quality' : null);
  return (
    <section className="card" aria-labelledby="dq-title">
      <h2 id="dq-title">{t('dq.title')}</h2>
      <p className="meta">{t('dq.intro')}</p>
      {!asked ? (
        <button type="button" onClick={() => setAsked(true)}>
          {t('dq.check')}
        </button>
      ) : report.loading ? (
        <Loading />
      ) : report.error ? (
        <Problem error={report.error} />
      ) : (
        <>
          <p>{t('dq.summary', { cases: report.data!.casesChecked, n: report.data!.items.length })}</p>
          {report.data!.items.length > 0 && (
            <ul className="rows">
              {report.data!.items.map((i) => (
                <li key={`${i.caseId}:${i.check}`}>
                  <Link href={`/cases/${i.caseId}`}>
                    <strong>
                      <bdi>{i.caseNumber}</bdi>
                    </strong>
                  </Link>
                  <span className={i.severity === 'error' ? 'badge risk-high' : 'badge risk-medium'}>
                    {t(i.severity === 'error' ? 'dq.error' : 'dq.warning')}
                  </span>
                  <span className="meta" dir="auto">
                    {i.label}: {i.message}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {report.data!.truncated && <p className="meta">{t('dq.truncated')}</p>}
        </>
      )}
    </section>
  );
}
