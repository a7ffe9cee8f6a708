import { createDefaultOperators } from '@app/rules';
import {
  ApprovalDecision,
  buildRuleData,
  decideApproval,
  decideTransition,
  defaultEffects,
  EffectRegistry,
  knownEffectTypes,
  listTransitions,
} from '@app/workflow';
import { buildPack, snapshot, submission, supervisor, t0, teacher, transition, worker, worker2 } from './testing/pack-builder';

const opts = { now: new Date('2024-03-05T10:00:00.000Z') };
const codes = (d: { allowed: boolean; reasons?: Array<{ code: string }> }) => (d.allowed ? [] : d.reasons!.map((r) => r.code));
const asMoved = (d: ApprovalDecision) => {
  if (!d.allowed || d.outcome !== 'moved') throw new Error(`not moved: ${JSON.stringify(d)}`);
  return d;
};
const pack = buildPack();
const planning = (extra = {}) =>
  snapshot(['registration', 'assessment', 'planning'], {
    submissions: [submission('care_plan', {}), submission('follow_up_visit', { n: 1 }), submission('follow_up_visit', { n: 2 })],
    ...extra,
  });

describe('listTransitions', () => {
  it('lists transitions leaving the current step, with `*` covering normal steps only', () => {
    const ids = listTransitions(pack, snapshot(['registration']), worker, opts).map((o) => o.transition.id);
    expect(ids).toEqual(['start_assessment', 'pause', 'close']);
    const fromPaused = listTransitions(pack, snapshot(['registration', 'paused']), worker, opts).map((o) => o.transition.id);
    expect(fromPaused).toEqual(['resume']);
  });

  it('explains why a transition is unavailable', () => {
    const [start, pause, close] = listTransitions(pack, snapshot(['registration']), worker, opts);
    expect(start).toMatchObject({ available: false, needsApproval: false });
    expect(start.reasons).toEqual([
      {
        code: 'form_incomplete',
        message: 'Form "registration" needs 1 complete entry (0 so far).',
        detail: { form: 'registration', required: 1, entries: 0 },
      },
    ]);
    expect(pause.available).toBe(true);
    expect(close.reasons.map((r) => r.code)).toEqual(['form_incomplete']);
  });

  it('refuses roles not listed on the transition', () => {
    const options = listTransitions(pack, snapshot(['registration'], { submissions: [submission('registration')] }), teacher, opts);
    expect(options[0].reasons.map((r) => r.code)).toEqual(['role_not_allowed']);
    expect(options[0].reasons[0].message).toBe('Your role may not do this.');
  });

  it('marks transitions needing approval', () => {
    const approve = listTransitions(pack, planning(), worker, opts).find((o) => o.transition.id === 'approve_plan')!;
    expect(approve).toMatchObject({ available: true, needsApproval: true, reasons: [] });
  });
});

