import type { TeamWorkload } from '../api-types';
import '../case-work.css';
import { Loading, Problem } from '../components/problem';
import { formatDateTime } from '../i18n';
import { Link } from '../router';
import { useApp, useT } from '../session';
import { useApi } from '../use-api';

export type { TeamWorkload };

/**
 * A supervisor's team: what each worker carries (open cases, overdue deadlines, counted by the
 * server over what the supervisor may read), each count leading to the cases behind it.
 */
export default function TeamPage() {
  const t = useT();
  const { locale, timeZone } = useApp();
  const workload = useApi<TeamWorkload>('/api/team/workload');
  return (
    <div className="team">
      <h1>{t('team.title')}</h1>
      <div className="actions">
        <Link href="/cases?team=true" className="button">
          {t('team.allCases')}
        </Link>
        <Link href="/tasks" className="button">
          {t('team.overdueWork')}
        </Link>
      </div>
      <section aria-labelledby="workload-title" className="card">
        <h2 id="workload-title">{t('team.workload')}</h2>
        {workload.error ? (
          <Problem error={workload.error} />
        ) : !workload.data ? (
          <Loading />
        ) : (
          <>
            <div className="table-wrap" role="region" aria-labelledby="workload-caption" tabIndex={0}>
              <table className="workload">
                <caption id="workload-caption">{t('team.caption', { at: formatDateTime(workload.data.asOf, locale, timeZone) })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('caseList.worker')}</th>
                    <th scope="col">{t('team.openCases')}</th>
                    <th scope="col">{t('team.overdueDeadlines')}</th>
                  </tr>
                </thead>
                <tbody>
                  {workload.data.workers.map((w) => (
                    <tr key={w.id}>
                      <th scope="row">
                        <bdi>{w.name}</bdi>
                      </th>
                      <td>
                        <Link href={`/cases?assignedTo=${w.id}`} aria-label={t('team.openCasesOf', { n: w.openCases, name: w.name })}>
                          {w.openCases}
                        </Link>
                      </td>
                      <td className={w.overdueDeadlines > 0 ? 'deadline-overdue' : undefined}>
                        {w.overdueDeadlines > 0 ? (
                          <Link href={`/cases?assignedTo=${w.id}&overdue=true`} aria-label={t('team.overdueOf', { n: w.overdueDeadlines, name: w.name })}>
                            {w.overdueDeadlines}
                          </Link>
                        ) : (
                          0
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="meta">{t('team.countsNote')}</p>
          </>
        )}
      </section>
    </div>
  );
}
