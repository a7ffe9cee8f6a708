import type { CaseConditions, CaseStatus } from '@app/pack-types';
import { asList } from '@app/sop';

/** The user attributes conditions refer to (same shape as the identity lib's CurrentUser). */
export interface PolicyUser {
  id: string;
  roles: string[];
  teamId: string | null;
  agencyId: string | null;
  locationPath: string;
}

/** What conditions are evaluated on: the case row plus its active access grants. */
export interface CaseFacts {
  caseType: string;
  step: string;
  status: CaseStatus | string;
  createdBy: string;
  assignedTo: string | null;
  teamId: string | null;
  agencyId: string | null;
  locationPath: string;
  /** Users the case is shared with (active grants). */
  sharedWith: string[];
  /** Users holding an unexpired break-the-glass grant. */
  breakGlass: string[];
  /** On a referral rule: the agency the referral is to (empty for case facts). */
  referredTo: string[];
}

/** Named SQL parameters for TypeORM query builders (`:p0`, `:p1`...), plus the current time. */
export class SqlParams {
  readonly values: Record<string, unknown> = {};
  private n = 0;
  constructor(
    readonly now: Date,
    private readonly prefix = 'perm',
  ) {
    this.values[`${prefix}_now`] = now;
  }
  add(value: unknown): string {
    const name = `${this.prefix}${this.n++}`;
    this.values[name] = value;
    return `:${name}`;
  }
  nowParam(): string {
    return `:${this.prefix}_now`;
  }
}

/**
 * One kind of condition, compiled two ways from the same declaration: a CASL (Mongo-style) query
 * for single cases and an SQL predicate for lists. `null` means "never holds for this user"
 * (e.g. `team` for a user without a team), so the rule is dropped rather than matching NULL columns.
 */
export interface ConditionKind {
  query(value: unknown, user: PolicyUser): Record<string, unknown> | null;
  /** SQL over the cases table aliased `c`. */
  sql(value: unknown, user: PolicyUser, p: SqlParams): string | null;
  describe(value: unknown): string;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, '\\$&');
}

const grantSql = (kind: 'share' | 'break_glass', user: PolicyUser, p: SqlParams) =>
  `EXISTS (SELECT 1 FROM case_access_grants g WHERE g.case_id = c.id AND g.user_id = ${p.add(user.id)} AND g.kind = '${kind}'` +
  ` AND g.revoked_at IS NULL AND (g.expires_at IS NULL OR g.expires_at > ${p.nowParam()}))`;

const oneOf = (column: string, caseField: string, what: string): ConditionKind => ({
  query: (v) => ({ [caseField]: { $in: asList(v as string | string[]) } }),
  sql: (v, _u, p) => `${column} = ANY(${p.add(asList(v as string | string[]))}::text[])`,
  describe: (v) => `the case's ${what} is ${asList(v as string | string[]).join(' or ')}`,
});

/** The condition vocabulary of roles.json (`conditions` keys); adding one means adding an entry here. */
export const CONDITION_KINDS: Readonly<Record<keyof CaseConditions, ConditionKind>> = {
  createdBy: {
    query: (_v, u) => ({ createdBy: u.id }),
    sql: (_v, u, p) => `c.created_by = ${p.add(u.id)}`,
    describe: () => 'the case was created by the user',
  },
  assignedTo: {
    query: (_v, u) => ({ assignedTo: u.id }),
    sql: (_v, u, p) => `c.assigned_to = ${p.add(u.id)}`,
    describe: () => 'the case is assigned to the user',
  },
  sharedWith: {
    query: (_v, u) => ({ sharedWith: u.id }),
    sql: (_v, u, p) => grantSql('share', u, p),
    describe: () => 'the case is shared with the user',
  },
  breakGlass: {
    query: (_v, u) => ({ breakGlass: u.id }),
    sql: (_v, u, p) => grantSql('break_glass', u, p),
    describe: () => 'the user opened the case by break-the-glass and the grant has not expired',
  },
  // Only on referral rules (the pack validator refuses it elsewhere), evaluated on one referral's
  // facts; it never selects cases in lists, so it has no SQL form.
  referredTo: {
    query: (_v, u) => (u.agencyId ? { referredTo: u.agencyId } : null),
    sql: () => null,
    describe: () => "the referral is to the user's agency",
  },
  team: {
    query: (_v, u) => (u.teamId ? { teamId: u.teamId } : null),
    sql: (_v, u, p) => (u.teamId ? `c.team_id = ${p.add(u.teamId)}` : null),
    describe: () => "the case belongs to the user's team",
  },
  agency: {
    query: (_v, u) => (u.agencyId ? { agencyId: u.agencyId } : null),
    sql: (_v, u, p) => (u.agencyId ? `c.agency_id = ${p.add(u.agencyId)}` : null),
    describe: () => "the case belongs to the user's agency",
  },
  location: {
    query: (_v, u) => ({ locationPath: { $regex: `^${escapeRegex(u.locationPath)}` } }),
    sql: (_v, u, p) => `c.location_path LIKE ${p.add(`${escapeLike(u.locationPath)}%`)}`,
    describe: () => "the case's location is within the user's location",
  },
  caseType: oneOf('c.case_type', 'caseType', 'type'),
  step: oneOf('c.step', 'step', 'step'),
  status: oneOf('c.status', 'status', 'status'),
};

function entries(conditions: CaseConditions | undefined): Array<[keyof CaseConditions, unknown]> {
  return Object.entries(conditions ?? {}) as Array<[keyof CaseConditions, unknown]>;
}

/** The CASL query for a rule's conditions; null if it can never hold for this user; {} if unconditional. */
export function conditionsQuery(conditions: CaseConditions | undefined, user: PolicyUser): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries(conditions)) {
    const q = CONDITION_KINDS[key].query(value, user);
    if (q === null) return null;
    Object.assign(out, q);
  }
  return out;
}

/** The SQL predicate for a rule's conditions; null if it can never hold; 'TRUE' if unconditional. */
export function conditionsSql(conditions: CaseConditions | undefined, user: PolicyUser, p: SqlParams): string | null {
  const parts: string[] = [];
  for (const [key, value] of entries(conditions)) {
    const s = CONDITION_KINDS[key].sql(value, user, p);
    if (s === null) return null;
    parts.push(s);
  }
  return parts.length ? `(${parts.join(' AND ')})` : 'TRUE';
}

export function describeConditions(conditions: CaseConditions | undefined): Array<{ condition: string; means: string }> {
  return entries(conditions).map(([key, value]) => ({ condition: key, means: CONDITION_KINDS[key].describe(value) }));
}

export function conditionEntries(conditions: CaseConditions | undefined): Array<[keyof CaseConditions, unknown]> {
  return entries(conditions);
}
