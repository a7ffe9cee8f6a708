import type { DashboardSummary, DashboardView as ServedDashboard } from '../api-types';
import { FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiError } from '../api';
import { Chart, ChartKind, DataTable, SuppressionNote, withAllPeriods } from '../components/charts';
import { DataQualitySection } from '../components/data-quality';
import { Loading, Problem } from '../components/problem';
import { ExportButton } from '../components/export-button';
import { ReadSourceNote } from '../components/read-source';
import { Link } from '../router';
import { Dhis2ReportsLink } from '../dhis2/dhis2-link';
import { useApp, useT } from '../session';
import { formatDateTime } from '../i18n';
import { currentSop } from '../sop';
import { useApi } from '../use-api';
import '../reports.css';

/** A widget of a served dashboard; its chart is one of the pack's chart kinds (the API says string). */
type Widget = Omit<ServedDashboard['widgets'][number], 'chart'> & { chart: ChartKind };
type DashboardView = Omit<ServedDashboard, 'widgets'> & { widgets: Widget[] };

interface Filters {
  from: string;
  to: string;
  location: string;
}

const NO_FILTERS: Filters = { from: '', to: '', location: '' };

/** `/reports`: the user's dashboards and exports; `/reports/:id`: one dashboard as charts. */
export default function ReportsPage({ id }: { id?: string }) {
  return id ? <Dashboard id={id} /> : <ReportsHome />;
}

/** Roles without report rules get the server's 403: they are told plainly, not shown an error. */
function NotForRole() {
  const t = useT();
  return (
    <section className="card" aria-labelledby="reports-title">
      <h1 id="reports-title">{t('reports.title')}</h1>
      <p className="reports-not-for-role">{t('reports.notForRole')}</p>
    </section>
  );
}

const refused = (e: unknown) => e instanceof ApiError && e.status === 403;

