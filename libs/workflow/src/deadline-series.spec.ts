import type { DeadlineDef } from '@app/pack-types';
import { planDeadlines, type CaseSnapshot, type StoredDeadline } from '@app/workflow';
import { at, buildPack, snapshot, submission } from './testing/pack-builder';

const DAY = 86_400_000;
const tracingStart = at('2024-03-04T10:00:00.000Z');
const day = (n: number) => new Date(tracingStart.getTime() + n * DAY);
const open = (key: string, dueAt: Date): StoredDeadline => ({ key, dueAt, status: 'open' });
const stored = (key: string, dueAt: Date, status: StoredDeadline['status'], closedAt: Date): StoredDeadline => ({ key, dueAt, status, closedAt });

/** "Tracing review every 14 days while tracing goes on." */
const review: DeadlineDef = {
  id: 'review',
  label: { en: 'Tracing review' },
  anchor: { event: 'step_entered', step: 'tracing' },
  due: [{ after: { days: 14 } }],
  closeOn: [{ event: 'form_submitted', form: 'tracing_review' }],
  repeat: {},
  escalation: [{ afterOverdue: { days: 2 }, notify: ['supervisor'] }],
};

/** In tracing since `tracingStart`; left it at `leftAt` (then in reunification) when given. */
function tracingCase(reviews: Date[], leftAt: Date | null = null, extra: Partial<CaseSnapshot> = {}): CaseSnapshot {
  const base = snapshot(['registration']);
  const history = [
    { step: 'registration', enteredAt: base.registeredAt, leftAt: tracingStart },
    { step: 'tracing', enteredAt: tracingStart, leftAt },
    ...(leftAt ? [{ step: 'reunification', enteredAt: leftAt, leftAt: null }] : []),
  ];
  return {
    ...base,
    step: leftAt ? 'reunification' : 'tracing',
    stepHistory: history,
    submissions: reviews.map((r) => submission('tracing_review', {}, r)),
    ...extra,
  };
}

const planFor = (defs: DeadlineDef[], s: CaseSnapshot, st: StoredDeadline[], now: Date) => planDeadlines(buildPack({ deadlines: defs }), s, st, now);
const created = (p: ReturnType<typeof planFor>) => p.create.map((c) => [c.key, c.anchorAt.toISOString(), c.dueAt.toISOString()]);

