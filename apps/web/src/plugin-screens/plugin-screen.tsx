import { useEffect, useId, useState } from 'react';
import { api } from '../api';
import { Link } from '../router';
import { Loading, Problem } from '../components/problem';
import { StatusLine } from '../components/case-actions/status-line';
import { useSectionStatus, type SectionStatus } from '../components/case-actions/use-action';
import { useApp, useT } from '../session';
import { useApi } from '../use-api';
import { ScreenAction } from './screen-action';
import { FieldValue, ScreenTable } from './screen-table';
import type { DetailScreenView, ListScreenView, PluginScreenView, ScreenActionView, SectionView } from './screen-types';
import { answerRows, fillPath, holds, rowsOf, screenHref, screenParams, valueAt, type ScreenContext } from './screen-values';

/** The source route's path: its `:name` segments are the screen's parameters. */
function sourcePath(source: string, params: Record<string, string>): string | null {
  const bind = Object.fromEntries(Object.keys(params).map((k) => [k, `params.${k}`]));
  return fillPath(source, bind, { params });
}

/**
 * The query value that asks for the page after `answer` (null: no more). Offset paging asks from the
 * number of items shown so far, while the answer's total is not reached (or, without a total, while
 * pages come back full); cursor paging takes the answer's cursor.
 */
function nextPage(paging: ListScreenView['paging'], answer: unknown, shown: number, pageItems: number): string | null {
  if (!paging) return null;
  if (paging.kind === 'offset') {
    const total = paging.total ? Number(valueAt(answer, paging.total)) : NaN;
    const more = Number.isFinite(total) ? shown < total : pageItems >= paging.pageSize;
    return more && pageItems > 0 ? String(shown) : null;
  }
  const next = valueAt(answer, paging.next);
  return typeof next === 'string' ? next : null;
}

function Actions({
  list,
  ctx,
  pluginId,
  status,
  onDone,
}: {
  list: ScreenActionView[];
  ctx: ScreenContext;
  pluginId: string;
  status: SectionStatus;
  onDone(): void;
}) {
  if (list.length === 0) return null;
  return (
    <div className="screen-actions">
      {list.map((a) => (
        <ScreenAction key={a.id} action={a} ctx={ctx} pluginId={pluginId} status={status} onDone={onDone} />
      ))}
    </div>
  );
}

/**
 * A plugin screen (docs/plugins.md, "Screens"), rendered from what the plugin declared: a list of
 * its route's items or one item in sections, with the actions the user may take. `headingLevel` 2
 * when it is a section of another page (the case page, home).
 */
export function PluginScreen({ screen, params, headingLevel = 1 }: { screen: PluginScreenView; params: Record<string, string>; headingLevel?: 1 | 2 }) {
  const status = useSectionStatus();
  const headingId = useId();
  const H = headingLevel === 1 ? 'h1' : 'h2';
  const body =
    screen.view.kind === 'list' ? (
      <ListScreen screen={screen} view={screen.view} params={params} status={status} headingId={headingId} />
    ) : (
      <DetailScreen screen={screen} view={screen.view} params={params} status={status} headingId={headingId} H={H} />
    );
  return (
    <section aria-labelledby={headingId} className={headingLevel === 1 ? 'plugin-screen' : 'card plugin-screen'}>
      {screen.view.kind === 'list' && <H id={headingId}>{screen.title}</H>}
      {body}
      <StatusLine status={status} />
    </section>
  );
}

