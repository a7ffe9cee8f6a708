import { webhookBody, withoutHiddenCopies } from './webhook-payload';
import { webhookTypeOf, WEBHOOK_EVENT_TYPE_LIST } from './webhook-events';

describe('webhook payloads', () => {
  const view = { id: 'c1', displayName: null, dateOfBirth: null, sex: 'female', risk: null, riskLabel: null, step: 'intake' };

  it('leave out the copies the role may not read instead of sending them blank', () => {
    const out = withoutHiddenCopies(view, { name: false, dateOfBirth: false, sex: true, risk: false });
    expect(out).toEqual({ id: 'c1', sex: 'female', step: 'intake' });
    expect(Object.keys(withoutHiddenCopies(view, { name: true, dateOfBirth: true, sex: true, risk: true }))).toEqual(Object.keys(view));
  });

  it('carry the de-duplication id, the type and when it happened', () => {
    expect(JSON.parse(webhookBody('d1', 'case.registered', new Date('2026-03-02T08:00:00Z'), { id: 'c1' }))).toEqual({
      id: 'd1',
      type: 'case.registered',
      occurredAt: '2026-03-02T08:00:00.000Z',
      case: { id: 'c1' },
    });
  });
});

describe('webhook event types', () => {
  it('each comes from timeline events the platform records; drafts and unlisted events carry no webhook', () => {
    expect(webhookTypeOf('form_submitted')).toBe('case.form_saved');
    expect(webhookTypeOf('form_updated')).toBe('case.form_saved');
    expect(webhookTypeOf('transition_performed')).toBe('case.transitioned');
    expect(webhookTypeOf('deadline_overdue')).toBe('deadline.missed');
    expect(webhookTypeOf('form_draft_saved')).toBeNull();
    expect(webhookTypeOf('case_read')).toBeNull();
    expect(WEBHOOK_EVENT_TYPE_LIST).toContain('referral.sent');
  });
});
