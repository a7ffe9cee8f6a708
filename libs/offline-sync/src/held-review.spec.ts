import { reviewerView } from './held-review';
import { OfflineSyncErrorCode } from './offline-sync.errors';
import type { TeamHeldRow } from './sync-changes.repository';

describe('reviewerView (a team member’s held change as their supervisor sees it)', () => {
  const row = (over: Partial<TeamHeldRow>): TeamHeldRow => ({
    key: 'k1',
    kind: 'fill',
    userId: 'u1',
    userName: 'Ana Worker',
    userActive: false,
    caseId: 'c1',
    caseNumber: 'CH-2026-0001',
    reason: { code: OfflineSyncErrorCode.HandedOver, message: 'Handed over after the session had ended.' },
    change: {
      key: 'k1',
      kind: 'fill',
      case: 'c1',
      formId: 'registration',
      status: 'complete',
      base: { phone: '069' },
      answers: { phone: '078', address: 'Strada 1' },
    },
    madeAt: '2026-03-01T10:00:00.000Z',
    receivedAt: '2026-03-02T10:00:00.000Z',
    ...over,
  });

  it('names the fields a change sets but never their values, nor what the device had before', () => {
    const view = reviewerView(row({}));
    expect(view).toMatchObject({ userName: 'Ana Worker', userActive: false, caseNumber: 'CH-2026-0001', formId: 'registration', fields: ['address', 'phone'] });
    expect(JSON.stringify(view)).not.toMatch(/078|069|Strada/);
  });

  it('keeps a conflict’s fields by name, without either side’s value', () => {
    const view = reviewerView(
      row({
        reason: {
          code: OfflineSyncErrorCode.Conflict,
          message: 'Changed on the server too since your copy: phone.',
          details: { formId: 'registration', version: 4, conflicts: [{ field: 'phone', base: '069', yours: '078', theirs: '060' }] },
        },
      }),
    );
    expect(view.reason).toEqual({
      code: 'sync_conflict',
      message: 'Changed on the server too since your copy: phone.',
      details: { formId: 'registration', conflicts: [{ field: 'phone' }] },
    });
  });

  it('tells a refusal from elsewhere by its code’s title only: its message or details may quote an answer', () => {
    const view = reviewerView(
      row({ reason: { code: 'validation_failed', message: 'phone: "078" is not a phone number', details: { errors: [{ path: '/phone', message: '078' }] } } }),
    );
    expect(view.reason).toEqual({ code: 'validation_failed', message: 'Invalid request' });
  });

  it('shows a registration by its fields and a transition by its id', () => {
    const register = reviewerView(
      row({
        kind: 'register',
        caseId: null,
        caseNumber: null,
        change: { key: 'k1', kind: 'register', tempId: 't1', caseType: 'child_protection', answers: { first_name: 'Ion' } },
      }),
    );
    expect(register).toMatchObject({ caseNumber: null, fields: ['first_name'] });
    expect(register).not.toHaveProperty('formId');
    const transition = reviewerView(
      row({ kind: 'transition', change: { key: 'k1', kind: 'transition', case: 'c1', transitionId: 'close', fromStep: 'plan' } }),
    );
    expect(transition).toMatchObject({ transitionId: 'close', fields: [] });
  });
});
