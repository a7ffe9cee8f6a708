import { checkRule, createDefaultOperators, evaluateRule, OperatorRegistry, RuleError, ruleHolds, truthy } from '@app/rules';

const ev = (rule: unknown, data: unknown = {}) => evaluateRule(rule as any, data);

describe('JSON Logic core operators', () => {
  it('reads variables with dot paths, array indexes and defaults', () => {
    const data = { case: { risk: 'high', fields: {} }, list: ['a', 'b'], n: null };
    expect(ev({ var: 'case.risk' }, data)).toBe('high');
    expect(ev({ var: 'list.1' }, data)).toBe('b');
    expect(ev({ var: ['case.missing', 'none'] }, data)).toBe('none');
    expect(ev({ var: ['n', 'dflt'] }, data)).toBe('dflt');
    expect(ev({ var: 'case.missing' }, data)).toBeNull();
    expect(ev({ var: '' }, 7)).toBe(7);
    expect(ev({ var: 'case.constructor' }, data)).toBeNull();
  });

  it('reports missing keys', () => {
    const data = { a: 1, b: '', c: null };
    expect(ev({ missing: ['a', 'b', 'c', 'd'] }, data)).toEqual(['b', 'c', 'd']);
    expect(ev({ missing: { merge: [['a'], ['z']] } }, data)).toEqual(['z']);
    expect(ev({ missing_some: [1, ['a', 'z']] }, data)).toEqual([]);
    expect(ev({ missing_some: [2, ['a', 'z', 'y']] }, data)).toEqual(['z', 'y']);
  });

  it('if / ?: chains', () => {
    expect(ev({ if: [false, 'a', true, 'b', 'c'] })).toBe('b');
    expect(ev({ if: [false, 'a', false, 'b', 'c'] })).toBe('c');
    expect(ev({ if: [false, 'a'] })).toBeNull();
    expect(ev({ '?:': [[], 'yes', 'no'] })).toBe('no');
  });

  it('equality and negation', () => {
    expect(ev({ '==': [1, '1'] })).toBe(true);
    expect(ev({ '===': [1, '1'] })).toBe(false);
    expect(ev({ '!=': [1, '1'] })).toBe(false);
    expect(ev({ '!==': [1, '1'] })).toBe(true);
    expect(ev({ '!': [[]] })).toBe(true);
    expect(ev({ '!': true })).toBe(false);
    expect(ev({ '!!': ['0'] })).toBe(true);
    expect(ev({ '!!': [''] })).toBe(false);
  });

  it('and/or return the deciding value and short-circuit', () => {
    expect(ev({ and: [1, 'x', 0, { unknownOp: 1 }] })).toBe(0);
    expect(ev({ or: [0, '', 'first', { unknownOp: 1 }] })).toBe('first');
    expect(ev({ or: [0, false] })).toBe(false);
  });

  it('comparisons, including between', () => {
    expect(ev({ '>': [3, 2] })).toBe(true);
    expect(ev({ '>=': [2, 2] })).toBe(true);
    expect(ev({ '<': [1, 2, 3] })).toBe(true);
    expect(ev({ '<': [1, 1, 3] })).toBe(false);
    expect(ev({ '<=': [1, 1, 3] })).toBe(true);
    expect(ev({ '<=': [1, 4, 3] })).toBe(false);
  });

  it('comparisons with a missing value are false, whichever side and operator', () => {
    const data = { answers: { initial_assessment: { score: null } } };
    const score = { var: 'answers.initial_assessment.score' };
    const never = { var: 'answers.other.score' };
    for (const missing of [score, never, null]) {
      expect(ev({ '<': [missing, 5] }, data)).toBe(false);
      expect(ev({ '<=': [missing, 5] }, data)).toBe(false);
      expect(ev({ '>': [5, missing] }, data)).toBe(false);
      expect(ev({ '>=': [5, missing] }, data)).toBe(false);
      expect(ev({ '>': [missing, -5] }, data)).toBe(false);
      expect(ev({ '>=': [missing, 0] }, data)).toBe(false);
      expect(ev({ '<=': [missing, 0] }, data)).toBe(false);
      expect(ev({ '<': [-1, missing, 1] }, data)).toBe(false);
      expect(ev({ '<=': [0, missing, 10] }, data)).toBe(false);
      expect(ev({ '<=': [missing, 0, 10] }, data)).toBe(false);
      expect(ev({ '<=': [0, 5, missing] }, data)).toBe(false);
      // Under "!" the comparison is true: "not below 5" includes "not answered".
      expect(ev({ '!': { '<': [missing, 5] } }, data)).toBe(true);
    }
    // An operator giving null (an unreadable date) compares false too.
    expect(ev({ '<=': [{ days_between: [{ var: 'now' }, null] }, 0] }, { now: '2024-03-01' })).toBe(false);
    // Zero, false and empty text are values, compared as JavaScript does.
    expect(ev({ '<': [0, 5] })).toBe(true);
    expect(ev({ '<': ['', 5] })).toBe(true);
    expect(ev({ '<': ['2024-01-01', '2024-02-01'] })).toBe(true);
  });

  it('equality with a missing value: only null (or a missing value) equals it', () => {
    const data = { a: null };
    expect(ev({ '==': [{ var: 'a' }, null] }, data)).toBe(true);
    expect(ev({ '==': [{ var: 'missing' }, null] }, data)).toBe(true);
    expect(ev({ '==': [{ var: 'a' }, 0] }, data)).toBe(false);
    expect(ev({ '==': [{ var: 'a' }, ''] }, data)).toBe(false);
    expect(ev({ '!=': [{ var: 'a' }, 'lost_contact'] }, data)).toBe(true);
    expect(ev({ '===': [{ var: 'missing' }, null] }, data)).toBe(true);
    expect(ev({ in: [{ var: 'a' }, ['x', 'y']] }, data)).toBe(false);
    expect(ev({ in: [{ var: 'a' }, ['x', null]] }, data)).toBe(true);
    expect(ev({ in: [{ var: 'a' }, 'annulled'] }, data)).toBe(false);
    expect(ev({ in: ['x', { var: 'a' }] }, data)).toBe(false);
    expect(ev({ '+': [{ var: 'a' }, 1] }, data)).toBeNull();
    expect(ev({ max: [{ var: 'a' }, 1] }, data)).toBeNull();
  });

  it('arithmetic', () => {
    expect(ev({ '+': [1, '2', 3] })).toBe(6);
    expect(ev({ '+': ['3.5'] })).toBe(3.5);
    expect(ev({ '-': [10, 4] })).toBe(6);
    expect(ev({ '-': [2] })).toBe(-2);
    expect(ev({ '*': [2, 3, 4] })).toBe(24);
    expect(ev({ '/': [9, 3] })).toBe(3);
    expect(ev({ '/': [1, 0] })).toBeNull();
    expect(ev({ '%': [10, 4] })).toBe(2);
    expect(ev({ max: [1, 9, 3] })).toBe(9);
    expect(ev({ min: [4, 2, 3] })).toBe(2);
    expect(ev({ max: [] })).toBeNull();
  });

  it('strings and arrays', () => {
    expect(ev({ in: ['b', ['a', 'b']] })).toBe(true);
    expect(ev({ in: ['z', ['a', 'b']] })).toBe(false);
    expect(ev({ in: ['pri', 'primary'] })).toBe(true);
    expect(ev({ cat: ['MD-', 12, null] })).toBe('MD-12');
    expect(ev({ substr: ['jsonlogic', 4] })).toBe('logic');
    expect(ev({ substr: ['jsonlogic', -5] })).toBe('logic');
    expect(ev({ substr: ['jsonlogic', 1, 3] })).toBe('son');
    expect(ev({ substr: ['jsonlogic', 4, -2] })).toBe('log');
    expect(ev({ merge: [[1, 2], 3, [4]] })).toEqual([1, 2, 3, 4]);
  });

  it('map, filter, reduce, all, none, some', () => {
    const data = {
      visits: [
        { done: true, n: 2 },
        { done: false, n: 5 },
      ],
    };
    expect(ev({ map: [{ var: 'visits' }, { '*': [{ var: 'n' }, 10] }] }, data)).toEqual([20, 50]);
    expect(ev({ filter: [{ var: 'visits' }, { var: 'done' }] }, data)).toEqual([{ done: true, n: 2 }]);
    expect(ev({ reduce: [{ var: 'visits' }, { '+': [{ var: 'accumulator' }, { var: 'current.n' }] }, 0] }, data)).toBe(7);
    expect(ev({ all: [{ var: 'visits' }, { var: 'done' }] }, data)).toBe(false);
    expect(ev({ all: [[], true] })).toBe(false);
    expect(ev({ some: [{ var: 'visits' }, { var: 'done' }] }, data)).toBe(true);
    expect(ev({ none: [{ var: 'visits' }, { '>': [{ var: 'n' }, 9] }] }, data)).toBe(true);
  });

  it('treats multi-key objects and arrays as literals / evaluated lists', () => {
    expect(ev({ a: 1, b: 2 })).toEqual({ a: 1, b: 2 });
    expect(ev([{ var: 'x' }, 2], { x: 1 })).toEqual([1, 2]);
  });

  it('truthiness follows JSON Logic', () => {
    expect([[], [0], 0, '', '0', null].map(truthy)).toEqual([false, true, false, false, true, false]);
    expect(ruleHolds({ var: 'x' }, { x: [] })).toBe(false);
  });
});

