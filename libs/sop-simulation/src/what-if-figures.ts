import { isSmall } from '@app/reporting';
import type { ReplayedDeadline } from './what-if-replay';

/** What SOP compliance counts for one deadline, as the live report counts it (deadlines that fell due in the period). */
export interface ComplianceCounts {
  /** Deadlines due in the period that count: kept on time, kept late, missed or still open past their time. */
  due: number;
  /** Distinct cases behind them (small-cell protection looks at children too). */
  cases: number;
  met: number;
  late: number;
  missed: number;
  stillOpen: number;
}

const ZERO: ComplianceCounts = { due: 0, cases: 0, met: 0, late: 0, missed: 0, stillOpen: 0 };

export const COUNT_NAMES = ['due', 'cases', 'met', 'late', 'missed', 'stillOpen'] as const;
export type CountName = (typeof COUNT_NAMES)[number];

/** Shown figures: numbers, or `null` everywhere when the cell is suppressed. */
export interface ShownFigures {
  suppressed: boolean;
  counts: Record<CountName, number> | null;
  /** Share kept on time, in percent (one decimal), null when nothing fell due or suppressed. */
  keptOnTimePercent: number | null;
}

/** Counts per deadline id, built case after case so no case is kept once counted. */
export class ComplianceTally {
  private readonly byDeadline = new Map<string, ComplianceCounts>();

  constructor(
    private readonly from: Date,
    private readonly to: Date,
    private readonly now: Date,
  ) {}

  /** Adds one case's deadlines (each case once): those due in [from, to) that were kept, missed, or are still open past their time. */
  add(deadlines: ReplayedDeadline[]): void {
    const counted = new Set<string>();
    for (const d of deadlines) {
      const due = d.dueAt.getTime();
      if (due < this.from.getTime() || due >= this.to.getTime()) continue;
      // Cancelled ones stopped applying before they fell due; open ones not yet due are not judged yet.
      if (d.status === 'cancelled' || (d.status === 'open' && due > this.now.getTime())) continue;
      const c = this.counts(d.definitionId);
      c.due++;
      if (!counted.has(d.definitionId)) c.cases++;
      counted.add(d.definitionId);
      if (d.status === 'open') c.stillOpen++;
      else c[d.status]++;
    }
  }

  /** The counts of one deadline (all zero when none fell due). */
  result(definitionId: string): ComplianceCounts {
    return { ...(this.byDeadline.get(definitionId) ?? ZERO) };
  }

  private counts(id: string) {
    let c = this.byDeadline.get(id);
    if (!c) {
      c = { ...ZERO };
      this.byDeadline.set(id, c);
    }
    return c;
  }
}

/** A percentage with one decimal, as the live report shows it. */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((1000 * part) / whole) / 10 : null;
}

/**
 * The live report's rule for a table of one cell: hidden when any count it shows (deadlines due,
 * children, kept, late, missed, still open) is small (1 to threshold − 1). Hidden cells carry no number.
 */
export function shown(c: ComplianceCounts, threshold: number): ShownFigures {
  if (COUNT_NAMES.some((k) => isSmall(c[k], threshold))) return { suppressed: true, counts: null, keptOnTimePercent: null };
  return { suppressed: false, counts: { ...c }, keptOnTimePercent: percent(c.met, c.due) };
}

/** Draft minus published; suppressed when either side is, so a difference never gives a hidden count away. */
export interface FiguresChange {
  suppressed: boolean;
  counts: Record<CountName, number> | null;
  keptOnTimePoints: number | null;
}

export function change(published: ShownFigures, draft: ShownFigures): FiguresChange {
  if (published.suppressed || draft.suppressed || !published.counts || !draft.counts) return { suppressed: true, counts: null, keptOnTimePoints: null };
  const p = published.counts;
  const d = draft.counts;
  const counts = Object.fromEntries(COUNT_NAMES.map((k) => [k, d[k] - p[k]])) as Record<CountName, number>;
  const points =
    published.keptOnTimePercent === null || draft.keptOnTimePercent === null
      ? null
      : Math.round(10 * (draft.keptOnTimePercent - published.keptOnTimePercent)) / 10;
  return { suppressed: false, counts, keptOnTimePoints: points };
}
