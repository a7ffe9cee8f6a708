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
  /** Position in the chain: 1, 2, 3... without gaps. */
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
  /** `hash` of the previous entry; 64 zeros for the first. */
  prevHash: string;
  /** sha256(prevHash + canonicalJson(every other field)), hex. */
  hash: string;
}

export type ChainBreakReason =
  | 'hash does not match content'
  | 'prev_hash does not match previous entry'
  | 'seq gap';

export type ChainVerification =
  | { ok: true; entries: number; lastHash: string }
  | {
      ok: false;
      /** Entries verified intact before the broken one. */
      entries: number;
      firstBroken: { seq: number; id: string; at: Date; reason: ChainBreakReason };
    };

/** Keyset pagination, newest first: pass the previous page's `nextBeforeSeq` as `beforeSeq`. */
export interface AuditPageQuery {
  /** Default 50, at most 500. */
  limit?: number;
  beforeSeq?: number | null;
}

export interface AuditTrailQuery extends AuditPageQuery {
  actorId?: string;
  caseId?: string;
  action?: string;
  /** Inclusive lower bound on `at`. */
  from?: Date;
  /** Exclusive upper bound on `at`. */
  to?: Date;
}

export interface AuditPage {
  /** Newest first. */
  records: AuditRecord[];
  /** Seq to pass as `beforeSeq` for the next (older) page; null when this was the last page. */
  nextBeforeSeq: number | null;
}
