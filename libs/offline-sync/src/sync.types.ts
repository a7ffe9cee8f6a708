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
  | { key: string; kind: 'transition'; madeAt?: string; case: string; transitionId: string; fromStep: string; comment?: string };

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
