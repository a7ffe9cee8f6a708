import { DomainError, pickLabel } from '@app/core';
import type { DimensionContext, DimensionValue, ResolvedDimension } from './dimensions';
import type { ResolvedIndicator } from './indicator-catalogue';
import { blank, percent, ReportCell, ReportTable } from './report-table';
import type { AggregateRow } from './reports.repository';
import { ReportErrorCode } from './reporting.errors';
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

/** A table larger than this is refused rather than built (memory, and suppression's passes). */
export const MAX_CELLS = 10_000;
const PROTECTED = ['numerator', 'cases', 'met', 'late', 'missed', 'stillOpen'] as const;
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const keyOf = (keys: Array<string | null>) => JSON.stringify(keys);

/** The figures of one cell from its aggregate row(s). */
function cellFigures(kind: ResolvedIndicator['kind'], row: AggregateRow | undefined, den: AggregateRow | undefined): Omit<ReportCell, 'keys' | 'suppressed'> {
  if (kind === 'count') return { n: num(row?.n), value: num(row?.n), ...(row && 'cases' in row ? { measures: { cases: num(row.cases) } } : {}) };
  if (kind === 'ratio') {
    const numerator = num(row?.n);
    const denominator = num(den?.n);
    return { n: denominator, value: percent(numerator, denominator), measures: { numerator } };
  }
  const n = num(row?.n);
  const met = num(row?.met);
  const median = row?.median_delay_hours;
  return {
    n,
    value: percent(met, n),
    measures: {
      cases: num(row?.cases),
      met,
      late: num(row?.late),
      missed: num(row?.missed),
      stillOpen: num(row?.open_overdue),
      medianDelayHours: median === null || median === undefined ? null : Math.round(Number(median) * 10) / 10,
    },
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
        const label = d.parsed.kind === 'worker' && k !== null ? (workers.get(k) ?? k) : d.kind.valueLabel(k, d.parsed.arg, ctx);
        values.push({ key: k, label });
      }
    }
    return { id: d.id, label: d.kind.label(d.parsed.arg, ctx), values };
  });

  const size = dimensions.reduce((p, d) => p * Math.max(1, d.values.length), 1);
  if (size > MAX_CELLS) {
    throw new DomainError(
      ReportErrorCode.BadReportQuery,
      `This split would give ${size.toLocaleString('en')} cells (at most ${MAX_CELLS.toLocaleString('en')}): choose coarser dimensions, a shorter period or a place.`,
      { errors: [{ path: '/by', message: 'too many cells' }] },
    );
  }
  const combos: Array<Array<string | null>> = dimensions.reduce<Array<Array<string | null>>>(
    (acc, dim) => acc.flatMap((prefix) => dim.values.map((v) => [...prefix, v.key])),
    [[]],
  );
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
    // Every count a cell shows is protected: a ratio's numerator, a deadline's kept, late, missed and open ones,
    // the children behind events (a median delay is shown only with its late ones).
    const marks = cells.map((c) => ({
      keys: c.keys,
      n: c.n ?? 0,
      also: PROTECTED.map((m) => c.measures?.[m]).filter((v): v is number => typeof v === 'number'),
      suppressed: false,
    }));
    const outcome = suppressSmallCells(
      marks,
      by.map((d) => d.id),
      input.threshold,
    );
    suppressedCells = outcome.suppressedCells;
    shownCells = cells.map((c, i) => (marks[i].suppressed ? blank(c) : c));
    const totalSmall = PROTECTED.some((m) => typeof total.measures?.[m] === 'number' && isSmall(total.measures[m] as number, input.threshold));
    if (outcome.totalSuppressed || totalSmall) shownTotal = blank(total);
  }
  return {
    indicator: {
      id: indicator.id,
      label: pickLabel(indicator.label, locale),
      description: indicator.description ? pickLabel(indicator.description, locale) : null,
      kind: indicator.kind,
      unit: indicator.kind === 'count' ? 'count' : 'percent',
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
  if (kind === 'count') {
    const n = sum((c) => c.n ?? 0);
    // Events: the children behind the total, counted once each (a child may appear in several cells).
    return { keys: {}, n, value: n, ...(ungrouped && 'cases' in ungrouped ? { measures: { cases: num(ungrouped.cases) } } : {}), suppressed: false };
  }
  if (kind === 'ratio') {
    const numerator = sum((c) => num(c.measures?.numerator));
    const denominator = sum((c) => c.n ?? 0);
    return { keys: {}, n: denominator, value: percent(numerator, denominator), measures: { numerator }, suppressed: false };
  }
  return { keys: {}, ...cellFigures('deadline', ungrouped, undefined), suppressed: false };
}
