import { HOUR_MS } from '@app/core';
import { PluginCatalogue } from '@app/plugin-host';
import type { CompiledSop } from '@app/sop-registry';
import type { CaseSnapshot } from '@app/workflow';
import { moldovaFiles } from '../../../test/support/reference-pack';
import { INSTALLED_PLUGINS } from '../../../plugins';
import { compileInMemory } from './simulated-sop';
import { change, ComplianceTally, shown } from './what-if-figures';
import { CaseHistory, replayCaseDeadlines, snapshotAt } from './what-if-replay';

const catalogue = new PluginCatalogue(INSTALLED_PLUGINS);
// Monday 2 March 2026, 08:00 UTC.
const T0 = new Date('2026-03-02T08:00:00Z');
const after = (hours: number) => new Date(T0.getTime() + hours * HOUR_MS);

async function compile(highRiskHours?: number): Promise<CompiledSop> {
  const files: Record<string, any> = JSON.parse(JSON.stringify(await moldovaFiles()));
  if (highRiskHours !== undefined) {
    const high = files['deadlines.json'].deadlines.find((d: any) => d.id === 'initial_response').due[0];
    expect(high.when).toEqual({ '==': [{ var: 'case.risk' }, 'high'] });
    high.after = { hours: highRiskHours };
  }
  const ids = (files['pack.json'].plugins ?? []).map((p: { id: string }) => p.id);
  return compileInMemory(files, catalogue.validateOptions(ids), { versionId: 0, version: 0 });
}

let seq = 0;
/** A high-risk child-protection case registered at T0; its comprehensive assessment first completed `assessedAfter` hours later, if ever. */
function highRiskCase(opts: { assessedAfter?: number; closedAfter?: number } = {}): CaseHistory {
  seq++;
  const visits: CaseSnapshot['stepHistory'] = [{ step: 'initial_assessment', enteredAt: T0, leftAt: null }];
  const submissions: CaseSnapshot['submissions'] = [];
  if (opts.assessedAfter !== undefined) {
    visits[0].leftAt = after(opts.assessedAfter - 1);
    visits.push({ step: 'comprehensive_assessment', enteredAt: after(opts.assessedAfter - 1), leftAt: null });
    const at = after(opts.assessedAfter);
    submissions.push({
      id: `s${seq}`,
      formId: 'comprehensive_assessment',
      formVersion: 1,
      status: 'complete',
      answers: {},
      completedAt: at,
      firstCompletedAt: at,
    });
  }
  const closedAt = opts.closedAfter === undefined ? null : after(opts.closedAfter);
  if (closedAt) {
    visits.at(-1)!.leftAt = closedAt;
    visits.push({ step: 'closed', enteredAt: closedAt, leftAt: null });
  }
  return {
    closedAt,
    snapshot: {
      id: `case-${seq}`,
      caseType: 'child_protection',
      step: visits.at(-1)!.step,
      status: closedAt ? 'closed' : 'open',
      registeredAt: T0,
      createdBy: 'u1',
      assignedTo: 'u1',
      risk: 'high',
      location: 'CH01',
      stepHistory: visits,
      submissions,
      pendingApproval: null,
      fields: {},
      transitionsDone: [],
      referrals: [],
    },
  };
}

const response = (sop: CompiledSop, h: CaseHistory, now: Date) =>
  replayCaseDeadlines(sop.pack, h, now, sop.engine.operators).find((d) => d.definitionId === 'initial_response');

