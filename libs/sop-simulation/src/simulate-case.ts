import { DomainError, isCalendarDateTime, pickLabel } from '@app/core';
import { checkAnswers, riskFrom } from '@app/cases';
import type { CompiledSop } from '@app/sop-registry';
import {
  CaseSnapshot,
  decideApproval,
  decideTransition,
  formAvailability,
  listTransitions,
  planDeadlines,
  Reason,
  scheduleAlerts,
  statusForKind,
  StoredDeadline,
  workCalendar,
} from '@app/workflow';
import type { DeadlineDef } from '@app/pack-types';
import { fieldsByRole, reachFacts, REACH_ASSUMPTION, requireRole, roleLabel, simulatedUserId, permissionsOf } from './role-view';
import { simulateAlerts, stepLabel } from './simulated-messages';
import { SimulationErrorCode } from './simulation.errors';
import type { SimulatedAlert, SimulatedDeadline, SimulationAction, SimulationCommand, SimulationResult, SimulationStep } from './simulation.types';

interface HeldDeadline extends StoredDeadline {
  definition: DeadlineDef;
  anchorAt: Date;
}

/** The synthetic case between actions: the engine's snapshot and the deadlines it would have stored. */
interface SimulatedCase {
  snapshot: CaseSnapshot;
  deadlines: Map<string, HeldDeadline>;
  ownerRole: string | null;
  submissions: number;
}

/**
 * Runs a synthetic case through a compiled pack with the engine's own functions: registration with
 * the start form, then each action as its role; after each, what the case would hold (step,
 * deadlines, alerts and their messages) and what each viewer may do and see. Nothing is stored.
 */
export function simulateCase(sop: CompiledSop, cmd: SimulationCommand, now: Date, locale: string, source: SimulationResult['source']): SimulationResult {
  const { pack } = sop;
  const caseType = pack.manifest.caseTypes.find((t) => t.id === cmd.caseType);
  if (!caseType) {
    throw new DomainError(SimulationErrorCode.UnknownCaseType, `No case type "${cmd.caseType}" in the pack.`, {
      errors: [{ path: '/caseType', message: 'unknown case type' }],
    });
  }
  const viewers = cmd.viewers ?? pack.roles.map((r) => r.id);
  requireRole(sop, cmd.role);
  viewers.forEach((r, i) => requireRole(sop, r, `/viewers/${i}`));
  (cmd.actions ?? []).forEach((a, i) => requireRole(sop, a.role, `/actions/${i}/role`));
  let at = momentOf(cmd.startAt, now, '/startAt');

  const perms = permissionsOf(sop, cmd.role);
  if (!perms.canCreate(caseType.id)) refuse(-1, [{ code: 'role_not_allowed', message: `The role "${cmd.role}" may not register ${caseType.id} cases.` }]);
  const startStep = pack.workflow.steps.find((s) => s.id === caseType.startStep)!;
  const status = statusForKind(startStep.kind);
  const answers = checkAnswers(sop, { perms, facts: reachFacts(caseType.id, startStep.id, status, cmd.role) }, caseType.startForm, cmd.answers, {}, 'complete');
  const registrar = simulatedUserId(cmd.role);
  const owned = caseType.assignTo === 'creator';
  const sim: SimulatedCase = {
    snapshot: {
      id: 'simulation',
      caseType: caseType.id,
      step: startStep.id,
      status,
      registeredAt: at,
      createdBy: registrar,
      assignedTo: owned ? registrar : null,
      risk: riskFrom(caseType, caseType.startForm, answers),
      stepHistory: [{ step: startStep.id, enteredAt: at, leftAt: null }],
      submissions: [],
      pendingApproval: null,
      fields: {},
      transitionsDone: [],
      referrals: [],
    },
    deadlines: new Map(),
    ownerRole: owned ? cmd.role : null,
    submissions: 0,
  };
  submit(sim, caseType.startForm, answers, at);
  const report = (index: number, action: SimulationStep['action']) =>
    describe(sop, sim, index, action, at, syncDeadlines(sop, sim, at, locale), viewers, locale);
  const steps = [report(0, { kind: 'register', role: cmd.role, form: caseType.startForm })];

  (cmd.actions ?? []).forEach((action, i) => {
    const index = i + 1;
    const next = momentOf(action.at, at, `/actions/${i}/at`);
    if (next.getTime() < at.getTime()) {
      throw new DomainError(SimulationErrorCode.TimeGoesBack, `Action ${index} is dated before the previous one.`, {
        errors: [{ path: `/actions/${i}/at`, message: 'before the previous action' }],
      });
    }
    at = next;
    perform(sop, sim, action, index, at, locale);
    steps.push(
      report(index, {
        kind: action.kind,
        role: action.role,
        ...(action.kind === 'fill' ? { form: action.form } : {}),
        ...(action.kind === 'transition' ? { transition: action.transition } : {}),
      }),
    );
  });
  return { source, caseType: caseType.id, steps, assumption: REACH_ASSUMPTION };
}

