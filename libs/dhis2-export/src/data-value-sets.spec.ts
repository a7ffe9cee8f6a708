import type { Dhis2Def } from '@app/pack-types';
import type { ReportTable } from '@app/reporting';
import { buildDataValueSet } from './data-value-sets';
import { readImportSummary } from './dhis2-client';

const def: Dhis2Def = {
  dataSet: 'cPmdChdPr01',
  periodType: 'monthly',
  scope: { role: 'national_analyst', location: 'MD' },
  orgUnits: { level: 'district', map: { CH: 'mdChisinau1', ST: 'mdStraseni1' } },
  dataElements: [{ indicator: 'registered', dataElement: 'cpCasesSex1', by: 'sex', categoryOptionCombos: { female: 'cocFemale01', male: 'cocMale0001' } }],
};

const cell = (district: string | null, sex: string | null, value: number | null, suppressed = false) => ({
  keys: { 'location:district': district, sex },
  n: value,
  value,
  suppressed,
});

const table: ReportTable = {
  indicator: { id: 'registered', label: 'Cases registered', description: null, kind: 'count', unit: 'count' },
  dimensions: [
    {
      id: 'location:district',
      label: 'District',
      values: [
        { key: 'CH', label: 'Chișinău' },
        { key: 'ST', label: 'Strășeni' },
        { key: 'OR', label: 'Orhei' },
      ],
    },
    {
      id: 'sex',
      label: 'Sex',
      values: [
        { key: 'female', label: 'Female' },
        { key: 'male', label: 'Male' },
        { key: null, label: 'Not recorded' },
      ],
    },
  ],
  cells: [
    cell('CH', 'female', null, true),
    cell('CH', 'male', null, true),
    cell('ST', 'female', 7),
    cell('ST', 'male', 0),
    cell('ST', null, 3),
    cell('CH', null, 0),
    cell('OR', 'female', 9),
  ],
  total: cell(null, null, 19),
  period: { from: null, to: null },
  suppression: { applied: true, threshold: 5, suppressedCells: 2 },
};

describe('dataValueSets payload', () => {
  const { payload, rows } = buildDataValueSet(def, { id: '202611', from: '2026-11-01', to: '2026-11-30' }, [{ mapping: def.dataElements[0], table }]);

  it('sends the mapped, unsuppressed cells (zeros included) as DHIS2 strings, and leaves suppressed cells out', () => {
    expect(payload).toEqual({
      dataSet: 'cPmdChdPr01',
      period: '202611',
      dataValues: [
        { dataElement: 'cpCasesSex1', period: '202611', orgUnit: 'mdStraseni1', categoryOptionCombo: 'cocFemale01', value: '7' },
        { dataElement: 'cpCasesSex1', period: '202611', orgUnit: 'mdStraseni1', categoryOptionCombo: 'cocMale0001', value: '0' },
      ],
    });
  });

  it('lists every cell with labels: suppressed ones without a number, unmapped categories with figures, unmapped places not at all', () => {
    expect(rows.map((r) => [r.orgUnit.label, r.category?.label, r.value, r.status])).toEqual([
      ['Chișinău', 'Female', null, 'suppressed'],
      ['Chișinău', 'Male', null, 'suppressed'],
      ['Strășeni', 'Female', 7, 'sent'],
      ['Strășeni', 'Male', 0, 'sent'],
      ['Strășeni', 'Not recorded', 3, 'unmapped'],
    ]);
  });
});

describe('a mapped place where no case was found', () => {
  it('gets zero in each mapped category (the reports list only places found)', () => {
    const onlyCh: ReportTable = { ...table, cells: [cell('CH', 'female', 6), cell('CH', 'male', 8)] };
    const { payload, rows } = buildDataValueSet(
      def,
      { id: '202611', from: '2026-11-01', to: '2026-11-30' },
      [{ mapping: def.dataElements[0], table: onlyCh }],
      new Map([['ST', 'Strășeni']]),
    );
    expect(payload.dataValues.filter((v) => v.orgUnit === 'mdStraseni1')).toEqual([
      { dataElement: 'cpCasesSex1', period: '202611', orgUnit: 'mdStraseni1', categoryOptionCombo: 'cocFemale01', value: '0' },
      { dataElement: 'cpCasesSex1', period: '202611', orgUnit: 'mdStraseni1', categoryOptionCombo: 'cocMale0001', value: '0' },
    ]);
    expect(rows.filter((r) => r.orgUnit.code === 'ST').map((r) => [r.orgUnit.label, r.category?.label, r.value, r.status])).toEqual([
      ['Strășeni', 'Female', 0, 'sent'],
      ['Strășeni', 'Male', 0, 'sent'],
    ]);
  });
});

describe('DHIS2 import summary', () => {
  const counts = { imported: 3, updated: 1, ignored: 1, deleted: 0 };
  it('reads the web message of DHIS2 2.38 and later, and the bare summary of earlier versions', () => {
    const conflicts = [{ object: 'xyz0000000a', value: 'Org unit not found' }];
    expect(readImportSummary({ status: 'WARNING', response: { responseType: 'ImportSummary', status: 'WARNING', importCount: counts, conflicts } })).toEqual({
      status: 'WARNING',
      importCount: counts,
      conflicts,
    });
    expect(readImportSummary({ responseType: 'ImportSummary', status: 'SUCCESS', importCount: counts })).toEqual({
      status: 'SUCCESS',
      importCount: counts,
      conflicts: [],
    });
    expect(readImportSummary({ httpStatusCode: 401, status: 'ERROR', message: 'Unauthorized' })).toBeNull();
  });
});
