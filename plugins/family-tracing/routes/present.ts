/** What the routes answer with: requests and candidates as the acting user may see them, and request parameters. */
import { PluginError, PluginRouteContext } from '@app/plugin-sdk';
import type { MatchRow } from '../match-repository';
import type { RequestRow } from '../repository';
import { REQUEST_FORM_ID, SENSITIVE_FIELDS } from '../request-answers';
import { reasonText, textLocale } from '../reason-texts';
import { MatchReason, redactNameReason } from '../scoring';
import type { FamilyTracingSettings } from '../settings';

type Ctx = PluginRouteContext<FamilyTracingSettings>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id; anything that is not a uuid cannot name a row, so it answers like a missing one. */
export function idParam(value: string | undefined, code: string, what: string): string {
  if (!value || !UUID.test(value)) throw new PluginError(code, 404, `No ${what} with this id.`);
  return value.toLowerCase();
}

export function intQuery(value: string | undefined, name: string, dflt: number, min: number, max: number): number {
  if (value === undefined || value === '') return dflt;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new PluginError('validation_failed', 400, `${name} must be a whole number from ${min} to ${max}.`, {
      errors: [{ path: `/${name}`, message: `must be a whole number from ${min} to ${max}` }],
    });
  }
  return n;
}

export function enumQuery<T extends string>(value: string | undefined, name: string, allowed: readonly T[]): T | undefined {
  if (value === undefined || value === '') return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new PluginError('validation_failed', 400, `${name} must be one of ${allowed.join(', ')}.`, {
      errors: [{ path: `/${name}`, message: `must be one of ${allowed.join(', ')}` }],
    });
  }
  return value as T;
}

/**
 * A request as the user may see it. The sensitive answers (requester's name and phone,
 * circumstances) only when `withSensitive` (see `sensitiveAllowed` in visibility.ts); never in lists.
 */
export function presentRequest(ctx: Ctx, row: RequestRow, withSensitive: boolean) {
  const answers: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row.answers)) if (withSensitive || !SENSITIVE_FIELDS.includes(k)) answers[k] = v;
  const code = row.location_code;
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    soughtName: row.sought_name,
    lastSeenLocation: code ? { code, label: ctx.locations.label(code, ctx.user.locale) ?? code } : null,
    answers,
    requesterConsent: true,
    recordedAt: row.recorded_at,
    recordedBy: row.recorded_by,
    agencyId: row.agency_id,
    matchedAt: row.matched_at,
    closedAt: row.closed_at,
    closeReason: row.close_reason,
  };
}

/** The sensitive answers a presented request carries, as audit field paths. */
export function sensitiveFieldsShown(presented: { answers: Record<string, unknown> }): string[] {
  return Object.keys(presented.answers)
    .filter((k) => SENSITIVE_FIELDS.includes(k))
    .map((k) => `${REQUEST_FORM_ID}.${k}`);
}

/**
 * A reason in the reader's language; without a code (stored before reasons had one) its English
 * wording. The parameters are not shown: they may hold the registered name.
 */
function presentReason(ctx: Ctx, reason: MatchReason) {
  const locale = textLocale(ctx.user.locale);
  const place = (code: string) => ctx.locations.label(code, locale) ?? code;
  const detail = (reason.code && reason.params && reasonText(reason.code, reason.params, { locale, place })) || reason.detail;
  return { criterion: reason.criterion, code: reason.code ?? null, detail, points: reason.points };
}

/** A candidate the user may see; the child's name only where the user may read it (otherwise the reasons omit it too). */
export async function presentCandidate(ctx: Ctx, match: MatchRow) {
  const view = await ctx.cases.get(match.case_id);
  const nameVisible = view.displayName !== null;
  return {
    id: match.id,
    requestId: match.request_id,
    caseId: match.case_id,
    caseNumber: view.caseNumber,
    childName: view.displayName,
    caseStatus: view.status,
    location: { code: view.locationCode, label: ctx.locations.label(view.locationCode, ctx.user.locale) ?? view.locationCode },
    score: Number(match.score),
    reasons: (nameVisible ? match.reasons : match.reasons.map(redactNameReason)).map((r) => presentReason(ctx, r)),
    status: match.status,
    proposedAt: match.proposed_at,
    decidedAt: match.decided_at,
    decidedBy: match.decided_by,
    decisionReason: match.reason,
  };
}
