import { PluginError, type PluginRoute } from '@app/plugin-sdk';
import { incidentFor, requireTrained, SUBJECT, validationFailed } from '../access';
import { consentState } from '../consent';
import { isUuid } from '../paging';
import { projectReferral } from '../projection';
import { canMoveReferral, nextReferralStatuses, REFERRAL_STATUSES, type ReferralStatus } from '../referral-status';
import { findReferral, insertReferral, listConsents, setReferralStatus } from '../repository';
import { referralPurpose, settingsProblems, type GbvSettings } from '../settings';

const makeReferral: PluginRoute<GbvSettings> = {
  id: 'make_referral',
  method: 'POST',
  path: '/incidents/:incidentId/referrals',
  summary: "Refers the survivor to a service; the survivor's consent for the service's purpose must currently be granted.",
  permission: { subject: SUBJECT, action: 'refer' },
  body: {
    type: 'object',
    required: ['serviceType', 'providerName'],
    properties: {
      serviceType: { type: 'string', minLength: 1 },
      providerName: { type: 'string', minLength: 1, maxLength: 200 },
      notes: { type: 'string', maxLength: 2000 },
    },
    additionalProperties: false,
  },
  async handler(ctx, req) {
    // Locked like consent recording: a withdrawal racing this referral is decided first or after, never in between.
    const incident = await incidentFor(ctx, req.params.incidentId, 'refer', { lock: true });
    requireTrained(ctx);
    const { serviceType, providerName } = req.body as { serviceType: string; providerName: string };
    const notes = typeof req.body.notes === 'string' && req.body.notes.trim() ? req.body.notes.trim() : null;
    if (!ctx.settings.serviceTypes.includes(serviceType)) {
      throw validationFailed('Unknown service type.', [{ path: '/serviceType', message: `must be one of ${ctx.settings.serviceTypes.join(', ')}` }]);
    }
    if (incident.status === 'closed') {
      throw new PluginError('gbv_incident_closed', 409, 'The incident is closed: reopen it to make a referral.', { incidentId: incident.id });
    }
    const purpose = referralPurpose(serviceType, ctx.settings);
    if (!ctx.settings.consentPurposes.includes(purpose)) {
      throw new PluginError('gbv_settings_invalid', 500, `The pack's gbv settings are inconsistent: ${settingsProblems(ctx.settings).join('; ')}.`);
    }
    const consent = consentState(await listConsents(ctx.db, incident.id), purpose);
    if (consent !== 'granted') {
      throw new PluginError(
        'gbv_consent_missing',
        409,
        `The survivor's consent for "${purpose}" is ${consent === 'unknown' ? 'not recorded' : consent}: no referral to ${serviceType} without it.`,
        { purpose, consent },
      );
    }
    const referral = await insertReferral(ctx.db, {
      incidentId: incident.id,
      serviceType,
      purpose,
      providerName: providerName.trim(),
      notes,
      at: ctx.now,
      by: ctx.user.id,
    });
    await ctx.audit.record('referral_made', { caseId: incident.caseId, details: { incidentId: incident.id, referralId: referral.id } });
    return projectReferral(referral);
  },
};

const updateReferral: PluginRoute<GbvSettings> = {
  id: 'update_referral',
  method: 'PATCH',
  path: '/referrals/:referralId',
  summary: "Records the provider's answer or the outcome: sent → accepted | declined | completed; accepted → completed | declined.",
  permission: { subject: SUBJECT, action: 'refer' },
  body: {
    type: 'object',
    required: ['status'],
    properties: { status: { type: 'string', enum: REFERRAL_STATUSES.filter((s) => s !== 'sent') } },
    additionalProperties: false,
  },
  async handler(ctx, req) {
    const id = req.params.referralId;
    const notFound = () => new PluginError('gbv_referral_not_found', 404, `Referral ${id} does not exist or you may not see it.`);
    if (!isUuid(id)) throw notFound();
    const referral = await findReferral(ctx.db, id, true);
    if (!referral) throw notFound();
    const incident = await incidentFor(ctx, referral.incidentId, 'refer', { notFound });
    requireTrained(ctx);
    const to = req.body.status as ReferralStatus;
    if (referral.status === to) return projectReferral(referral);
    if (!canMoveReferral(referral.status, to)) {
      throw new PluginError('gbv_referral_status', 409, `A ${referral.status} referral cannot become ${to}.`, {
        status: referral.status,
        allowed: nextReferralStatuses(referral.status),
      });
    }
    const updated = await setReferralStatus(ctx.db, referral.id, to, ctx.now, ctx.user.id);
    await ctx.audit.record('referral_status_changed', {
      caseId: incident.caseId,
      details: { incidentId: incident.id, referralId: referral.id, from: referral.status, to },
    });
    return projectReferral(updated);
  },
};

export const referralRoutes: PluginRoute<GbvSettings>[] = [makeReferral, updateReferral];
