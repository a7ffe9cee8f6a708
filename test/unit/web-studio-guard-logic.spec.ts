import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkRule, ruleHolds } from '@app/rules';
import { FieldKind, GuardModel, guardLogic, guardSentence, GuardWords, OPERATORS, parseGuard, parseRaw } from '../../apps/web/src/pages/studio/guard-logic';

const RISK = 'forms.initial_assessment.risk_level';
const KINDS: Record<string, FieldKind> = {
  [RISK]: 'choice',
  'case.risk': 'choice',
  'forms.initial_assessment.child_seen': 'yesno',
  'forms.initial_assessment.assessment_date': 'date',
  'forms.initial_assessment.protection_concerns': 'choices',
  'forms.registration.age': 'number',
  'forms.registration.consent_status': 'choice',
  'forms.closure.closure_reason': 'choice',
  'forms.closure.notes': 'text',
};
const kindOf = (p: string) => KINDS[p];
const data = (answers: Record<string, Record<string, unknown>>, risk: string | null = null) => ({ forms: answers, case: { risk } });

describe('The studio guard builder: JSON Logic <-> conditions', () => {
  it('writes "risk level is high" as the engine reads it, and reads it back', () => {
    const model: GuardModel = { combine: 'all', conditions: [{ path: RISK, operator: 'equals', value: 'high' }] };
    const rule = guardLogic(model);
    expect(rule).toEqual({ '==': [{ var: RISK }, 'high'] });
    expect(checkRule(rule)).toEqual([]);
    expect(ruleHolds(rule, data({ initial_assessment: { risk_level: 'high' } }))).toBe(true);
    expect(ruleHolds(rule, data({ initial_assessment: { risk_level: 'low' } }))).toBe(false);
    expect(ruleHolds(rule, data({}))).toBe(false);
    expect(parseGuard(rule, kindOf)).toEqual(model);
  });

  it('combines conditions with all (and) or any (or), which the engine evaluates as such', () => {
    const all: GuardModel = {
      combine: 'all',
      conditions: [
        { path: RISK, operator: 'oneOf', value: ['high', 'medium'] },
        { path: 'forms.registration.age', operator: 'lessThan', value: 14 },
      ],
    };
    const any: GuardModel = { ...all, combine: 'any' };
    const answers = data({ initial_assessment: { risk_level: 'medium' }, registration: { age: 16 } });
    expect(ruleHolds(guardLogic(all), answers)).toBe(false);
    expect(ruleHolds(guardLogic(any), answers)).toBe(true);
    expect(guardLogic(any)).toEqual({ or: [{ in: [{ var: RISK }, ['high', 'medium']] }, { '<': [{ var: 'forms.registration.age' }, 14] }] });
    expect(parseGuard(guardLogic(all), kindOf)).toEqual(all);
    expect(parseGuard(guardLogic(any), kindOf)).toEqual(any);
  });

  it('counts a "no" as an answer, and a missing answer as not answered', () => {
    const answered = guardLogic({ combine: 'all', conditions: [{ path: 'forms.initial_assessment.child_seen', operator: 'answered' }] });
    const notAnswered = guardLogic({ combine: 'all', conditions: [{ path: 'forms.initial_assessment.child_seen', operator: 'notAnswered' }] });
    expect(ruleHolds(answered, data({ initial_assessment: { child_seen: false } }))).toBe(true);
    expect(ruleHolds(answered, data({ initial_assessment: {} }))).toBe(false);
    expect(ruleHolds(notAnswered, data({}))).toBe(true);
    expect(parseGuard(answered, kindOf)?.conditions[0].operator).toBe('answered');
    expect(parseGuard(notAnswered, kindOf)?.conditions[0].operator).toBe('notAnswered');
  });

  it('tests a multiple choice for one option, and compares dates as the engine does', () => {
    const includes = guardLogic({
      combine: 'all',
      conditions: [{ path: 'forms.initial_assessment.protection_concerns', operator: 'includes', value: 'neglect' }],
    });
    expect(ruleHolds(includes, data({ initial_assessment: { protection_concerns: ['abuse', 'neglect'] } }))).toBe(true);
    expect(ruleHolds(includes, data({ initial_assessment: { protection_concerns: ['abuse'] } }))).toBe(false);
    const after = guardLogic({ combine: 'all', conditions: [{ path: 'forms.initial_assessment.assessment_date', operator: 'atLeast', value: '2026-01-01' }] });
    expect(ruleHolds(after, data({ initial_assessment: { assessment_date: '2026-03-05' } }))).toBe(true);
    expect(ruleHolds(after, data({ initial_assessment: { assessment_date: '2025-12-31' } }))).toBe(false);
    expect(parseGuard(includes, kindOf)).not.toBeNull();
    expect(parseGuard(after, kindOf)).not.toBeNull();
  });

  it('opens every guard of the Moldova pack it can show in the builder, and the others (in raw mode) unchanged', () => {
    const workflow = JSON.parse(readFileSync(path.resolve(__dirname, '../../sops/moldova/workflow.json'), 'utf8'));
    const byId = Object.fromEntries(workflow.transitions.map((t: any) => [t.id, (t.guards ?? []).map((g: any) => g.rule)]));
    // Consent given or not required: "is one of"; high risk of the case: "equals".
    expect(parseGuard(byId.start_assessment[0], kindOf)).toEqual({
      combine: 'all',
      conditions: [{ path: 'forms.registration.consent_status', operator: 'oneOf', value: ['given', 'not_required_emergency'] }],
    });
    expect(parseGuard(byId.request_emergency_placement[0], kindOf)).toEqual({
      combine: 'all',
      conditions: [{ path: 'case.risk', operator: 'equals', value: 'high' }],
    });
    // "if ... days_between ...": no picker writes it, so it is left to raw mode.
    expect(parseGuard(byId.close_case[0], kindOf)).toBeNull();
  });

  it('refuses what it cannot show exactly: another operator, an unknown field, a value or operator that does not fit the field', () => {
    expect(parseGuard({ '==': [{ var: 'forms.x.unknown' }, 'a'] }, kindOf)).toBeNull();
    expect(parseGuard({ '==': [{ var: [RISK, 'low'] }, 'high'] }, kindOf)).toBeNull(); // a default
    expect(parseGuard({ '==': ['high', { var: RISK }] }, kindOf)).toBeNull(); // reversed
    expect(parseGuard({ '>': [{ var: RISK }, 'high'] }, kindOf)).toBeNull(); // no order among options
    expect(parseGuard({ '==': [{ var: 'forms.registration.age' }, '14'] }, kindOf)).toBeNull(); // text for a number
    expect(parseGuard({ '==': [{ var: 'forms.initial_assessment.child_seen' }, 'yes'] }, kindOf)).toBeNull();
    expect(parseGuard({ and: [] }, kindOf)).toBeNull();
    expect(parseGuard({ and: [{ '==': [{ var: RISK }, 'high'] }, { '!': [{ var: RISK }] }] }, kindOf)).toBeNull();
    expect(parseGuard({ and: [{ or: [{ '==': [{ var: RISK }, 'high'] }] }] }, kindOf)).toBeNull(); // nested
    expect(parseGuard(true, kindOf)).toBeNull();
  });

  it('offers only operators that fit each kind of field', () => {
    expect(OPERATORS.choice).toContain('oneOf');
    expect(OPERATORS.text).not.toContain('greaterThan');
    expect(OPERATORS.yesno).toEqual(['equals', 'answered', 'notAnswered']);
    expect(OPERATORS.choices).not.toContain('equals');
  });

  it('has the words of every operator in every language of the app', () => {
    for (const locale of ['en', 'fr', 'ro', 'ar']) {
      const texts = JSON.parse(readFileSync(path.resolve(__dirname, `../../apps/web/src/locales/studio-workflow-${locale}.json`), 'utf8'));
      for (const op of new Set(Object.values(OPERATORS).flat())) {
        expect([locale, op, typeof texts[`studio.wf.op.${op}`], texts[`studio.wf.words.${op}`]?.includes('{field}')]).toEqual([locale, op, 'string', true]);
      }
    }
  });

  it('says the guard in words, by labels', () => {
    const w: GuardWords = {
      field: (p) => ({ [RISK]: 'Risk level', 'forms.registration.age': 'Age' })[p] ?? p,
      value: (p, v) => (p === RISK ? ({ high: 'High', medium: 'Medium' } as Record<string, string>)[String(v)] : String(v)),
      condition: (op, field, value) => `${field} ${op} ${value}`.trim(),
      list: (vs) => vs.join(' or '),
      join: (c, parts) => parts.join(c === 'all' ? ' and ' : ' or else '),
    };
    expect(guardSentence({ combine: 'all', conditions: [{ path: RISK, operator: 'equals', value: 'high' }] }, w)).toBe('Risk level equals High');
    expect(
      guardSentence(
        {
          combine: 'any',
          conditions: [
            { path: RISK, operator: 'oneOf', value: ['high', 'medium'] },
            { path: 'forms.registration.age', operator: 'answered' },
          ],
        },
        w,
      ),
    ).toBe('Risk level oneOf High or Medium or else Age answered');
  });

  it('reads raw JSON Logic, or says why it is not JSON', () => {
    expect(parseRaw('{"==": [{"var": "case.risk"}, "high"]}')).toEqual({ ok: true, rule: { '==': [{ var: 'case.risk' }, 'high'] } });
    const bad = parseRaw('{"==": [');
    expect(bad.ok).toBe(false);
    expect(parseRaw('  ')).toEqual({ ok: false, reason: 'empty' });
  });
});
