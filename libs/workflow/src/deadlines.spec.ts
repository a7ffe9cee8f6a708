import type { DeadlineDef } from '@app/pack-types';
import { deadlineAlerts, planDeadlines, scheduleAlerts, StoredDeadline } from '@app/workflow';
import { at, buildPack, riskFollowUp, snapshot, submission, t0 } from './testing/pack-builder';

const assessedAt = at('2024-03-04T12:00:00.000Z');
const now = at('2024-03-05T08:00:00.000Z');
const assessed = (risk: string | null, extra: Parameters<typeof snapshot>[1] = {}) =>
  snapshot(['registration', 'assessment'], {
    risk,
    ...extra,
    submissions: [submission('initial_assessment', { risk_level: risk }, assessedAt), ...(extra.submissions ?? [])],
  });
const open = (key: string, dueAt: string): StoredDeadline => ({ key, dueAt: at(dueAt), status: 'open' });
const empty = { create: [], reschedule: [], close: [], cancel: [] };

describe('planDeadlines: risk-based follow-up', () => {
  it.each([
    ['high', '2024-03-06T12:00:00.000Z'],
    ['medium', '2024-03-09T12:00:00.000Z'],
    ['low', '2024-03-14T12:00:00.000Z'],
  ])('risk %s → due %s', (risk, due) => {
    const plan = planDeadlines(buildPack(), assessed(risk), [], now);
    expect(plan.create.map((d) => [d.key, d.anchorAt.toISOString(), d.dueAt.toISOString(), d.satisfiedAt])).toEqual([
      ['follow_up', assessedAt.toISOString(), due, null],
    ]);
    expect(plan.create[0].definition.id).toBe('follow_up');
    expect({ ...plan, create: [] }).toEqual(empty);
  });

  it('no deadline while the condition is false (risk unknown) or the anchor is missing', () => {
    expect(planDeadlines(buildPack(), assessed(null), [], now)).toEqual(empty);
    expect(planDeadlines(buildPack(), snapshot(['registration'], { risk: 'high' }), [], now)).toEqual(empty);
  });

  it('reschedules when the risk level changes', () => {
    const plan = planDeadlines(buildPack(), assessed('medium'), [open('follow_up', '2024-03-06T12:00:00.000Z')], now);
    expect(plan).toEqual({ ...empty, reschedule: [{ key: 'follow_up', dueAt: at('2024-03-09T12:00:00.000Z') }] });
    expect(planDeadlines(buildPack(), assessed('medium'), [open('follow_up', '2024-03-09T12:00:00.000Z')], now)).toEqual(empty);
  });

  it("reschedules when the pack's risk table changes", () => {
    const faster: DeadlineDef = { ...riskFollowUp, due: [{ when: { '==': [{ var: 'case.risk' }, 'high'] }, after: { hours: 24 } }, { after: { days: 10 } }] };
    const plan = planDeadlines(buildPack({ deadlines: [faster] }), assessed('high'), [open('follow_up', '2024-03-06T12:00:00.000Z')], now);
    expect(plan.reschedule).toEqual([{ key: 'follow_up', dueAt: at('2024-03-05T12:00:00.000Z') }]);
  });

  it('closes met when the work is done in time, missed when late', () => {
    const stored = [open('follow_up', '2024-03-06T12:00:00.000Z')];
    const inTime = assessed('high', { submissions: [submission('follow_up_visit', {}, at('2024-03-06T11:00:00.000Z'))] });
    expect(planDeadlines(buildPack(), inTime, stored, now)).toEqual({
      ...empty,
      close: [{ key: 'follow_up', closedAt: at('2024-03-06T11:00:00.000Z'), outcome: 'met' }],
    });
    const late = assessed('high', { submissions: [submission('follow_up_visit', {}, at('2024-03-07T09:00:00.000Z'))] });
    expect(planDeadlines(buildPack(), late, stored, now).close).toEqual([{ key: 'follow_up', closedAt: at('2024-03-07T09:00:00.000Z'), outcome: 'late' }]);
  });

  it('ignores close-on events before the anchor', () => {
    const before = assessed('high', { submissions: [submission('follow_up_visit', {}, at('2024-03-04T10:00:00.000Z'))] });
    expect(planDeadlines(buildPack(), before, [], now).close).toEqual([]);
  });

  it('a deadline satisfied before it was stored is created and closed in the same plan', () => {
    const done = assessed('low', { submissions: [submission('follow_up_visit', {}, at('2024-03-05T07:00:00.000Z'))] });
    const plan = planDeadlines(buildPack(), done, [], now);
    expect(plan.create.map((d) => [d.key, d.satisfiedAt?.toISOString()])).toEqual([['follow_up', '2024-03-05T07:00:00.000Z']]);
    expect(plan.close).toEqual([{ key: 'follow_up', closedAt: at('2024-03-05T07:00:00.000Z'), outcome: 'met' }]);
  });

  it('cancels open deadlines when the case closes, creates none, and never touches closed ones', () => {
    const closedCase = assessed('high', { status: 'closed', step: 'closed' });
    expect(planDeadlines(buildPack(), closedCase, [open('follow_up', '2024-03-06T12:00:00.000Z')], now)).toEqual({ ...empty, cancel: [{ key: 'follow_up' }] });
    expect(planDeadlines(buildPack(), closedCase, [], now)).toEqual(empty);
    const met: StoredDeadline = { key: 'follow_up', dueAt: at('2024-03-01T00:00:00.000Z'), status: 'met' };
    expect(planDeadlines(buildPack(), assessed('medium'), [met], now)).toEqual(empty);
  });

  it('cancels an open deadline that no longer applies (condition false or unknown definition)', () => {
    const stored = [open('follow_up', '2024-03-06T12:00:00.000Z'), open('removed_def', '2024-03-06T12:00:00.000Z')];
    expect(planDeadlines(buildPack(), assessed(null), stored, now).cancel).toEqual([{ key: 'follow_up' }, { key: 'removed_def' }]);
  });

  it('skips definitions for other case types', () => {
    expect(planDeadlines(buildPack({ deadlines: [{ ...riskFollowUp, caseTypes: ['adoption'] }] }), assessed('high'), [], now)).toEqual(empty);
  });
});

