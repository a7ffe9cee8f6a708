import * as server from '@app/forms';
import { askedAnswers, askedSchema, conditionBlock, everyQuestionSchema, formConditions, questionsNotAsked } from '../../apps/web/src/form-conditions';

const schema = {
  type: 'object',
  required: ['in_school'],
  properties: {
    in_school: { type: 'string', enum: ['yes', 'no', 'sometimes'] },
    why_not: { type: 'string' },
    works: { type: 'boolean' },
    work_hours: { type: 'integer' },
  },
  allOf: [
    conditionBlock({ kind: 'askWhen', field: 'why_not', when: { field: 'in_school', values: ['no', 'sometimes'] } }),
    conditionBlock({ kind: 'requiredWhen', field: 'why_not', when: { field: 'in_school', values: ['no'] } }),
    conditionBlock({ kind: 'askWhen', field: 'work_hours', when: { field: 'works', values: [true] } }),
    { not: { required: ['nothing'] } },
  ],
};

describe('conditional questions in the browser', () => {
  it('reads and writes conditions exactly as the server does', () => {
    expect(formConditions(schema)).toEqual(server.formConditions(schema));
    const c = { kind: 'askWhen' as const, field: 'a', when: { field: 'b', values: ['x', 'y'] } };
    expect(conditionBlock(c)).toEqual(server.conditionBlock(c));
    for (const answers of [{}, { in_school: 'no' }, { in_school: 'yes', works: true }, { works: false, work_hours: 3 }])
      expect(questionsNotAsked(schema, answers)).toEqual(server.questionsNotAsked(schema, answers));
  });

  it('shows a question only while it is asked, required when its condition holds, and drops the answer it no longer asks', () => {
    const before = askedSchema(schema, { in_school: 'yes' });
    expect(Object.keys(before.properties)).toEqual(['in_school', 'works']);
    expect(before.allOf).toEqual([{ not: { required: ['nothing'] } }]);
    const no = askedSchema(schema, { in_school: 'no' });
    expect(Object.keys(no.properties)).toEqual(['in_school', 'why_not', 'works']);
    expect(no.required).toEqual(['in_school', 'why_not']);
    expect(askedSchema(schema, { in_school: 'sometimes' }).required).toEqual(['in_school']);
    expect(askedAnswers(schema, { in_school: 'yes', why_not: 'ill', works: false, work_hours: 2 })).toEqual({ in_school: 'yes', works: false });
  });

  it('previews every question, without the conditions', () => {
    expect(Object.keys(everyQuestionSchema(schema).properties)).toEqual(['in_school', 'why_not', 'works', 'work_hours']);
    expect(everyQuestionSchema(schema).allOf).toEqual([{ not: { required: ['nothing'] } }]);
  });
});
