/**
 * Contract of the pure workflow engine. No I/O: given a pack, a case snapshot, an actor and an
 * action, the engine returns a decision. Services persist it and dispatch its effects.
 */
import type { SopPack, TransitionDef, DeadlineDef } from '@app/sop';

export type CaseStatus = 'open' | 'paused' | 'closed';

export interface StepVisit {
  step: string;
  enteredAt: Date;
  leftAt: Date | null;
}

export interface FormSubmissionSnapshot {
  id: string;
  formId: string;
  formVersion: number;
  status: 'draft' | 'complete';
  answers: Record<string, unknown>;
  /** When it was (last) completed; null for drafts. */
  completedAt: Date | null;
  /** When it was first completed (deadline close-on uses this). */
  firstCompletedAt: Date | null;
}

export interface PendingApproval {
  id: string;
  transitionId: string;
  requestedBy: string;
  requestedAt: Date;
}

export interface CaseSnapshot {
  id: string;
  caseType: string;
  step: string;
  status: CaseStatus;
  registeredAt: Date;
  createdBy: string;
  assignedTo: string | null;
  risk: string | null;
  /** Ordered oldest first; the last entry is the current step (leftAt null). */
  stepHistory: StepVisit[];
  submissions: FormSubmissionSnapshot[];
  pendingApproval: PendingApproval | null;
  /** Case-level values set by effects (e.g. closureReason). */
  fields: Record<string, unknown>;
  /** Transitions performed, oldest first (deadline close-on `transition`). */
  transitionsDone?: Array<{ transitionId: string; at: Date }>;
}

export interface Actor {
  userId: string;
  roles: string[];
}

export interface Reason {
  /** Stable machine code, e.g. `role_not_allowed`, `wrong_step`, `form_incomplete`, `guard_failed`. */
  code: string;
  /** Human message in the requested locale (falls back to English). */
  message: string;
  /** e.g. { form: 'care_plan' } */
  detail?: Record<string, unknown>;
}

export interface EngineOptions {
  now: Date;
  locale?: string;
}

export type TransitionDecision =
  | { allowed: false; reasons: Reason[] }
  | {
      allowed: true;
      outcome: 'approval_requested';
      transition: TransitionDef;
    }
  | {
      allowed: true;
      outcome: 'moved';
      transition: TransitionDef;
      fromStep: string;
      toStep: string;
      status: CaseStatus;
      /** Case-level field changes computed by effects. */
      fieldChanges: Record<string, unknown>;
      /** Domain events the effects ask to emit (plugins subscribe to them). */
      emits: Array<{ type: string; data: Record<string, unknown> }>;
    };

export interface TransitionOption {
  transition: TransitionDef;
  available: boolean;
  needsApproval: boolean;
  reasons: Reason[];
}

/** A deadline the case should have now, computed from the pack and the case's state. */
export interface PlannedDeadline {
  /** Stable per case: `${definition.id}:${anchorInstance}`. */
  key: string;
  definition: DeadlineDef;
  anchorAt: Date;
  dueAt: Date;
  /** Set when the work it waits for is done. */
  satisfiedAt: Date | null;
}

export interface StoredDeadline {
  key: string;
  dueAt: Date;
  status: 'open' | 'met' | 'missed' | 'cancelled';
}

export interface DeadlinePlan {
  create: PlannedDeadline[];
  /** Open deadlines whose due date changed (e.g. risk level revised). */
  reschedule: Array<{ key: string; dueAt: Date }>;
  /** Open deadlines whose work is done: met if satisfiedAt <= dueAt, else missed (closed late). */
  close: Array<{ key: string; closedAt: Date; met: boolean }>;
  /** Open deadlines that no longer apply (anchor gone, condition false, case closed). */
  cancel: Array<{ key: string }>;
}

export type { SopPack };
