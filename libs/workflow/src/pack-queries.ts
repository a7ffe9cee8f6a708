import type { CaseSnapshot, CaseStatus, Actor } from './engine.types';
import type { RoleDef, SopPack, StepDef, StepKind, TransitionDef } from '@app/pack-types';

export function findStep(pack: SopPack, stepId: string): StepDef | undefined {
  return pack.workflow.steps.find((s) => s.id === stepId);
}

export function findTransition(pack: SopPack, transitionId: string): TransitionDef | undefined {
  return pack.workflow.transitions.find((t) => t.id === transitionId);
}

/** `from: '*'` means every step of kind normal, so pause/closure need not list each step. */
export function leavesFrom(pack: SopPack, transition: TransitionDef, stepId: string): boolean {
  if (transition.from === '*') return findStep(pack, stepId)?.kind === 'normal';
  return transition.from.includes(stepId);
}

export function transitionsFrom(pack: SopPack, stepId: string): TransitionDef[] {
  return pack.workflow.transitions.filter((t) => leavesFrom(pack, t, stepId));
}

/** `@previous` is the step visited before the current one (resume from pause). */
export function resolveTarget(snapshot: CaseSnapshot, transition: TransitionDef): string | null {
  if (transition.to !== '@previous') return transition.to;
  const history = snapshot.stepHistory;
  return history.length >= 2 ? history[history.length - 2].step : null;
}

export function statusForKind(kind: StepKind): CaseStatus {
  return kind === 'terminal' ? 'closed' : kind === 'paused' ? 'paused' : 'open';
}

export function actorRoles(pack: SopPack, actor: Actor): RoleDef[] {
  return pack.roles.filter((r) => actor.roles.includes(r.id));
}

export function hasAnyRole(actor: Actor, roles: readonly string[] | undefined): boolean {
  return !!roles && actor.roles.some((r) => roles.includes(r));
}

/** Forms the pack knows: pinned in the manifest, or loaded. */
export function packFormIds(pack: SopPack): string[] {
  return [...new Set([...pack.manifest.forms.map((f) => f.id), ...pack.forms.map((f) => f.id)])];
}
