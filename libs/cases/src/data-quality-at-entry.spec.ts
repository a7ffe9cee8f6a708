import { DomainError } from '@app/core';
import type { DataQualityCheckDef } from '@app/pack-types';
import { buildPack, snapshot, submission } from '../../workflow/src/testing/pack-builder';
import { checkAtEntry, newCaseSnapshot } from './data-quality-at-entry';

const t = (en: string) => ({ en, fr: `${en} (fr)` });
const checks: DataQualityCheckDef[] = [
  {
    id: 'visit_not_future',
    label: t('Visit in the future'),
    message: t('The visit is after today.'),
    severity: 'error',
    form: 'follow_up_visit',
    field: 'visit.date',
    rule: { '<=': [{ days_between: [{ var: 'now' }, { var: 'forms.follow_up_visit.visit.date' }] }, 0] },
  },
  {
    id: 'two_visits',
    label: t('Second visit'),
    message: t('This is not the first visit.'),
    severity: 'warning',
    form: 'follow_up_visit',
    rule: { '<': [{ form_entries: ['follow_up_visit'] }, 2] },
  },
];
const pack = buildPack({ dataQuality: checks });
const now = new Date('2024-03-10T10:00:00Z');
const entered = (date: string, status: 'draft' | 'complete' = 'complete', replaces: string | null = null) => ({
  formId: 'follow_up_visit',
  formVersion: 1,
  answers: { visit: { date } },
  replaces,
  status,
});

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('not refused');
}

describe('checkAtEntry', () => {
  it("refuses a failing error check with the checks and field errors, in the user's language", () => {
    const e = refusal(() => checkAtEntry(pack, snapshot(['planning']), entered('2024-04-01'), now, 'fr'));
    expect(e.code).toBe('data_quality_failed');
    expect(e.extra).toEqual({
      checks: [{ id: 'visit_not_future', field: 'visit.date', message: 'The visit is after today. (fr)' }],
      errors: [{ path: '/visit/date', message: 'The visit is after today. (fr)', keyword: 'data_quality' }],
    });
  });

  it('runs on the case as it will be once saved (a second entry counts) and returns warnings', () => {
    const one = snapshot(['planning'], { submissions: [submission('follow_up_visit', { visit: { date: '2024-03-05' } })] });
    expect(checkAtEntry(pack, snapshot(['planning']), entered('2024-03-09'), now, 'en')).toEqual([]);
    expect(checkAtEntry(pack, one, entered('2024-03-09'), now, 'en')).toEqual([{ id: 'two_visits', field: null, message: 'This is not the first visit.' }]);
    // Updating that one entry leaves one entry.
    expect(checkAtEntry(pack, one, entered('2024-03-09', 'complete', one.submissions[0].id), now, 'en')).toEqual([]);
  });

  it('runs only the warnings on a draft', () => {
    const one = snapshot(['planning'], { submissions: [submission('follow_up_visit', { visit: { date: '2024-03-05' } })] });
    expect(checkAtEntry(pack, one, entered('2024-04-01', 'draft'), now, 'en')).toEqual([]);
    const two = { ...one, submissions: [...one.submissions, submission('follow_up_visit', { visit: { date: '2024-03-06' } })] };
    expect(checkAtEntry(pack, two, entered('2024-04-01', 'draft'), now, 'en').map((w) => w.id)).toEqual(['two_visits']);
  });

  it('checks a case being registered, registered now', () => {
    const pack2 = buildPack({
      dataQuality: [
        {
          id: 'registered_today',
          label: t('x'),
          message: t('x'),
          severity: 'error',
          form: 'registration',
          rule: { '==': [{ var: 'case.registeredAt' }, now.toISOString()] },
        },
      ],
    });
    const fresh = newCaseSnapshot(
      { caseType: 'child_protection', step: 'registration', status: 'open', createdBy: 'u', assignedTo: 'u', risk: null, location: 'MD' },
      now,
    );
    expect(checkAtEntry(pack2, fresh, { formId: 'registration', formVersion: 1, answers: {}, replaces: null, status: 'complete' }, now, 'en')).toEqual([]);
  });
});
