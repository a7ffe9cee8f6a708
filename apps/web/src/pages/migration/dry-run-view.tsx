import { Link } from '../../router';
import { MoveLines, StaysLines } from './case-outcomes';
import { reasonText, type MigrationT } from './migration-texts';
import type { DryRunReport, MigrationOutline } from './plan-model';

export const DRY_RUN_PAGE = 20;

/** The dry run: how many cases would move and why the others would stay, then a page of cases with what would happen to each. */
export function DryRunView({ report, outline, onPage, t }: { report: DryRunReport; outline: MigrationOutline; onPage(offset: number): void; t: MigrationT }) {
  const { summary } = report;
  const last = Math.min(report.offset + report.items.length, summary.cases);
  return (
    <section className="card" aria-labelledby="dry-run-title">
      <h2 id="dry-run-title">{t('migration.dryRun.title')}</h2>
      <div role="status">
        <ul className="migration-summary">
          <li>{t('migration.dryRun.cases', { n: summary.cases })}</li>
          <li>{t('migration.dryRun.willMove', { n: summary.willMove })}</li>
          <li>{t('migration.dryRun.cannotMove', { n: summary.cannotMove })}</li>
          {Object.entries(summary.byReason).map(([reason, n]) => (
            <li key={reason} className="migration-reason">
              {t('migration.byReason', { reason: reasonText(t, reason), n })}
            </li>
          ))}
        </ul>
      </div>
      {report.items.length > 0 && (
        <>
          <div className="table-scroll stacked-table">
            <table>
              <caption>{t('migration.dryRun.caption', { first: report.offset + 1, last, total: summary.cases })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('migration.case')}</th>
                  <th scope="col">{t('migration.outcome')}</th>
                  <th scope="col">{t('migration.whatHappens')}</th>
                </tr>
              </thead>
              <tbody>
                {report.items.map((item) => (
                  <tr key={item.caseId}>
                    <th scope="row" data-label={t('migration.case')}>
                      <Link href={`/cases/${item.caseId}`}>{item.caseNumber}</Link>
                    </th>
                    <td data-label={t('migration.outcome')}>{t(item.outcome === 'move' ? 'migration.willMove' : 'migration.cannotMove')}</td>
                    <td data-label={t('migration.whatHappens')}>
                      {item.outcome === 'move' ? (
                        <MoveLines move={item} outline={outline} t={t} />
                      ) : (
                        <StaysLines reason={item.reason} detail={item.detail} t={t} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="migration-pager">
            <button type="button" disabled={report.offset === 0} onClick={() => onPage(Math.max(0, report.offset - DRY_RUN_PAGE))}>
              {t('migration.previous')}
            </button>
            <button type="button" disabled={last >= summary.cases} onClick={() => onPage(report.offset + DRY_RUN_PAGE)}>
              {t('migration.next')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