describe('decideTransition', () => {
  it('unknown transition and wrong step', () => {
    expect(codes(decideTransition(pack, snapshot(), worker, 'fly', opts))).toEqual(['unknown_transition']);
    expect(codes(decideTransition(pack, snapshot(), worker, 'plan', opts))).toEqual(['wrong_step', 'form_incomplete', 'guard_failed']);
  });

  it('a guard passes or fails with its translated message', () => {
    const noRisk = snapshot(['registration', 'assessment'], { submissions: [submission('initial_assessment', { risk_level: 'unknown' })] });
    const denied = decideTransition(pack, noRisk, worker, 'plan', { ...opts, locale: 'fr' });
    expect(denied).toEqual({
      allowed: false,
      reasons: [{ code: 'guard_failed', message: "Fixez d'abord le niveau de risque", detail: { guard: 0 } }],
    });
    const en = decideTransition(pack, noRisk, worker, 'plan', { ...opts, locale: 'ro' });
    expect(!en.allowed && en.reasons[0].message).toBe('Set the risk level first');

    const withRisk = snapshot(['registration', 'assessment'], { submissions: [submission('initial_assessment', { risk_level: 'high' })] });
    expect(asMoved(decideTransition(pack, withRisk, worker, 'plan', opts))).toMatchObject({ fromStep: 'assessment', toStep: 'planning', status: 'open' });
  });

  it('drafts do not complete a form; repeatable forms need minEntries complete entries', () => {
    const draft = snapshot(['registration'], { submissions: [submission('registration', {}, null, 'draft')] });
    expect(codes(decideTransition(pack, draft, worker, 'start_assessment', opts))).toEqual(['form_incomplete']);

    const oneVisit = planning({ submissions: [submission('care_plan'), submission('follow_up_visit'), submission('follow_up_visit', {}, null, 'draft')] });
    const denied = decideTransition(pack, oneVisit, worker, 'approve_plan', opts);
    expect(!denied.allowed && denied.reasons).toEqual([
      expect.objectContaining({ code: 'form_incomplete', detail: { form: 'follow_up_visit', required: 2, entries: 1 } }),
    ]);
    expect(decideTransition(pack, planning(), worker, 'approve_plan', opts)).toMatchObject({ allowed: true, outcome: 'approval_requested' });
  });

  it('`*` pause then `@previous` resume returns to the step before', () => {
    const paused = asMoved(decideTransition(pack, snapshot(['registration', 'assessment']), worker, 'pause', opts));
    expect(paused).toMatchObject({ fromStep: 'assessment', toStep: 'paused', status: 'paused', fieldChanges: { pausedFrom: 'assessment' } });
    const resumed = asMoved(decideTransition(pack, snapshot(['registration', 'assessment', 'paused']), worker, 'resume', opts));
    expect(resumed).toMatchObject({ fromStep: 'paused', toStep: 'assessment', status: 'open', fieldChanges: { pausedFrom: null } });
  });

  it('`@previous` without history is refused', () => {
    const p = buildPack();
    const s = snapshot(['paused']);
    expect(codes(decideTransition(p, s, worker, 'resume', opts))).toEqual(['no_previous_step']);
  });

  it('closing goes to a terminal step, status closed, with effects computed from rules', () => {
    const s = snapshot(['registration', 'assessment'], { submissions: [submission('closure', { closure_reason: 'needs_met' })] });
    const closed = asMoved(decideTransition(pack, s, worker, 'close', opts));
    expect(closed).toMatchObject({ toStep: 'closed', status: 'closed', fieldChanges: { closureReason: 'needs_met' } });
    expect(closed.emits).toEqual([{ type: 'case.closed_with_reason', data: { reason: 'needs_met', fixed: 'x' } }]);
  });

  it('a closed case refuses `*` transitions with case_closed, but allows reopen', () => {
    const closed = snapshot(['registration', 'closed']);
    expect(codes(decideTransition(pack, closed, worker, 'pause', opts))).toEqual(['case_closed']);
    expect(asMoved(decideTransition(pack, closed, supervisor, 'reopen', opts))).toMatchObject({ toStep: 'assessment', status: 'open' });
  });

  it('refuses other transitions while an approval is pending', () => {
    const pending = planning({ pendingApproval: { id: 'a1', transitionId: 'approve_plan', requestedBy: 'u-worker', requestedAt: t0 } });
    expect(codes(decideTransition(pack, pending, worker, 'pause', opts))).toEqual(['approval_pending']);
    expect(listTransitions(pack, pending, worker, opts).every((o) => !o.available && o.reasons.some((r) => r.code === 'approval_pending'))).toBe(true);
  });

  it('a guard with an unknown operator fails closed', () => {
    const p = buildPack();
    p.workflow.transitions.push(transition('odd', ['registration'], 'assessment', { guards: [{ rule: { nope: [] }, message: { en: 'x' } }] }));
    const d = decideTransition(p, snapshot(), worker, 'odd', opts);
    expect(!d.allowed && d.reasons[0]).toMatchObject({ code: 'guard_error', detail: { guard: 0, path: '$.nope' } });
  });

  it('custom operators reach guards through options', () => {
    const p = buildPack();
    p.workflow.transitions.push(transition('odd', ['registration'], 'assessment', { guards: [{ rule: { always: [] }, message: { en: 'x' } }] }));
    const operators = createDefaultOperators().register('always', () => true);
    expect(decideTransition(p, snapshot(), worker, 'odd', { ...opts, operators })).toMatchObject({ outcome: 'moved' });
  });
});

