import type { DeadlineDef } from '@app/pack-types';
import { EventReader, projectEventData } from './case-event-projection';
import { deadlineEventNames } from './deadline-event-names';

const def = (id: string, anchor: DeadlineDef['anchor'], repeat?: DeadlineDef['repeat']): DeadlineDef => ({
  id,
  label: { en: `${id} label`, ro: `${id} eticheta` },
  anchor,
  due: [{ after: { days: 14 } }],
  closeOn: [{ event: 'form_submitted', form: 'x' }],
  ...(repeat ? { repeat } : {}),
});

const DEFS = [
  def('tracing_review', { event: 'case_registered' }, { every: { days: 14 } }),
  def('visit', { event: 'step_entered', step: 'care' }, { every: { months: 3 } }),
  def('referral_response', { event: 'referral_sent' }),
  def('initial_response', { event: 'case_registered' }),
];
const STORED = [
  { key: 'tracing_review', dueAt: new Date('2027-03-09T07:00:00Z') },
  { key: 'tracing_review:2', dueAt: new Date('2027-03-23T07:00:00Z') },
  { key: 'visit:1:3', dueAt: '2027-06-01T07:00:00.000Z' },
];

describe('which deadline a timeline event is about', () => {
  const names = deadlineEventNames(DEFS, STORED, 'ro');

  it("names the deadline in the reader's language, and which occurrence of a recurring one", () => {
    expect(names('tracing_review')).toEqual({ label: 'tracing_review eticheta', occurrence: 1, dueAt: '2027-03-09T07:00:00.000Z' });
    expect(names('tracing_review:2')).toEqual({ label: 'tracing_review eticheta', occurrence: 2, dueAt: '2027-03-23T07:00:00.000Z' });
    // A step's second visit (`:1`) is not an occurrence; its third occurrence is.
    expect(names('visit:1')).toEqual({ label: 'visit eticheta', occurrence: 1 });
    expect(names('visit:1:3')).toEqual({ label: 'visit eticheta', occurrence: 3, dueAt: '2027-06-01T07:00:00.000Z' });
    // Not recurring: no occurrence (a referral id is not one).
    expect(names('referral_response:0b7c')).toEqual({ label: 'referral_response eticheta' });
    expect(deadlineEventNames(DEFS, [], 'ar')('initial_response')).toEqual({ label: 'initial_response label' });
    expect(names('gone_from_pack')).toBeNull();
  });

  it('the timeline names a deadline only to readers who may see it, keeping the due time the event announced', () => {
    const reader = (visible: boolean) =>
      ({
        access: { perms: {}, facts: {} },
        identity: true,
        readable: new Set(),
        named: new Set(),
        idsByNumber: new Map(),
        deadline: () => visible,
      }) as never as EventReader;
    const opts = { deadlines: names };
    expect(projectEventData('deadline_met', { key: 'tracing_review:2', closedAt: 'c' }, reader(true), opts)).toEqual({
      key: 'tracing_review:2',
      closedAt: 'c',
      label: 'tracing_review eticheta',
      occurrence: 2,
      dueAt: '2027-03-23T07:00:00.000Z',
    });
    expect(projectEventData('deadline_set', { key: 'tracing_review', dueAt: '2027-03-02T07:00:00.000Z' }, reader(true), opts)).toMatchObject({
      dueAt: '2027-03-02T07:00:00.000Z',
      label: 'tracing_review eticheta',
    });
    expect(projectEventData('deadline_met', { key: 'tracing_review:2', closedAt: 'c' }, reader(false), opts)).toEqual({ deadlineHidden: true });
  });
});