function ReportsHome() {
  const t = useT();
  const list = useApi<DashboardSummary[]>('/api/reports/dashboards');
  if (refused(list.error)) return <NotForRole />;
  if (list.error) return <Problem error={list.error} />;
  if (list.loading || !list.data) return <Loading />;
  return (
    <div className="reports">
      <h1>{t('reports.title')}</h1>
      <section className="card" aria-labelledby="dashboards-title">
        <h2 id="dashboards-title">{t('reports.dashboards')}</h2>
        {list.data.length === 0 ? (
          <p>{t('reports.noDashboards')}</p>
        ) : (
          <ul className="rows">
            {list.data.map((d) => (
              <li key={d.id}>
                <Link href={`/reports/${encodeURIComponent(d.id)}`}>
                  <strong>
                    <bdi>{d.label}</bdi>
                  </strong>
                </Link>
                {d.description && (
                  <span className="meta" dir="auto">
                    {d.description}
                  </span>
                )}
                <span className="meta">
                  {t('reports.widgetCount', { n: d.widgets })}
                  {d.months ? ` · ${t('reports.lastMonths', { n: d.months })}` : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <Dhis2ReportsLink />
      <DataQualitySection />
      <section className="card" aria-labelledby="exports-title">
        <h2 id="exports-title">{t('export.title')}</h2>
        <p className="meta">{t('export.intro')}</p>
        <h3>{t('export.caseList')}</h3>
        <p className="meta">{t('export.caseListHelp')}</p>
        <div className="buttons">
          <ExportButton path="/api/reports/exports/cases?format=csv" format="csv" label={t('export.caseListCsv')} name="cases.csv" />
          <ExportButton path="/api/reports/exports/cases?format=xlsx" format="xlsx" label={t('export.caseListXlsx')} name="cases.xlsx" />
        </div>
        <h3>{t('export.deidentified')}</h3>
        <p className="meta">{t('export.deidentifiedHelp')}</p>
        <div className="buttons">
          <ExportButton
            path="/api/reports/exports/cases-deidentified?format=csv"
            format="csv"
            label={t('export.deidentifiedCsv')}
            name="cases-deidentified.csv"
          />
          <ExportButton
            path="/api/reports/exports/cases-deidentified?format=xlsx"
            format="xlsx"
            label={t('export.deidentifiedXlsx')}
            name="cases-deidentified.xlsx"
          />
        </div>
      </section>
    </div>
  );
}

/** A day (YYYY-MM-DD) in the pack's time zone, the calendar the server reads `from` and `to` in. */
function dayIn(iso: string, tz: string | undefined, endExclusive = false): string {
  const d = new Date(Date.parse(iso) - (endExclusive ? 1 : 0));
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

function Dashboard({ id }: { id: string }) {
  const t = useT();
  const { locale } = useApp();
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [tz, setTz] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    currentSop(locale)
      .then((s) => {
        if (live) setTz(s.manifest.timezone ?? 'UTC');
      })
      .catch(() => {
        /* the browser's own zone then */
      });
    return () => {
      live = false;
    };
  }, [locale]);

  const query = new URLSearchParams(Object.entries(applied).filter(([, v]) => v) as Array<[string, string]>).toString();
  const view = useApi<DashboardView>(`/api/reports/dashboards/${encodeURIComponent(id)}${query ? `?${query}` : ''}`);

  // The default period is the server's (the dashboard's last N months): the form starts from it.
  const shown = view.data?.period;
  const days = { from: shown?.from ? dayIn(shown.from, tz) : '', to: shown?.to ? dayIn(shown.to, tz, true) : '' };
  const seeded = useRef(false);
  const [resets, setResets] = useState(0);
  useEffect(() => {
    if (!shown || view.loading || seeded.current || tz === undefined) return;
    seeded.current = true;
    setDraft((d) => ({ ...d, from: d.from || days.from, to: d.to || days.to }));
  }, [shown, view.loading, tz, days.from, days.to, resets]);

  if (refused(view.error)) return <NotForRole />;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setApplied({ ...draft, location: draft.location.trim() });
  };
  const reset = () => {
    seeded.current = false;
    setApplied(NO_FILTERS);
    setDraft(NO_FILTERS);
    setResets((n) => n + 1);
  };
  const dateText = (iso: string | null, end = false) =>
    iso ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: tz }).format(new Date(Date.parse(iso) - (end ? 1 : 0))) : '';
  // Per-widget exports cover the period and place the charts show.
  const exportQuery = new URLSearchParams(Object.entries({ ...days, location: applied.location }).filter(([, v]) => v) as Array<[string, string]>);

  return (
    <div className="reports">
      <p className="back">
        <Link href="/reports">{t('reports.all')}</Link>
      </p>
      {/* The pack's texts may not be in the interface's language (e.g. English in Arabic): dir="auto". */}
      <h1 dir="auto">{view.data?.dashboard.label ?? t('reports.title')}</h1>
      {view.data?.dashboard.description && <p dir="auto">{view.data.dashboard.description}</p>}
      <form className="card period-form" onSubmit={submit} aria-labelledby="period-title">
        <h2 id="period-title">{t('reports.period')}</h2>
        {shown && (
          <p className="meta" aria-live="polite">
            {shown.from && shown.to
              ? t('reports.periodFromTo', { from: dateText(shown.from), to: dateText(shown.to, true) })
              : shown.from
                ? t('reports.periodSince', { from: dateText(shown.from) })
                : shown.to
                  ? t('reports.periodUntil', { to: dateText(shown.to, true) })
                  : t('reports.periodAll')}
            {applied.location && ` · ${t('reports.placeIs', { code: applied.location })}`}
          </p>
        )}
        <div className="period-fields">
          <div className="field">
            <label htmlFor="report-from">{t('reports.from')}</label>
            <input id="report-from" type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="report-to">{t('reports.to')}</label>
            <input id="report-to" type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="report-location">{t('reports.location')}</label>
            <input
              id="report-location"
              type="text"
              value={draft.location}
              maxLength={100}
              aria-describedby="report-location-help"
              onChange={(e) => setDraft({ ...draft, location: e.target.value })}
            />
            <span id="report-location-help" className="help">
              {t('reports.locationHelp')}
            </span>
          </div>
        </div>
        <div className="buttons">
          <button type="submit" className="primary">
            {t('reports.apply')}
          </button>
          <button type="button" onClick={reset}>
            {t('reports.reset')}
          </button>
        </div>
      </form>
      {view.error ? (
        <Problem error={view.error} />
      ) : view.loading || !view.data ? (
        <Loading />
      ) : (
        <>
          {view.data.asOf && <p className="meta figures-as-of">{t('reports.asOf', { time: formatDateTime(view.data.asOf, locale, tz) })}</p>}
          <ReadSourceNote source={view.data.source} />
          <div className="widgets">
            {view.data.widgets.map((w, i) => (
              <WidgetCard key={i} widget={w} dashboardPeriod={view.data!.period} exportQuery={exportQuery} timeZone={tz} />
            ))}
          </div>
        </>
      )}
    </div>
  );
}

/** Unicode isolates around text of unknown direction inside a sentence (like <bdi>, for strings). */
const isolate = (s: string) => `\u2068${s}\u2069`;

function WidgetCard({
  widget,
  dashboardPeriod,
  exportQuery,
  timeZone,
}: {
  widget: Widget;
  dashboardPeriod: DashboardView['period'];
  exportQuery: URLSearchParams;
  timeZone: string | undefined;
}) {
  const t = useT();
  const uid = useId().replace(/[^A-Za-z0-9_-]/g, '');
  const table = withAllPeriods(widget.table, timeZone);
  // Indicators of cases as they are now ignore the period: the card says so.
  const now = !table.period.from && !table.period.to && !!(dashboardPeriod.from || dashboardPeriod.to);
  const by = table.dimensions.map((d) => d.label).join(' × ');
  const q = new URLSearchParams(exportQuery);
  q.set('format', 'csv');
  if (widget.by.length) q.set('by', widget.by.join(','));
  return (
    <section className="card widget" aria-labelledby={`${uid}-h`}>
      <h2 id={`${uid}-h`} dir="auto">
        {widget.title}
      </h2>
      <p className="meta">
        {by && t('reports.by', { dimensions: isolate(by) })}
        {by && now && ' · '}
        {now && t('reports.asOfNow')}
      </p>
      {table.indicator.description && (
        <p className="meta" dir="auto">
          {table.indicator.description}
        </p>
      )}
      <Chart chart={widget.chart} table={table} title={widget.title} />
      <SuppressionNote table={table} />
      {widget.chart === 'table' ? (
        <DataTable table={table} caption={widget.title} />
      ) : (
        <details className="as-table">
          <summary>{t('reports.showTable')}</summary>
          <DataTable table={table} caption={widget.title} />
        </details>
      )}
      <div className="buttons">
        <ExportButton
          path={`/api/reports/indicators/${encodeURIComponent(table.indicator.id)}/export?${q}`}
          format="csv"
          label={t('reports.downloadTable')}
          name={`${table.indicator.id}.csv`}
          describedBy={`${uid}-h`}
        />
      </div>
    </section>
  );
}
