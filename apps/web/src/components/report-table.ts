import type { IndicatorCell, IndicatorTable } from '../api-types';

/** A report table as the API sends it, and pure helpers over it (no DOM, no React). */

export type ReportCell = IndicatorCell;

export type ReportTable = IndicatorTable;

/** The cell at these keys (in the order of the table's dimensions). */
export function cellAt(table: ReportTable, keys: Array<string | null>): ReportCell | undefined {
  return table.cells.find((c) => table.dimensions.every((d, i) => c.keys[d.id] === keys[i]));
}

type PeriodUnit = 'month' | 'quarter' | 'year';
const PERIOD_KEY: Record<PeriodUnit, RegExp> = { month: /^(\d{4})-(\d{2})$/, quarter: /^(\d{4})-Q([1-4])$/, year: /^(\d{4})$/ };
const MAX_PERIODS = 400;

/** A period key as a number (months, quarters or years since year 0), and back. */
function periodIndex(unit: PeriodUnit, key: string | null): number | null {
  const m = key === null ? null : PERIOD_KEY[unit].exec(key);
  if (!m) return null;
  const y = Number(m[1]);
  return unit === 'month' ? y * 12 + Number(m[2]) - 1 : unit === 'quarter' ? y * 4 + Number(m[2]) - 1 : y;
}
function periodKey(unit: PeriodUnit, i: number): string {
  if (unit === 'year') return String(i);
  const per = unit === 'month' ? 12 : 4;
  const y = Math.floor(i / per);
  const n = (i % per) + 1;
  return unit === 'month' ? `${y}-${String(n).padStart(2, '0')}` : `${y}-Q${n}`;
}
/** The period an instant falls in, in the pack's time zone (the server groups rows in it). */
function periodOfInstant(unit: PeriodUnit, at: Date, timeZone?: string): number {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(at);
  const y = Number(parts.find((p) => p.type === 'year')!.value);
  const m = Number(parts.find((p) => p.type === 'month')!.value);
  return unit === 'month' ? y * 12 + m - 1 : unit === 'quarter' ? y * 4 + Math.floor((m - 1) / 3) : y;
}

/**
 * The server lists only the periods something happened in; a time line must show the others too,
 * or two points months apart would look adjacent. Each missing period of the table's period (up to
 * now when open-ended) is added as what it is: a count of 0, a percentage of nothing ("—"). A zero
 * reveals no child, so no small-cell rule applies to it.
 */
export function withAllPeriods(table: ReportTable, timeZone?: string, now = new Date()): ReportTable {
  let changed = false;
  const dimensions = table.dimensions.map((d) => {
    const unit = /^period:(month|quarter|year)$/.exec(d.id)?.[1] as PeriodUnit | undefined;
    if (!unit) return d;
    const found = d.values.map((v) => periodIndex(unit, v.key)).filter((i): i is number => i !== null);
    const from = table.period.from ? periodOfInstant(unit, new Date(table.period.from), timeZone) : null;
    const to = periodOfInstant(unit, table.period.to ? new Date(Date.parse(table.period.to) - 1) : now, timeZone);
    const start = Math.min(...(from !== null ? [from] : []), ...found);
    const end = Math.max(to, ...found);
    if (!Number.isFinite(start) || end - start >= MAX_PERIODS) return d;
    const byKey = new Map(d.values.map((v) => [v.key, v]));
    const values = [];
    for (let i = start; i <= end; i++) values.push(byKey.get(periodKey(unit, i)) ?? { key: periodKey(unit, i), label: periodKey(unit, i) });
    const others = d.values.filter((v) => periodIndex(unit, v.key) === null);
    if (values.length + others.length === d.values.length) return d;
    changed = true;
    return { ...d, values: [...values, ...others] };
  });
  if (!changed) return table;
  const empty = (keys: Record<string, string | null>): ReportCell => {
    const kind = table.indicator.kind;
    if (kind === 'count') return { keys, n: 0, value: 0, suppressed: false };
    if (kind === 'ratio') return { keys, n: 0, value: null, measures: { numerator: 0 }, suppressed: false };
    return { keys, n: 0, value: null, measures: { met: 0, late: 0, missed: 0, stillOpen: 0, medianDelayHours: null }, suppressed: false };
  };
  const combos = dimensions.reduce<Array<Array<string | null>>>((acc, d) => acc.flatMap((p) => d.values.map((v) => [...p, v.key])), [[]]);
  const next = { ...table, dimensions };
  const cells = combos.map((keys) => cellAt(table, keys) ?? empty(Object.fromEntries(dimensions.map((d, i) => [d.id, keys[i]]))));
  return { ...next, cells };
}
