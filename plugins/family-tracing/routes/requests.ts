/** Tracing requests: recorded by a caseworker for a relative, listed, read and closed. */
import { PluginError, PluginRoute, PluginRouteContext } from '@app/plugin-sdk';
import { isoDate } from '../age';
import { matchRequest } from '../matching';
import { matchesOf } from '../match-repository';
import { closeRequest, getRequest, insertRequest, listRequests, RequestStatus } from '../repository';
import { consistencyProblems, matchingColumns, REQUEST_FORM_ID, RequestAnswers } from '../request-answers';
import { FamilyTracingSettings, resolveSettings } from '../settings';
import { CANDIDATE_PROPOSED_TEMPLATE } from '../templates';
import { CandidateGate, canSeeRequest, ownsRequest, requestsSeenThroughChildren, sensitiveAllowed } from '../visibility';
import { enumQuery, idParam, intQuery, presentRequest, sensitiveFieldsShown } from './present';

type Ctx = PluginRouteContext<FamilyTracingSettings>;
type Route = PluginRoute<FamilyTracingSettings>;

const STATUSES: readonly RequestStatus[] = ['open', 'matched', 'closed'];

function gateFor(ctx: Ctx): CandidateGate {
  return new CandidateGate(ctx, resolveSettings(ctx.settings).consentPurpose);
}

/** The request if the user may see it; 404 otherwise (a request of another agency is not acknowledged). */
export async function visibleRequest(ctx: Ctx, gate: CandidateGate, id: string | undefined, forUpdate = false) {
  const request = await getRequest(ctx.db, idParam(id, 'request_not_found', 'tracing request'), forUpdate);
  if (!request || !(await canSeeRequest(ctx, gate, request))) throw new PluginError('request_not_found', 404, 'No tracing request with this id.');
  return request;
}

async function visibleCandidateCount(ctx: Ctx, gate: CandidateGate, requestId: string): Promise<number> {
  const matches = await matchesOf(ctx.db, requestId, ['proposed', 'confirmed']);
  return (await gate.visible(matches.map((m) => m.case_id))).size;
}

/**
 * Tells the pack's `notifyRoles` holders who may read a newly proposed child's case (the host picks
 * them per case) that a family may be looking for that child; only where tracing consent is granted.
 * The message names nothing of the family or the child (the inbox entry links to the case).
 */
async function notifyCaseworkers(ctx: Ctx, gate: CandidateGate, roles: string[], caseIds: string[]): Promise<void> {
  if (roles.length === 0) return;
  for (const caseId of caseIds) {
    if (await gate.consented(caseId)) await ctx.notify.roles(roles, CANDIDATE_PROPOSED_TEMPLATE, { caseId });
  }
}

const recordRequest: Route = {
  id: 'record_request',
  method: 'POST',
  path: '/requests',
  summary: "Records a relative's request to trace a child, and proposes the registered children who may be that child",
  permission: { subject: 'tracing_request', action: 'record' },
  body: {
    type: 'object',
    required: ['answers', 'requester_consent'],
    additionalProperties: false,
    properties: {
      answers: { type: 'object', description: `answers to the ${REQUEST_FORM_ID} form` },
      requester_consent: { type: 'boolean', description: 'the relative agrees to the search (asking for it is consenting); must be true' },
    },
  },
  async handler(ctx, req) {
    if (req.body.requester_consent !== true) {
      throw new PluginError('requester_consent_required', 400, "The relative's consent to the search is needed to record the request.");
    }
    const answers = req.body.answers as RequestAnswers;
    const today = isoDate(ctx.now);
    const problems = ctx.forms.check(REQUEST_FORM_ID, answers as unknown as Record<string, unknown>);
    let path: string[] | null = null;
    if (problems.length === 0) {
      problems.push(...consistencyProblems(answers, today));
      if (answers.last_seen_location) {
        path = ctx.locations.path(answers.last_seen_location);
        if (!path) problems.push({ path: '/last_seen_location', message: 'is not a location of this configuration' });
      }
    }
    if (problems.length) throw new PluginError('validation_failed', 400, 'The tracing request has invalid answers.', { errors: problems });

    const row = await insertRequest(ctx.db, {
      ...matchingColumns(answers, path),
      answers: answers as unknown as Record<string, unknown>,
      recordedBy: ctx.user.id,
      agencyId: ctx.user.agencyId,
      now: ctx.now,
    });
    const settings = resolveSettings(ctx.settings);
    const proposed = await matchRequest({ db: ctx.db, locations: ctx.locations, settings, now: ctx.now }, row, null);
    await ctx.audit.record('request_recorded', {
      fields: Object.keys(answers).map((f) => `${REQUEST_FORM_ID}.${f}`),
      details: { requestId: row.id, reference: row.reference, proposed: proposed.length },
    });
    const gate = gateFor(ctx);
    await notifyCaseworkers(ctx, gate, settings.notifyRoles, proposed);
    return {
      ...presentRequest(ctx, row, true),
      // Only the candidates this user may see; others wait for their own caseworkers.
      visibleCandidates: await visibleCandidateCount(ctx, gate, row.id),
    };
  },
};