describe('decideApproval', () => {
  const pending = (requestedBy = 'u-worker') => planning({ pendingApproval: { id: 'a1', transitionId: 'approve_plan', requestedBy, requestedAt: t0 } });

  it('approval by another user with an approver role moves the case', () => {
    expect(asMoved(decideApproval(pack, pending(), supervisor, 'approve', opts))).toMatchObject({ fromStep: 'planning', toStep: 'planning', status: 'open' });
  });

  it('refuses self-approval even with the approver role, and roles outside approval.roles', () => {
    expect(codes(decideApproval(pack, pending('u-worker2'), worker2, 'approve', opts))).toEqual(['self_approval']);
    expect(codes(decideApproval(pack, pending(), worker2, 'approve', opts))).toEqual([]);
    expect(codes(decideApproval(pack, pending('u-other'), worker, 'approve', opts))).toEqual(['approval_not_allowed']);
  });

  it('no pending approval', () => {
    expect(codes(decideApproval(pack, planning(), supervisor, 'approve', opts))).toEqual(['no_pending_approval']);
  });

  it('reject returns a rejected decision', () => {
    expect(decideApproval(pack, pending(), supervisor, 'reject', opts)).toMatchObject({ allowed: true, outcome: 'rejected', rejectedBy: 'u-super' });
  });

  it('approve re-checks forms (not the requester role)', () => {
    const s = pending();
    s.submissions = s.submissions.filter((x) => x.formId !== 'care_plan');
    expect(codes(decideApproval(pack, s, supervisor, 'approve', opts))).toEqual(['form_incomplete']);
  });
});

describe('effects', () => {
  it('built-in effect types are known to the linter', () => {
    expect(knownEffectTypes(defaultEffects())).toEqual(['clear_case_field', 'emit_event', 'set_case_field']);
  });

  it('unknown effect types throw; plugin effects get rule data', () => {
    const p = buildPack();
    p.workflow.transitions.push(transition('tag', ['registration'], 'assessment', { effects: [{ type: 'plugin_tag', tag: 'gbv' }] }));
    expect(() => decideTransition(p, snapshot(), worker, 'tag', opts)).toThrow(/Unknown effect type "plugin_tag"/);
    const effects: EffectRegistry = defaultEffects().register('plugin_tag', ({ effect, ruleData }) => ({
      fieldChanges: { tag: `${effect.tag}@${ruleData.case.step}` },
    }));
    expect(asMoved(decideTransition(p, snapshot(), worker, 'tag', opts, effects)).fieldChanges).toEqual({ tag: 'gbv@registration' });
  });
});

describe('buildRuleData', () => {
  it('exposes case, latest complete answers, entries and status', () => {
    const s = snapshot(['registration', 'assessment'], {
      risk: 'high',
      fields: { a: 1 },
      submissions: [
        submission('follow_up_visit', { n: 1 }, new Date('2024-03-05T00:00:00Z')),
        submission('follow_up_visit', { n: 0 }, new Date('2024-03-04T00:00:00Z')),
        submission('follow_up_visit', { n: 9 }, null, 'draft'),
      ],
    });
    const data = buildRuleData(pack, s, opts.now);
    expect(data.case).toEqual({ type: 'child_protection', step: 'assessment', status: 'open', risk: 'high', fields: { a: 1 }, registeredAt: t0.toISOString() });
    expect(data.forms.follow_up_visit).toEqual({ n: 1 });
    expect(data.formEntries.follow_up_visit).toEqual([{ n: 0 }, { n: 1 }]);
    expect(data.formStatus.follow_up_visit).toEqual({ complete: true, entries: 2 });
    expect(data.formStatus.closure).toEqual({ complete: false, entries: 0 });
    expect(data.forms.closure).toBeUndefined();
    expect(data.now).toBe('2024-03-05T10:00:00.000Z');
  });
});
