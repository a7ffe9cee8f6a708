import { applyPatch } from '../../libs/sop-drafts/src/json-patch';
import { formConditions } from '@app/forms';
import { addCondition, answersOf, conditionsOf, removeCondition } from '../../apps/web/src/pages/studio/condition-model';

const files = {
  'option-lists.json': {
    optionLists: {
      yes_no: [
        { value: 'yes', label: { en: 'Yes', fr: 'Oui' } },
        { value: 'no', label: { en: 'No', fr: 'Non' } },
      ],
    },
  },
};
const yesNo = { yes: 'Oui', no: 'Non' };

describe('studio: conditions on a question', () => {
  it('offers the answers of choices, fixed lists and yes/no by label, and nothing for free text or lists of answers', () => {
    expect(answersOf(files, { type: 'string', 'x-optionList': 'yes_no' }, 'fr', yesNo)).toEqual([
      { value: 'yes', label: 'Oui' },
      { value: 'no', label: 'Non' },
    ]);
    expect(answersOf(files, { type: 'string', enum: ['a', 'b'], 'x-enumLabels': { a: { fr: 'Alpha' } } }, 'fr', yesNo)).toEqual([
      { value: 'a', label: 'Alpha' },
      { value: 'b', label: 'b' },
    ]);
    expect(answersOf(files, { type: 'boolean' }, 'fr', yesNo)?.map((a) => a.value)).toEqual([true, false]);
    expect(answersOf(files, { type: 'string' }, 'fr', yesNo)).toBeNull();
    expect(answersOf(files, { type: 'array', 'x-optionList': 'yes_no' }, 'fr', yesNo)).toBeNull();
  });

  it('adds conditions the server reads, and removes them (the last one with allOf, never left empty)', () => {
    const doc: any = { 'forms/child.v1.json': { schema: { type: 'object', properties: { a: { type: 'boolean' }, b: { type: 'string' } } } } };
    const file = '/forms~1child.v1.json';
    const ask = { kind: 'askWhen' as const, field: 'b', when: { field: 'a', values: [true] } };
    const apply = (files: any, ops: any[]): any => {
      return applyPatch(files, ops).files;
    };
    let next = apply(doc, addCondition(doc['forms/child.v1.json'].schema, ask)(file));
    next = apply(next, addCondition(next['forms/child.v1.json'].schema, { ...ask, kind: 'requiredWhen' })(file));
    const schema = next['forms/child.v1.json'].schema;
    expect(formConditions(schema).map((c) => `${c.kind} ${c.field} ${c.when.field}`)).toEqual(['askWhen b a', 'requiredWhen b a']);
    expect(conditionsOf(schema, 'b')).toHaveLength(2);
    next = apply(next, removeCondition(schema, 0)(file));
    expect(formConditions(next['forms/child.v1.json'].schema).map((c) => c.kind)).toEqual(['requiredWhen']);
    next = apply(next, removeCondition(next['forms/child.v1.json'].schema, 0)(file));
    expect(next['forms/child.v1.json'].schema).not.toHaveProperty('allOf');
  });
});
