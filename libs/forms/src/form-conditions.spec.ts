import { conditionBlock, conditionOf, FormCatalogue, formConditions, projectFormSchema, questionsNotAsked } from '@app/forms';

const askDetails = conditionBlock({ kind: 'askWhen', field: 'disability_details', when: { field: 'has_disability', values: ['yes'] } });
const requireDetails = conditionBlock({ kind: 'requiredWhen', field: 'disability_details', when: { field: 'has_disability', values: ['yes'] } });
const askWhyNot = conditionBlock({ kind: 'askWhen', field: 'why_not_in_school', when: { field: 'in_school', values: ['no', 'sometimes'] } });

const schema = {
  type: 'object',
  required: ['has_disability'],
  properties: {
    has_disability: { type: 'string', enum: ['yes', 'no'] },
    disability_details: { type: 'string', minLength: 1 },
    in_school: { type: 'string', enum: ['yes', 'no', 'sometimes'] },
    why_not_in_school: { type: 'string' },
  },
  allOf: [askDetails, requireDetails, askWhyNot],
};

const catalogue = new FormCatalogue({ forms: [{ id: 'child', version: 1, title: { en: 'Child' }, schema }], optionLists: {} });

describe('conditional questions: the format', () => {
  it('reads back every condition it writes, with its place in allOf', () => {
    expect(formConditions(schema)).toEqual([
      { kind: 'askWhen', field: 'disability_details', when: { field: 'has_disability', values: ['yes'] }, index: 0 },
      { kind: 'requiredWhen', field: 'disability_details', when: { field: 'has_disability', values: ['yes'] }, index: 1 },
      { kind: 'askWhen', field: 'why_not_in_school', when: { field: 'in_school', values: ['no', 'sometimes'] }, index: 2 },
    ]);
  });

  it('leaves other JSON Schema alone (not a condition)', () => {
    expect(conditionOf({ if: { properties: { a: { const: 1 } } }, then: { required: ['b'] } })).toBeUndefined(); // no required in the test
    expect(conditionOf({ if: { properties: { a: { minimum: 1 } }, required: ['a'] }, then: { required: ['b'] } })).toBeUndefined();
    expect(conditionOf({ required: ['b'] })).toBeUndefined();
  });

  it('a question is not asked until its answer is given, and a chain follows', () => {
    expect(questionsNotAsked(schema, {}).sort()).toEqual(['disability_details', 'why_not_in_school']);
    expect(questionsNotAsked(schema, { has_disability: 'yes', in_school: 'sometimes' })).toEqual([]);
    expect(questionsNotAsked(schema, { has_disability: 'no', in_school: 'yes' }).sort()).toEqual(['disability_details', 'why_not_in_school']);
    const chain = {
      properties: { a: { type: 'string' }, b: { type: 'string' }, c: { type: 'string' } },
      allOf: [
        conditionBlock({ kind: 'askWhen', field: 'b', when: { field: 'a', values: ['x'] } }),
        conditionBlock({ kind: 'askWhen', field: 'c', when: { field: 'b', values: ['y'] } }),
      ],
    };
    expect(questionsNotAsked(chain, { a: 'z', b: 'y', c: 'kept?' }).sort()).toEqual(['b', 'c']);
  });
});

describe('conditional questions: the server enforces them', () => {
  it('refuses an answer to a question not asked, naming the field', () => {
    const errors = catalogue.validate('child', { has_disability: 'no', disability_details: 'hearing' }, 'draft');
    expect(errors).toEqual([{ path: '/disability_details', message: 'is not asked with these answers: leave it empty', keyword: 'not_asked' }]);
    // Not asked while the answer it depends on is missing, in a draft too.
    expect(catalogue.validate('child', { disability_details: 'hearing' }, 'draft').map((e) => e.keyword)).toEqual(['not_asked']);
  });

  it('accepts it when asked, and requires it when the condition holds (complete only)', () => {
    expect(catalogue.validate('child', { has_disability: 'yes', disability_details: 'hearing' }, 'complete')).toEqual([]);
    expect(catalogue.validate('child', { has_disability: 'yes' }, 'draft')).toEqual([]);
    expect(catalogue.validate('child', { has_disability: 'yes' }, 'complete')).toEqual([
      { path: '/disability_details', message: 'is required', keyword: 'required' },
    ]);
    expect(catalogue.validate('child', { has_disability: 'no' }, 'complete')).toEqual([]);
    expect(catalogue.validate('child', { has_disability: 'no', in_school: 'no', why_not_in_school: 'works' }, 'complete')).toEqual([]);
  });

  it('lists conditional questions among the form fields (permissions and reports name them)', () => {
    expect(catalogue.fieldPaths('child')).toEqual(['has_disability', 'disability_details', 'in_school', 'why_not_in_school']);
  });
});

describe('conditional questions: a role that may not read the answer tested', () => {
  it('gets the question without the condition; one that may read it keeps the condition', () => {
    const blind = projectFormSchema(schema, ['disability_details', 'in_school', 'why_not_in_school'], ['disability_details']);
    expect(JSON.stringify(blind)).not.toContain('has_disability');
    expect(formConditions(blind).map((c) => c.field)).toEqual(['why_not_in_school']);
    const reader = projectFormSchema(schema, ['has_disability', 'disability_details'], ['disability_details']);
    // Read-only, the tested answer still counts: the `if` keeps its `required`.
    expect(formConditions(reader).map((c) => `${c.kind} ${c.field}`)).toEqual(['askWhen disability_details', 'requiredWhen disability_details']);
  });
});
