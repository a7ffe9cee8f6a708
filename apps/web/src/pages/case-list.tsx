import { useCallback, useMemo, useRef, useState } from 'react';
import type { CaseListPage } from '../api-types';
import '../case-work.css';
import { apiPathOf, CaseListQuery, DEFAULT_PAGE_SIZE, readCaseListQuery, toSearch } from '../case-list-query';
import { useVocabulary } from '../case-vocabulary';
import { CaseFilters, CaseListDisplay } from '../components/case-filters';
import { CaseRow, CaseTable } from '../components/case-table';
import { Loading, Problem } from '../components/problem';
import { ReassignCases } from '../components/reassign-cases';
import { Link, usePath } from '../router';
import { useApp, useT } from '../session';
import { useApi } from '../use-api';
import type { TeamWorkload } from './team-page';

type CaseList = CaseListPage;

/** A new list in the address bar (a new history entry, so Back returns to the previous one), without scrolling away from the filters. */
function showList(q: CaseListQuery): void {
  history.pushState(null, '', `/cases${toSearch(q)}`);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/**
 * Cases the user may see, filtered, ordered and paged by the server; the filters are the address's
 * query. A supervisor also picks cases (on any page) and gives them to a worker of the team.
 */
export default function CaseListPage() {
  const t = useT();
  const { me } = useApp();
  const path = usePath();
  const query = useMemo(() => readCaseListQuery(path), [path]);
  const vocabulary = useVocabulary();
  const list = useApi<CaseList>(apiPathOf(query));
  const supervisor = !!me?.capabilities?.teamDeadlines;
  const workload = useApi<TeamWorkload>(supervisor ? '/api/team/workload' : null);
  const workers = workload.data?.workers ?? [];
  const [selected, setSelected] = useState<Map<string, string>>(new Map());
  const results = useRef<HTMLHeadingElement>(null);

  const change = useCallback((patch: CaseListQuery) => showList({ ...query, ...patch, page: undefined }), [query]);
  const select = (rows: CaseRow[], on: boolean) =>
    setSelected((before) => {
      const next = new Map(before);
      for (const r of rows) {
        if (on) next.set(r.id, r.caseNumber);
        else next.delete(r.id);
      }
      return next;
    });

  const data = list.data;
  const page = Number(query.page ?? 1);
  const pageSize = Number(query.pageSize ?? DEFAULT_PAGE_SIZE);
  const pages = data ? Math.max(1, Math.ceil(data.total / pageSize)) : 1;
  const hasNext = !!data && page * pageSize < data.total;
  const pageHref = (n: number) => `/cases${toSearch({ ...query, page: n > 1 ? String(n) : undefined })}`;
  // The heading of the results takes the keyboard after a page change, where the new rows start (after the page scrolled to the top).
  const toResults = () => setTimeout(() => results.current?.focus());

  return (
    <div className="case-list">
      <h1>{t('caseList.title')}</h1>
      <CaseFilters query={query} vocabulary={vocabulary} workers={workers} onChange={change} />
      <section aria-labelledby="results-title" className="card">
        <h2 id="results-title" ref={results} tabIndex={-1}>
          {t('caseList.results')}
        </h2>
        <CaseListDisplay query={query} onChange={change} />
        <p role="status" className="result-count">
          {/* Before the first answer the page says "Loading" once (below). */}
          {!data ? '' : list.loading ? t('common.loading') : t(data.totalExact ? 'caseList.found' : 'caseList.foundMore', { n: data.total })}
        </p>
        {list.error ? (
          <Problem error={list.error} />
        ) : !data ? (
          <Loading />
        ) : data.items.length === 0 ? (
          <p>
            {t('caseList.none')} <Link href="/cases">{t('caseList.clear')}</Link>
          </p>
        ) : (
          <>
            <CaseTable
              rows={data.items}
              vocabulary={vocabulary}
              caption={t('caseList.caption', { page, pages: data.totalExact ? String(pages) : `${pages}+` })}
              busy={list.loading}
              byRegistration={query.sort?.startsWith('registered')}
              selected={supervisor ? selected : undefined}
              onSelect={select}
            />
            <nav aria-label={t('caseList.pages')} className="pager">
              {page > 1 && (
                <Link href={pageHref(page - 1)} onClick={toResults} rel="prev">
                  {t('caseList.previous')}
                </Link>
              )}
              <span>{t('caseList.pageOf', { page, pages: data.totalExact ? String(pages) : `${pages}+` })}</span>
              {hasNext && (
                <Link href={pageHref(page + 1)} onClick={toResults} rel="next">
                  {t('caseList.next')}
                </Link>
              )}
            </nav>
          </>
        )}
      </section>
      {supervisor && workload.data && (
        <ReassignCases
          selected={selected}
          workers={workers}
          onClear={() => setSelected(new Map())}
          onDone={() => {
            setSelected(new Map());
            list.reload();
            workload.reload();
          }}
        />
      )}
    </div>
  );
}
