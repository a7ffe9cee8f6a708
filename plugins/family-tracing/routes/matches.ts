/** Candidate children of a request: listed for review, confirmed or rejected by a caseworker. */
import { PluginError, PluginRoute, PluginRouteContext } from '@app/plugin-sdk';
import { decideMatch, getMatch, matchesOf, MatchRow } from '../match-repository';
import { getRequest, markMatched, MatchStatus } from '../repository';
import { FamilyTracingSettings, resolveSettings } from '../settings';
import { CandidateGate } from '../visibility';
import { enumQuery, idParam, presentCandidate } from './present';
import { visibleRequest } from './requests';

type Ctx = PluginRouteContext<FamilyTracingSettings>;
type Route = PluginRoute<FamilyTracingSettings>;

const MATCH_STATUSES: readonly MatchStatus[] = ['proposed', 'confirmed', 'rejected'];

const listMatches: Route = {
  id: 'list_matches',
  method: 'GET',
  path: '/requests/:requestId/matches',
  summary: "The request's candidate children the user may see (case readable, tracing consent granted), best score first (?status=)",
  permission: { subject: 'tracing_match', action: 'read' },
  async handler(ctx, req) {
    const gate = new CandidateGate(ctx, resolveSettings(ctx.settings).consentPurpose);
    const request = await visibleRequest(ctx, gate, req.params.requestId);
    const status = enumQuery(req.query.status, 'status', MATCH_STATUSES);
    const matches = await matchesOf(ctx.db, request.id, status ? [status] : [...MATCH_STATUSES]);
    const visible = await gate.visible(matches.map((m) => m.case_id));
    const candidates = [];
    for (const m of matches) if (visible.has(m.case_id)) candidates.push(await presentCandidate(ctx, m));
    // `total` counts only what is shown: hidden candidates are not even acknowledged.
    return { request: { id: request.id, reference: request.reference, status: request.status }, total: candidates.length, candidates };
  },
};

/** The match, if the user may read the child's case (404), decide on it there (403) and the child's tracing consent is granted (409). */
async function decidableMatch(ctx: Ctx, id: string | undefined): Promise<MatchRow> {
  const match = await getMatch(ctx.db, idParam(id, 'match_not_found', 'candidate match'), true);
  const notFound = () => new PluginError('match_not_found', 404, 'No candidate match with this id.');
  if (!match) throw notFound();
  if (!(await ctx.cases.readable([match.case_id])).has(match.case_id)) throw notFound();
  const gate = new CandidateGate(ctx, resolveSettings(ctx.settings).consentPurpose);
  if (!(await gate.may(match.case_id, 'decide'))) {
    throw new PluginError('plugin_permission_denied', 403, "You may not decide on tracing matches for this child's case.");
  }
  if (!(await gate.consented(match.case_id))) {
    throw new PluginError('tracing_consent_required', 409, "The child's case has no granted consent to family tracing; record it before deciding.");
  }
  return match;
}

const decide: Route = {
  id: 'decide_match',
  method: 'POST',
  path: '/matches/:matchId/decision',
  summary: "Confirms (the request is then matched and the child's timeline records it) or rejects a candidate, with a reason",
  permission: { subject: 'tracing_match', action: 'decide' },
  body: {
    type: 'object',
    required: ['decision', 'reason'],
    additionalProperties: false,
    properties: {
      decision: { type: 'string', enum: ['confirm', 'reject'] },
      reason: { type: 'string', minLength: 3, maxLength: 2000 },
    },
  },
  async handler(ctx, req) {
    const match = await decidableMatch(ctx, req.params.matchId);
    // Locked after the match: two caseworkers confirming two candidates of one request queue here.
    const request = (await getRequest(ctx.db, match.request_id, true))!;
    if (match.status !== 'proposed') {
      throw new PluginError('match_already_decided', 409, `This candidate was already ${match.status}.`, { matchStatus: match.status });
    }
    if (request.status !== 'open') {
      throw new PluginError('request_not_open', 409, `The tracing request is already ${request.status}.`, { requestStatus: request.status });
    }
    const confirm = req.body.decision === 'confirm';
    const reason = String(req.body.reason).trim();
    await decideMatch(ctx.db, match.id, confirm ? 'confirmed' : 'rejected', ctx.user.id, reason, ctx.now);
    const details = { requestId: request.id, reference: request.reference, matchId: match.id, score: Number(match.score) };
    if (confirm) {
      await markMatched(ctx.db, request.id, match.case_id, ctx.now);
      // No details of the family on the child's timeline: the request id leads to them, for those allowed.
      await ctx.cases.recordEvent(match.case_id, 'match_confirmed', { requestId: request.id });
      await ctx.audit.record('match_confirmed', { caseId: match.case_id, details });
    } else {
      await ctx.audit.record('match_rejected', { caseId: match.case_id, details });
    }
    const updated = (await getMatch(ctx.db, match.id))!;
    return {
      request: { id: request.id, reference: request.reference, status: confirm ? 'matched' : request.status },
      match: await presentCandidate(ctx, updated),
    };
  },
};

export const matchRoutes: Route[] = [listMatches, decide];
