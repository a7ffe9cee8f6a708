import type { ConsentFromFormDef } from '@app/pack-types';
import { markConsentDecisions } from './consent-options';

describe('markConsentDecisions', () => {
  const schema = () => ({
    type: 'object',
    properties: {
      consent_status: {
        type: 'string',
        oneOf: [
          { const: 'given', title: 'Given' },
          { const: 'withdrawn', title: 'Withdrawn' },
          { const: 'not_required', title: 'Not required' },
        ],
      },
      carer: { type: 'object', properties: { assent: { type: 'string', oneOf: [{ const: 'yes', title: 'Yes' }] } } },
      notes: { type: 'string' },
    },
  });
  const mapping = (field: string, decisions: ConsentFromFormDef['decisions']): ConsentFromFormDef => ({
    form: 'registration',
    field,
    purposes: ['referral'],
    decisions,
    givenBy: 'parent',
    method: 'written',
  });

  it('marks each mapped option with the decision it records, nested questions too; unmapped options stay as they were', () => {
    const marked = markConsentDecisions(schema(), 'registration', [
      mapping('consent_status', { given: 'granted', withdrawn: 'withdrawn' }),
      mapping('carer.assent', { yes: 'granted' }),
    ])!;
    expect(marked.properties.consent_status.oneOf).toEqual([
      { const: 'given', title: 'Given', 'x-consentDecision': 'granted' },
      { const: 'withdrawn', title: 'Withdrawn', 'x-consentDecision': 'withdrawn' },
      { const: 'not_required', title: 'Not required' },
    ]);
    expect(marked.properties.carer.properties.assent.oneOf).toEqual([{ const: 'yes', title: 'Yes', 'x-consentDecision': 'granted' }]);
  });

  it('leaves the given schema untouched (it is the cached one), and other forms, unknown fields and missing schemas alone', () => {
    const original = schema();
    const marked = markConsentDecisions(original, 'registration', [mapping('consent_status', { withdrawn: 'withdrawn' })]);
    expect(marked).not.toBe(original);
    expect(original).toEqual(schema());
    expect(markConsentDecisions(original, 'closure', [mapping('consent_status', { withdrawn: 'withdrawn' })])).toBe(original);
    expect(markConsentDecisions(original, 'registration', [mapping('nowhere.field', { withdrawn: 'withdrawn' })])).toEqual(schema());
    expect(markConsentDecisions(undefined, 'registration', [mapping('consent_status', {})])).toBeUndefined();
    expect(markConsentDecisions(original, 'registration', undefined)).toBe(original);
  });
});
