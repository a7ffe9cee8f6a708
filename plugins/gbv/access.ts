import { PluginError, type PluginRouteContext } from '@app/plugin-sdk';
import type { IncidentRow } from './model';
import { isUuid } from './paging';
import { findIncident } from './repository';
import { isTrained, type GbvSettings } from './settings';

export type Ctx = PluginRouteContext<GbvSettings>;

export const SUBJECT = 'gbv_incident';

export function trained(ctx: Ctx): boolean {
  return isTrained(ctx.user.roles, ctx.settings);
}

/** Recording, consent and referrals take GBV training besides the subject's action. */
export function requireTrained(ctx: Ctx): void {
  if (!trained(ctx)) {
    throw new PluginError('gbv_training_required', 403, 'Only staff trained in GBV case management may do this.');
  }
}

export function incidentNotFound(id: string): PluginError {
  return new PluginError('gbv_incident_not_found', 404, `Incident ${id} does not exist or you may not see it.`);
}

/**
 * The incident if the user may `read` it on its case, and (for another action) do that too.
 * Unknown and unreadable incidents answer alike (ids cannot be probed); readable without the right: 403.
 */
export async function incidentFor(
  ctx: Ctx,
  incidentId: string,
  action: 'read' | 'record' | 'consent' | 'refer',
  opts: { lock?: boolean; notFound?: () => PluginError } = {},
): Promise<IncidentRow> {
  const notFound = opts.notFound ?? (() => incidentNotFound(incidentId));
  if (!isUuid(incidentId)) throw notFound();
  const row = await findIncident(ctx.db, incidentId, opts.lock);
  if (!row || !(await ctx.cases.can(row.caseId, 'read', SUBJECT))) throw notFound();
  if (action !== 'read' && !(await ctx.cases.can(row.caseId, action, SUBJECT))) {
    throw new PluginError('plugin_permission_denied', 403, `You may not ${action} GBV incidents of this case.`);
  }
  return row;
}

export function validationFailed(message: string, errors: Array<{ path: string; message: string }>): PluginError {
  return new PluginError('validation_failed', 400, message, { errors });
}
