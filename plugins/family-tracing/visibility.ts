/**
 * Who sees what. A request is seen by its recording agency (everyone with `read` on
 * `tracing_request` when the user has no agency: a national role), by whoever recorded it, and by
 * users who may see one of its candidate children (tracing crosses districts: the child's own
 * caseworker must learn that a family is looking). A candidate child is seen only by users who may
 * read the child's case and `read` `tracing_match` on it, and only while the case's tracing consent
 * is granted; hidden candidates are neither shown nor counted. The relative's own details (name,
 * phone, circumstances) are for the recording agency, and, once a child is confirmed, for those who
 * may decide on that child's matches (they arrange the contact); the host has no field permissions
 * for a plugin's own records, so this rule is the plugin's.
 */
import type { PluginRouteContext } from '@app/plugin-sdk';
import { candidateLinksOutside, RequestRow } from './repository';
import { matchesOf } from './match-repository';
import type { FamilyTracingSettings } from './settings';

type Ctx = PluginRouteContext<FamilyTracingSettings>;

/** Caches consent and permission answers for the length of one route call. */
export class CandidateGate {
  private consent = new Map<string, Promise<boolean>>();
  private allowed = new Map<string, Promise<boolean>>();

  constructor(
    private readonly ctx: Ctx,
    private readonly purpose: string,
  ) {}

  /** The case ids, of these, whose child the user may see as a candidate (`action` on `tracing_match`, consent granted). */
  async visible(caseIds: string[], action: 'read' | 'decide' = 'read'): Promise<Set<string>> {
    const unique = [...new Set(caseIds)];
    if (unique.length === 0) return new Set();
    const readable = await this.ctx.cases.readable(unique);
    const out = new Set<string>();
    for (const id of unique) {
      if (!readable.has(id)) continue;
      if (!(await this.may(id, action))) continue;
      if (!(await this.consented(id))) continue;
      out.add(id);
    }
    return out;
  }

  may(caseId: string, action: string): Promise<boolean> {
    const key = `${action}:${caseId}`;
    if (!this.allowed.has(key)) this.allowed.set(key, this.ctx.cases.can(caseId, action, 'tracing_match'));
    return this.allowed.get(key)!;
  }

  consented(caseId: string): Promise<boolean> {
    if (!this.consent.has(caseId))
      this.consent.set(
        caseId,
        this.ctx.cases.consent(caseId, this.purpose).then((s) => s === 'granted'),
      );
    return this.consent.get(caseId)!;
  }
}

/** Whether the request is the user's agency's (or the user's own, or the user has no agency). */
export function ownsRequest(ctx: Ctx, request: Pick<RequestRow, 'agency_id' | 'recorded_by'>): boolean {
  return ctx.user.agencyId === null || request.recorded_by === ctx.user.id || request.agency_id === ctx.user.agencyId;
}

/** Whether the user may see the relative's own details on this request. */
export async function sensitiveAllowed(ctx: Ctx, gate: CandidateGate, request: RequestRow): Promise<boolean> {
  if (ownsRequest(ctx, request)) return true;
  const caseId = request.status === 'matched' ? request.matched_case_id : null;
  return caseId !== null && (await ctx.cases.readable([caseId])).has(caseId) && (await gate.may(caseId, 'decide'));
}

/** Whether the user may see the request at all (see the module comment). */
export async function canSeeRequest(ctx: Ctx, gate: CandidateGate, request: RequestRow): Promise<boolean> {
  if (ownsRequest(ctx, request)) return true;
  // Once a request is matched or closed, only the confirmed child's caseworkers keep seeing it.
  const links = await matchesOf(ctx.db, request.id, request.status === 'open' ? ['proposed', 'confirmed'] : ['confirmed']);
  return (await gate.visible(links.map((m) => m.case_id))).size > 0;
}

/** Requests of other agencies the user sees through one of their candidate children. */
export async function requestsSeenThroughChildren(ctx: Ctx, gate: CandidateGate): Promise<string[]> {
  if (ctx.user.agencyId === null) return [];
  const links = await candidateLinksOutside(ctx.db, ctx.user.agencyId, ctx.user.id);
  const visible = await gate.visible(links.map((l) => l.case_id));
  return [...new Set(links.filter((l) => visible.has(l.case_id)).map((l) => l.request_id))];
}
