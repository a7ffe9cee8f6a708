/**
 * dhis2.json (optional): how the pack's indicators are reported to a DHIS2 server as aggregate
 * data values. The server's address and credentials are the deployment's (DHIS2_URL...), never the pack's.
 */
export interface Dhis2Def {
  /** DHIS2 data set id the values belong to (sent as `dataSet`). */
  dataSet: string;
  periodType: Dhis2PeriodType;
  /** Whose report scope the figures are computed in: a role of roles.json at a location code (the pack's reporting rules decide what it counts). */
  scope: { role: string; location: string };
  /** Locations of one level of locations.json → DHIS2 organisation unit ids. */
  orgUnits: { level: string; map: Record<string, string> };
  dataElements: Dhis2DataElementDef[];
  /** Hour of the day (pack time zone) from which the previous period is pushed; absent: no scheduled push. */
  scheduleHour?: number;
}

export type Dhis2PeriodType = 'weekly' | 'monthly' | 'quarterly';

export interface Dhis2DataElementDef {
  /** An indicator of reporting.json (counts; `deadline.<id>` ones too). */
  indicator: string;
  dataElement: string;
  /** The one dimension (reporting's vocabulary: sex, ageBand, caseType...) split into category option combos; absent: one value. */
  by?: string;
  /** Dimension value key → category option combo id (when `by` is set). */
  categoryOptionCombos?: Record<string, string>;
  /** The category option combo of the single value (when `by` is absent; DHIS2's default is HllvX50cXC0). */
  categoryOptionCombo?: string;
}
