import { toSnapshot } from '@app/cases';
import type { ApprovalEntity, CaseEntity, FormSubmissionEntity } from '@app/database';
import { offlineWorkflowBundle } from '@app/offline-sync';
import type { SopPack } from '@app/pack-types';
import { PluginCatalogue } from '@app/plugin-host';
import { decideTransition, listTransitions } from '@app/workflow';
import type { CaseView } from '../../apps/web/src/api-types';
import {
  applyOfflineTransition,
  offlineApprovalId,
  offlineTransitionOptions,
  OfflineTransitionRefused,
  type OfflineWorkflowBundle,
} from '../../apps/web/src/offline/offline-transitions';
import { INSTALLED_PLUGINS } from '../../plugins';
import { loadMoldova } from '../support/reference-pack';

/**
 * The transitions a phone offers offline come from the server's own engine on the case as the phone
 * keeps it (the user's GET /api/cases/:id answer) and the workflow of its pack version
 * (GET /api/sync/workflow): for the same facts, the same transitions, availability and reasons as
 * GET /api/cases/:id/transitions, and the same move as POST .../transitions/:id.
 */
const NOW = new Date('2026-03-10T09:00:00.000Z');
const VERSION = { packId: 'moldova', version: 3, versionId: 7 };
const WORKER = { id: '00000000-0000-4000-8000-000000000001', roles: ['caseworker'] };
const SUPERVISOR = { id: '00000000-0000-4000-8000-000000000002', roles: ['supervisor'] };
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);

interface Entry {
  form: string;
  status: 'draft' | 'complete';
  answers: Record<string, unknown>;
  completedDaysAgo?: number;
}

/** The facts of one case, once: the server reads them as rows, the phone as the view it kept. */
interface Situation {
  step: string;
  status?: 'open' | 'paused' | 'closed';
  risk?: string | null;
  history?: string[];
  entries: Entry[];
  pending?: { transitionId: string; requestedBy: string };
  fields?: Record<string, unknown>;
}

function rows(s: Situation) {
  const history = (s.history ?? [s.step]).map((step, i, all) => ({
    step,
    enteredAt: daysAgo(20 - i).toISOString(),
    leftAt: i === all.length - 1 ? null : daysAgo(19 - i).toISOString(),
  }));
  const row = {
    id: '11111111-1111-4111-8111-111111111111',
    caseNumber: 'MD-CH-2026-000001',
    caseType: 'child_protection',
    sopVersionId: VERSION.versionId,
    step: s.step,
    status: s.status ?? 'open',
    risk: s.risk ?? null,
    displayName: 'Ion Popescu',
    dateOfBirth: '2015-04-01',
    sex: 'male',
    assignedTo: WORKER.id,
    createdBy: WORKER.id,
    locationCode: 'CH01',
    locationPath: 'MD/CH/CH01/',
    fields: s.fields ?? {},
    stepHistory: history,
    transitionsDone: [],
    version: 4,
    registeredAt: daysAgo(20),
    updatedAt: daysAgo(1),
    closedAt: null,
  } as unknown as CaseEntity;
  const submissions = s.entries.map(
    (e, i) =>
      ({
        id: `22222222-2222-4222-8222-00000000000${i}`,
        caseId: row.id,
        formId: e.form,
        formVersion: 1,
        status: e.status,
        answers: e.answers,
        createdAt: daysAgo(15 - i),
        updatedAt: daysAgo(2),
        completedAt: e.status === 'complete' ? daysAgo(e.completedDaysAgo ?? 3) : null,
        firstCompletedAt: e.status === 'complete' ? daysAgo(e.completedDaysAgo ?? 3) : null,
      }) as unknown as FormSubmissionEntity,
  );
  const pending = s.pending
    ? ({ id: '33333333-3333-4333-8333-333333333333', caseId: row.id, status: 'pending', requestedAt: daysAgo(1), ...s.pending } as unknown as ApprovalEntity)
    : null;
  return { row, submissions, pending };
}

