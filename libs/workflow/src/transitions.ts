import { defaultOperators, RuleError, ruleHolds } from '@app/rules';
import { pickLabel } from '@app/core';
import type { SopPack, TransitionDef } from '@app/pack-types';
import type { Actor, ApprovalDecision, CaseSnapshot, EngineOptions, Reason, RuleData, TransitionDecision, TransitionOption } from './engine.types';
import { defaultEffects, EffectRegistry, runEffects } from './effects';
import { formIncomplete, reason } from './messages';
import { findStep, findTransition, hasAnyRole, leavesFrom, resolveTarget, statusForKind, transitionsFrom } from './pack-queries';
import { buildRuleData, completeSubmissions } from './rule-data';

interface CheckOptions {
  /** Check that the actor holds one of transition.roles (not when an approver completes it). */
  actor: Actor | null;
  /** Refuse when an approval is pending (not when deciding that very approval). */
  blockOnPending: boolean;
}

/** Completed entries a transition needs for a form: the current step's minEntries, default 1. */
export function requiredEntries(pack: SopPack, stepId: string, formId: string): number {
  const def = findStep(pack, stepId)?.forms?.find((f) => f.form === formId);
  return Math.max(def?.minEntries ?? 1, 1);
}

/** Every reason the transition cannot be performed now (empty list = possible). */
function checkTransition(pack: SopPack, snapshot: CaseSnapshot, transition: TransitionDef, opts: EngineOptions, check: CheckOptions, data: RuleData): Reason[] {
  const locale = opts.locale;
  const reasons: Reason[] = [];
  if (!leavesFrom(pack, transition, snapshot.step)) {
    // A closed case only leaves its terminal step by a transition listing it (e.g. reopen).
    reasons.push(reason(snapshot.status === 'closed' ? 'case_closed' : 'wrong_step', locale, { step: snapshot.step }));
  }
  if (check.blockOnPending && snapshot.pendingApproval) {
    reasons.push(reason('approval_pending', locale, { transition: snapshot.pendingApproval.transitionId }));
  }
  if (check.actor && !hasAnyRole(check.actor, transition.roles)) {
    reasons.push(reason('role_not_allowed', locale, { roles: transition.roles }));
  }
  const target = resolveTarget(snapshot, transition);
  if (target === null) reasons.push(reason('no_previous_step', locale));
  else if (!findStep(pack, target)) reasons.push(reason('unknown_step', locale, { step: target }));

  for (const form of transition.requiresForms ?? []) {
    const required = requiredEntries(pack, snapshot.step, form);
    const entries = completeSubmissions(snapshot, form).length;
    const title = pickLabel(pack.forms.find((f) => f.id === form)?.title, locale);
    if (entries < required) reasons.push(formIncomplete(locale, form, title, required, entries));
  }
  const operators = opts.operators ?? defaultOperators();
  (transition.guards ?? []).forEach((guard, index) => {
    try {
      if (!ruleHolds(guard.rule, data, operators)) {
        reasons.push(reason('guard_failed', locale, { guard: index }, pickLabel(guard.message, locale)));
      }
    } catch (err) {
      // Fail closed: a broken guard blocks the transition instead of breaking the page.
      if (!(err instanceof RuleError)) throw err;
      reasons.push(reason('guard_error', locale, { guard: index, path: err.path }));
    }
  });
  return reasons;
}

/** Every transition leaving the current step, with whether this actor can perform it and why not. */
export function listTransitions(pack: SopPack, snapshot: CaseSnapshot, actor: Actor, opts: EngineOptions): TransitionOption[] {
  const data = buildRuleData(pack, snapshot, opts.now);
  return transitionsFrom(pack, snapshot.step).map((transition) => {
    const reasons = checkTransition(pack, snapshot, transition, opts, { actor, blockOnPending: true }, data);
    return { transition, available: reasons.length === 0, needsApproval: !!transition.approval, reasons };
  });
}

function moved(
  pack: SopPack,
  snapshot: CaseSnapshot,
  transition: TransitionDef,
  opts: EngineOptions,
  data: RuleData,
  effects: EffectRegistry,
): TransitionDecision {
  const toStep = resolveTarget(snapshot, transition)!; // checked by checkTransition
  const { fieldChanges, emits } = runEffects({ pack, snapshot, ruleData: data, transition, now: opts.now, operators: opts.operators }, effects);
  return {
    allowed: true,
    outcome: 'moved',
    transition,
    fromStep: snapshot.step,
    toStep,
    status: statusForKind(findStep(pack, toStep)!.kind),
    fieldChanges,
    emits,
  };
}

/** Decides an actor's request to perform a transition: denied, approval requested, or moved. */
export function decideTransition(
  pack: SopPack,
  snapshot: CaseSnapshot,
  actor: Actor,
  transitionId: string,
  opts: EngineOptions,
  effects: EffectRegistry = defaultEffects(),
): TransitionDecision {
  const transition = findTransition(pack, transitionId);
  if (!transition) return { allowed: false, reasons: [reason('unknown_transition', opts.locale, { transition: transitionId })] };
  const data = buildRuleData(pack, snapshot, opts.now);
  const reasons = checkTransition(pack, snapshot, transition, opts, { actor, blockOnPending: true }, data);
  if (reasons.length) return { allowed: false, reasons };
  if (transition.approval) return { allowed: true, outcome: 'approval_requested', transition };
  return moved(pack, snapshot, transition, opts, data, effects);
}

/**
 * Decides on the pending approval. The approver needs a role in approval.roles and must not be
 * the requester. Approving re-checks step, forms and guards (the case may have changed since).
 */
export function decideApproval(
  pack: SopPack,
  snapshot: CaseSnapshot,
  approver: Actor,
  decision: 'approve' | 'reject',
  opts: EngineOptions,
  effects: EffectRegistry = defaultEffects(),
): ApprovalDecision {
  const locale = opts.locale;
  const pending = snapshot.pendingApproval;
  if (!pending) return { allowed: false, reasons: [reason('no_pending_approval', locale)] };
  const transition = findTransition(pack, pending.transitionId);
  if (!transition) return { allowed: false, reasons: [reason('unknown_transition', locale, { transition: pending.transitionId })] };

  const reasons: Reason[] = [];
  if (!hasAnyRole(approver, transition.approval?.roles)) {
    reasons.push(reason('approval_not_allowed', locale, { roles: transition.approval?.roles ?? [] }));
  }
  if (approver.userId === pending.requestedBy) reasons.push(reason('self_approval', locale));
  if (reasons.length) return { allowed: false, reasons };

  if (decision === 'reject') return { allowed: true, outcome: 'rejected', transition, rejectedBy: approver.userId };
  const data = buildRuleData(pack, snapshot, opts.now);
  const blockers = checkTransition(pack, snapshot, transition, opts, { actor: null, blockOnPending: false }, data);
  if (blockers.length) return { allowed: false, reasons: blockers };
  return moved(pack, snapshot, transition, opts, data, effects);
}