function perform(sop: CompiledSop, sim: SimulatedCase, action: SimulationAction, index: number, at: Date, locale: string): void {
  const s = sim.snapshot;
  const actor = { userId: simulatedUserId(action.role), roles: [action.role] };
  const opts = { now: at, locale, operators: sop.engine.operators };
  if (action.kind === 'fill') {
    const open = formAvailability(sop.pack, s, action.form, { locale });
    if (!open.allowed) return refuse(index, open.reasons);
    const perms = permissionsOf(sop, action.role);
    const previous = [...s.submissions].reverse().find((x) => x.formId === action.form)?.answers ?? {};
    const answers = checkAnswers(
      sop,
      { perms, facts: reachFacts(s.caseType, s.step, s.status, action.role) },
      action.form,
      action.answers,
      previous,
      'complete',
    );
    submit(sim, action.form, answers, at);
    const caseType = sop.pack.manifest.caseTypes.find((t) => t.id === s.caseType)!;
    if (caseType.riskField?.startsWith(`${action.form}.`)) s.risk = riskFrom(caseType, action.form, answers);
    return;
  }
  const decision =
    action.kind === 'transition'
      ? decideTransition(sop.pack, s, actor, action.transition, opts, sop.engine.effects)
      : decideApproval(sop.pack, s, actor, action.kind === 'approve' ? 'approve' : 'reject', opts, sop.engine.effects);
  if (!decision.allowed) return refuse(index, decision.reasons);
  if (decision.outcome === 'approval_requested') {
    s.pendingApproval = { id: `approval-${index}`, transitionId: decision.transition.id, requestedBy: actor.userId, requestedAt: at };
    return;
  }
  s.pendingApproval = null;
  if (decision.outcome === 'rejected') return;
  s.stepHistory = [...s.stepHistory.map((v) => (v.leftAt === null ? { ...v, leftAt: at } : v)), { step: decision.toStep, enteredAt: at, leftAt: null }];
  s.step = decision.toStep;
  s.status = decision.status;
  s.fields = { ...s.fields, ...decision.fieldChanges };
  s.transitionsDone = [...(s.transitionsDone ?? []), { transitionId: decision.transition.id, at }];
}

function submit(sim: SimulatedCase, formId: string, answers: Record<string, unknown>, at: Date): void {
  sim.submissions++;
  sim.snapshot.submissions.push({
    id: `submission-${sim.submissions}`,
    formId,
    formVersion: 0,
    status: 'complete',
    answers,
    completedAt: at,
    firstCompletedAt: at,
  });
}