describe('recurring deadlines: a review every 14 days from the day tracing starts', () => {
  it('the first occurrence is due 14 days after the step was entered', () => {
    const p = planFor([review], tracingCase([]), [], day(1));
    expect(created(p)).toEqual([['review:0', tracingStart.toISOString(), day(14).toISOString()]]);
  });

  it('each review keeps one occurrence and starts the next, due 14 days after it; a late review closes its occurrence late', () => {
    const p = planFor([review], tracingCase([day(10), day(26)]), [], day(27));
    expect(created(p)).toEqual([
      ['review:0', tracingStart.toISOString(), day(14).toISOString()],
      ['review:0:2', day(10).toISOString(), day(24).toISOString()],
      ['review:0:3', day(26).toISOString(), day(40).toISOString()],
    ]);
    expect(p.close).toEqual([
      { key: 'review:0', closedAt: day(10), outcome: 'met' },
      { key: 'review:0:2', closedAt: day(26), outcome: 'late' },
    ]);
  });

  it('with the history stored, a new review closes only the open occurrence and sets the next', () => {
    const history = [stored('review:0', day(14), 'met', day(10)), open('review:0:2', day(24))];
    const p = planFor([review], tracingCase([day(10), day(20)]), history, day(20));
    expect(p.close).toEqual([{ key: 'review:0:2', closedAt: day(20), outcome: 'met' }]);
    expect(created(p)).toEqual([['review:0:3', day(20).toISOString(), day(34).toISOString()]]);
    expect(p.cancel).toEqual([]);
  });

  it('an overdue occurrence stays open (overdue, escalated) until a review comes; nothing is invented meanwhile', () => {
    const p = planFor([review], tracingCase([day(10)]), [stored('review:0', day(14), 'met', day(10)), open('review:0:2', day(24))], day(30));
    expect(p).toEqual({ create: [], reschedule: [], close: [], cancel: [] });
  });

  it('two reviews keep two occurrences: the same entry never counts twice', () => {
    const p = planFor([review], tracingCase([day(5), day(5)]), [], day(6));
    expect(p.close.map((c) => c.key)).toEqual(['review:0', 'review:0:2']);
    expect(created(p).map((c) => c[0])).toEqual(['review:0', 'review:0:2', 'review:0:3']);
  });

  it('ends when the step is left: the open occurrence is missed if it had fallen due, cancelled if not', () => {
    const overdue = planFor([review], tracingCase([day(10)], day(30)), [stored('review:0', day(14), 'met', day(10)), open('review:0:2', day(24))], day(31));
    expect(overdue.close).toEqual([{ key: 'review:0:2', closedAt: day(30), outcome: 'missed' }]);
    expect(overdue.create).toEqual([]);
    const early = planFor([review], tracingCase([day(10)], day(12)), [stored('review:0', day(14), 'met', day(10)), open('review:0:2', day(24))], day(12));
    expect(early.cancel).toEqual([{ key: 'review:0:2' }]);
    expect(early.close).toEqual([]);
  });

  it('a review made after the step was left keeps nothing', () => {
    const p = planFor([review], tracingCase([day(31)], day(30)), [open('review:0', day(14))], day(32));
    expect(p.close).toEqual([{ key: 'review:0', closedAt: day(30), outcome: 'missed' }]);
  });

  it('a new visit of the step starts a new series', () => {
    const s = tracingCase([], day(30));
    s.stepHistory[2].leftAt = day(40);
    s.stepHistory.push({ step: 'tracing', enteredAt: day(40), leftAt: null });
    s.step = 'tracing';
    const p = planFor([review], s, [open('review:0', day(14))], day(41));
    expect(p.close).toEqual([{ key: 'review:0', closedAt: day(30), outcome: 'missed' }]);
    expect(created(p)).toEqual([['review:1', day(40).toISOString(), day(54).toISOString()]]);
  });

  it('closing the case ends the series: missed when overdue', () => {
    const p = planFor([review], tracingCase([], null, { status: 'closed' }), [open('review:0', day(14))], day(20));
    expect(p.close).toEqual([{ key: 'review:0', closedAt: day(20), outcome: 'missed' }]);
  });

  it('suspended while stopWhen holds (paused): the open occurrence ends, and the next counts from when the case went on', () => {
    const review2: DeadlineDef = { ...review, anchor: { event: 'case_registered' }, repeat: { stopWhen: { '==': [{ var: 'case.step' }, 'paused'] } } };
    const paused = tracingCase([]);
    paused.stepHistory[1].leftAt = day(5);
    paused.stepHistory.push({ step: 'paused', enteredAt: day(5), leftAt: null });
    paused.step = 'paused';
    expect(planFor([review2], paused, [open('review', day(14))], day(5)).cancel).toEqual([{ key: 'review' }]);
    const resumed = {
      ...paused,
      step: 'tracing',
      stepHistory: [
        ...paused.stepHistory.slice(0, 2),
        { step: 'paused', enteredAt: day(5), leftAt: day(20) },
        { step: 'tracing', enteredAt: day(20), leftAt: null },
      ],
    };
    const p = planFor([review2], resumed, [stored('review', day(14), 'cancelled', day(5))], day(20));
    expect(created(p)).toEqual([['review:2', day(20).toISOString(), day(34).toISOString()]]);
  });

  it('`every` sets the period after the first occurrence; `until` and `stopWhen` end the series', () => {
    const monthly: DeadlineDef = {
      ...review,
      due: [{ after: { days: 7 } }],
      repeat: { every: { days: 30 }, until: [{ event: 'transition', transition: 'found' }] },
    };
    const p = planFor([monthly], tracingCase([day(3)]), [], day(4));
    expect(created(p)).toEqual([
      ['review:0', tracingStart.toISOString(), day(7).toISOString()],
      ['review:0:2', day(3).toISOString(), day(33).toISOString()],
    ]);
    const found = tracingCase([day(3)], null, { transitionsDone: [{ transitionId: 'found', at: day(20) }] });
    expect(planFor([monthly], found, [stored('review:0', day(7), 'met', day(3)), open('review:0:2', day(33))], day(21)).cancel).toEqual([
      { key: 'review:0:2' },
    ]);
    const stopping: DeadlineDef = { ...review, repeat: { stopWhen: { '==': [{ var: 'case.fields.traced' }, true] } } };
    const traced = tracingCase([], null, { fields: { traced: true } });
    expect(planFor([stopping], traced, [open('review:0', day(14))], day(15)).close).toEqual([{ key: 'review:0', closedAt: day(15), outcome: 'missed' }]);
    expect(planFor([stopping], traced, [], day(15))).toEqual({ create: [], reschedule: [], close: [], cancel: [] });
  });
});

