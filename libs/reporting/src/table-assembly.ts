import { pickLabel } from '@app/core';
import type { DimensionContext, DimensionValue, ResolvedDimension } from './dimensions';
import type { ResolvedIndicator } from './indicator-catalogue';
import { blank, percent, ReportCell, ReportTable } from './report-table';
import type { AggregateRow } from './reports.repository';
import { isSmall, suppressSmallCells } from './suppression';

export interface MeasuredRows {
  main: AggregateRow[];
  denominator?: AggregateRow[];
  /** Deadlines split by a dimension: the ungrouped row, for the overall median. */
  totalMain?: AggregateRow[];
}

export interface AssemblyInput {
  indicator: ResolvedIndicator;
  by: ResolvedDimension[];
  rows: MeasuredRows;
  ctx: DimensionContext;
  locale: string;
  workers: Map<string, string>;
  threshold: number;
  suppress: boolean;
  period: { from: string | null; to: string | null };
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const keyOf = (keys: Array<string | null>) => JSON.stringify(keys);

/** The figures of one cell from its aggregate row(s). */
function cellFigures(kind: ResolvedIndicator['kind'], row: AggregateRow | undefined, den: AggregateRow | undefined): Omit<ReportCell, 'keys' | 'suppressed'> {
  if (kind === 'count') return { n: num(row?.n), value: num(row?.n) };
  if (kind === 'ratio') {
    const numerator = num(row?.n);
    const denominator = num(den?.n);
    return { n: denominator, value: percent(numerator, denominator), measures: { numerator } };
  }
  const n = num(row?.n);
  const met = num(row?.met);
  const median = row?.median_delay_hours;
  return {
    n, value: percent(met, n),
    measures: { met, late: n - met, stillOpen: num(row?.open_overdue), medianDelayHours: median === null || median === undefined ? null : Math.round(Number(median) * 10) / 10 },
  };
}

/** Rows → cells (zero cells for every known value), labels, totals and small-cell protection. */
export function assembleTable(input: AssemblyInput): ReportTable {
  const { indicator, by, rows, ctx, locale, workers } = input;
  const rowKeys = (r: AggregateRow) => by.map((_, i) => (r[`k${i}`] === null || r[`k${i}`] === undefined ? null : String(r[`k${i}`])));
  const main = new Map(rows.main.map((r) => [keyOf(rowKeys(r)), r]));
  const den = new Map((rows.denominator ?? []).map((r) => [keyOf(rowKeys(r)), r]));

  // Known values of each dimension, then any value found outside them (e.g. not recorded).
  const dimensions = by.map((d, i) => {
    const known: DimensionValue[] = d.kind.values(d.parsed.arg, ctx) ?? [];
    const found = new Set([...rows.main, ...(rows.denominator ?? [])].map((r) => rowKeys(r)[i]));
    const values = [...known];
    for (const k of [...found].sort((a, b) => String(a ?? '\uffff').localeCompare(String(b ?? '\uffff')))) {
      if (!values.some((v) => v.key === k)) {
        const label = d.parsed.kind === 'worker' && k !== null ? workers.get(k) ?? k : d.kind.valueLabel(k, d.parsed.arg, ctx);
        values.push({ key: k, label });
      }
    }
    return { id: d.id, label: d.kind.label(d.parsed.arg, ctx), values };
  });

  const combos: Array<Array<string | null>> = dimensions.reduce<Array<Array<string | null>>>(
    (acc, dim) => acc.flatMap((prefix) => dim.values.map((v) => [...prefix, v.key])), [[]]);
  const cells: ReportCell[] = combos.map((keys) => ({
    keys: Object.fromEntries(by.map((d, i) => [d.id, keys[i]])),
    ...cellFigures(indicator.kind, main.get(keyOf(keys)), den.get(keyOf(keys))),
    suppressed: false,
  }));

  const total = totalCell(indicator.kind, cells, rows.totalMain?.[0] ?? (by.length === 0 ? rows.main[0] : undefined));
  let suppressedCells = 0;
  let shownCells = cells;
  let shownTotal = total;
  if (input.suppress) {
    const marks = cells.map((c) => ({ keys: c.keys, n: c.n ?? 0, also: c.measures?.numerator !== undefined ? [num(c.measures.numerator)] : [], suppressed: false }));
    const outcome = suppressSmallCells(marks, by.map((d) => d.id), input.threshold);
    suppressedCells = outcome.suppressedCells;
    shownCells = cells.map((c, i) => (marks[i].suppressed ? blank(c) : c));
    const totalNumeratorSmall = total.measures?.numerator !== undefined && isSmall(num(total.measures.numerator), input.threshold);
    if (outcome.totalSuppressed || totalNumeratorSmall) shownTotal = blank(total);
  }
  return {
    indicator: {
      id: indicator.id, label: pickLabel(indicator.label, locale), description: indicator.description ? pickLabel(indicator.description, locale) : null,
      kind: indicator.kind, unit: indicator.kind === 'count' ? 'count' : 'percent',
    },
    dimensions,
    cells: shownCells,
    total: shownTotal,
    period: input.period,
    suppression: { applied: input.suppress, threshold: input.threshold, suppressedCells },
  };
}

function totalCell(kind: ResolvedIndicator['kind'], cells: ReportCell[], ungrouped: AggregateRow | undefined): ReportCell {
  const sum = (f: (c: ReportCell) => number) => cells.reduce((s, c) => s + f(c), 0);
  if (kind === 'count') return { keys: {}, n: sum((c) => c.n ?? 0), value: sum((c) => c.n ?? 0), suppressed: false };
  if (kind === 'ratio') {
    const numerator = sum((c) => num(c.measures?.numerator));
    const denominator = sum((c) => c.n ?? 0);
    return { keys: {}, n: denominator, value: percent(numerator, denominator), measures: { numerator }, suppressed: false };
  }
  return { keys: {}, ...cellFigures('deadline', ungrouped, undefined), suppressed: false };
}