/** The view GET /api/cases/:id gives a caseworker who may read these forms (as toCaseView builds it). */
function viewOf(pack: SopPack, s: Situation, locale: string): CaseView {
  const { row, submissions, pending } = rows(s);
  const forms: CaseView['forms'] = {};
  for (const e of submissions) {
    (forms[e.formId] ??= []).push({
      id: e.id,
      formVersion: e.formVersion,
      status: e.status,
      answers: e.answers,
      updatedAt: e.updatedAt.toISOString(),
      completedAt: e.completedAt?.toISOString() ?? null,
    });
  }
  const step = pack.workflow.steps.find((d) => d.id === row.step)!;
  return {
    id: row.id,
    caseNumber: row.caseNumber,
    caseType: row.caseType,
    step: row.step,
    stepLabel: step.label[locale] ?? step.label.en,
    status: row.status,
    risk: row.risk,
    riskLabel: row.risk,
    displayName: row.displayName,
    assignedTo: row.assignedTo,
    locationCode: row.locationCode,
    registeredAt: row.registeredAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    sopVersionId: row.sopVersionId,
    version: row.version,
    dateOfBirth: row.dateOfBirth,
    sex: row.sex,
    createdBy: row.createdBy,
    closedAt: null,
    fields: row.fields,
    stepHistory: row.stepHistory,
    pendingApproval: pending
      ? { id: pending.id, transitionId: pending.transitionId, requestedBy: pending.requestedBy, requestedAt: pending.requestedAt.toISOString() }
      : null,
    links: [],
    forms,
    assignedToName: 'Maria Rusu',
    may: {
      readConsent: true,
      take: false,
      forms: Object.keys(forms),
      note: true,
      flag: true,
      link: true,
      share: true,
      overrideConsent: false,
      assign: false,
      transfer: true,
      refer: true,
    },
  };
}

