import type { LocationNode, SopPack } from '@app/pack-types';
import { jp, PackIssue } from './pack-issue';
import { parseDimension } from './validate-reporting';

const F = 'dhis2.json';

/** Dimensions a category option combo can stand for: place and period are DHIS2's own org unit and period; workers are people, not categories. */
const NOT_CATEGORIES = new Set(['location', 'period', 'worker']);

/**
 * dhis2.json's references: the scope's role and place, the org unit level and locations, and each
 * data element's indicator (a count of reporting.json) and dimension. Id formats are the schema's.
 */
export function checkDhis2(pack: SopPack): PackIssue[] {
  const d = pack.dhis2;
  if (!d) return [];
  const issues: PackIssue[] = [];
  const err = (path: string, code: string, message: string) => issues.push({ file: F, path, code, message, severity: 'error' });
  const warn = (path: string, code: string, message: string) => issues.push({ file: F, path, code, message, severity: 'warning' });
  const levelOf = new Map<string, string>();
  const walk = (n: LocationNode) => {
    levelOf.set(n.code, n.level);
    (n.children ?? []).forEach(walk);
  };
  walk(pack.locations.root);

  if (!pack.roles.some((r) => r.id === d.scope.role)) err('$.scope.role', 'unknown_role', `role "${d.scope.role}" does not exist in roles.json`);
  if (!levelOf.has(d.scope.location)) err('$.scope.location', 'unknown_location', `location "${d.scope.location}" does not exist in locations.json`);
  if (!pack.locations.levels.includes(d.orgUnits.level)) {
    err('$.orgUnits.level', 'unknown_level', `"${d.orgUnits.level}" is not a level of locations.json (${pack.locations.levels.join(', ')})`);
  }
  const seenUnits = new Map<string, string>();
  for (const [code, uid] of Object.entries(d.orgUnits.map)) {
    const path = jp('$.orgUnits.map', code);
    if (!levelOf.has(code)) err(path, 'unknown_location', `location "${code}" does not exist in locations.json`);
    else if (levelOf.get(code) !== d.orgUnits.level) err(path, 'wrong_level', `location "${code}" is a ${levelOf.get(code)}, not a ${d.orgUnits.level}`);
    if (seenUnits.has(uid)) err(path, 'duplicate_org_unit', `org unit ${uid} is already mapped to "${seenUnits.get(uid)}"`);
    seenUnits.set(uid, code);
  }

  const indicators = new Map(pack.reporting.indicators.map((i) => [i.id, i]));
  const seen = new Set<string>();
  d.dataElements.forEach((m, i) => {
    const base = jp('$.dataElements', i);
    const ind = indicators.get(m.indicator);
    if (!ind) err(jp(base, 'indicator'), 'unknown_indicator', `indicator "${m.indicator}" does not exist in reporting.json`);
    else if (ind.kind !== 'count') err(jp(base, 'indicator'), 'indicator_not_count', `"${m.indicator}" is a ${ind.kind}: DHIS2 data elements take counts`);
    else if (ind.current)
      warn(jp(base, 'indicator'), 'indicator_current', `"${m.indicator}" counts cases as they are now: every period gets the figure of the day it is sent`);
    if (seen.has(m.dataElement)) err(jp(base, 'dataElement'), 'duplicate_data_element', `data element ${m.dataElement} is mapped twice`);
    seen.add(m.dataElement);
    if (m.by === undefined) {
      if (!m.categoryOptionCombo)
        err(base, 'missing_category_option_combo', 'without "by", "categoryOptionCombo" is required (DHIS2\'s default is HllvX50cXC0)');
      if (m.categoryOptionCombos) err(jp(base, 'categoryOptionCombos'), 'unexpected_category_option_combos', 'only with "by"');
      return;
    }
    const dim = parseDimension(m.by);
    if (!dim || NOT_CATEGORIES.has(dim.kind)) {
      err(
        jp(base, 'by'),
        'bad_dimension',
        `"${m.by}" is not a dimension a category can stand for (sex, ageBand, caseType, status, step, risk, answer:<form.field>)`,
      );
    }
    if (!m.categoryOptionCombos) err(base, 'missing_category_option_combos', 'with "by", "categoryOptionCombos" maps each value to a category option combo');
    if (m.categoryOptionCombo) err(jp(base, 'categoryOptionCombo'), 'unexpected_category_option_combo', 'not with "by": use categoryOptionCombos');
    if (dim?.kind === 'ageBand') {
      for (const key of Object.keys(m.categoryOptionCombos ?? {})) {
        if (!pack.reporting.ageBands.map(String).includes(key)) {
          err(jp(base, 'categoryOptionCombos', key), 'unknown_value', `"${key}" is not an age band of reporting.json (${pack.reporting.ageBands.join(', ')})`);
        }
      }
    }
  });
  return issues;
}
