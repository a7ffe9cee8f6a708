import { suppressSmallCells, SuppressibleCell } from './suppression';

const cell = (keys: Record<string, string | null>, n: number, also?: number[]): SuppressibleCell => ({ keys, n, also, suppressed: false });
const hidden = (cells: SuppressibleCell[]) => cells.filter((c) => c.suppressed).map((c) => Object.values(c.keys).join('/'));

describe('small-cell suppression', () => {
  it('hides counts from 1 to threshold-1 and shows zeros and larger counts', () => {
    const cells = [cell({ sex: 'female' }, 0), cell({ sex: 'male' }, 5), cell({ sex: 'x' }, 4), cell({ sex: 'y' }, 12)];
    const out = suppressSmallCells(cells, ['sex'], 5);
    // 4 is small; with the total shown it could be recomputed, so the smallest non-zero cell is hidden too.
    expect(hidden(cells)).toEqual(['male', 'x']);
    expect(out).toEqual({ totalSuppressed: false, suppressedCells: 2 });
  });

  it('adds a complementary cell when one small cell could be recomputed from the total', () => {
    const cells = [cell({ sex: 'female' }, 3), cell({ sex: 'male' }, 40), cell({ sex: 'other' }, 9)];
    suppressSmallCells(cells, ['sex'], 5);
    expect(hidden(cells)).toEqual(['female', 'other']);
  });

  it('needs no complementary cell when two cells are already small', () => {
    const cells = [cell({ sex: 'female' }, 3), cell({ sex: 'male' }, 2), cell({ sex: 'other' }, 9)];
    suppressSmallCells(cells, ['sex'], 5);
    expect(hidden(cells)).toEqual(['female', 'male']);
  });

  it('hides a small total', () => {
    const cells = [cell({ status: 'open' }, 2), cell({ status: 'closed' }, 1)];
    expect(suppressSmallCells(cells, ['status'], 5).totalSuppressed).toBe(true);
  });

  it('protects rows and columns of a two-way table, repeating until no line has a single hidden cell', () => {
    //            0-4  5-9  10-14
    // female      3   20    30
    // male       25   22     8
    const cells = [
      cell({ sex: 'female', age: '0' }, 3),
      cell({ sex: 'female', age: '5' }, 20),
      cell({ sex: 'female', age: '10' }, 30),
      cell({ sex: 'male', age: '0' }, 25),
      cell({ sex: 'male', age: '5' }, 22),
      cell({ sex: 'male', age: '10' }, 8),
    ];
    suppressSmallCells(cells, ['sex', 'age'], 5);
    const h = hidden(cells);
    // The whole table: 3 alone → 8 (the smallest); column 0-4: 3 alone → 25; column 10-14: 8 alone → 30.
    // Rows then hold two hidden cells each: nothing can be recomputed from row or column totals.
    expect(h).toEqual(['female/0', 'female/10', 'male/0', 'male/10']);
    for (const dim of ['sex', 'age']) {
      const groups = new Map<string, number>();
      for (const c of cells) {
        const other = dim === 'sex' ? c.keys.age : c.keys.sex;
        if (c.suppressed) groups.set(other!, (groups.get(other!) ?? 0) + 1);
      }
      for (const count of groups.values()) expect(count).not.toBe(1);
    }
  });

  it('hides a ratio whose numerator is small even when the denominator is not', () => {
    const cells = [cell({ d: 'CH' }, 50, [2]), cell({ d: 'ST' }, 40, [10]), cell({ d: 'OR' }, 60, [12])];
    suppressSmallCells(cells, ['d'], 5);
    expect(hidden(cells)).toEqual(['CH', 'ST']);
  });

  it('hides a zero as the complementary cell only when no other cell is left', () => {
    const cells = [cell({ s: 'open' }, 0), cell({ s: 'closed' }, 3)];
    suppressSmallCells(cells, ['s'], 5);
    expect(hidden(cells)).toEqual(['open', 'closed']);
  });

  it("protects a ratio's numerators too: the second hidden cell has a non-zero numerator", () => {
    // A 2/100, B 0/150, C 40/300: hiding B with A would let the numerators' total (42) give A away.
    const cells = [cell({ d: 'A' }, 100, [2]), cell({ d: 'B' }, 150, [0]), cell({ d: 'C' }, 300, [40])];
    suppressSmallCells(cells, ['d'], 5);
    expect(hidden(cells)).toEqual(['A', 'C']);
  });

  it('hides the total when another count of it is small', () => {
    const cells = [cell({ d: 'A' }, 100, [2]), cell({ d: 'B' }, 150, [1])];
    expect(suppressSmallCells(cells, ['d'], 5).totalSuppressed).toBe(true);
  });

  it('leaves a table without small cells alone', () => {
    const cells = [cell({}, 17)];
    expect(suppressSmallCells(cells, [], 5)).toEqual({ totalSuppressed: false, suppressedCells: 0 });
  });
});
