import { CSSProperties, RefObject, useEffect, useId, useRef, useState } from 'react';
import { LOCALES } from '../i18n';
import { useApp, useT } from '../session';
import { cellAt, type ReportCell, type ReportTable } from './report-table';

export { cellAt, withAllPeriods, type ReportCell, type ReportTable } from './report-table';

/**
 * Report tables drawn by hand (no chart library in the bundle): a figure, horizontal bars (CSS, so
 * they mirror in right-to-left languages and wrap at 360 px), and a line over periods (SVG drawn at
 * the width it is given, so its text keeps its size on a phone). Every number is written as text
 * next to its mark; a hidden cell is "*" with its own pattern, never a zero; each chart is followed
 * by the same figures as a table.
 */

export type ChartKind = 'bar' | 'line' | 'table' | 'number';
type T = ReturnType<typeof useT>;

const numberFormat = (locale: string, digits = 0) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits });
export const formatNumber = (n: number, locale: string, digits = 0) => numberFormat(locale, digits).format(n);

/** The figure of a cell as text: "*" hidden, "—" nothing to compute from, "62.5 %" or "22". */
export function valueText(cell: ReportCell | undefined, table: ReportTable, locale: string): string {
  if (!cell || cell.suppressed) return '*';
  if (cell.value === null) return '—';
  return table.indicator.unit === 'percent' ? `${formatNumber(cell.value, locale, 1)} %` : formatNumber(cell.value, locale);
}

/** What a percentage is of: "10 of 16 on time" (deadlines), "13 of 18" (ratios); empty for counts. */
export function detailText(cell: ReportCell | undefined, table: ReportTable, locale: string, t: T): string {
  if (!cell || cell.suppressed || table.indicator.unit !== 'percent' || cell.n === null) return '';
  const f = (n: number | null | undefined) => formatNumber(n ?? 0, locale);
  if (table.indicator.kind === 'deadline') return t('chart.onTimeOf', { met: f(cell.measures?.met), n: f(cell.n) });
  return t('chart.partOf', { part: f(cell.measures?.numerator), n: f(cell.n) });
}

/** "*" for sighted readers, with a word for screen readers (the legend explains it). */
function Shown({ text, t }: { text: string; t: T }) {
  if (text !== '*') return <>{text}</>;
  return (
    <>
      <span aria-hidden="true">*</span>
      <span className="visually-hidden">{t('chart.hiddenShort')}</span>
    </>
  );
}

export function Chart({ chart, table, title }: { chart: ChartKind; table: ReportTable; title: string }) {
  const dims = table.dimensions.length;
  if (chart === 'table') return null;
  if (chart === 'number' || dims === 0) return <Figure table={table} />;
  if (chart === 'line' && dims === 1) return <LineChart table={table} title={title} />;
  return <BarChart table={table} />;
}