describe('planDeadlines: anchors and close-on events', () => {
  const def = (extra: Partial<DeadlineDef>): DeadlineDef => ({
    id: 'd',
    label: { en: 'd' },
    anchor: { event: 'case_registered' },
    due: [{ after: { days: 1 } }],
    closeOn: [],
    ...extra,
  });

  it('case_registered with working days, closed by a transition', () => {
    // t0 is Monday 09:00; Friday anchor → Monday.
    const friday = at('2024-03-08T09:00:00.000Z');
    const d = def({ due: [{ after: { days: 1, workingDays: true } }], closeOn: [{ event: 'transition', transition: 'plan' }] });
    const s = snapshot(['registration'], { registeredAt: friday });
    expect(planDeadlines(buildPack({ deadlines: [d] }), s, [], now).create[0].dueAt).toEqual(at('2024-03-11T09:00:00.000Z'));
    const done = { ...s, transitionsDone: [{ transitionId: 'plan', at: at('2024-03-11T08:00:00.000Z') }] };
    expect(planDeadlines(buildPack({ deadlines: [d] }), done, [open('d', '2024-03-11T09:00:00.000Z')], now).close).toEqual([
      { key: 'd', closedAt: at('2024-03-11T08:00:00.000Z'), outcome: 'met' },
    ]);
  });

  it('step_entered keeps one instance per visit; only the latest visit gets a new deadline', () => {
    const d = def({ anchor: { event: 'step_entered', step: 'planning' }, closeOn: [{ event: 'step_left', step: 'planning' }] });
    // planning visited at t0+1h (left at t0+2h) and again at t0+3h.
    const s = snapshot(['registration', 'planning', 'assessment', 'planning']);
    const plan = planDeadlines(buildPack({ deadlines: [d] }), s, [open('d:0', '2024-03-05T10:00:00.000Z')], now);
    expect(plan.create.map((c) => [c.key, c.anchorAt.toISOString()])).toEqual([['d:1', '2024-03-04T12:00:00.000Z']]);
    expect(plan.close).toEqual([{ key: 'd:0', closedAt: at('2024-03-04T11:00:00.000Z'), outcome: 'met' }]);
  });

  it('step_entered close-on counts visits at or after the anchor', () => {
    const d = def({ closeOn: [{ event: 'step_entered', step: 'assessment' }] });
    const s = snapshot(['registration', 'assessment']);
    expect(planDeadlines(buildPack({ deadlines: [d] }), s, [], now).close).toEqual([{ key: 'd', closedAt: at('2024-03-04T10:00:00.000Z'), outcome: 'met' }]);
  });

  it('date_answer: the answered date from the latest complete submission, a whole day: due { hours: 0 } is by its end', () => {
    const d = def({ anchor: { event: 'date_answer', form: 'care_plan', field: 'review_date' }, due: [{ after: { hours: 0 } }] });
    const s = snapshot(['registration'], {
      submissions: [
        submission('care_plan', { review_date: '2024-04-01' }, at('2024-03-04T10:00:00Z')),
        submission('care_plan', { review_date: '2024-04-15' }, at('2024-03-04T11:00:00Z')),
      ],
    });
    expect(planDeadlines(buildPack({ deadlines: [d] }), s, [], now).create[0]).toMatchObject({
      anchorAt: at('2024-04-15T00:00:00.000Z'),
      dueAt: at('2024-04-16T00:00:00.000Z'),
    });
    const noDate = snapshot(['registration'], { submissions: [submission('care_plan', { review_date: '' })] });
    expect(planDeadlines(buildPack({ deadlines: [d] }), noDate, [], now).create).toEqual([]);
  });

  it('in the pack time zone: a date answer starts at local midnight and its offsets count from the end of that day; a date-time answer keeps its time of day', () => {
    const pack = (field: string) => {
      const p = buildPack({ deadlines: [def({ anchor: { event: 'date_answer', form: 'care_plan', field }, due: [{ after: { days: 1 } }] })] });
      return { ...p, manifest: { ...p.manifest, timezone: 'Europe/Chisinau' } };
    };
    const s = snapshot(['registration'], { submissions: [submission('care_plan', { review_date: '2026-03-10', visit_at: '2026-03-27T15:10:00+02:00' })] });
    // 10 March 00:00 in Chișinău is 9 March 22:00 UTC; the end of 10 March + 1 day = 12 March 00:00 local.
    expect(planDeadlines(pack('review_date'), s, [], now).create[0]).toMatchObject({
      anchorAt: at('2026-03-09T22:00:00.000Z'),
      dueAt: at('2026-03-11T22:00:00.000Z'),
    });
    // Friday 15:10 EET + 1 day = Saturday 28 March 15:10 (EET).
    expect(planDeadlines(pack('visit_at'), s, [], now).create[0]).toMatchObject({
      anchorAt: at('2026-03-27T13:10:00.000Z'),
      dueAt: at('2026-03-28T13:10:00.000Z'),
    });
  });

  it('working days of the pack calendar count local dates', () => {
    const p = buildPack({ deadlines: [def({ anchor: { event: 'case_registered' }, due: [{ after: { days: 1, workingDays: true } }] })] });
    const pack = { ...p, manifest: { ...p.manifest, timezone: 'Europe/Chisinau' } };
    // Registered Saturday 00:30 local (Friday 22:30 UTC): due Monday 00:30 local, not Monday 22:30 UTC.
    const s = snapshot(['registration'], { registeredAt: at('2026-03-06T22:30:00Z') });
    expect(planDeadlines(pack, s, [], now).create[0].dueAt).toEqual(at('2026-03-08T22:30:00.000Z'));
  });

  describe("referral_sent: one deadline per referral, due when its service type says, closed by that referral's answer", () => {
    const d = def({
      id: 'answer',
      anchor: { event: 'referral_sent', serviceTypes: ['health'] },
      due: [{ after: { days: 3 } }],
      closeOn: [{ event: 'referral_responded' }],
    });
    const referral = (
      id: string,
      extra: Partial<{ serviceType: string; status: string; sentAt: Date | null; respondBy: Date | null; respondedAt: Date | null }> = {},
    ) => ({
      id,
      serviceType: 'health',
      status: 'sent',
      sentAt: at('2024-03-04T10:00:00Z'),
      respondBy: at('2024-03-05T10:00:00Z'),
      respondedAt: null,
      ...extra,
    });
    const plan = (referrals: ReturnType<typeof referral>[], stored: StoredDeadline[] = []) =>
      planDeadlines(buildPack({ deadlines: [d] }), snapshot(['registration'], { referrals }), stored, now);

    it("uses the referral's own response time, else `due`; none before it is sent or for other service types", () => {
      const p = plan([
        referral('a'),
        referral('b', { respondBy: null }),
        referral('c', { sentAt: null, respondBy: null, status: 'awaiting_authorisation' }),
        referral('d', { serviceType: 'legal' }),
      ]);
      expect(p.create.map((c) => [c.key, c.dueAt.toISOString()])).toEqual([
        ['answer:a', '2024-03-05T10:00:00.000Z'],
        ['answer:b', '2024-03-07T10:00:00.000Z'],
      ]);
    });

    it("an answer closes only its own referral's deadline; revoking an unanswered one cancels it", () => {
      const stored = [open('answer:a', '2024-03-05T10:00:00.000Z'), open('answer:b', '2024-03-05T10:00:00.000Z')];
      const p = plan([referral('a', { status: 'accepted', respondedAt: at('2024-03-05T12:00:00Z') }), referral('b', { status: 'revoked' })], stored);
      expect(p.close).toEqual([{ key: 'answer:a', closedAt: at('2024-03-05T12:00:00Z'), outcome: 'late' }]);
      expect(p.cancel).toEqual([{ key: 'answer:b' }]);
      expect(p.create).toEqual([]);
    });
  });
});

