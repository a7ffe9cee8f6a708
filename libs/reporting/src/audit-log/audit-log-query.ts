import { DomainError } from '@app/core';
import { AuditLogErrorCode } from './audit-log.errors';
import type { AuditLogCursor, AuditLogFilter } from './audit-log.repository';

/** A search as the API receives it: text parameters, each optional. */
export interface AuditLogSearchParams {
  /** A case id or a case number. */
  case?: string;
  /** A user id. */
  actor?: string;
  /** The start of an action, e.g. `case.` or `auth.login`. */
  action?: string;
  outcome?: string;
  /** ISO-8601 instants: from inclusive, to exclusive. */
  from?: string;
  to?: string;
  /** The previous page's `nextBefore`. */
  before?: string;
  limit?: string;
}

export interface AuditLogSearch {
  filter: AuditLogFilter;
  before: AuditLogCursor | null;
  limit: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:\d\d)$/;
const CURSOR = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)\|(\d{1,3})\|(\d{1,15})$/;
const ACTION = /^[A-Za-z0-9_.:-]{1,100}$/;
export const DEFAULT_AUDIT_PAGE = 50;
export const MAX_AUDIT_PAGE = 200;

/** Checks and converts the parameters; a bad one is refused with its name (nothing is guessed). */
export function parseAuditLogSearch(q: AuditLogSearchParams): AuditLogSearch {
  const bad = (param: string, expected: string): never => {
    throw new DomainError(AuditLogErrorCode.BadAuditLogQuery, `${param} must be ${expected}.`, { param });
  };
  const filter: AuditLogFilter = {};
  const kase = q.case?.trim();
  if (kase) {
    if (UUID.test(kase)) filter.caseId = kase.toLowerCase();
    else if (kase.length <= 100) filter.caseNumber = kase;
    else bad('case', 'a case id or a case number');
  }
  const actor = q.actor?.trim();
  if (actor) filter.actorId = UUID.test(actor) ? actor.toLowerCase() : bad('actor', 'a user id');
  const action = q.action?.trim();
  if (action) filter.actionPrefix = ACTION.test(action) ? action : bad('action', 'the start of an action name, such as case. or auth.login');
  if (q.outcome) filter.outcome = q.outcome === 'allowed' || q.outcome === 'denied' ? q.outcome : bad('outcome', 'allowed or denied');
  const instant = (param: 'from' | 'to', raw: string | undefined): Date | undefined => {
    if (!raw) return undefined;
    const at = INSTANT.test(raw) ? new Date(raw) : null;
    return at && !Number.isNaN(at.getTime()) ? at : bad(param, 'a date and time with its offset, e.g. 2026-03-02T00:00:00+02:00');
  };
  filter.from = instant('from', q.from);
  filter.to = instant('to', q.to);
  if (filter.from === undefined) delete filter.from;
  if (filter.to === undefined) delete filter.to;
  let before: AuditLogCursor | null = null;
  if (q.before) {
    const m = CURSOR.exec(q.before);
    before = m ? { at: new Date(m[1]), chain: Number(m[2]), seq: Number(m[3]) } : bad('before', "the previous page's nextBefore");
  }
  let limit = DEFAULT_AUDIT_PAGE;
  if (q.limit) {
    const n = Number(q.limit);
    limit = Number.isInteger(n) && n >= 1 && n <= MAX_AUDIT_PAGE ? n : bad('limit', `a whole number from 1 to ${MAX_AUDIT_PAGE}`);
  }
  return { filter, before, limit };
}

/** The cursor of the page after the one ending with this entry. */
export function cursorAfter(last: { at: Date; chain: number; seq: number }): string {
  return `${last.at.toISOString()}|${last.chain}|${last.seq}`;
}
