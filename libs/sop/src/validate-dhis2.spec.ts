import type { PackFiles } from '@app/sop';
import { moldovaFiles, validateWithInstalledPlugins as validatePack } from '../../../test/support/reference-pack';

let moldova: PackFiles;

function errorsOf(mutate: (d: any) => void) {
  const files = JSON.parse(JSON.stringify(moldova));
  mutate(files['dhis2.json']);
  return validatePack(files)
    .issues.filter((i) => i.severity === 'error')
    .map((i) => [i.file, i.path, i.code, i.message]);
}

describe('dhis2.json validation', () => {
  beforeAll(async () => {
    moldova = await moldovaFiles();
  });

  it("accepts Moldova's mapping", () => {
    const { pack, issues } = validatePack(moldova);
    expect(issues.filter((i) => i.file === 'dhis2.json' && i.severity === 'error')).toEqual([]);
    expect(pack!.dhis2).toMatchObject({ dataSet: 'cPmdChdPr01', periodType: 'monthly', orgUnits: { level: 'district' } });
  });

  it('names the file and path of a badly formed DHIS2 id', () => {
    expect(errorsOf((d) => (d.dataElements[1].dataElement = '9notAnId'))).toEqual([
      ['dhis2.json', '$.dataElements[1].dataElement', expect.any(String), 'must be a DHIS2 id: 11 letters or digits, the first a letter'],
    ]);
    expect(errorsOf((d) => (d.orgUnits.map.CH = 'short'))[0].slice(0, 2)).toEqual(['dhis2.json', '$.orgUnits.map.CH']);
  });

  it('refuses an unknown indicator, a ratio, an unknown location or one of another level, and a dimension that is not a category', () => {
    const errors = errorsOf((d) => {
      d.dataElements[0].indicator = 'no_such_indicator';
      d.dataElements[1].indicator = 'high_risk_share';
      d.orgUnits.map.XX = 'mdUnknown01';
      d.orgUnits.map.CH01 = 'mdBubuieci1';
      d.dataElements[2].by = 'location:district';
    });
    expect(errors.map((e) => e.slice(0, 3))).toEqual(
      expect.arrayContaining([
        ['dhis2.json', '$.dataElements[0].indicator', 'unknown_indicator'],
        ['dhis2.json', '$.dataElements[1].indicator', 'indicator_not_count'],
        ['dhis2.json', '$.orgUnits.map.XX', 'unknown_location'],
        ['dhis2.json', '$.orgUnits.map.CH01', 'wrong_level'],
        ['dhis2.json', '$.dataElements[2].by', 'bad_dimension'],
      ]),
    );
  });
});
