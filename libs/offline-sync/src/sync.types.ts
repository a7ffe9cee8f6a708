/** What a device queued while offline (docs/adr/0012-offline-work-and-sync.md). `case` is a case id, or the temporary id of a case registered offline. */
export type QueuedChange =
  | { key: string; kind: 'register'; madeAt?: string; tempId: string; caseType: string; answers: Record<string, unknown> }
  | {
      key: string;
      kind: 'fill';
      madeAt?: string;
      case: string;
      formId: string;
      status: 'draft' | 'complete';
      /** For each field changed: the value it had on the device before the change. */
      base: Record<string, unknown>;
      /** The changed fields only, with their new values. */
      answers: Record<string, unknown>;
    }
  | { key: string; kind: 'transition'; madeAt?: string; case: string; transitionId: string; fromStep: string; comment?: string }
  /** A new entry of a repeatable form (a follow-up visit...): nothing to merge, it adds to the others. */
  | { key: string; kind: 'entry'; madeAt?: string; case: string; formId: string; answers: Record<string, unknown> };

export type SyncChangeKind = QueuedChange['kind'];

/** Why a change was held: a stable code, the server's words, and what the code's details say (conflicting fields...). */
export interface HeldReason {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export type SyncOutcome =
  | { key: string; outcome: 'applied'; caseId: string; caseNumber?: string; tempId?: string; version?: number; replayed?: boolean }
  | { key: string; outcome: 'held'; reason: HeldReason; caseId?: string | null; replayed?: boolean };

/** A held change as its user or a reviewer sees it. */
export interface HeldChange {
  key: string;
  kind: SyncChangeKind;
  caseId: string | null;
  reason: HeldReason;
  change: QueuedChange;
  madeAt: string | null;
  receivedAt: string;
}

/** A held change of a team member as their supervisor sees it: who, which case (its number only if the supervisor may read it), why; the answers by field name only. */
export interface TeamHeldChange {
  key: string;
  kind: SyncChangeKind;
  userId: string;
  userName: string;
  /** False for a deactivated member: their handed-over changes wait here, they cannot sign in to see them. */
  userActive: boolean;
  caseId: string | null;
  /** Null when there is no case yet or the supervisor may not read it. */
  caseNumber: string | null;
  /** The reason's code and message; details only where they hold no answers (conflicts are named by field). */
  reason: HeldReason;
  /** The form a fill changes, or the transition taken. */
  formId?: string;
  transitionId?: string;
  /** The fields the change sets, by name: never their values (the supervisor may not read them all). */
  fields: string[];
  madeAt: string | null;
  receivedAt: string;
}

/** A held conflict resolved by the user: per field the value chosen (theirs or the server's) and the server values they saw. */
export interface HeldResolution {
  answers: Record<string, unknown>;
  base: Record<string, unknown>;
}

/** What a device gets once when it is set up for offline work: the secret is never shown again. */
export interface DeviceRegistration {
  deviceId: string;
  secret: string;
}

/** How long a device may work offline and when it locks itself (the pack's security.json `offline`). */
export interface OfflinePolicy {
  maxDays: number;
  lockAfterMinutes: number;
}

/** A queue handed over by a device whose session had ended: each change held, none applied. */
export interface HandoverReceipt {
  /** Changes newly kept by this handover (a key already known is not kept twice). */
  handedOver: number;
  outcomes: SyncOutcome[];
}
