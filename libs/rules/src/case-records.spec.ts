import { checkRule, evaluateRule, RuleError, ruleHolds } from '@app/rules';

const referral = (serviceType: string, status: string) => ({ serviceType, status, sentAt: '2026-03-02T08:00:00.000Z', respondedAt: null });

describe('referral operators', () => {
  const data = {
    referrals: [referral('medical', 'declined'), referral('medical', 'sent'), referral('counselling', 'accepted'), referral('medical', 'done')],
  };

  it('has_referral holds when a referral matches every key given (a list means any of its values)', () => {
    expect(ruleHolds({ has_referral: { serviceType: 'medical', status: 'accepted' } }, data)).toBe(false);
    expect(ruleHolds({ has_referral: { serviceType: 'medical', status: ['accepted', 'done'] } }, data)).toBe(true);
    expect(ruleHolds({ has_referral: { serviceType: 'counselling', status: 'accepted' } }, data)).toBe(true);
    expect(ruleHolds({ has_referral: { serviceType: ['legal', 'counselling'] } }, data)).toBe(true);
    expect(ruleHolds({ has_referral: { serviceType: 'legal' } }, data)).toBe(false);
    expect(ruleHolds({ has_referral: { status: 'revoked' } }, data)).toBe(false);
    // No filter: any referral at all.
    expect(ruleHolds({ has_referral: {} }, data)).toBe(true);
    expect(ruleHolds({ has_referral: [] }, data)).toBe(true);
    expect(ruleHolds({ has_referral: {} }, { referrals: [] })).toBe(false);
    // Rule data without referrals (a snapshot that did not load them) has none.
    expect(ruleHolds({ has_referral: { serviceType: 'medical' } }, {})).toBe(false);
  });

  it('a filter with one key is the filter, not an operation', () => {
    expect(evaluateRule({ has_referral: { serviceType: 'medical' } }, data)).toBe(true);
    expect(evaluateRule({ has_referral: [{ status: 'sent' }] }, data)).toBe(true);
  });

  it('referral_count counts the matching referrals, usable in comparisons', () => {
    expect(evaluateRule({ referral_count: { serviceType: 'medical' } }, data)).toBe(3);
    expect(evaluateRule({ referral_count: { serviceType: 'medical', status: ['declined', 'revoked', 'not_authorised'] } }, data)).toBe(1);
    expect(evaluateRule({ referral_count: {} }, data)).toBe(4);
    expect(ruleHolds({ '<': [{ referral_count: { status: 'declined' } }, 2] }, data)).toBe(true);
  });

  it('reads the root rule data inside map and the like', () => {
    expect(evaluateRule({ map: [[1, 2], { has_referral: { serviceType: 'counselling' } }] }, data)).toEqual([true, true]);
  });

  it('a bad filter is refused by checkRule and fails closed at run time', () => {
    const rule = { and: [true, { has_referral: { service: 'medical', status: [] } }] };
    const problems = checkRule(rule);
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['bad_arguments', '$.and[1].has_referral'],
      ['bad_arguments', '$.and[1].has_referral'],
    ]);
    expect(problems[0].message).toContain('unknown filter key "service"');
    expect(problems[1].message).toContain('"status" must be a text or a non-empty list');
    expect(() => evaluateRule(rule, data)).toThrow(RuleError);
    // A computed value is not a filter: the linter could not check it.
    expect(checkRule({ has_referral: { serviceType: ['medical', { var: 'x' }] } })[0].code).toBe('bad_arguments');
    expect(checkRule({ referral_count: ['medical'] })[0].message).toContain('filter must be an object');
    // Inside the literal filter nothing is taken for an operator.
    expect(checkRule({ has_referral: { serviceType: 'medical' } })).toEqual([]);
  });
});

describe('plugin_fact', () => {
  const data = { facts: { 'adoption-matching': { approved_match: true, proposals: 2 } } };

  it('reads a fact the host loaded; a fact not loaded is null', () => {
    expect(evaluateRule({ plugin_fact: 'adoption-matching.approved_match' }, data)).toBe(true);
    expect(evaluateRule({ plugin_fact: ['adoption-matching.proposals'] }, data)).toBe(2);
    expect(evaluateRule({ plugin_fact: 'adoption-matching.other' }, data)).toBeNull();
    expect(evaluateRule({ plugin_fact: 'family-tracing.match_confirmed' }, data)).toBeNull();
    expect(evaluateRule({ plugin_fact: 'adoption-matching.constructor' }, data)).toBeNull();
    expect(ruleHolds({ '!': { plugin_fact: 'family-tracing.match_confirmed' } }, {})).toBe(true);
  });

  it('takes one literal "<plugin>.<fact>" name', () => {
    expect(checkRule({ plugin_fact: 'adoption-matching.approved_match' })).toEqual([]);
    for (const bad of ['approved_match', 'Adoption.x', { var: 'name' }, ['a.b', 'c.d']]) {
      expect(checkRule({ plugin_fact: bad as never }).map((p) => p.code)).toEqual(['bad_arguments']);
    }
    expect(() => evaluateRule({ plugin_fact: { var: 'name' } }, { name: 'adoption-matching.approved_match' })).toThrow(RuleError);
  });
});