const listRequestsRoute: Route = {
  id: 'list_requests',
  method: 'GET',
  path: '/requests',
  summary: "Tracing requests of the user's agency, and those where a child the user may see is a candidate (?status=, ?limit=, ?offset=)",
  permission: { subject: 'tracing_request', action: 'read' },
  async handler(ctx, req) {
    const status = enumQuery(req.query.status, 'status', STATUSES);
    const limit = intQuery(req.query.limit, 'limit', 50, 1, 200);
    const offset = intQuery(req.query.offset, 'offset', 0, 0, 1_000_000);
    const alsoIds = await requestsSeenThroughChildren(ctx, gateFor(ctx));
    const { rows, total } = await listRequests(ctx.db, { agencyId: ctx.user.agencyId, userId: ctx.user.id, alsoIds, status, limit, offset });
    return { total, limit, offset, requests: rows.map((r) => presentRequest(ctx, r, false)) };
  },
};

const getRequestRoute: Route = {
  id: 'get_request',
  method: 'GET',
  path: '/requests/:requestId',
  summary: 'One tracing request, with the answers the user may read',
  permission: { subject: 'tracing_request', action: 'read' },
  async handler(ctx, req) {
    const gate = gateFor(ctx);
    const row = await visibleRequest(ctx, gate, req.params.requestId);
    const presented = presentRequest(ctx, row, await sensitiveAllowed(ctx, gate, row));
    const shown = sensitiveFieldsShown(presented);
    if (shown.length) await ctx.audit.record('request_read', { fields: shown, details: { requestId: row.id } });
    let matchedCaseId: string | null = null;
    if (row.matched_case_id && (await ctx.cases.readable([row.matched_case_id])).has(row.matched_case_id)) matchedCaseId = row.matched_case_id;
    return { ...presented, matchedCaseId, visibleCandidates: await visibleCandidateCount(ctx, gate, row.id) };
  },
};

const closeRequestRoute: Route = {
  id: 'close_request',
  method: 'POST',
  path: '/requests/:requestId/close',
  summary: 'Closes an open tracing request without a match (the family withdrew, the child was found otherwise...)',
  permission: { subject: 'tracing_request', action: 'record' },
  body: {
    type: 'object',
    required: ['reason'],
    additionalProperties: false,
    properties: { reason: { type: 'string', minLength: 3, maxLength: 2000 } },
  },
  async handler(ctx, req) {
    const row = await visibleRequest(ctx, gateFor(ctx), req.params.requestId, true);
    if (!ownsRequest(ctx, row)) {
      throw new PluginError('plugin_permission_denied', 403, 'Only the agency that recorded the request may close it.');
    }
    if (row.status !== 'open') throw new PluginError('request_not_open', 409, `The request is already ${row.status}.`, { requestStatus: row.status });
    await closeRequest(ctx.db, row.id, ctx.user.id, String(req.body.reason).trim(), ctx.now);
    await ctx.audit.record('request_closed', { details: { requestId: row.id, reference: row.reference } });
    const updated = (await getRequest(ctx.db, row.id))!;
    return presentRequest(ctx, updated, true);
  },
};

export const requestRoutes: Route[] = [recordRequest, listRequestsRoute, getRequestRoute, closeRequestRoute];