describe('"what if" replay of real cases through a pack (pure)', () => {
  let moldova: CompiledSop;
  let shorter: CompiledSop;
  beforeAll(async () => {
    [moldova, shorter] = await Promise.all([compile(), compile(24)]);
  }, 60_000);
  const NOW = after(24 * 30);

  it('keeps a high-risk response done after 30 h on time under 48 h, and late under 24 h', () => {
    const h = highRiskCase({ assessedAfter: 30 });
    expect(response(moldova, h, NOW)).toMatchObject({ status: 'met', dueAt: after(48), closedAt: after(30) });
    expect(response(shorter, h, NOW)).toMatchObject({ status: 'late', dueAt: after(24), closedAt: after(30) });
  });

  it('leaves a response never done open, and misses it when the case closed after it fell due', () => {
    expect(response(moldova, highRiskCase(), NOW)).toMatchObject({ status: 'open', dueAt: after(48) });
    expect(response(moldova, highRiskCase({ closedAfter: 60 }), NOW)).toMatchObject({ status: 'missed', closedAt: after(60) });
    // Closed before it fell due: it stopped applying, so it does not count at all.
    expect(response(moldova, highRiskCase({ closedAfter: 30 }), NOW)).toMatchObject({ status: 'cancelled' });
  });

  it('sees the case as it stood at a moment: later steps and forms are not there yet', () => {
    const h = highRiskCase({ assessedAfter: 30, closedAfter: 40 });
    const early = snapshotAt(h, after(20));
    expect(early).toMatchObject({ step: 'initial_assessment', status: 'open', submissions: [] });
    expect(early.stepHistory).toEqual([{ step: 'initial_assessment', enteredAt: T0, leftAt: null }]);
    const later = snapshotAt(h, after(35));
    expect(later.step).toBe('comprehensive_assessment');
    expect(later.submissions).toHaveLength(1);
    expect(snapshotAt(h, after(40)).status).toBe('closed');
  });

  it('counts, as the live report does, deadlines due in the period: kept, late, missed, or open past their time', () => {
    const cases = [
      ...Array.from({ length: 5 }, () => highRiskCase({ assessedAfter: 30 })),
      ...Array.from({ length: 6 }, () => highRiskCase({ assessedAfter: 12 })),
      ...Array.from({ length: 5 }, () => highRiskCase({ assessedAfter: 60 })),
      highRiskCase(),
      highRiskCase({ closedAfter: 30 }),
    ];
    const count = (sop: CompiledSop, from: Date, to: Date, now: Date, among = cases) => {
      const tally = new ComplianceTally(from, to, now);
      for (const h of among) tally.add(replayCaseDeadlines(sop.pack, h, now, sop.engine.operators));
      return tally.result('initial_response');
    };
    expect(count(moldova, T0, after(24 * 7), NOW)).toEqual({ due: 17, cases: 17, met: 11, late: 5, missed: 0, stillOpen: 1 });
    // The 24 h draft: those done between 24 and 48 h turn from kept on time to late, and the case closed
    // after 30 h without the work now misses a deadline that had fallen due.
    expect(count(shorter, T0, after(24 * 7), NOW)).toEqual({ due: 18, cases: 18, met: 6, late: 10, missed: 1, stillOpen: 1 });
    // Due at the very end of the period: outside it ([from, to)).
    expect(count(moldova, T0, after(48), NOW).due).toBe(0);
    // 40 h after registration, of the cases as they stood then: the 11 kept count, the open one not yet due is not judged yet.
    const by40 = [...cases.slice(0, 11), highRiskCase()];
    expect(count(moldova, T0, after(24 * 7), after(40), by40)).toEqual({ due: 11, cases: 11, met: 11, late: 0, missed: 0, stillOpen: 0 });
  });

  it('hides a side with a small count, and the change whenever one side is hidden; zeros are not small', () => {
    const big = { due: 20, cases: 20, met: 10, late: 5, missed: 0, stillOpen: 5 };
    const small = { ...big, late: 4, met: 11 };
    expect(shown(big, 5)).toEqual({ suppressed: false, counts: big, keptOnTimePercent: 50 });
    expect(shown(small, 5)).toEqual({ suppressed: true, counts: null, keptOnTimePercent: null });
    expect(change(shown(big, 5), shown(small, 5))).toEqual({ suppressed: true, counts: null, keptOnTimePoints: null });
    const later = { ...big, met: 5, late: 10 };
    expect(change(shown(big, 5), shown(later, 5))).toEqual({
      suppressed: false,
      counts: { due: 0, cases: 0, met: -5, late: 5, missed: 0, stillOpen: 0 },
      keptOnTimePoints: -25,
    });
  });
});