/** A big number: the total (with what a percentage is of), and the parts when split by one dimension. */
export function Figure({ table }: { table: ReportTable }) {
  const t = useT();
  const { locale } = useApp();
  const detail = detailText(table.total, table, locale, t);
  const dim = table.dimensions.length === 1 ? table.dimensions[0] : null;
  return (
    <div className="figure">
      <p className="figure-value">
        <Shown text={valueText(table.total, table, locale)} t={t} />
      </p>
      {detail && <p className="figure-detail">{detail}</p>}
      {table.indicator.kind === 'deadline' && !table.total.suppressed && <DeadlineFacts cell={table.total} />}
      {dim && (
        <dl className="figure-parts">
          {dim.values.map((v) => (
            <div key={String(v.key)}>
              <dt>
                <bdi>{v.label}</bdi>
              </dt>
              <dd>
                <Shown text={valueText(cellAt(table, [v.key]), table, locale)} t={t} />
              </dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

function DeadlineFacts({ cell }: { cell: ReportCell }) {
  const t = useT();
  const { locale } = useApp();
  const m = cell.measures ?? {};
  if (!cell.n) return null;
  return (
    <p className="figure-detail">
      {t('chart.lateFacts', {
        late: formatNumber(m.late ?? 0, locale),
        missed: formatNumber(m.missed ?? 0, locale),
        open: formatNumber(m.stillOpen ?? 0, locale),
      })}
      {m.medianDelayHours !== null && m.medianDelayHours !== undefined && ` · ${t('chart.medianDelay', { h: formatNumber(m.medianDelayHours, locale, 1) })}`}
    </p>
  );
}

/**
 * Horizontal bars, one per value; split by two dimensions, one small chart per value of the first,
 * all on the same scale. A list, so a screen reader reads each label with its figure.
 */
export function BarChart({ table }: { table: ReportTable }) {
  const t = useT();
  const { locale } = useApp();
  const percent = table.indicator.unit === 'percent';
  const max = percent ? 100 : Math.max(1, ...table.cells.map((c) => (c.suppressed ? 0 : (c.value ?? 0))));
  const [first, second] = table.dimensions;
  if (first.values.length === 0 || (second && second.values.length === 0)) return <p className="meta">{t('chart.noData')}</p>;
  const bars = (prefix: Array<string | null>, dim: ReportTable['dimensions'][number]) => (
    <ul className={`bars${percent ? ' percent' : ''}`}>
      {dim.values.map((v) => {
        const cell = cellAt(table, [...prefix, v.key]);
        const text = valueText(cell, table, locale);
        const detail = detailText(cell, table, locale, t);
        const share = cell && !cell.suppressed && cell.value !== null ? Math.min(1, cell.value / max) : 0;
        return (
          <li key={String(v.key)} className="bar-row">
            <span className="bar-label">
              <bdi>{v.label}</bdi>
            </span>
            <span className="bar-track">
              <span className={`bar${text === '*' ? ' bar-hidden' : ''}`} style={{ '--share': share } as CSSProperties} aria-hidden="true" />
              <span className="bar-value">
                <Shown text={text} t={t} />
              </span>
            </span>
            {detail && <span className="bar-detail">{detail}</span>}
          </li>
        );
      })}
    </ul>
  );
  if (!second) return <div className="chart">{bars([], first)}</div>;
  return (
    <div className="chart bar-groups">
      {first.values.map((g) => (
        <section key={String(g.key)} className="bar-group">
          <h3>
            <bdi>{g.label}</bdi>
          </h3>
          {bars([g.key], second)}
        </section>
      ))}
    </div>
  );
}

/** Width of an element as laid out (the line chart is drawn for it). */
function useWidth<E extends HTMLElement>(): [RefObject<E | null>, number] {
  const ref = useRef<E>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

/** A round top for the scale: 1, 2, 2.5 or 5 times a power of ten. */
function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((m) => m >= v)!;
}

const H = 200;
const TOP = 22;
const BOTTOM = 30;
const SIDE = 44;
const END = 24;

/** A line over the values of one dimension (periods, in order); hidden points break the line. */
export function LineChart({ table, title }: { table: ReportTable; title: string }) {
  const t = useT();
  const { locale } = useApp();
  const uid = useId().replace(/[^A-Za-z0-9_-]/g, '');
  const [ref, width] = useWidth<HTMLDivElement>();
  const dim = table.dimensions[0];
  // "Not recorded" has no place on a time line; it stays in the table.
  const points = dim.values.filter((v) => v.key !== null).map((v) => ({ label: v.label, cell: cellAt(table, [v.key]) }));
  const percent = table.indicator.unit === 'percent';
  const top = percent ? 100 : niceMax(Math.max(0, ...points.map((p) => (p.cell?.suppressed ? 0 : (p.cell?.value ?? 0)))));
  const rtl = LOCALES[locale]?.dir === 'rtl';
  const W = Math.max(240, width);
  const plotW = W - SIDE - END;
  const step = points.length > 1 ? plotW / (points.length - 1) : 0;
  // Right to left, time runs from the right, and the scale stands on the right.
  const xAt = (i: number) => {
    const x = SIDE + (points.length > 1 ? i * step : plotW / 2);
    return rtl ? W - x : x;
  };
  const yAt = (v: number) => TOP + (H - TOP - BOTTOM) * (1 - v / top);
  const axisX = rtl ? W - SIDE : SIDE;
  const endX = rtl ? END : W - END;
  const labelEvery = Math.max(1, Math.ceil(60 / Math.max(step, 1)));
  const valuesFit = step >= 38 || points.length === 1;
  // The first and last labels are kept inside the drawing: anchored at their outer edge.
  const edgeAnchor = (i: number) =>
    points.length < 2 ? 'middle' : i === 0 ? (rtl ? 'end' : 'start') : i === points.length - 1 ? (rtl ? 'start' : 'end') : 'middle';
  const scale = (v: number) => (percent ? `${formatNumber(v, locale)} %` : formatNumber(v, locale));

  // Runs of consecutive shown points; a hidden or empty point ends a run.
  const runs: Array<Array<[number, number]>> = [[]];
  points.forEach((p, i) => {
    const c = p.cell;
    if (c && !c.suppressed && c.value !== null) runs[runs.length - 1].push([xAt(i), yAt(c.value)]);
    else if (runs[runs.length - 1].length) runs.push([]);
  });

  const first = points[0]?.label ?? '';
  const last = points[points.length - 1]?.label ?? '';
  return (
    <div className="chart line-chart" ref={ref}>
      {points.length === 0 ? (
        <p className="meta">{t('chart.noData')}</p>
      ) : (
        width > 0 && (
          <svg role="img" aria-labelledby={`${uid}-t ${uid}-d`} width={W} height={H} viewBox={`0 0 ${W} ${H}`} direction="ltr">
            <title id={`${uid}-t`}>{title}</title>
            <desc id={`${uid}-d`}>{t('chart.lineDesc', { dimension: dim.label, n: points.length, first, last })}</desc>
            {[0, top / 2, top].map((v) => (
              <g key={v} className="grid">
                <line x1={axisX} x2={endX} y1={yAt(v)} y2={yAt(v)} />
                <text x={rtl ? axisX + 6 : axisX - 6} y={yAt(v) + 4} textAnchor={rtl ? 'start' : 'end'}>
                  {scale(v)}
                </text>
              </g>
            ))}
            {runs
              .filter((r) => r.length > 1)
              .map((r, i) => (
                <polyline key={i} className="line" points={r.map(([x, y]) => `${x},${y}`).join(' ')} />
              ))}
            {points.map((p, i) => {
              const x = xAt(i);
              const c = p.cell;
              const shown = c && !c.suppressed && c.value !== null;
              return (
                <g key={i}>
                  {shown ? (
                    <circle className="point" cx={x} cy={yAt(c!.value!)} r="4" />
                  ) : (
                    <text className="point-hidden" x={x} y={yAt(0) - 6} textAnchor="middle">
                      {valueText(c, table, locale)}
                    </text>
                  )}
                  {shown && valuesFit && (
                    <text className="point-value" x={x} y={yAt(c!.value!) - 9} textAnchor="middle">
                      {valueText(c, table, locale)}
                    </text>
                  )}
                  {i % labelEvery === 0 && (
                    <text className="axis-label" x={x} y={H - 10} textAnchor={edgeAnchor(i)}>
                      {p.label}
                    </text>
                  )}
                </g>
              );
            })}
          </svg>
        )
      )}
    </div>
  );
}

/** The figures as a table: one row per value; two dimensions as rows × columns. Totals come from the server only. */
export function DataTable({ table, caption }: { table: ReportTable; caption: string }) {
  const t = useT();
  const { locale } = useApp();
  const [first, second] = table.dimensions;
  const percent = table.indicator.unit === 'percent';
  const deadline = table.indicator.kind === 'deadline';
  const f = (n: number | null | undefined, digits = 0) => (n === null || n === undefined ? '—' : formatNumber(n, locale, digits));
  const extraHead = percent
    ? [
        deadline ? t('chart.due') : t('chart.of'),
        ...(deadline ? [t('chart.met'), t('chart.late'), t('chart.missed'), t('chart.stillOpen'), t('chart.medianHours')] : []),
      ]
    : [];
  const extra = (c: ReportCell | undefined) => {
    if (!percent) return [];
    if (!c || c.suppressed) return extraHead.map(() => '*');
    const m = c.measures ?? {};
    return [f(c.n), ...(deadline ? [f(m.met), f(m.late), f(m.missed), f(m.stillOpen), f(m.medianDelayHours, 1)] : [])];
  };
  const cellText = (c: ReportCell | undefined) => {
    const v = valueText(c, table, locale);
    return percent && c && !c.suppressed && c.n !== null && second ? `${v} (${f(c.n)})` : v;
  };
  const Td = ({ text }: { text: string }) => (
    <td>
      <Shown text={text} t={t} />
    </td>
  );

  let head: string[];
  let rows: Array<{ label: string; cells: string[] }>;
  if (!first) {
    head = [t('chart.value'), ...extraHead];
    rows = [{ label: table.indicator.label, cells: [valueText(table.total, table, locale), ...extra(table.total)] }];
  } else if (!second) {
    head = [table.indicator.unit === 'percent' ? t('chart.percent') : t('chart.value'), ...extraHead];
    rows = first.values.map((v) => {
      const c = cellAt(table, [v.key]);
      return { label: v.label, cells: [valueText(c, table, locale), ...extra(c)] };
    });
    rows.push({ label: t('chart.total'), cells: [valueText(table.total, table, locale), ...extra(table.total)] });
  } else {
    head = second.values.map((v) => v.label);
    rows = first.values.map((v) => ({ label: v.label, cells: second.values.map((w) => cellText(cellAt(table, [v.key, w.key]))) }));
  }
  return (
    <div className="report-table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{first ? first.label + (second ? ` \\ ${second.label}` : '') : t('chart.indicator')}</th>
            {head.map((h, i) => (
              <th key={i} scope="col">
                <bdi>{h}</bdi>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <th scope="row">
                <bdi>{r.label}</bdi>
              </th>
              {r.cells.map((c, j) => (
                <Td key={j} text={c} />
              ))}
            </tr>
          ))}
        </tbody>
        {second && (
          <tfoot>
            <tr>
              <th scope="row">{t('chart.total')}</th>
              <td colSpan={head.length}>
                <Shown text={cellText(table.total)} t={t} />
              </td>
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}

/** What "*" and "—" mean, under a chart whose table has any. */
export function SuppressionNote({ table }: { table: ReportTable }) {
  const t = useT();
  const hidden = table.suppression.applied && (table.suppression.suppressedCells > 0 || table.total.suppressed);
  const empty = table.indicator.unit === 'percent' && [...table.cells, table.total].some((c) => !c.suppressed && c.value === null);
  if (!hidden && !empty) return null;
  return (
    <>
      {hidden && (
        <p className="suppression-note">
          <span aria-hidden="true">* </span>
          {t('chart.suppressed', { threshold: table.suppression.threshold })}
        </p>
      )}
      {empty && (
        <p className="suppression-note">
          <span aria-hidden="true">— </span>
          {t('chart.noValue')}
        </p>
      )}
    </>
  );
}