/** Applies the engine's deadline plan as DeadlineSync stores it; returns what changed and the alerts set. */
function syncDeadlines(sop: CompiledSop, sim: SimulatedCase, at: Date, locale: string) {
  const plan = planDeadlines(sop.pack, sim.snapshot, [...sim.deadlines.values()], at, sop.engine.operators);
  const calendar = workCalendar(sop.pack.manifest);
  const closing = new Set([...plan.close, ...plan.cancel].map((c) => c.key));
  const alerts: SimulatedAlert[] = [];
  const set: string[] = [];
  const rescheduled: string[] = [];
  const closed: string[] = [];
  const alertsOf = (d: HeldDeadline) =>
    alerts.push(
      ...simulateAlerts(
        sop,
        sim.snapshot,
        { key: d.key, definition: d.definition, dueAt: d.dueAt },
        scheduleAlerts(d.definition, d.dueAt, at, calendar),
        sim.ownerRole,
        locale,
      ),
    );
  for (const d of plan.create) {
    const held: HeldDeadline = { key: d.key, definition: d.definition, anchorAt: d.anchorAt, dueAt: d.dueAt, status: 'open', closedAt: null };
    sim.deadlines.set(d.key, held);
    set.push(d.key);
    if (!closing.has(d.key)) alertsOf(held);
  }
  for (const r of plan.reschedule) {
    const held = sim.deadlines.get(r.key)!;
    held.dueAt = r.dueAt;
    rescheduled.push(r.key);
    alertsOf(held);
  }
  for (const c of plan.close) {
    Object.assign(sim.deadlines.get(c.key)!, { status: c.outcome, closedAt: c.closedAt });
    closed.push(c.key);
  }
  for (const c of plan.cancel) {
    Object.assign(sim.deadlines.get(c.key)!, { status: 'cancelled', closedAt: at });
    closed.push(c.key);
  }
  return { set, rescheduled, closed, alerts };
}

function describe(
  sop: CompiledSop,
  sim: SimulatedCase,
  index: number,
  action: SimulationStep['action'],
  at: Date,
  changes: ReturnType<typeof syncDeadlines>,
  viewers: string[],
  locale: string,
): SimulationStep {
  const s = sim.snapshot;
  const view = (key: string): SimulatedDeadline => {
    const d = sim.deadlines.get(key)!;
    return {
      key,
      deadline: d.definition.id,
      label: pickLabel(d.definition.label, locale),
      anchorAt: d.anchorAt.toISOString(),
      dueAt: d.dueAt.toISOString(),
      hoursAfterAction: Math.round(((d.dueAt.getTime() - at.getTime()) / 3_600_000) * 100) / 100,
      status: d.status,
    };
  };
  const formIds = [...new Set(s.submissions.map((x) => x.formId))];
  return {
    index,
    action,
    at: at.toISOString(),
    step: { id: s.step, label: stepLabel(sop, s.step, locale) },
    status: s.status,
    risk: s.risk,
    pendingApproval: s.pendingApproval?.transitionId ?? null,
    deadlines: {
      set: changes.set.map(view),
      rescheduled: changes.rescheduled.map(view),
      closed: changes.closed.map(view),
      all: [...sim.deadlines.keys()].map(view),
    },
    alerts: changes.alerts,
    transitions: viewers.map((role) => ({
      role,
      label: roleLabel(sop, role, locale),
      transitions: listTransitions(sop.pack, s, { userId: simulatedUserId(role), roles: [role] }, { now: at, locale, operators: sop.engine.operators }).map(
        (o) => ({
          id: o.transition.id,
          label: pickLabel(o.transition.label, locale),
          available: o.available,
          needsApproval: o.needsApproval,
          reasons: o.reasons,
        }),
      ),
    })),
    fields: fieldsByRole(sop, viewers, formIds, (role) => reachFacts(s.caseType, s.step, s.status, role), locale),
  };
}

function momentOf(value: string | undefined, fallback: Date, path: string): Date {
  if (value === undefined) return fallback;
  if (!isCalendarDateTime(value))
    throw new DomainError('validation_failed', `${path} is not a date-time.`, { errors: [{ path, message: 'must be a date-time' }] });
  return new Date(value);
}

function refuse(index: number, reasons: Reason[]): never {
  const what = index < 0 ? 'The registration' : `Action ${index}`;
  throw new DomainError(SimulationErrorCode.ActionRefused, `${what} is refused: ${reasons.map((r) => r.message).join('; ')}`, {
    action: Math.max(index, 0),
    reasons,
  });
}
