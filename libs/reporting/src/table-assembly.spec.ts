import type { SopPack } from '@app/pack-types';
import type { DimensionKind, ResolvedDimension } from './dimensions';
import type { ResolvedIndicator } from './indicator-catalogue';
import type { AggregateRow } from './reports.repository';
import { assembleTable, AssemblyInput } from './table-assembly';

/** SOP compliance of one deadline: the aggregate rows the database would give, assembled into a table. */
const indicator: ResolvedIndicator = {
  id: 'deadline.initial_assessment_due',
  label: { en: 'Initial assessment: kept on time' },
  kind: 'deadline',
  measure: { source: 'deadlines', deadlineId: 'initial_assessment_due' },
  current: false,
  fields: [],
};
const place: DimensionKind = { sql: () => 'c.location_code', label: () => 'Place', values: () => null, valueLabel: (k) => k ?? '' };
const byPlace: ResolvedDimension = { id: 'place', parsed: { kind: 'location', arg: 'community' }, kind: place };
const row = (k0: string | undefined, r: { met: number; late: number; missed: number; open: number; median?: string | null }): AggregateRow => ({
  ...(k0 === undefined ? {} : { k0 }),
  n: r.met + r.late + r.missed + r.open,
  cases: r.met + r.late + r.missed + r.open,
  met: r.met,
  late: r.late,
  missed: r.missed,
  open_overdue: r.open,
  median_delay_hours: r.median ?? null,
});
const input = (over: Partial<AssemblyInput>): AssemblyInput => ({
  indicator,
  by: [],
  rows: { main: [] },
  ctx: { pack: {} as SopPack, locale: 'en', dateSql: 'd.due_at' },
  locale: 'en',
  workers: new Map(),
  threshold: 5,
  suppress: true,
  period: { from: null, to: null },
  ...over,
});

describe('SOP compliance table', () => {
  it('counts missed deadlines among those due and not as kept: the share is of all that fell due', () => {
    const table = assembleTable(input({ rows: { main: [row(undefined, { met: 10, late: 5, missed: 5, open: 5, median: '65.04' })] } }));
    expect(table.total).toEqual({
      keys: {},
      n: 25,
      value: 40,
      measures: { cases: 25, met: 10, late: 5, missed: 5, stillOpen: 5, medianDelayHours: 65 },
      suppressed: false,
    });
  });

  it('hides a cell whose missed count is small, and a second one so that it cannot be worked out from the total', () => {
    const rows = [
      row('A', { met: 10, late: 5, missed: 0, open: 5 }),
      row('B', { met: 10, late: 5, missed: 2, open: 5 }),
      row('C', { met: 9, late: 6, missed: 5, open: 5 }),
    ];
    const totalMain = [row(undefined, { met: 29, late: 16, missed: 7, open: 15 })];
    const table = assembleTable(input({ by: [byPlace], rows: { main: rows, totalMain } }));
    const cell = (k: string) => table.cells.find((c) => c.keys.place === k)!;
    expect(cell('B')).toEqual({ keys: { place: 'B' }, n: null, value: null, measures: undefined, suppressed: true });
    // C, not A: A's zero missed adds no doubt, so hiding it would leave B's missed count to subtraction.
    expect(cell('C').suppressed).toBe(true);
    expect(cell('A')).toMatchObject({ n: 20, value: 50, measures: { met: 10, late: 5, missed: 0, stillOpen: 5 }, suppressed: false });
    expect(table.total).toMatchObject({ n: 67, measures: { missed: 7 }, suppressed: false });
    expect(table.suppression.suppressedCells).toBe(2);
  });

  it('hides the total when only its missed count is small', () => {
    const table = assembleTable(input({ rows: { main: [row(undefined, { met: 10, late: 5, missed: 3, open: 5 })] } }));
    expect(table.total).toMatchObject({ n: null, value: null, suppressed: true });
  });
});
