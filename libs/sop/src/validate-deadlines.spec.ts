import { lintPack, validatePack } from '@app/sop';
import { miniFiles } from './testing';

type Files = Record<string, any>;

async function issuesOf(mutate: (f: Files) => void) {
  return validatePack(await miniFiles(mutate)).issues.map((i) => `${i.severity} ${i.code} ${i.file} ${i.path}: ${i.message}`);
}

/** "An assessment review every 14 days while in assessment", with `change` applied. */
const recurring = (change: (d: any) => void) => (f: Files) => {
  const d = {
    id: 'assessment_review',
    label: { en: 'Assessment review', fr: "Révision de l'évaluation" },
    anchor: { event: 'step_entered', step: 'assessment' },
    due: [{ after: { days: 14 } }],
    closeOn: [{ event: 'form_submitted', form: 'assessment' }],
    repeat: {
      every: { months: 1, workingDays: true },
      until: [{ event: 'transition', transition: 'close' }],
      stopWhen: { '==': [{ var: 'case.risk' }, 'low'] },
    },
    reminders: [{ before: { days: 2 }, notify: ['case_owner'] }],
  };
  change(d);
  f['deadlines.json'].deadlines.push(d);
};

describe('validatePack: recurring deadlines and deadlines kept by a given entry', () => {
  it('accepts a recurring review and close-on by entry number, answer and visit date', async () => {
    expect(await issuesOf(recurring(() => {}))).toEqual([]);
    const byEntry = recurring((d) => {
      delete d.repeat;
      d.closeOn = [{ event: 'form_submitted', form: 'assessment', entry: 2, where: { '==': [{ var: 'entry.risk_level' }, 'high'] }, dateField: 'next_visit' }];
    });
    expect(await issuesOf(byEntry)).toEqual([]);
  });

  it.each([
    [
      'a recurring deadline kept by one given entry',
      (d: any) => (d.closeOn[0].entry = 2),
      'error repeat_with_entry deadlines.json $.deadlines[2].closeOn[0].entry: a recurring deadline is kept by each new entry',
    ],
    [
      'a period of zero',
      (d: any) => (d.repeat.every = { hours: 0 }),
      'error repeat_every_zero deadlines.json $.deadlines[2].repeat.every: a recurring deadline needs a period longer than zero',
    ],
    [
      'a series ended by an unknown step',
      (d: any) => (d.repeat.until = [{ event: 'step_left', step: 'tracing' }]),
      'error unknown_step deadlines.json $.deadlines[2].repeat.until[0].step: step "tracing" does not exist',
    ],
    [
      'a visit date that is not a date field',
      (d: any) => (d.closeOn[0].dateField = 'risk_level'),
      'error not_a_date_field deadlines.json $.deadlines[2].closeOn[0].dateField: field "assessment.risk_level" is not a date field',
    ],
    [
      'a visit date the form does not have',
      (d: any) => (d.closeOn[0].dateField = 'visit_date'),
      'error unknown_field deadlines.json $.deadlines[2].closeOn[0].dateField: form "assessment" has no field "visit_date"',
    ],
    [
      'an entry number on another event',
      (d: any) => (d.closeOn = [{ event: 'step_entered', step: 'closed', entry: 1 }]),
      'error schema deadlines.json $.deadlines[2].closeOn[0].entry',
    ],
    [
      'a recurring referral deadline',
      (d: any) => {
        d.anchor = { event: 'referral_sent' };
        d.closeOn = [{ event: 'referral_responded' }];
      },
      'error repeat_not_supported deadlines.json $.deadlines[2].repeat: a deadline anchored on referral_sent cannot recur',
    ],
  ])('refuses %s', async (_label, change, expected) => {
    expect(await issuesOf(recurring(change))).toEqual(expect.arrayContaining([expect.stringContaining(expected)]));
  });

  it('checks the rule that ends a series like any other rule', async () => {
    const issues = await issuesOf(recurring((d) => (d.repeat.stopWhen = { no_such_operator: [] })));
    expect(issues).toEqual([expect.stringContaining('deadlines.json $.deadlines[2].repeat.stopWhen')]);
  });
});

describe('lintPack: what the rules of recurring and per-entry deadlines read', () => {
  const lint = async (change: (d: any) => void) => {
    const { pack, issues } = validatePack(await miniFiles(recurring(change)));
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    return lintPack(pack!).map((i) => `${i.severity} ${i.code} ${i.file} ${i.path}: ${i.message}`);
  };

  it('a close-on rule reads the entry it judges as entry.<field>: fields and options of that form', async () => {
    expect(await lint((d) => (d.closeOn[0].where = { '==': [{ var: 'entry.risk_level' }, 'high'] }))).toEqual([]);
    expect(await lint((d) => (d.closeOn[0].where = { '==': [{ var: 'entry.visit_kind' }, 'home'] }))).toEqual([
      expect.stringContaining('error rule_unknown_field deadlines.json $.deadlines[2].closeOn[0].where'),
    ]);
    expect(await lint((d) => (d.closeOn[0].where = { '==': [{ var: 'entry.risk_level' }, 'extreme'] }))).toEqual([
      expect.stringContaining('error rule_unknown_option deadlines.json $.deadlines[2].closeOn[0].where'),
    ]);
  });

  it('the rule that ends a series is checked like a guard', async () => {
    expect(await lint((d) => (d.repeat.stopWhen = { '==': [{ var: 'case.step' }, 'tracing'] }))).toEqual([
      expect.stringContaining('error rule_unknown_value deadlines.json $.deadlines[2].repeat.stopWhen'),
    ]);
  });
});