describe('deadlines kept by a given entry of a repeatable form', () => {
  const reunifiedOn = '2024-03-04';
  const visit = (answers: Record<string, unknown>, when: Date) => submission('follow_up_visit', answers, when);
  const visitDue = (id: string, weeks: number, closeOn: DeadlineDef['closeOn']): DeadlineDef => ({
    id,
    label: { en: `Visit at ${weeks} weeks` },
    anchor: { event: 'date_answer', form: 'reunification', field: 'date' },
    due: [{ after: { days: weeks * 7 } }],
    closeOn,
  });
  const reunified = (visits: ReturnType<typeof visit>[]) =>
    snapshot(['registration'], { submissions: [submission('reunification', { date: reunifiedOn }, at('2024-03-04T15:00:00Z')), ...visits] });

  it('visits at 2 and 6 weeks are kept by the first and the second entry of one visit form', () => {
    const two = visitDue('visit_2w', 2, [{ event: 'form_submitted', form: 'follow_up_visit', entry: 1 }]);
    const six = visitDue('visit_6w', 6, [{ event: 'form_submitted', form: 'follow_up_visit', entry: 2 }]);
    const first = visit({}, at('2024-03-15T09:00:00Z'));
    const afterFirst = planFor([two, six], reunified([first]), [], at('2024-03-16T00:00:00Z'));
    expect(afterFirst.close).toEqual([{ key: 'visit_2w', closedAt: at('2024-03-15T09:00:00Z'), outcome: 'met' }]);
    expect(created(afterFirst).map((c) => [c[0], c[2]])).toEqual([
      ['visit_2w', '2024-03-19T00:00:00.000Z'],
      ['visit_6w', '2024-04-16T00:00:00.000Z'],
    ]);
    const second = visit({}, at('2024-04-20T09:00:00Z'));
    const afterSecond = planFor(
      [two, six],
      reunified([first, second]),
      [stored('visit_2w', at('2024-03-19T00:00:00Z'), 'met', at('2024-03-15T09:00:00Z')), open('visit_6w', at('2024-04-16T00:00:00Z'))],
      at('2024-04-21T00:00:00Z'),
    );
    expect(afterSecond.close).toEqual([{ key: 'visit_6w', closedAt: at('2024-04-20T09:00:00Z'), outcome: 'late' }]);
  });

  it('or by the entry whose answer says which visit it is, counted on the visit date it gives', () => {
    const which = (answer: string): DeadlineDef['closeOn'] => [
      { event: 'form_submitted', form: 'follow_up_visit', where: { '==': [{ var: 'entry.which_visit' }, answer] }, dateField: 'visit_date' },
    ];
    const six = visitDue('visit_6w', 6, which('6_weeks'));
    // The 6-week visit was made on 14 April and written up on 20 April: it was on time.
    const p = planFor(
      [six],
      reunified([
        visit({ which_visit: '2_weeks', visit_date: '2024-03-15' }, at('2024-03-16T09:00:00Z')),
        visit({ which_visit: '6_weeks', visit_date: '2024-04-14' }, at('2024-04-20T09:00:00Z')),
      ]),
      [],
      at('2024-04-21T00:00:00Z'),
    );
    expect(p.close).toEqual([{ key: 'visit_6w', closedAt: at('2024-04-14T00:00:00Z'), outcome: 'met' }]);
  });

  it('a date is a whole day: a visit dated the day the deadline starts counts, one dated the due day is on time, the day after late', () => {
    // Due on the reunification date itself ({ days: 0 }): by the end of 4 March.
    const first = visitDue('first_visit', 0, [{ event: 'form_submitted', form: 'follow_up_visit', dateField: 'visit_date' }]);
    const dated = (visit_date: string) => planFor([first], reunified([visit({ visit_date }, at('2024-03-07T09:00:00Z'))]), [], at('2024-03-08T00:00:00Z'));
    expect(dated(reunifiedOn).create.map((c) => c.dueAt)).toEqual([at('2024-03-05T00:00:00Z')]);
    expect(dated(reunifiedOn).close).toEqual([{ key: 'first_visit', closedAt: at('2024-03-04T00:00:00Z'), outcome: 'met' }]);
    expect(dated('2024-03-05').close).toEqual([{ key: 'first_visit', closedAt: at('2024-03-05T00:00:00Z'), outcome: 'late' }]);
  });

  it('a revised anchor (a new review date) moves only the open occurrence; kept ones stay as they were', () => {
    const reviewOn: DeadlineDef = {
      id: 'plan_review',
      label: { en: 'Care plan review' },
      anchor: { event: 'date_answer', form: 'care_plan', field: 'review_date' },
      due: [{ after: { hours: 0 } }],
      closeOn: [{ event: 'form_submitted', form: 'follow_up_visit' }],
      repeat: { every: { days: 90 } },
    };
    const plan = (reviewDate: string) => submission('care_plan', { review_date: reviewDate }, at('2024-03-01T09:00:00Z'));
    const visited = at('2024-03-10T09:00:00Z');
    const history = [stored('plan_review', at('2024-03-11T00:00:00Z'), 'met', visited), open('plan_review:2', at('2024-06-08T09:00:00Z'))];
    // The plan is revised: next review on 15 April, after the visit that kept the first occurrence.
    const revised = snapshot(['registration'], { submissions: [plan('2024-04-15'), visit({}, visited)] });
    const p = planFor([reviewOn], revised, history, at('2024-03-20T00:00:00Z'));
    expect(p).toEqual({ create: [], reschedule: [{ key: 'plan_review:2', dueAt: at('2024-04-16T00:00:00Z') }], close: [], cancel: [] });
    // A date before the history changes nothing: the series goes on from the last visit.
    const earlier = snapshot(['registration'], { submissions: [plan('2024-03-05'), visit({}, visited)] });
    expect(planFor([reviewOn], earlier, history, at('2024-03-20T00:00:00Z'))).toEqual({ create: [], reschedule: [], close: [], cancel: [] });
  });

  it('a deadline anchored on a form is not kept by the very entry that started it, only by a later one', () => {
    const next: DeadlineDef = {
      id: 'next_visit',
      label: { en: 'Next visit' },
      anchor: { event: 'form_submitted', form: 'follow_up_visit' },
      due: [{ after: { days: 30 } }],
      closeOn: [{ event: 'form_submitted', form: 'follow_up_visit' }],
    };
    const once = planFor([next], snapshot(['registration'], { submissions: [visit({}, at('2024-03-05T09:00:00Z'))] }), [], at('2024-03-06T00:00:00Z'));
    expect(once.close).toEqual([]);
    expect(created(once)).toEqual([['next_visit', '2024-03-05T09:00:00.000Z', '2024-04-04T09:00:00.000Z']]);
    const twice = planFor(
      [next],
      snapshot(['registration'], { submissions: [visit({}, at('2024-03-05T09:00:00Z')), visit({}, at('2024-03-25T09:00:00Z'))] }),
      [open('next_visit', at('2024-04-04T09:00:00Z'))],
      at('2024-03-26T00:00:00Z'),
    );
    expect(twice.close).toEqual([{ key: 'next_visit', closedAt: at('2024-03-25T09:00:00Z'), outcome: 'met' }]);
  });
});

