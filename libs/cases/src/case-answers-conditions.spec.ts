import { DomainError } from '@app/core';
import { conditionBlock, FormCatalogue } from '@app/forms';
import type { CompiledSop } from '@app/sop-registry';
import { checkAnswers } from './case-answers';

/** "Why not?" is asked only when the child is not in school; a teacher fills only "in school". */
const forms = new FormCatalogue({
  forms: [
    {
      id: 'school',
      version: 1,
      title: { en: 'School' },
      schema: {
        type: 'object',
        properties: { in_school: { type: 'string', enum: ['yes', 'no'] }, why_not: { type: 'string' } },
        allOf: [conditionBlock({ kind: 'askWhen', field: 'why_not', when: { field: 'in_school', values: ['no'] } })],
      },
    },
  ],
  optionLists: {},
});
const sop = { forms } as unknown as CompiledSop;
const as = (fillable: string[]) => ({ perms: { formFields: () => fillable } as any, facts: {} as any });

describe('answers to conditional questions on save', () => {
  it('drops a kept answer the user may not change once their answers no longer ask it', () => {
    const stored = checkAnswers(sop, as(['in_school']), 'school', { in_school: 'yes' }, { in_school: 'no', why_not: 'works' }, 'complete');
    expect(stored).toEqual({ in_school: 'yes' });
  });

  it('keeps it while it is still asked', () => {
    const stored = checkAnswers(sop, as(['in_school']), 'school', { in_school: 'no' }, { in_school: 'no', why_not: 'works' }, 'complete');
    expect(stored).toEqual({ in_school: 'no', why_not: 'works' });
  });

  it('refuses an answer the user sends to a question not asked', () => {
    expect(() => checkAnswers(sop, as(['in_school', 'why_not']), 'school', { in_school: 'yes', why_not: 'works' }, {}, 'draft')).toThrow(DomainError);
  });
});
