import type { DimensionValue } from './dimensions';

export type IndicatorKind = 'count' | 'ratio' | 'deadline';

/** One cell of an indicator table. Suppressed cells carry no numbers at all. */
export interface ReportCell {
  /** Dimension id → value key (null = not recorded). */
  keys: Record<string, string | null>;
  /** What the cell counts: cases, events, deadlines due, or a ratio's denominator. */
  n: number | null;
  /** The figure shown: n for counts, a percentage for ratios and deadline compliance. */
  value: number | null;
  /** Deadlines: cases, met, late (kept late), missed (never kept), stillOpen, medianDelayHours; ratios: numerator. */
  measures?: Record<string, number | null>;
  suppressed: boolean;
}

export interface ReportTable {
  indicator: { id: string; label: string; description: string | null; kind: IndicatorKind; unit: 'count' | 'percent' };
  dimensions: Array<{ id: string; label: string; values: DimensionValue[] }>;
  cells: ReportCell[];
  total: ReportCell;
  /** The period the rows are dated in (ISO instants; null = unbounded). */
  period: { from: string | null; to: string | null };
  suppression: { applied: boolean; threshold: number; suppressedCells: number };
  /** When the figures were computed (ISO instant): now, or up to the report snapshots' bound ago for expensive ones. */
  asOf?: string;
}

/** A cell with its numbers removed. */
export function blank(cell: ReportCell): ReportCell {
  return { keys: cell.keys, n: null, value: null, measures: undefined, suppressed: true };
}

export function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((1000 * part) / whole) / 10 : null;
}