describe('one-off deadlines that stop applying', () => {
  it('an overdue deadline of a step left without the work is missed, not cancelled', () => {
    const d: DeadlineDef = {
      id: 'd',
      label: { en: 'd' },
      anchor: { event: 'step_entered', step: 'tracing' },
      due: [{ after: { days: 1 } }],
      closeOn: [{ event: 'form_submitted', form: 'x' }],
    };
    const s = tracingCase([], day(30));
    s.stepHistory[2].leftAt = day(31);
    s.stepHistory.push({ step: 'tracing', enteredAt: day(31), leftAt: null });
    s.step = 'tracing';
    const p = planFor([d], s, [open('d:0', day(1))], day(31));
    expect(p.close).toEqual([{ key: 'd:0', closedAt: day(31), outcome: 'missed' }]);
    expect(created(p).map((c) => c[0])).toEqual(['d:1']);
  });

  it('an overdue deadline whose own condition stops holding is cancelled: the pack says it does not apply', () => {
    const d: DeadlineDef = {
      id: 'd',
      label: { en: 'd' },
      anchor: { event: 'step_entered', step: 'tracing' },
      when: { '==': [{ var: 'case.risk' }, 'high'] },
      due: [{ after: { days: 1 } }],
      closeOn: [{ event: 'form_submitted', form: 'x' }],
    };
    expect(planFor([d], tracingCase([], null, { risk: 'low' }), [open('d:0', day(1))], day(5))).toEqual({
      create: [],
      reschedule: [],
      close: [],
      cancel: [{ key: 'd:0' }],
    });
    expect(planFor([d], tracingCase([], null, { risk: 'high' }), [open('d:0', day(1))], day(5))).toEqual({ create: [], reschedule: [], close: [], cancel: [] });
  });
});
