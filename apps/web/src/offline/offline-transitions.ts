/**
 * Transitions offered and taken on the device while offline, decided by the server's own engine
 * (libs/workflow, imported through the build's aliases) on the case as the device keeps it (the
 * user's GET /api/cases/:id answer). The server decides again at sync (ADR 0012); this only makes
 * the phone offer what the server would offer for the same facts.
 */
import { pickLabel } from '@app/core';
import type { FormDef, LocationsDef, PackManifest, SopPack, WorkflowDef } from '@app/pack-types';
import { decideTransition, listTransitions, type Actor, type CaseSnapshot, type CaseStatus, type Reason } from '@app/workflow';
import type { CaseTransition, CaseView } from '../api-types';

/**
 * What the engine reads of one published pack version (GET /api/sync/workflow?version=): steps,
 * transitions with guards, labels and effects, the forms' titles, the time zone and the places
 * guards may name. A version never changes, so the device keeps one bundle per version.
 */
export interface OfflineWorkflowBundle {
  packId: string;
  version: number;
  versionId: number;
  manifest: Pick<PackManifest, 'forms' | 'timezone'>;
  workflow: WorkflowDef;
  forms: Array<Pick<FormDef, 'id' | 'version' | 'title'>>;
  locations: LocationsDef;
}

/** The signed-in user as the engine sees them. */
export interface OfflineActor {
  id: string;
  roles: string[];
}

/** A transition the engine on the device refuses (the reasons as GET .../transitions would give them). */
export class OfflineTransitionRefused extends Error {
  constructor(
    readonly transitionId: string,
    readonly reasons: Reason[],
  ) {
    super(reasons.map((r) => r.message).join(' ') || `Transition "${transitionId}" is not possible offline.`);
    this.name = 'OfflineTransitionRefused';
  }
}

/** Id of an approval requested on the device, until sync gives the server's. */
export const offlineApprovalId = (transitionId: string) => `offline:${transitionId}`;

/**
 * The transitions leaving the case's step, each with whether this user may take it and why not: the
 * shape of GET /api/cases/:id/transitions, from the same engine call the API makes.
 */
export function offlineTransitionOptions(
  bundle: OfflineWorkflowBundle,
  view: CaseView,
  me: OfflineActor,
  locale: string,
  now: Date = new Date(),
): CaseTransition[] {
  return listTransitions(enginePack(bundle, view), snapshotOf(view), actorOf(me), { now, locale }).map((o) => ({
    id: o.transition.id,
    // As the API labels it (CaseWorkflowService.available).
    label: o.transition.label[locale] ?? o.transition.label.en,
    to: o.transition.to,
    available: o.available,
    needsApproval: o.needsApproval,
    reasons: o.reasons,
  }));
}

/**
 * The device's copy of the case after taking a transition now, as the server would leave it: the new
 * step (its label in `locale`), status, step history, closing time and the fields the transition's
 * effects set. A transition that needs approval does not move the case: it records the request
 * (pendingApproval, id from offlineApprovalId) as the server does, which blocks other transitions
 * until an approver decides after sync. `version` stays the one the device read (the change is
 * queued against it). Throws OfflineTransitionRefused when the engine refuses.
 */
export function applyOfflineTransition(
  bundle: OfflineWorkflowBundle,
  view: CaseView,
  transitionId: string,
  me: OfflineActor,
  now: Date,
  locale: string,
): CaseView {
  const pack = enginePack(bundle, view);
  const decision = decideTransition(pack, snapshotOf(view), actorOf(me), transitionId, { now, locale });
  if (!decision.allowed) throw new OfflineTransitionRefused(transitionId, decision.reasons);
  const at = now.toISOString();
  if (decision.outcome === 'approval_requested') {
    return { ...view, updatedAt: at, pendingApproval: { id: offlineApprovalId(transitionId), transitionId, requestedBy: me.id, requestedAt: at } };
  }
  // As CaseWorkflowService.applyMove writes the case row.
  const fields = { ...view.fields };
  for (const [k, v] of Object.entries(decision.fieldChanges)) {
    if (v === undefined || v === null) delete fields[k];
    else fields[k] = v;
  }
  const history = view.stepHistory.map((v) => ({ ...v }));
  if (history.length) history[history.length - 1].leftAt = at;
  history.push({ step: decision.toStep, enteredAt: at, leftAt: null });
  const step = pack.workflow.steps.find((s) => s.id === decision.toStep);
  return {
    ...view,
    step: decision.toStep,
    stepLabel: step ? pickLabel(step.label, locale) : decision.toStep,
    status: decision.status,
    closedAt: decision.status === 'closed' ? at : null,
    fields,
    stepHistory: history,
    updatedAt: at,
  };
}

/**
 * The bundle as the pack the engine takes. The engine's transition checks read only these parts
 * (pack-queries, rule-data, transitions, the built-in effects); the unit test runs them against the
 * whole pack on the server's side to keep it so.
 */
function enginePack(bundle: OfflineWorkflowBundle, view: CaseView): SopPack {
  if (bundle.versionId !== view.sopVersionId) {
    throw new Error(`The workflow kept is of SOP version ${bundle.versionId}, the case runs on version ${view.sopVersionId}.`);
  }
  return bundle as unknown as SopPack;
}

const actorOf = (me: OfflineActor): Actor => ({ userId: me.id, roles: me.roles });
const dateOrNull = (iso: string | null) => (iso ? new Date(iso) : null);

/**
 * The engine's view of the case from what the device keeps. What the user may not read is not on
 * the device, so the engine sees it as absent (the server, which sees it, decides at sync). The first
 * completion of an entry is not in the view: its last completion stands in for it.
 */
function snapshotOf(view: CaseView): CaseSnapshot {
  return {
    id: view.id,
    caseType: view.caseType,
    step: view.step,
    status: view.status as CaseStatus,
    registeredAt: new Date(view.registeredAt),
    createdBy: view.createdBy,
    assignedTo: view.assignedTo,
    risk: view.risk,
    location: view.locationCode,
    stepHistory: view.stepHistory.map((v) => ({ step: v.step, enteredAt: new Date(v.enteredAt), leftAt: dateOrNull(v.leftAt) })),
    submissions: Object.entries(view.forms).flatMap(([formId, entries]) =>
      entries.map((e) => ({
        id: e.id,
        formId,
        formVersion: e.formVersion,
        status: e.status === 'complete' ? ('complete' as const) : ('draft' as const),
        answers: e.answers,
        completedAt: dateOrNull(e.completedAt),
        firstCompletedAt: null,
      })),
    ),
    pendingApproval: view.pendingApproval ? { ...view.pendingApproval, requestedAt: new Date(view.pendingApproval.requestedAt) } : null,
    fields: view.fields,
    referrals: [],
    facts: {},
  };
}