describe('deadlineAlerts', () => {
  it('reminders before and escalations after the due date', () => {
    // Due Friday 12:00; escalation one working day after = Monday 12:00.
    const alerts = deadlineAlerts(riskFollowUp, at('2024-03-08T12:00:00.000Z'), { weekend: [0, 6], holidays: [] });
    expect(alerts).toEqual([
      { kind: 'reminder', index: 0, at: at('2024-03-07T12:00:00.000Z'), notify: ['case_owner'], template: 'deadline_reminder' },
      { kind: 'overdue', index: 0, at: at('2024-03-08T12:00:00.000Z'), notify: [] },
      { kind: 'escalation', index: 0, at: at('2024-03-11T12:00:00.000Z'), notify: ['case_owner_supervisor'], template: 'deadline_escalation' },
    ]);
    expect(t0.getUTCDay()).toBe(1);
  });
});

describe('scheduleAlerts', () => {
  const def = {
    ...riskFollowUp,
    reminders: [
      { before: { hours: 24 }, notify: ['case_owner'] },
      { before: { hours: 2 }, notify: ['case_owner'] },
    ],
    escalation: [
      { afterOverdue: { hours: 0 }, notify: ['case_owner'] },
      { afterOverdue: { hours: 24 }, notify: ['supervisor'], template: 'urgent' },
    ],
  };
  const due = at('2024-03-08T12:00:00.000Z');
  const summary = (now: Date) => scheduleAlerts(def, due, now).map((a) => `${a.kind}${a.index}:${a.status}@${a.at.toISOString().slice(5, 16)}`);

  it('keeps every alert pending when the deadline is set well ahead', () => {
    expect(summary(at('2024-03-01T00:00:00.000Z'))).toEqual([
      'reminder0:pending@03-07T12:00',
      'reminder1:pending@03-08T10:00',
      'overdue0:pending@03-08T12:00',
      'escalation0:pending@03-08T12:00',
      'escalation1:pending@03-09T12:00',
    ]);
    expect(scheduleAlerts(def, due, at('2024-03-01T00:00:00.000Z'))[4].template).toBe('urgent');
  });

  it('sends only the latest passed reminder, at once, when the deadline is set late', () => {
    expect(summary(at('2024-03-08T11:00:00.000Z'))).toEqual([
      'reminder0:skipped@03-07T12:00',
      'reminder1:pending@03-08T11:00',
      'overdue0:pending@03-08T12:00',
      'escalation0:pending@03-08T12:00',
      'escalation1:pending@03-09T12:00',
    ]);
  });

  it('sends no reminder for a deadline already past, but marks it overdue and escalates', () => {
    expect(summary(at('2024-03-10T00:00:00.000Z'))).toEqual([
      'reminder0:skipped@03-07T12:00',
      'reminder1:skipped@03-08T10:00',
      'overdue0:pending@03-08T12:00',
      'escalation0:pending@03-08T12:00',
      'escalation1:pending@03-09T12:00',
    ]);
  });
});