describe('domain operators', () => {
  it('days_between and hours_between count whole units', () => {
    expect(ev({ days_between: ['2024-03-01', '2024-03-11'] })).toBe(10);
    expect(ev({ days_between: ['2024-03-01T10:00:00Z', '2024-03-02T09:00:00Z'] })).toBe(0);
    expect(ev({ days_between: ['2024-03-11', '2024-03-01'] })).toBe(-10);
    expect(ev({ days_between: [new Date('2024-01-01T00:00:00Z'), '2024-02-01'] })).toBe(31);
    expect(ev({ days_between: ['not a date', '2024-02-01'] })).toBeNull();
    expect(ev({ hours_between: ['2024-03-01T10:00:00Z', '2024-03-03T09:30:00Z'] })).toBe(47);
  });

  it('age_years counts completed years, defaulting to now', () => {
    expect(ev({ age_years: ['2010-06-15', '2024-06-14'] })).toBe(13);
    expect(ev({ age_years: ['2010-06-15', '2024-06-15'] })).toBe(14);
    expect(ev({ age_years: [{ var: 'dob' }] }, { dob: '2006-01-01', now: '2024-05-01T00:00:00.000Z' })).toBe(18);
    expect(ev({ '>=': [{ age_years: [{ var: 'dob' }, '2024-01-01'] }, 18] }, { dob: '2007-01-02' })).toBe(false);
  });

  it("counts a day against a moment on the calendar of the rule data's timeZone", () => {
    // 23:30 UTC on 13 March is already 14 March in Chișinău (UTC+2).
    const late = { now: '2026-03-13T23:30:00.000Z', timeZone: 'Europe/Chisinau' };
    expect(ev({ days_between: [{ var: 'now' }, '2026-03-14'] }, late)).toBe(0);
    expect(ev({ days_between: [{ var: 'now' }, '2026-03-15'] }, late)).toBe(1);
    expect(ev({ days_between: ['2026-03-13', { var: 'now' }] }, late)).toBe(1);
    // In UTC it is still 13 March: 14 March is tomorrow.
    expect(ev({ days_between: [{ var: 'now' }, '2026-03-14'] }, { ...late, timeZone: 'UTC' })).toBe(1);
    expect(ev({ days_between: [{ var: 'now' }, '2026-03-14'] }, { now: late.now })).toBe(1);
    // Early in the local day, tomorrow is a whole day ahead (not "less than 24 hours away").
    const morning = { now: '2026-03-14T08:00:00.000Z', timeZone: 'Europe/Chisinau' };
    expect(ev({ '<=': [{ days_between: [{ var: 'now' }, '2026-03-15'] }, 0] }, morning)).toBe(false);
    // West of UTC, 02:00 UTC on 14 March is still 13 March.
    expect(ev({ days_between: [{ var: 'now' }, '2026-03-14'] }, { now: '2026-03-14T02:00:00.000Z', timeZone: 'America/New_York' })).toBe(1);
    // A date-time answer is a moment too; two moments stay elapsed time; two days stay days.
    expect(ev({ days_between: ['2026-03-13T23:30:00Z', '2026-03-13'] }, late)).toBe(-1);
    expect(ev({ days_between: ['2026-03-13T23:30:00Z', '2026-03-14T22:00:00Z'] }, late)).toBe(0);
    expect(ev({ days_between: ['2026-03-13', '2026-03-14'] }, late)).toBe(1);
    expect(ev({ days_between: [{ var: 'now' }, null] }, late)).toBeNull();
    // Inside map the zone is still the rule data's.
    expect(ev({ map: [{ var: 'days' }, { days_between: ['2026-03-13T23:30:00Z', { var: '' }] }] }, { ...late, days: ['2026-03-14'] })).toEqual([0]);
    // Summer time: 21:30 UTC on 29 March is 00:30 on 30 March in Chișinău (UTC+3).
    expect(ev({ days_between: ['2026-03-30', { var: 'now' }] }, { now: '2026-03-29T21:30:00.000Z', timeZone: 'Europe/Chisinau' })).toBe(0);
  });

  it('age_years reads a moment as its local day', () => {
    const data = { dob: '2008-03-14', now: '2026-03-13T23:30:00.000Z', timeZone: 'Europe/Chisinau' };
    expect(ev({ age_years: [{ var: 'dob' }] }, data)).toBe(18);
    expect(ev({ age_years: [{ var: 'dob' }, '2026-03-13T23:30:00Z'] }, data)).toBe(18);
    expect(ev({ age_years: [{ var: 'dob' }] }, { ...data, timeZone: 'UTC' })).toBe(17);
  });

  it('date_add_days keeps the date shape', () => {
    expect(ev({ date_add_days: ['2024-02-27', 3] })).toBe('2024-03-01');
    expect(ev({ date_add_days: ['2024-03-01T10:00:00.000Z', -1] })).toBe('2024-02-29T10:00:00.000Z');
    expect(ev({ date_add_days: [null, 1] })).toBeNull();
  });

  it('form_complete and form_entries read formStatus', () => {
    const data = { formStatus: { consent: { complete: true, entries: 1 }, visit: { complete: true, entries: 3 } } };
    expect(ev({ form_complete: ['consent'] }, data)).toBe(true);
    expect(ev({ form_complete: 'care_plan' }, data)).toBe(false);
    expect(ev({ form_entries: ['visit'] }, data)).toBe(3);
    expect(ev({ '>=': [{ form_entries: ['other'] }, 1] }, data)).toBe(false);
  });
});