describe('transitions offered offline (web, the server’s engine on the kept case)', () => {
  let pack: SopPack;
  let bundle: OfflineWorkflowBundle;
  let engine: ReturnType<PluginCatalogue['validateOptions']>;

  beforeAll(async () => {
    pack = await loadMoldova();
    // The server's own bundle builder: what GET /api/sync/workflow answers is what the phone runs on.
    bundle = offlineWorkflowBundle(pack, VERSION);
    // The rule operators and effects the server's engine runs this pack with (its plugins' too).
    engine = new PluginCatalogue(INSTALLED_PLUGINS).validateOptions(pack.plugins.map((p) => p.id));
  });

  /** What GET /api/cases/:id/transitions answers (CaseWorkflowService.available): the engine on the case's rows. */
  function serverOptions(s: Situation, me: { id: string; roles: string[] }, locale: string) {
    const { row, submissions, pending } = rows(s);
    return listTransitions(
      pack,
      toSnapshot(row, submissions, pending),
      { userId: me.id, roles: me.roles },
      { now: NOW, locale, operators: engine.operators },
    ).map((o) => ({
      id: o.transition.id,
      label: o.transition.label[locale] ?? o.transition.label.en,
      to: o.transition.to,
      available: o.available,
      needsApproval: o.needsApproval,
      reasons: o.reasons,
    }));
  }

  function serverDecision(s: Situation, me: { id: string; roles: string[] }, transitionId: string, locale = 'en') {
    const { row, submissions, pending } = rows(s);
    return decideTransition(
      pack,
      toSnapshot(row, submissions, pending),
      { userId: me.id, roles: me.roles },
      transitionId,
      { now: NOW, locale, operators: engine.operators },
      engine.effects,
    );
  }

  const offline = (s: Situation, me: { id: string; roles: string[] }, locale: string) =>
    offlineTransitionOptions(bundle, viewOf(pack, s, locale), me, locale, NOW);
  const byId = (options: Array<{ id: string; available: boolean; reasons: Array<{ code: string }> }>) =>
    Object.fromEntries(options.map((o) => [o.id, { available: o.available, reasons: o.reasons.map((r) => r.code) }]));

  const consent = (consent_status: string): Entry => ({ form: 'registration', status: 'complete', answers: { child_first_name: 'Ion', consent_status } });
  const closure = (closure_reason: string, lastContactDaysAgo: number): Entry => ({
    form: 'closure',
    status: 'complete',
    answers: { closure_reason, last_contact_date: daysAgo(lastContactDaysAgo).toISOString().slice(0, 10) },
  });
  const atPlanning = (pending?: Situation['pending']): Situation => ({
    step: 'case_planning',
    history: ['registration', 'initial_assessment', 'comprehensive_assessment', 'case_planning'],
    entries: [consent('given'), { form: 'care_plan', status: 'complete', answers: {} }],
    pending,
  });

  const situations: Array<[string, Situation, { id: string; roles: string[] }]> = [
    [
      'a fresh registration (its form a draft)',
      { step: 'registration', entries: [{ form: 'registration', status: 'draft', answers: { child_first_name: 'Ion' } }] },
      WORKER,
    ],
    ['a registration complete, consent given (the guard holds)', { step: 'registration', entries: [consent('given')] }, WORKER],
    ['a registration complete, consent refused (the guard fails)', { step: 'registration', entries: [consent('refused')] }, WORKER],
    ['a supervisor, whose role may not start the assessment', { step: 'registration', entries: [consent('given')] }, SUPERVISOR],
    ['a care plan complete, waiting for nobody (the next step needs approval)', atPlanning(), WORKER],
    ['a care plan whose approval is pending', atPlanning({ transitionId: 'implement_care_plan', requestedBy: WORKER.id }), WORKER],
    [
      'a closure for loss of contact 10 days ago (the guard on `now` fails)',
      { step: 'follow_up', history: ['registration', 'initial_assessment', 'follow_up'], entries: [consent('given'), closure('no_contact', 10)] },
      WORKER,
    ],
    [
      'a closure for loss of contact 40 days ago (the guard holds)',
      { step: 'follow_up', history: ['registration', 'initial_assessment', 'follow_up'], entries: [consent('given'), closure('no_contact', 40)] },
      WORKER,
    ],
    ['a paused case', { step: 'paused', status: 'paused', history: ['registration', 'initial_assessment', 'paused'], entries: [consent('given')] }, SUPERVISOR],
  ];

  it.each(situations)('%s: the same transitions, availability and reasons as the server, in each language', (_name, situation, me) => {
    for (const locale of ['en', 'fr', 'ro', 'ar']) {
      expect(offline(situation, me, locale)).toEqual(serverOptions(situation, me, locale));
    }
  });

  it('the situations are the ones named: each case of availability and each reason occurs', () => {
    const [fresh, given, refused, supervisor, planning, pending, tooSoon, longAgo, paused] = situations.map(([, s, me]) => byId(offline(s, me, 'en')));
    expect(fresh.start_assessment).toEqual({ available: false, reasons: ['form_incomplete', 'guard_failed'] });
    expect(fresh.pause_case).toEqual({ available: true, reasons: [] });
    expect(given.start_assessment).toEqual({ available: true, reasons: [] });
    expect(refused.start_assessment).toEqual({ available: false, reasons: ['guard_failed'] });
    expect(supervisor.start_assessment).toEqual({ available: false, reasons: ['role_not_allowed'] });
    expect(planning.implement_care_plan).toEqual({ available: true, reasons: [] });
    expect(pending.implement_care_plan).toEqual({ available: false, reasons: ['approval_pending'] });
    expect(pending.pause_case).toEqual({ available: false, reasons: ['approval_pending'] });
    expect(tooSoon.close_case).toEqual({ available: false, reasons: ['guard_failed'] });
    expect(longAgo.close_case).toEqual({ available: true, reasons: [] });
    expect(paused.resume_case).toEqual({ available: true, reasons: [] });
    expect(offline(situations[3][1], SUPERVISOR, 'ro').find((o) => o.id === 'start_assessment')!.reasons[0].message).toBe(
      'Rolul dumneavoastră nu permite această acțiune.',
    );
  });

  it('taking a transition moves the kept case as the server moves it: step, its label, status, history', () => {
    const situation = situations[1][1];
    const decision = serverDecision(situation, WORKER, 'start_assessment');
    if (!decision.allowed || decision.outcome !== 'moved') throw new Error('the server should move this case');
    const before = viewOf(pack, situation, 'ro');
    const after = applyOfflineTransition(bundle, before, 'start_assessment', WORKER, NOW, 'ro');
    expect(after.step).toBe(decision.toStep);
    expect(after.step).toBe('initial_assessment');
    expect(after.stepLabel).toBe(pack.workflow.steps.find((s) => s.id === 'initial_assessment')!.label.ro);
    expect(after.status).toBe(decision.status);
    expect(after.stepHistory).toEqual([
      { ...before.stepHistory[0], leftAt: NOW.toISOString() },
      { step: 'initial_assessment', enteredAt: NOW.toISOString(), leftAt: null },
    ]);
    // The change is queued against the version the phone read; the server counts versions.
    expect(after.version).toBe(before.version);
    expect(before.step).toBe('registration');
    // From the new step the phone offers what the server offers there.
    const moved: Situation = { ...situation, step: 'initial_assessment', history: ['registration', 'initial_assessment'] };
    expect(offlineTransitionOptions(bundle, after, WORKER, 'ro', NOW)).toEqual(serverOptions(moved, WORKER, 'ro'));
  });

  it('closing sets what the transition’s effects set, and the closing time; resuming returns to the step before the pause', () => {
    const closing = situations[7][1];
    const decision = serverDecision(closing, WORKER, 'close_case');
    if (!decision.allowed || decision.outcome !== 'moved') throw new Error('the server should close this case');
    const closed = applyOfflineTransition(bundle, viewOf(pack, closing, 'en'), 'close_case', WORKER, NOW, 'en');
    expect(closed).toMatchObject({ step: 'closed', status: 'closed', closedAt: NOW.toISOString(), fields: { closureReason: 'no_contact' } });
    expect(closed.fields).toEqual(decision.fieldChanges);

    const paused = situations[8][1];
    const resumed = serverDecision(paused, SUPERVISOR, 'resume_case');
    if (!resumed.allowed || resumed.outcome !== 'moved') throw new Error('the server should resume this case');
    const after = applyOfflineTransition(bundle, viewOf(pack, paused, 'en'), 'resume_case', SUPERVISOR, NOW, 'en');
    expect(after).toMatchObject({ step: resumed.toStep, status: 'open', closedAt: null });
    expect(after.step).toBe('initial_assessment');
  });

  it('a transition needing approval does not move the case: it records the request, as the server does, and blocks the others', () => {
    const situation = atPlanning();
    expect(serverDecision(situation, WORKER, 'implement_care_plan')).toMatchObject({ allowed: true, outcome: 'approval_requested' });
    const before = viewOf(pack, situation, 'en');
    const after = applyOfflineTransition(bundle, before, 'implement_care_plan', WORKER, NOW, 'en');
    expect(after.step).toBe('case_planning');
    expect(after.stepHistory).toEqual(before.stepHistory);
    expect(after.pendingApproval).toEqual({
      id: offlineApprovalId('implement_care_plan'),
      transitionId: 'implement_care_plan',
      requestedBy: WORKER.id,
      requestedAt: NOW.toISOString(),
    });
    const pending = atPlanning({ transitionId: 'implement_care_plan', requestedBy: WORKER.id });
    expect(byId(offlineTransitionOptions(bundle, after, WORKER, 'en', NOW))).toEqual(byId(serverOptions(pending, WORKER, 'en')));
  });

  it('refuses offline what the server refuses, with the same reasons, and leaves the kept case as it was', () => {
    const situation = situations[2][1];
    const decision = serverDecision(situation, WORKER, 'start_assessment', 'fr');
    if (decision.allowed) throw new Error('the server should refuse');
    const view = viewOf(pack, situation, 'fr');
    const copy = structuredClone(view);
    let refused: unknown;
    try {
      applyOfflineTransition(bundle, view, 'start_assessment', WORKER, NOW, 'fr');
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(OfflineTransitionRefused);
    expect((refused as OfflineTransitionRefused).reasons).toEqual(decision.reasons);
    expect(view).toEqual(copy);
    expect(() => applyOfflineTransition(bundle, view, 'no_such_transition', WORKER, NOW, 'fr')).toThrow(OfflineTransitionRefused);
  });

  it('a guard on a plugin fact, which only the server holds: the phone does not offer what the server offers with the fact; the server decides at sync', () => {
    const situation: Situation = {
      step: 'adoption',
      history: ['registration', 'initial_assessment', 'case_planning', 'adoption'],
      entries: [consent('given'), { form: 'adoption_matching_child_profile', status: 'complete', answers: {} }],
    };
    const { row, submissions, pending } = rows(situation);
    const snapshot = { ...toSnapshot(row, submissions, pending), facts: { 'adoption-matching': { approved_match: true } } };
    const server = listTransitions(pack, snapshot, { userId: WORKER.id, roles: WORKER.roles }, { now: NOW, locale: 'en', operators: engine.operators });
    expect(server.find((o) => o.transition.id === 'complete_adoption')).toMatchObject({ available: true });
    expect(byId(offline(situation, WORKER, 'en')).complete_adoption).toEqual({ available: false, reasons: ['guard_failed'] });
    // Without the fact (no approved match), both refuse alike.
    expect(offline(situation, WORKER, 'en')).toEqual(serverOptions(situation, WORKER, 'en'));
  });

  it('runs only on the workflow of the version the case is pinned to', () => {
    const view = { ...viewOf(pack, situations[0][1], 'en'), sopVersionId: VERSION.versionId + 1 };
    expect(() => offlineTransitionOptions(bundle, view, WORKER, 'en', NOW)).toThrow(/version/);
  });

  it('the bundle is the workflow only: no case data, none of the pack the engine does not read', () => {
    expect(Object.keys(bundle).sort()).toEqual(['forms', 'locations', 'manifest', 'packId', 'version', 'versionId', 'workflow']);
    expect(bundle.forms.every((f) => Object.keys(f).sort().join() === 'id,title,version')).toBe(true);
    expect(JSON.stringify(bundle)).not.toContain('demoUsers');
  });
});
