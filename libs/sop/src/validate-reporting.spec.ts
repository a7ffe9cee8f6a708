import type { PackFiles } from '@app/sop';
import { moldovaFiles, validateWithInstalledPlugins as validatePack } from '../../../test/support/reference-pack';

let moldova: PackFiles;

async function issuesOf(mutate: (r: any) => void) {
  const files = JSON.parse(JSON.stringify(moldova));
  mutate(files['reporting.json']);
  return validatePack(files)
    .issues.filter((i) => i.severity === 'error')
    .map((i) => [i.file, i.path, i.code]);
}

describe('reporting.json validation', () => {
  beforeAll(async () => {
    moldova = await moldovaFiles();
  });

  it('accepts the Moldova reporting with its defaults and built-in deadline indicators', async () => {
    const { pack, issues } = validatePack(moldova);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(pack!.reporting.smallCellThreshold).toBe(5);
    expect(pack!.reporting.dashboards.map((d) => d.id)).toEqual(['my_work', 'team', 'district', 'national']);
  });

  it('defaults a pack without reporting.json to no indicators and threshold 5', async () => {
    const files = JSON.parse(JSON.stringify(moldova));
    delete files['reporting.json'];
    delete files['dhis2.json']; // it maps reporting.json's indicators
    const { pack } = validatePack(files);
    expect(pack!.reporting).toMatchObject({ smallCellThreshold: 5, ageBands: [0, 5, 10, 15, 18], dashboards: [] });
    // Only the indicators the enabled plugins contribute.
    const prefixes = pack!.plugins.map((p) => `${p.id.replace(/-/g, '_')}_`);
    expect(pack!.reporting.indicators.filter((i) => !prefixes.some((p) => i.id.startsWith(p)))).toEqual([]);
  });

  it.each<[string, (r: any) => void, string, string]>([
    [
      'a threshold of 1 (protects nothing)',
      (r) => {
        r.smallCellThreshold = 1;
      },
      '$.smallCellThreshold',
      'schema',
    ],
    [
      'age bands out of order',
      (r) => {
        r.ageBands = [0, 10, 5];
      },
      '$.ageBands[2]',
      'age_bands_order',
    ],
    [
      'an indicator filtering on a step that does not exist',
      (r) => {
        r.indicators[0].where.step = ['nowhere'];
      },
      '$.indicators[0].where.step[0]',
      'unknown_step',
    ],
    [
      'an indicator filtering on free text',
      (r) => {
        r.indicators[0].where.answers = { 'registration.first_name': ['Ana'] };
      },
      "$.indicators[0].where.answers['registration.first_name']",
      'field_not_coded',
    ],
    [
      'a ratio of an unknown indicator',
      (r) => {
        r.indicators.find((i: any) => i.kind === 'ratio').numerator = 'nothing';
      },
      '$.indicators[9].numerator',
      'unknown_indicator',
    ],
    [
      'a ratio over events',
      (r) => {
        r.indicators.find((i: any) => i.kind === 'ratio').numerator = 'cases_closed_during_period';
      },
      '$.indicators[9].numerator',
      'ratio_of_cases',
    ],
    [
      'an indicator id in the reserved deadline. space',
      (r) => {
        r.indicators[0].id = 'deadline.mine';
      },
      '$.indicators[0].id',
      'duplicate_id',
    ],
    [
      'a widget of an unknown deadline',
      (r) => {
        r.dashboards[0].widgets[2].indicator = 'deadline.nothing';
      },
      '$.dashboards[0].widgets[2].indicator',
      'unknown_indicator',
    ],
    [
      'a dashboard for an unknown role',
      (r) => {
        r.dashboards[0].roles = ['mayor'];
      },
      '$.dashboards[0].roles[0]',
      'unknown_role',
    ],
    [
      'an unknown dimension',
      (r) => {
        r.dashboards[0].widgets[1].by = ['colour'];
      },
      '$.dashboards[0].widgets[1].by[0]',
      'unknown_dimension',
    ],
    [
      'an unknown location level',
      (r) => {
        r.dashboards[3].widgets[0].by = ['location:region'];
      },
      '$.dashboards[3].widgets[0].by[0]',
      'unknown_level',
    ],
    [
      'splitting a current count by period',
      (r) => {
        r.dashboards[0].widgets[1].by = ['period:month'];
      },
      '$.dashboards[0].widgets[1].by[0]',
      'period_of_current',
    ],
    [
      'splitting by a free-text answer',
      (r) => {
        r.dashboards[3].widgets[0].by = ['answer:registration.address'];
      },
      '$.dashboards[3].widgets[0].by[0]',
      'field_not_coded',
    ],
    [
      'a schedule of an unknown dashboard',
      (r) => {
        r.schedules[0].dashboard = 'nothing';
      },
      '$.schedules[0].dashboard',
      'unknown_dashboard',
    ],
    [
      'a de-identified export of free text',
      (r) => {
        r.deidentifiedExport.fields.push('closure.summary');
      },
      '$.deidentifiedExport.fields[6]',
      'field_not_coded',
    ],
    [
      'a de-identified export of a sensitive field',
      (r) => {
        r.deidentifiedExport.fields.push('registration.idnp');
      },
      '$.deidentifiedExport.fields[6]',
      'field_sensitive',
    ],
    [
      'grouping by a sensitive answer',
      (r) => {
        r.dashboards[3].widgets[0].by = ['answer:health_assessment.sexual_abuse_findings'];
      },
      '$.dashboards[3].widgets[0].by[0]',
      'field_sensitive',
    ],
    [
      'a schedule to a role the dashboard is not for',
      (r) => {
        r.schedules[0].to = ['supervisor'];
      },
      '$.schedules[0].to[0]',
      'dashboard_not_for_role',
    ],
    [
      'a de-identified export of the date of birth',
      (r) => {
        r.deidentifiedExport.fields.push('registration.date_of_birth');
      },
      '$.deidentifiedExport.fields[6]',
      'field_identifying',
    ],
    [
      'a case export of an unknown field',
      (r) => {
        r.caseExport.fields.push('registration.shoe_size');
      },
      '$.caseExport.fields[12]',
      'unknown_field',
    ],
  ])('refuses %s, naming the file and path', async (_what, mutate, at, code) => {
    const issues = await issuesOf(mutate);
    expect(issues).toContainEqual(['reporting.json', at, expect.any(String)]);
    expect(issues.find((i) => i[1] === at)?.[2]).toBe(code);
  });
});
