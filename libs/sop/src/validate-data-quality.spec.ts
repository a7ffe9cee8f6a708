import { createDefaultOperators } from '@app/rules';
import { validatePack } from '@app/sop';
import { miniFiles } from './testing';
import { checkDataQuality } from './validate-data-quality';

type Files = Record<string, any>;

const t = (en: string) => ({ en, fr: `${en} (fr)` });
const futureDob = {
  id: 'dob_not_future',
  label: t('Date of birth in the future'),
  message: t('The date of birth is after today.'),
  severity: 'error',
  form: 'registration',
  field: 'date_of_birth',
  rule: { '<=': [{ days_between: [{ var: 'now' }, { var: 'forms.registration.date_of_birth' }] }, 0] },
};
const district = {
  id: 'district_known',
  label: t('Unknown district'),
  message: t("The district is not one of the pack's districts."),
  severity: 'warning',
  form: 'registration',
  field: 'address.district',
  caseTypes: ['child_protection'],
  rule: { '==': [{ location_level: [{ var: 'forms.registration.address.district' }] }, 'district'] },
};

async function withChecks(checks: unknown[], mutate?: (f: Files) => void) {
  return validatePack(
    await miniFiles((f) => {
      f['data-quality.json'] = { checks };
      mutate?.(f);
    }),
  );
}

describe('data-quality.json validation', () => {
  it('accepts valid checks (nested fields, location operators) and assembles them into the pack', async () => {
    const { pack, issues } = await withChecks([futureDob, district]);
    expect(issues).toEqual([]);
    expect(pack!.dataQuality.map((c) => c.id)).toEqual(['dob_not_future', 'district_known']);
  });

  it('defaults to no checks without the file', async () => {
    const { pack } = validatePack(await miniFiles());
    expect(pack!.dataQuality).toEqual([]);
  });

  it('checks the structure against the JSON Schema', async () => {
    const { pack, issues } = await withChecks([{ ...futureDob, severity: 'fatal', colour: 'red' }]);
    expect(pack).toBeUndefined();
    expect(issues.map((i) => `${i.file} ${i.path} ${i.code}`)).toEqual(
      expect.arrayContaining(['data-quality.json $.checks[0].severity schema', 'data-quality.json $.checks[0].colour schema']),
    );
  });

  const cases: Array<[string, unknown, string, string]> = [
    ['a duplicate id', [futureDob, { ...district, id: 'dob_not_future' }], '$.checks[1].id', 'duplicate_id'],
    ['a form not in pack.json', [{ ...futureDob, form: 'intake' }], '$.checks[0].form', 'unknown_form'],
    ['a field the form does not have', [{ ...futureDob, field: 'birth_date' }], '$.checks[0].field', 'unknown_field'],
    ['a nested field the form does not have', [{ ...district, field: 'address.region' }], '$.checks[0].field', 'unknown_field'],
    ['an unknown case type', [{ ...district, caseTypes: ['adoption'] }], '$.checks[0].caseTypes[0]', 'unknown_case_type'],
    ['an unknown operator', [{ ...futureDob, rule: { and: [true, { older_than: [18] }] } }], '$.checks[0].rule.and[1].older_than', 'unknown_operator'],
    ['a message without the default language', [{ ...futureDob, message: { fr: 'Date future' } }], '$.checks[0].message', 'missing_translation'],
    ['a label without the default language', [{ ...futureDob, label: { fr: 'Date future' } }], '$.checks[0].label', 'missing_translation'],
  ];

  it.each(cases)('reports %s as an error at its JSON path', async (_name, checks, path, code) => {
    const { pack, issues } = await withChecks(checks as unknown[]);
    expect(pack).toBeUndefined();
    expect(issues).toEqual([expect.objectContaining({ file: 'data-quality.json', path, code, severity: 'error' })]);
  });

  it('warns about a missing translation in another pack language, and answer paths that read nothing', async () => {
    const { pack, issues } = await withChecks([
      {
        ...futureDob,
        message: { en: 'The date of birth is after today.' },
        rule: {
          and: [
            { '<=': [{ days_between: [{ var: 'now' }, { var: 'forms.registration.birth_date' }] }, 0] },
            { '!': [{ var: ['forms.intake.date', null] }] },
            { '>=': [{ var: 'formEntries.closure.0.reason' }, 0] },
          ],
        },
      },
    ]);
    expect(pack).toBeDefined();
    expect(issues.map((i) => `${i.severity} ${i.path} ${i.code}`)).toEqual([
      'warning $.checks[0].rule.and[0].<=[0].days_between[1].var unknown_answer_path',
      'warning $.checks[0].rule.and[1].![0].var[0] unknown_answer_path',
      'warning $.checks[0].message missing_translation',
    ]);
  });

  it('knows the operators a plugin registers', async () => {
    const files = await miniFiles((f) => {
      f['data-quality.json'] = { checks: [{ ...futureDob, rule: { plausible_dob: [{ var: 'forms.registration.date_of_birth' }] } }] };
    });
    expect(validatePack(files).issues.map((i) => i.code)).toEqual(['unknown_operator']);
    const operators = createDefaultOperators().register('plausible_dob', () => true);
    expect(validatePack(files, { operators }).issues).toEqual([]);
  });

  it('checkDataQuality works on an assembled pack', async () => {
    const { pack } = await withChecks([futureDob]);
    expect(checkDataQuality({ ...pack!, dataQuality: [{ ...pack!.dataQuality[0], form: 'closure' }] })).toEqual([
      expect.objectContaining({
        file: 'data-quality.json',
        path: '$.checks[0].field',
        code: 'unknown_field',
        message: 'form "closure" has no field "date_of_birth"',
      }),
    ]);
  });
});
