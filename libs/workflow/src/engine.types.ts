/**
 * Contract of the pure workflow engine. No I/O: given a pack, a case snapshot, an actor and an
 * action, the engine returns a decision. Services persist it and dispatch its effects.
 */
import type { SopPack, TransitionDef, DeadlineDef, Recipient } from '@app/pack-types';
import type { OperatorRegistry, RuleLocation } from '@app/rules';

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
  /** Code of the case's location (locations.json), when known: rules read it as `case.location`. */
  location?: string;
  /** Ordered oldest first; the last entry is the current step (leftAt null). */
  stepHistory: StepVisit[];
  submissions: FormSubmissionSnapshot[];
  pendingApproval: PendingApproval | null;
  /** Case-level values set by effects (e.g. closureReason). */
  fields: Record<string, unknown>;
  /** Transitions performed, oldest first (deadline close-on `transition`). */
  transitionsDone?: Array<{ transitionId: string; at: Date }>;
  /** Referrals made (deadlines anchored on `referral_sent`; guards' `has_referral`), oldest first. */
  referrals?: ReferralSnapshot[];
  /** Plugin facts the pack's rules read, loaded by the host: plugin id → fact name → value (`plugin_fact`). */
  facts?: CaseFacts;
}

/** Plugin id → fact name → value (JSON: boolean, number, text or null). */
export type CaseFacts = Record<string, Record<string, RuleFactValue>>;
export type RuleFactValue = boolean | number | string | null;

export interface ReferralSnapshot {
  id: string;
  serviceType: string;
  status: string;
  /** When it went to the provider (after authorisation where needed); null before. */
  sentAt: Date | null;
  /** The response deadline the service type set when it was sent. */
  respondBy: Date | null;
  /** When the provider accepted or declined. */
  respondedAt: Date | null;
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
  /** Rule operators for guards and effects (default: the built-in ones; plugins add more). */
  operators?: OperatorRegistry;
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
  /**
   * Stable per case: `${definition.id}` for single-instance anchors; `${definition.id}:${n}` for
   * `step_entered` anchors, n = index of the visit of that step (0 = first visit), so a revisit
   * gets a new deadline instead of colliding with the closed one of the earlier visit;
   * `${definition.id}:${referral id}` per referral. A recurring deadline's occurrence k ≥ 2 adds
   * `:${k}` to its first occurrence's key.
   */
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
  /** `late`: kept after its due time; `missed`: fell due, then stopped applying without being kept. */
  status: 'open' | 'met' | 'late' | 'missed' | 'cancelled';
  /** When it was kept or stopped applying (recurring deadlines go on from there). */
  closedAt?: Date | null;
}

export interface DeadlinePlan {
  create: PlannedDeadline[];
  /** Open deadlines whose due date changed (e.g. risk level revised). */
  reschedule: Array<{ key: string; dueAt: Date }>;
  /**
   * Open deadlines that are over: kept on time (`met`, done at or before the due time), kept `late`,
   * or `missed` (stopped applying after they fell due: series ended, step left, case closed).
   */
  close: Array<{ key: string; closedAt: Date; outcome: 'met' | 'late' | 'missed' }>;
  /** Open deadlines that stopped applying before they fell due (anchor gone, condition false, case closed). */
  cancel: Array<{ key: string }>;
}

export type { SopPack };

/** Outcome of `decideApproval` when the approver rejects the pending request. */
export interface ApprovalRejected {
  allowed: true;
  outcome: 'rejected';
  transition: TransitionDef;
  rejectedBy: string;
}

export type ApprovalDecision = TransitionDecision | ApprovalRejected;

/** Yes/no with the reasons for no (form access, case creation). */
export interface AccessDecision {
  allowed: boolean;
  reasons: Reason[];
}

/** Rule data: what guards, deadline conditions and effects read (see docs/rules.md). */
export interface RuleData {
  case: {
    type: string;
    step: string;
    status: CaseStatus;
    risk: string | null;
    fields: Record<string, unknown>;
    /** ISO string. */
    registeredAt: string;
    /** Location code of the case (absent when the snapshot does not carry one). */
    location?: string;
  };
  /** Answers of the latest complete submission (entry, for repeatable forms) per form. */
  forms: Record<string, Record<string, unknown>>;
  /** Answers of every complete entry, oldest first. */
  formEntries: Record<string, Array<Record<string, unknown>>>;
  formStatus: Record<string, { complete: boolean; entries: number }>;
  /** ISO string. */
  now: string;
  /**
   * The pack's time zone (pack.json `timezone`, UTC without one): the calendar on which the date
   * operators read a moment such as `now` against a date-only answer (docs/rules.md).
   */
  timeZone?: string;
  /** The pack's locations by code (level, materialised path): what `location_within` and `location_level` read. */
  locations?: Record<string, RuleLocation>;
  /** The case's referrals, oldest first: what `has_referral` and `referral_count` read. */
  referrals?: RuleReferral[];
  /** Plugin facts the pack's rules read (plugin id → name → value): what `plugin_fact` reads. */
  facts?: CaseFacts;
}

/** A referral as rules read it (JSON-safe: dates as ISO strings, null when not yet). */
export interface RuleReferral {
  serviceType: string;
  status: string;
  sentAt: string | null;
  respondedAt: string | null;
}

/** When a deadline's reminders and escalations fire (used by the scheduler). */
export interface DeadlineAlert {
  /** `overdue`: the due moment itself, when the deadline is marked overdue (nobody is messaged). */
  kind: 'reminder' | 'overdue' | 'escalation';
  /** Index in the definition's `reminders` / `escalation` list (stable job key); 0 for overdue. */
  index: number;
  at: Date;
  notify: Recipient[];
  /** Message template id (reminders and escalations). */
  template?: string;
}

/** An alert as stored for the scheduler: pending, or skipped because it would come too late to help. */
export interface ScheduledAlert extends DeadlineAlert {
  status: 'pending' | 'skipped';
}
