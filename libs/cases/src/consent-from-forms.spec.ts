import type { SecurityDef } from '@app/pack-types';
import { consentsFromAnswers } from './consent-from-forms';
import type { ConsentRecord } from './repositories/case-consents.repository';

const label = { en: 'x' };
const consent: SecurityDef['consent'] = {
  purposes: [
    { id: 'referral', label },
    { id: 'data_sharing', label },
  ],
  methods: ['written', 'verbal'],
  requiredFor: { referral: 'referral' },
  givers: ['parent', 'legal_guardian', 'child', 'other'].map((id) => ({ id, label })),
  assent: { fromAge: 7, untilAge: 18 },
  fromForms: [
    {
      form: 'registration',
      field: 'consent_status',
      purposes: ['referral', 'data_sharing'],
      decisions: { given: 'granted', refused: 'refused', withdrawn: 'withdrawn' },
      givenBy: { field: 'relationship', values: { mother: 'parent', guardian: 'legal_guardian' }, otherwise: 'other' },
      givenByName: { field: 'consent_given_by' },
      method: 'written',
    },
    {
      form: 'registration',
      field: 'assent_status',
      kind: 'assent',
      purposes: ['referral'],
      decisions: { given: 'granted' },
      givenBy: 'child',
      method: 'verbal',
    },
  ],
};
const at = new Date('2026-03-02T08:00:00Z');
const save = (answers: Record<string, unknown>, previous: Record<string, unknown> | null = null, dateOfBirth: string | null = '2016-01-01') => ({
  formId: 'registration',
  answers,
  previous,
  dateOfBirth,
  at,
});
const record = (purpose: string, decision: ConsentRecord['decision'], kind: ConsentRecord['kind'] = 'consent') =>
  ({ purpose, decision, kind }) as ConsentRecord;
const brief = (out: ReturnType<typeof consentsFromAnswers>) =>
  out.map((c) => `${c.kind} ${c.purpose} ${c.decision} by ${c.givenBy} (${c.givenByName}) ${c.method}`);

describe('consent recorded by the answers of a form (security.json consent.fromForms)', () => {
  it('a mapped answer records its decision for each purpose, given by the mapped giver, with the name answered', () => {
    const out = consentsFromAnswers(
      consent,
      save({ consent_status: 'given', relationship: 'mother', consent_given_by: ' Elena Rusu ', assent_status: 'given' }),
      [],
    );
    expect(brief(out)).toEqual([
      'consent referral granted by parent (Elena Rusu) written',
      'consent data_sharing granted by parent (Elena Rusu) written',
      'assent referral granted by child (null) verbal',
    ]);
  });

  it('the giver falls back to "otherwise" for an unmapped or missing answer', () => {
    expect(consentsFromAnswers(consent, save({ consent_status: 'refused', relationship: 'grandparent' }), []).map((c) => c.givenBy)).toEqual([
      'other',
      'other',
    ]);
    expect(consentsFromAnswers(consent, save({ consent_status: 'refused' }), []).map((c) => c.givenBy)).toEqual(['other', 'other']);
  });

  it('an unanswered question, an unmapped value or another form records nothing', () => {
    expect(consentsFromAnswers(consent, save({}), [])).toEqual([]);
    expect(consentsFromAnswers(consent, save({ consent_status: 'not_required_emergency', assent_status: 'too_young' }), [])).toEqual([]);
    expect(consentsFromAnswers(consent, save({ consent_status: 'constructor' }), [])).toEqual([]);
    expect(consentsFromAnswers(consent, { ...save({ consent_status: 'given' }), formId: 'closure' }, [])).toEqual([]);
  });

  it('records only purposes whose current state differs', () => {
    const out = consentsFromAnswers(consent, save({ consent_status: 'given' }), [record('referral', 'refused'), record('referral', 'granted')]);
    expect(brief(out)).toEqual(['consent data_sharing granted by other (null) written']);
  });

  it('a changed answer records the change; an answer unchanged since the last complete save records nothing again', () => {
    const granted = [record('referral', 'granted'), record('data_sharing', 'granted')];
    expect(brief(consentsFromAnswers(consent, save({ consent_status: 'withdrawn' }, { consent_status: 'given' }), granted))).toEqual([
      'consent referral withdrawn by other (null) written',
      'consent data_sharing withdrawn by other (null) written',
    ]);
    // Withdrawn through the consent API meanwhile: re-saving the form for another field does not grant it again.
    const withdrawn = [...granted, record('referral', 'withdrawn')];
    expect(consentsFromAnswers(consent, save({ consent_status: 'given', notes: 'typo fixed' }, { consent_status: 'given' }), withdrawn)).toEqual([]);
  });

  it('assent is not recorded outside the ages the pack asks for it', () => {
    expect(consentsFromAnswers(consent, save({ assent_status: 'given' }, null, '2021-01-01'), [])).toEqual([]);
    expect(consentsFromAnswers(consent, save({ assent_status: 'given' }, null, '2000-01-01'), [])).toEqual([]);
    expect(consentsFromAnswers(consent, save({ assent_status: 'given' }, null, null), []).length).toBe(1);
  });
});