describe('registry and errors', () => {
  it('throws a RuleError with the path of an unknown operator', () => {
    let error: unknown;
    try {
      ev({ and: [true, { foo: [1] }] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RuleError);
    expect((error as RuleError).path).toBe('$.and[1].foo');
    expect((error as RuleError).code).toBe('rule_error');
  });

  it('checkRule lists unknown operators with their JSON path', () => {
    const problems = checkRule({ and: [{ '==': [{ var: 'a' }, 1] }, { foo: [{ bar: 1 }] }, { if: [{ baz: 'x' }, 1, 2] }] });
    expect(problems.map((p) => p.path)).toEqual(['$.and[1].foo', '$.and[1].foo[0].bar', '$.and[2].if[0].baz']);
    expect(problems[0]).toMatchObject({ code: 'unknown_operator', operator: 'foo' });
    expect(checkRule({ '<': [1, { var: 'x' }, { days_between: ['2024-01-01', { var: 'now' }] }] })).toEqual([]);
  });

  it('custom operators are registered, not switched', () => {
    const registry: OperatorRegistry = createDefaultOperators().register('double', ([n]) => Number(n) * 2);
    expect(registry.has('double')).toBe(true);
    expect(evaluateRule({ double: [{ var: 'x' }] }, { x: 4 }, registry)).toBe(8);
    expect(checkRule({ double: 1 }, registry)).toEqual([]);
    expect(checkRule({ double: 1 })).toHaveLength(1);
    expect(createDefaultOperators().get('var')?.lazy).toBe(false);
    expect(createDefaultOperators().get('if')?.lazy).toBe(true);
  });

  it('wraps operator failures in a RuleError', () => {
    const registry = createDefaultOperators().register('boom', () => {
      throw new Error('bad');
    });
    expect(() => evaluateRule({ '!': [{ boom: [] }] }, {}, registry)).toThrow(/boom.*\$\.!\[0\]\.boom.*bad/);
  });
});
