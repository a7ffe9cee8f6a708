/**
 * Small-cell protection for aggregate tables. A cell counting fewer than `threshold` children (but
 * more than none) is suppressed (primary). Because marginal totals are published or can be asked
 * for, a line (all cells sharing every key but one, or the whole table) with exactly one
 * suppressed cell would let it be recomputed: the smallest other cell of that line is suppressed
 * too (complementary), or the line's total when nothing else is left. Repeated until stable.
 */
export interface SuppressibleCell {
  keys: Record<string, string | null>;
  /** The count the cell shows (children, events or deadlines). */
  n: number;
  /**
   * Other counts of the cell that must stay out of small-cell range and cannot be recomputed either
   * (a ratio's numerator, a deadline's late ones, the children behind events): each is protected
   * along every line like `n`.
   */
  also?: number[];
  suppressed: boolean;
}

export interface SuppressionOutcome {
  /** Whether the table's overall total must be hidden as well. */
  totalSuppressed: boolean;
  suppressedCells: number;
}

export function isSmall(n: number, threshold: number): boolean {
  return n > 0 && n < threshold;
}

/** Marks cells `suppressed` in place. `dimensions` are the key names of the table (0, 1 or 2). */
export function suppressSmallCells(cells: SuppressibleCell[], dimensions: string[], threshold: number): SuppressionOutcome {
  const counts = (c: SuppressibleCell) => [c.n, ...(c.also ?? [])];
  for (const c of cells) c.suppressed = counts(c).some((m) => isSmall(m, threshold));
  // Totals are published (or can be asked for), so only a small total is itself hidden.
  const width = Math.max(1, ...cells.map((c) => counts(c).length));
  const totals = Array.from({ length: width }, (_, k) => cells.reduce((sum, c) => sum + (counts(c)[k] ?? 0), 0));
  const totalSuppressed = totals.some((t) => isSmall(t, threshold));
  const lines = linesOf(cells, dimensions);
  let changed = true;
  while (changed) {
    changed = false;
    for (const line of lines) {
      const hidden = line.cells.filter((c) => c.suppressed);
      if (hidden.length !== 1) continue;
      // A hidden zero adds no doubt when the rest is known, so the smallest cell without a zero count
      // goes first (for a ratio its numerator must not be 0 either, or the numerators' total gives it away).
      const zeros = (c: SuppressibleCell) => counts(c).filter((m) => m === 0).length;
      const partner = line.cells.filter((c) => !c.suppressed).sort((a, b) => zeros(a) - zeros(b) || a.n - b.n || keyText(a).localeCompare(keyText(b)))[0];
      // Without a partner the line is that one cell, so its total is small and hidden where it is shown.
      if (!partner) continue;
      partner.suppressed = true;
      changed = true;
    }
  }
  return { totalSuppressed, suppressedCells: cells.filter((c) => c.suppressed).length };
}

interface Line {
  cells: SuppressibleCell[];
}

function keyText(c: SuppressibleCell): string {
  return JSON.stringify(c.keys);
}

/** Every line of the table: for each dimension, the groups of cells agreeing on all other keys; and the whole table. */
function linesOf(cells: SuppressibleCell[], dimensions: string[]): Line[] {
  const lines: Line[] = [{ cells }];
  if (dimensions.length < 2) return lines;
  for (const free of dimensions) {
    const groups = new Map<string, SuppressibleCell[]>();
    for (const c of cells) {
      const fixed = JSON.stringify(dimensions.filter((d) => d !== free).map((d) => c.keys[d]));
      const group = groups.get(fixed);
      if (group) group.push(c);
      else groups.set(fixed, [c]);
    }
    for (const g of groups.values()) lines.push({ cells: g });
  }
  return lines;
}
