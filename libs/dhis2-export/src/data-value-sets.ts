import type { Dhis2DataElementDef, Dhis2Def } from '@app/pack-types';
import type { ReportTable } from '@app/reporting';
import type { Dhis2Period } from './dhis2-periods';

/** One value of DHIS2's dataValueSets format (values are strings there). */
export interface DataValue {
  dataElement: string;
  period: string;
  orgUnit: string;
  categoryOptionCombo: string;
  value: string;
}

/** The body of POST /api/dataValueSets (JSON). No completeDate: sending figures does not mark the data set complete. */
export interface DataValueSet {
  dataSet: string;
  period: string;
  dataValues: DataValue[];
}

/** What happens to one cell: sent, left out because small (suppressed), or left out because its category has no combo in dhis2.json. */
export type PreviewCellStatus = 'sent' | 'suppressed' | 'unmapped';

export interface PreviewRow {
  indicator: { id: string; label: string };
  dataElement: string;
  orgUnit: { code: string; label: string; id: string };
  /** The dimension value (null for an indicator sent as one value). */
  category: { key: string | null; label: string; id: string | null } | null;
  value: number | null;
  status: PreviewCellStatus;
}

/** One mapped indicator's table: split by the org unit level, then by the mapping's dimension if any. */
export interface MappedTable {
  mapping: Dhis2DataElementDef;
  table: ReportTable;
}

/** The dimensions a mapped indicator is computed by (the same ids a dashboard widget would use). */
export function tableDimensions(def: Dhis2Def, mapping: Dhis2DataElementDef): string[] {
  return [`location:${def.orgUnits.level}`, ...(mapping.by ? [mapping.by] : [])];
}

/**
 * Tables → the data value set and its preview. Suppressed cells are left out (never sent as 0: a
 * zero would be a figure DHIS2 shows and adds up); zero cells that are not suppressed are sent.
 */
export function buildDataValueSet(
  def: Dhis2Def,
  period: Dhis2Period,
  tables: MappedTable[],
  placeNames: ReadonlyMap<string, string> = new Map(),
): { payload: DataValueSet; rows: PreviewRow[] } {
  const rows: PreviewRow[] = [];
  const dataValues: DataValue[] = [];
  for (const { mapping, table } of tables) {
    const [place, split] = table.dimensions;
    const label = (dim: ReportTable['dimensions'][number] | undefined, key: string | null) =>
      dim?.values.find((v) => v.key === key)?.label ?? (dim === place && key ? placeNames.get(key) : undefined) ?? String(key);
    // A place lists only where cases were found: a mapped place without any has zero in every category
    // (a zero is a figure, not a small cell), so DHIS2 gets 0 rather than a gap.
    const found = new Set(table.cells.map((c) => c.keys[place.id]));
    const zeros = Object.keys(def.orgUnits.map)
      .filter((code) => !found.has(code))
      .flatMap((code) =>
        split
          ? Object.keys(mapping.categoryOptionCombos ?? {}).map((key) => ({ keys: { [place.id]: code, [split.id]: key }, n: 0, value: 0, suppressed: false }))
          : [{ keys: { [place.id]: code }, n: 0, value: 0, suppressed: false }],
      );
    for (const cell of [...table.cells, ...zeros]) {
      const code = cell.keys[place.id];
      const orgUnit = code === null ? undefined : def.orgUnits.map[code];
      if (code === null || !orgUnit) continue;
      const key = split ? cell.keys[split.id] : null;
      const coc = split ? (key === null ? undefined : mapping.categoryOptionCombos?.[key]) : mapping.categoryOptionCombo;
      const status: PreviewCellStatus = cell.suppressed ? 'suppressed' : coc ? 'sent' : 'unmapped';
      // An empty category nobody mapped ("not recorded", an age band past childhood) loses nothing: not listed.
      if (status === 'unmapped' && !cell.value) continue;
      rows.push({
        indicator: { id: table.indicator.id, label: table.indicator.label },
        dataElement: mapping.dataElement,
        orgUnit: { code, label: label(place, code), id: orgUnit },
        category: split ? { key, label: label(split, key), id: coc ?? null } : null,
        value: cell.suppressed ? null : cell.value,
        status,
      });
      if (status === 'sent') {
        dataValues.push({ dataElement: mapping.dataElement, period: period.id, orgUnit, categoryOptionCombo: coc!, value: String(cell.value ?? 0) });
      }
    }
  }
  return { payload: { dataSet: def.dataSet, period: period.id, dataValues }, rows };
}
