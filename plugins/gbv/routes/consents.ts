import type { PluginRoute } from '@app/plugin-sdk';
import { incidentFor, requireTrained, SUBJECT, validationFailed } from '../access';
import { CONSENT_DECISIONS, CONSENT_GIVERS, consentStates, newestFirst, type ConsentDecision, type ConsentGiver, type ConsentRecord } from '../consent';
import { isOpenReferral } from '../referral-status';
import { insertConsent, listConsents, listReferrals } from '../repository';
import type { GbvSettings } from '../settings';

function consentView(r: ConsentRecord) {
  return {
    id: r.id,
    incidentId: r.incidentId,
    purpose: r.purpose,
    decision: r.decision,
    givenBy: r.givenBy,
    method: r.method,
    recordedAt: r.recordedAt.toISOString(),
    recordedBy: r.recordedBy,
  };
}

const recordConsent: PluginRoute<GbvSettings> = {
  id: 'record_consent',
  method: 'POST',
  path: '/incidents/:incidentId/consents',
  summary: "Records the survivor's (or caregiver's) decision for one purpose; the latest record of a purpose decides.",
  permission: { subject: SUBJECT, action: 'consent' },
  body: {
    type: 'object',
    required: ['purpose', 'decision', 'givenBy', 'method'],
    properties: {
      purpose: { type: 'string', minLength: 1 },
      decision: { type: 'string', enum: [...CONSENT_DECISIONS] },
      givenBy: { type: 'string', enum: [...CONSENT_GIVERS] },
      method: { type: 'string', minLength: 1 },
    },
    additionalProperties: false,
  },
  async handler(ctx, req) {
    // Locked: a referral checking this incident's consent waits for the decision (and sees it).
    const incident = await incidentFor(ctx, req.params.incidentId, 'consent', { lock: true });
    requireTrained(ctx);
    const { purpose, method } = req.body as { purpose: string; method: string };
    const decision = req.body.decision as ConsentDecision;
    const givenBy = req.body.givenBy as ConsentGiver;
    const errors: Array<{ path: string; message: string }> = [];
    if (!ctx.settings.consentPurposes.includes(purpose))
      errors.push({ path: '/purpose', message: `must be one of ${ctx.settings.consentPurposes.join(', ')}` });
    if (!ctx.settings.consentMethods.includes(method)) errors.push({ path: '/method', message: `must be one of ${ctx.settings.consentMethods.join(', ')}` });
    if (errors.length) throw validationFailed('The consent is not valid.', errors);

    const record = await insertConsent(ctx.db, { incidentId: incident.id, purpose, decision, givenBy, method, at: ctx.now, by: ctx.user.id });
    const history = await listConsents(ctx.db, incident.id);
    // Referrals already under way for this purpose: the worker has to tell the provider.
    const openReferrals =
      decision === 'granted' ? 0 : (await listReferrals(ctx.db, incident.id)).filter((r) => r.purpose === purpose && isOpenReferral(r.status)).length;
    await ctx.audit.record('consent_recorded', { caseId: incident.caseId, details: { incidentId: incident.id, consentId: record.id } });
    return {
      consent: consentView(record),
      current: consentStates(history, ctx.settings.consentPurposes),
      openReferralsForPurpose: openReferrals,
    };
  },
};

const listIncidentConsents: PluginRoute<GbvSettings> = {
  id: 'list_consents',
  method: 'GET',
  path: '/incidents/:incidentId/consents',
  summary: "The survivor's current decision per purpose and the full history, newest first (GBV-trained staff only).",
  permission: { subject: SUBJECT, action: 'read' },
  async handler(ctx, req) {
    const incident = await incidentFor(ctx, req.params.incidentId, 'read');
    // What a survivor agreed to (e.g. police involvement) is itself a detail of the incident.
    requireTrained(ctx);
    const history = await listConsents(ctx.db, incident.id);
    await ctx.audit.record('consents_viewed', { caseId: incident.caseId, details: { incidentId: incident.id } });
    return {
      incidentId: incident.id,
      current: consentStates(history, ctx.settings.consentPurposes),
      history: newestFirst(history).map(consentView),
    };
  },
};

export const consentRoutes: PluginRoute<GbvSettings>[] = [recordConsent, listIncidentConsents];
