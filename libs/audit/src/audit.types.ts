/** What a caller records: who did what to which case, from where. Time and chain position are added by AuditService. */
export interface AuditEntry {
  /** The user (users.id); null for anonymous or system actions (a failed sign-in of an unknown user). */
  actorId: string | null;
  actorRoles?: string[];
  /** Dotted verb, e.g. 'case.read', 'case.search', 'case.export', 'case.register', 'form.fill',
   *  'case.transition', 'consent.record', 'break_glass.open', 'auth.login'. */
  action: string;
  caseId?: string | null;
  /** 'formId.field' paths read or changed. */
  fields?: string[];
  /** Default 'allowed'. */
  outcome?: 'allowed' | 'denied';
  /** Anything else worth keeping (filters of a search, transition id, reason of a break-glass...). JSON only. */
  details?: Record<string, unknown>;
  ip?: string | null;
  userAgent?: string | null;
}

/** One stored row of the audit log (newest-first pages of these are the audit trail). */
export interface AuditRecord {
  id: string;
  /**
   * The hash chain the entry belongs to: 1..N for entries written since migration
   * 1765300000000-audit-chains (the chain of its case, else of its actor, else 1); 0 for the frozen
   * legacy chain of entries written before it.
   */
  chain: number;
  /** Position in its chain: 1, 2, 3... without gaps. */
  seq: number;
  at: Date;
  actorId: string | null;
  actorRoles: string[];
  action: string;
  caseId: string | null;
  fields: string[];
  outcome: 'allowed' | 'denied';
  details: Record<string, unknown>;
  ip: string | null;
  userAgent: string | null;
  /** `hash` of the previous entry of the same chain; 64 zeros for the first. */
  prevHash: string;
  /** sha256(prevHash + canonicalJson(every other field)), hex; chain 0 leaves `chain` out of the JSON. */
  hash: string;
}

export type ChainBreakReason =
  | 'hash does not match content'
  | 'prev_hash does not match previous entry'
  | 'seq gap'
  // Verifying on from verified heads (a checkpoint's): the head itself is no longer as it was.
  | 'entry changed since it was verified'
  | 'entry deleted since it was verified';

/** The newest entry of one chain: keep these somewhere else to pin each chain's end. */
export interface ChainHead {
  chain: number;
  seq: number;
  hash: string;
}

export type ChainVerification =
  | {
      ok: true;
      /** Entries verified, all chains together. */
      entries: number;
      /** Chains present in the table (the legacy chain 0 included). */
      chains: number;
      /** The last entry of every chain, by chain number. */
      heads: ChainHead[];
    }
  | {
      ok: false;
      /** Entries verified intact before the broken one (all chains walked so far). */
      entries: number;
      /** id and time of the broken entry (null: it is gone). */
      firstBroken: { chain: number; seq: number; id: string | null; at: Date | null; reason: ChainBreakReason };
    };

/** Keyset pagination of one case's trail, newest first. */
export interface AuditPageQuery {
  /** Default 50, at most 500. */
  limit?: number;
  /** The previous page's `nextBeforeSeq`: entries of the case's chain with a lower seq. */
  beforeSeq?: number | null;
  /** The previous page's `nextBefore` (opaque); wins over `beforeSeq`. Also pages through the legacy chain. */
  before?: string | null;
}

export interface AuditPage {
  /** Newest first. */
  records: AuditRecord[];
  /**
   * Seq to pass as `beforeSeq` for the next (older) page; null when this was the last page, or
   * when the page ended in the legacy chain 0 (then only `nextBefore` leads on).
   */
  nextBeforeSeq: number | null;
  /** Cursor to pass as `before` for the next page; null when this was the last page. */
  nextBefore: string | null;
}

/** Entries across all chains, newest first (`at DESC, chain, seq DESC`). */
export interface AuditTrailQuery {
  actorId?: string;
  caseId?: string;
  action?: string;
  /** Inclusive lower bound on `at`. */
  from?: Date;
  /** Exclusive upper bound on `at`. */
  to?: Date;
  /** Default 50, at most 500. */
  limit?: number;
  /** The previous page's `nextBefore` (opaque: `<at ISO>|<chain>|<seq>`). */
  before?: string | null;
}

export interface AuditTrailPage {
  /** Newest first. */
  records: AuditRecord[];
  /** Cursor to pass as `before` for the next (older) page; null when this was the last page. */
  nextBefore: string | null;
}
