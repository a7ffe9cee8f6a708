import type { SopPack } from '@app/pack-types';
import type { LintContext } from './lint-context';
import { lintContradictions } from './lint-contradictions';

const v = (path: string) => ({ var: path });
const A = v('forms.a.x');

/** The findings for one guard rule. */
function findings(rule: unknown) {
  const pack = { workflow: { steps: [], transitions: [{ id: 't', guards: [{ rule, message: { en: 'm' } }] }] }, deadlines: [], dataQuality: [] };
  return lintContradictions({ pack: pack as unknown as SopPack } as LintContext).map((i) => `${i.severity} ${i.path}`);
}

describe('conjunctions that can never be true', () => {
  it.each<[string, unknown]>([
    ['two different values', { and: [{ '==': [A, 'a'] }, { '==': [A, 'b'] }] }],
    ['two different numbers', { and: [{ '==': [A, 1] }, { '===': [A, 2] }] }],
    ['a value and not that value', { and: [{ '==': [A, 'a'] }, { '!=': [A, 'a'] }] }],
    ['strictly a value outside a list', { and: [{ '===': [A, 'c'] }, { in: [A, ['a', 'b']] }] }],
    ['a list whose every item is excluded', { and: [{ in: [A, ['a']] }, { '!==': [A, 'a'] }] }],
    ['an empty range', { and: [{ '>=': [A, 10] }, { '<': [A, 10] }] }],
    ['an empty between', { '<=': [5, A, 4] }],
    ['a list outside a range', { and: [{ in: [A, [1, 2]] }, { '>': [A, 2] }] }],
    ['a list of only "not answered" and a bound (null is neither below nor above)', { and: [{ in: [A, [null]] }, { '<': [A, 5] }] }],
    ['"not answered" or a value outside a between', { and: [{ in: [A, [null, 20]] }, { '<=': [0, A, 10] }] }],
    ['set and not set', { and: [A, { '!': A }] }],
    ['a non-zero value that is empty', { and: [{ '==': [A, 'a'] }, { '!': [A] }] }],
    ['nested ands, flattened', { and: [{ '==': [A, 'a'] }, { and: [{ '!!': [v('now')] }, { '==': [A, 'b'] }] }] }],
  ])('finds %s', (_name, rule) => {
    expect(findings(rule)).toEqual(['error $.transitions[0].guards[0].rule']);
  });

  it.each<[string, unknown]>([
    ['"1" and "01" (both loosely equal to the number 1)', { and: [{ '==': [A, '1'] }, { '==': [A, '01'] }] }],
    ['"1" and 1', { and: [{ '==': [A, '1'] }, { '==': [A, 1] }] }],
    ['"" and "0" (both loosely 0)', { and: [{ '==': [A, ''] }, { '==': [A, '0'] }] }],
    ['a loose value and a strict "not" of another type', { and: [{ '==': [A, 1] }, { '!==': [A, '1'] }] }],
    ['overlapping lists', { and: [{ in: [A, ['a', 'b']] }, { in: [A, ['b', 'c']] }] }],
    ['a list with one item left', { and: [{ in: [A, ['a', 'b']] }, { '!=': [A, 'a'] }] }],
    ['a closed range of one point', { and: [{ '>=': [A, 10] }, { '<=': [A, 10] }] }],
    ['a list with null and a value within a range', { and: [{ in: [A, [null, 3]] }, { '<': [A, 5] }] }],
    ['a number as text within a range', { and: [{ '==': [A, '12'] }, { '>': [A, 10] }] }],
    ['"0" and empty (0 is empty)', { and: [{ '==': [A, '0'] }, { '!': [A] }] }],
    ['different vars', { and: [{ '==': [A, 'a'] }, { '==': [v('forms.a.y'), 'b'] }] }],
    ['a var with a default and one without', { and: [{ '==': [A, 'a'] }, { '==': [{ var: ['forms.a.x', 'b'] }, 'b'] }] }],
    ['alternatives', { or: [{ '==': [A, 'a'] }, { '==': [A, 'b'] }] }],
    ['per-item rules of an iterator', { some: [v('formEntries.v'), { and: [{ '==': [v('x'), 1] }, { '==': [v('x'), 2] }] }] }],
    ['dates compared as text', { and: [{ '>': [A, '2024-01-01'] }, { '<': [A, '2023-01-01'] }] }],
  ])('does not flag %s', (_name, rule) => {
    expect(findings(rule)).toEqual([]);
  });

  it('flags a dead branch inside "or" as a warning', () => {
    expect(findings({ or: [{ and: [{ '==': [A, 'a'] }, { '==': [A, 'b'] }] }, true] })).toEqual(['warning $.transitions[0].guards[0].rule.or[0]']);
  });
});
