import type { SopPack } from '@app/pack-types';
import { headerPlan, importFields, mapRow, mappingProblems, parseDate, type ImportMapping } from './import-mapping';

const pack = {
  manifest: { caseTypes: [{ id: 'child', startForm: 'reg', startStep: 's' }] },
  optionLists: {
    sex: [
      { value: 'female', label: { en: 'Female', ro: 'Feminin' } },
      { value: 'male', label: { en: 'Male', ro: 'Masculin' } },
    ],
  },
  forms: [
    {
      id: 'reg',
      version: 1,
      schema: {
        type: 'object',
        required: ['name', 'sex'],
        properties: {
          name: { type: 'string', 'x-label': { en: 'Name' } },
          sex: { type: 'string', 'x-optionList': 'sex' },
          born: { type: 'string', format: 'date' },
          langs: { type: 'array', items: { type: 'string', 'x-optionList': 'sex' } },
          disabled: { type: 'boolean' },
          children: { type: 'integer' },
        },
      },
    },
  ],
} as unknown as SopPack;

const mapping: ImportMapping = {
  caseType: 'child',
  externalIdColumn: 'ID',
  registrar: 'worker',
  columns: [
    { column: 'Name', field: 'name' },
    { column: 'Sex', field: 'sex' },
    { column: 'Born', field: 'born', dateFormat: 'DD/MM/YYYY' },
    { column: 'Both', field: 'langs' },
    { column: 'Disabled', field: 'disabled' },
    { column: 'Children', field: 'children' },
  ],
};
const header = ['ID', 'Name', 'Sex', 'Born', 'Both', 'Disabled', 'Children'];

describe('reading a row through a mapping', () => {
  const fields = importFields(pack, 'child');
  const { index } = headerPlan(mapping, header);
  const read = (cells: string[]) => mapRow(fields, mapping, index, 7, cells);

  it('takes options by code or by a label in any language, dates in the stated format, yes/no and numbers', () => {
    expect(read(['A1', ' Ana ', 'feminin', '31/12/2014', 'Male|female', 'da', '2'])).toEqual({
      row: 7,
      externalId: 'A1',
      answers: { name: 'Ana', sex: 'female', born: '2014-12-31', langs: ['male', 'female'], disabled: true, children: 2 },
      problems: [],
    });
  });

  it('reports each bad cell with its row, its column (header name) and a stable code', () => {
    const { problems } = read(['', '', 'X', '12/31/2014', 'male|y', 'maybe', '1.5']);
    expect(problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [7, 'ID', 'required'],
      [7, 'Name', 'required'],
      [7, 'Sex', 'unknown_option'],
      [7, 'Born', 'bad_date'],
      [7, 'Both', 'unknown_option'],
      [7, 'Disabled', 'not_yes_no'],
      [7, 'Children', 'not_a_number'],
    ]);
  });

  it('leaves a blank optional cell unanswered', () => {
    expect(read(['A2', 'Ion', 'male', '', '', '', '']).answers).toEqual({ name: 'Ion', sex: 'male' });
  });
});

describe('parseDate', () => {
  it.each([
    ['2014-02-28', 'YYYY-MM-DD', '2014-02-28'],
    ['28.02.2014', 'DD.MM.YYYY', '2014-02-28'],
    ['1.2.2014', 'DD.MM.YYYY', '2014-02-01'],
    ['28/02/2014', 'DD/MM/YYYY', '2014-02-28'],
    ['02/28/2014', 'MM/DD/YYYY', '2014-02-28'],
  ] as const)('reads %s written %s', (text, format, iso) => expect(parseDate(text, format)).toBe(iso));

  it.each([
    ['31.02.2015', 'DD.MM.YYYY'],
    ['28/02/2014', 'MM/DD/YYYY'],
    ['28.02.2014', 'DD/MM/YYYY'],
    ['28.02.14', 'DD.MM.YYYY'],
    ['soon', 'YYYY-MM-DD'],
  ] as const)('refuses %s as %s', (text, format) => expect(parseDate(text, format)).toBeNull());
});

describe('a mapping against the pack', () => {
  it('names unknown fields, a field mapped twice and a date format on a field that is no date', () => {
    expect(
      mappingProblems(pack, {
        ...mapping,
        columns: [
          { column: 'a', field: 'nope' },
          { column: 'b', field: 'name', dateFormat: 'DD.MM.YYYY' },
          { column: 'c', field: 'name' },
        ],
      }).map((p) => p.path),
    ).toEqual(['/columns/0/field', '/columns/1/dateFormat', '/columns/2/field']);
    expect(mappingProblems(pack, { ...mapping, caseType: 'other' })).toEqual([{ path: '/caseType', message: 'unknown case type' }]);
    expect(mappingProblems(pack, mapping)).toEqual([]);
  });

  it('reports the mapped columns the header lacks', () => {
    expect(headerPlan(mapping, ['ID', 'Name']).missing).toEqual(['Sex', 'Born', 'Both', 'Disabled', 'Children']);
  });
});
