import { conditionBlock, type FormCondition } from '@app/forms';
import type { SopPack } from '@app/pack-types';
import type { LintContext } from './lint-context';
import { lintConditions } from './lint-conditions';

const properties = {
  has_disability: { type: 'string', 'x-optionList': 'yes_no' },
  disability_details: { type: 'string' },
  in_school: { type: 'boolean' },
  notes: { type: 'string' },
  languages: { type: 'array', items: { type: 'string', enum: ['ro', 'ru'] } },
};

/** The findings (code, path, params) for one form with these conditions. */
function findings(...conditions: FormCondition[]) {
  const form = { id: 'child', version: 2, title: { en: 'Child' }, schema: { type: 'object', properties, allOf: conditions.map(conditionBlock) } };
  const pack = {
    manifest: { forms: [{ id: 'child', version: 2 }], caseTypes: [] },
    forms: [form],
    optionLists: {
      yes_no: [
        { value: 'yes', label: { en: 'Yes' } },
        { value: 'no', label: { en: 'No' } },
      ],
    },
  };
  return lintConditions({ pack: pack as unknown as SopPack } as LintContext).map((i) => ({ file: i.file, path: i.path, code: i.code, params: i.params }));
}

const ask = (field: string, on: string, ...values: Array<string | boolean>): FormCondition => ({ kind: 'askWhen', field, when: { field: on, values } });

describe('lint: conditional questions', () => {
  it('accepts conditions on options and yes/no answers of the same form', () => {
    expect(findings(ask('disability_details', 'has_disability', 'yes'), { ...ask('notes', 'in_school', false), kind: 'requiredWhen' })).toEqual([]);
  });

  it('finds a question or a tested answer that is not in the form', () => {
    expect(findings(ask('details', 'has_disability', 'yes'), ask('notes', 'disability', 'yes'))).toEqual([
      { file: 'forms/child.v2.json', path: '$.schema.allOf[0]', code: 'condition_unknown_field', params: { form: 'child', field: 'details' } },
      {
        file: 'forms/child.v2.json',
        path: '$.schema.allOf[1].if.properties.disability',
        code: 'condition_unknown_field',
        params: { form: 'child', field: 'disability' },
      },
    ]);
  });

  it('finds a value the tested answer can never be', () => {
    expect(findings(ask('disability_details', 'has_disability', 'yes', 'maybe'))).toEqual([
      {
        file: 'forms/child.v2.json',
        path: '$.schema.allOf[0].if.properties.has_disability',
        code: 'condition_unknown_value',
        params: { form: 'child', field: 'has_disability', value: '"maybe"', allowed: '"yes", "no"' },
      },
    ]);
    expect(findings(ask('notes', 'in_school', 'no')).map((f) => f.code)).toEqual(['condition_unknown_value']);
  });

  it('finds a test of a free text or a list answer, and a question that depends on itself', () => {
    expect(findings(ask('disability_details', 'notes', 'x'), ask('notes', 'languages', 'ro'), ask('notes', 'notes', 'x')).map((f) => f.code)).toEqual([
      'condition_open_answer',
      'condition_open_answer',
      'condition_on_itself',
    ]);
  });
});