function ListScreen({
  screen,
  view,
  params,
  status,
  headingId,
}: {
  screen: PluginScreenView;
  view: ListScreenView;
  params: Record<string, string>;
  status: SectionStatus;
  headingId: string;
}) {
  const t = useT();
  const [filters, setFilters] = useState<Record<string, string>>({});
  const base = sourcePath(view.source, params);
  const paging = view.paging;
  const pageQuery = (page?: string) => {
    const q = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
    if (paging?.kind === 'offset' && paging.limitQuery) q.set(paging.limitQuery, String(paging.pageSize));
    if (paging && page !== undefined) q.set(paging.query, page);
    return q.toString();
  };
  const query = pageQuery();
  const first = useApi<unknown>(base ? `${base}${query ? `?${query}` : ''}` : null);
  const [more, setMore] = useState<{ rows: unknown[]; next: string | null | undefined }>({ rows: [], next: undefined });
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  useEffect(() => setMore({ rows: [], next: undefined }), [first.data]);
  const items = (d: unknown) => rowsOf(view.items === '.' ? d : valueAt(d, view.items));
  const firstRows = items(first.data);
  const rows = [...firstRows, ...more.rows];
  const next = more.next !== undefined ? more.next : nextPage(paging, first.data, firstRows.length, firstRows.length);
  const loadMore = async () => {
    if (typeof next !== 'string' || !base) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const d = await api<unknown>('GET', `${base}?${pageQuery(next)}`);
      const page = items(d);
      const shown = rows.length + page.length;
      setMore((m) => ({ rows: [...m.rows, ...page], next: nextPage(paging, d, shown, page.length) }));
    } catch (e) {
      setMoreError(e);
    } finally {
      setLoadingMore(false);
    }
  };
  const ctx = { params };
  return (
    <>
      <Actions list={view.actions} ctx={ctx} pluginId={screen.pluginId} status={status} onDone={first.reload} />
      {view.filters.length > 0 && (
        <div className="filters">
          {view.filters.map((f) => (
            <label key={f.query}>
              {f.label}
              <select value={filters[f.query] ?? ''} onChange={(e) => setFilters({ ...filters, [f.query]: e.target.value })}>
                <option value="">{t('plugins.all')}</option>
                {f.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
      )}
      {first.error ? (
        <Problem error={first.error} />
      ) : first.loading && !first.data ? (
        <Loading />
      ) : rows.length === 0 ? (
        <p>{view.empty}</p>
      ) : (
        <ScreenTable
          caption={screen.title}
          columns={view.columns}
          rows={rows}
          params={params}
          open={view.open}
          pluginId={screen.pluginId}
          busy={first.loading}
          rowActions={
            view.rowActions.length
              ? (rowCtx) => <Actions list={view.rowActions} ctx={rowCtx} pluginId={screen.pluginId} status={status} onDone={first.reload} />
              : undefined
          }
        />
      )}
      {typeof next === 'string' && (
        <button type="button" className="secondary" disabled={loadingMore} onClick={() => void loadMore()} aria-describedby={headingId}>
          {t('plugins.more')}
        </button>
      )}
      <Problem error={moreError} />
    </>
  );
}

function DetailScreen({
  screen,
  view,
  params,
  status,
  headingId,
  H,
}: {
  screen: PluginScreenView;
  view: DetailScreenView;
  params: Record<string, string>;
  status: SectionStatus;
  headingId: string;
  H: 'h1' | 'h2';
}) {
  const base = sourcePath(view.source, params);
  const item = useApi<unknown>(base);
  const ctx: ScreenContext = { params, data: item.data ?? undefined };
  const heading = view.heading ? valueAt(ctx, view.heading) : undefined;
  return (
    <>
      <H id={headingId}>
        {screen.title}
        {typeof heading === 'string' && (
          <>
            {' '}
            <bdi>{heading}</bdi>
          </>
        )}
      </H>
      {item.error ? (
        <Problem error={item.error} />
      ) : !item.data ? (
        <Loading />
      ) : (
        <>
          {view.sections.map((s, i) =>
            holds(s.when, ctx) ? <Section key={i} section={s} ctx={ctx} screen={screen} status={status} reload={item.reload} /> : null,
          )}
          <Actions list={view.actions} ctx={ctx} pluginId={screen.pluginId} status={status} onDone={item.reload} />
        </>
      )}
    </>
  );
}

function Section({
  section,
  ctx,
  screen,
  status,
  reload,
}: {
  section: SectionView;
  ctx: ScreenContext;
  screen: PluginScreenView;
  status: SectionStatus;
  reload(): void;
}) {
  const t = useT();
  const { locale, timeZone } = useApp();
  if (section.kind === 'notice') return <p className="notice">{section.text}</p>;
  if (section.kind === 'link') {
    const p = screenParams(section.params, ctx);
    return p ? (
      <p>
        <Link href={screenHref(screen.pluginId, section.screen, p)}>{section.text}</Link>
      </p>
    ) : null;
  }
  const title = section.title ? <h3>{section.title}</h3> : null;
  if (section.kind === 'fields') {
    return (
      <>
        {title}
        <dl className="summary">
          {section.fields.map((f) => (
            <div key={f.value}>
              <dt>{f.label}</dt>
              <dd>
                <FieldValue field={f} ctx={ctx} />
              </dd>
            </div>
          ))}
        </dl>
      </>
    );
  }
  if (section.kind === 'answers') {
    const rows = answerRows(section.schema, valueAt(ctx, section.value), { locale, timeZone, yes: t('common.yes'), no: t('common.no') });
    return (
      <>
        {title}
        <dl className="summary">
          {rows.map((r) => (
            <div key={r.label}>
              <dt>{r.label}</dt>
              <dd>
                <bdi>{r.text}</bdi>
              </dd>
            </div>
          ))}
        </dl>
      </>
    );
  }
  const rows = rowsOf(valueAt(ctx, section.value));
  return (
    <>
      {title}
      {rows.length === 0 ? (
        <p>{section.empty}</p>
      ) : (
        <ScreenTable
          caption={section.title ?? screen.title}
          columns={section.columns}
          rows={rows}
          params={ctx.params}
          pluginId={screen.pluginId}
          rowActions={
            section.rowActions.length
              ? (rowCtx) => <Actions list={section.rowActions} ctx={{ ...rowCtx, data: ctx.data }} pluginId={screen.pluginId} status={status} onDone={reload} />
              : undefined
          }
        />
      )}
    </>
  );
}
