import type { PluginRoute } from '@app/plugin-sdk';
import { incidentFor, requireTrained, SUBJECT, trained, validationFailed, type Ctx } from '../access';
import { consentStates } from '../consent';
import { incidentProblems } from '../incident-checks';
import { INCIDENT_FORM, INCIDENT_FORM_VERSION, INCIDENT_STATUSES, type IncidentRow, type IncidentStatus } from '../model';
import { collectVisible, decodeCursor, encodeCursor, parseLimit, type Page } from '../paging';
import { projectIncident, projectSummary, shownFields, type IncidentView } from '../projection';
import { insertIncident, listConsents, listIncidents, listReferrals, setIncidentStatus } from '../repository';
import type { GbvSettings } from '../settings';

function statusFilter(raw: string | undefined): IncidentStatus | undefined {
  if (raw === undefined || raw === '') return undefined;
  if ((INCIDENT_STATUSES as readonly string[]).includes(raw)) return raw as IncidentStatus;
  throw validationFailed('Unknown status.', [{ path: '/status', message: `must be one of ${INCIDENT_STATUSES.join(', ')}` }]);
}

/** Trained readers of details are audited per case (which incidents, which fields: names only). */
async function auditShown(ctx: Ctx, views: IncidentView[]): Promise<void> {
  const byCase = new Map<string, IncidentView[]>();
  for (const v of views) if (v.details) byCase.set(v.caseId, [...(byCase.get(v.caseId) ?? []), v]);
  for (const [caseId, list] of byCase) {
    const fields = [...new Set(list.flatMap((v) => shownFields(v, INCIDENT_FORM)))].sort();
    await ctx.audit.record('incident_viewed', { caseId, fields, details: { incidentIds: list.map((v) => v.id) } });
  }
}

async function page(ctx: Ctx, rows: IncidentRow[], next: string | null): Promise<Page<IncidentView>> {
  const opts = { trained: trained(ctx), locale: ctx.user.locale };
  const items = rows.map((r) => projectSummary(r, opts));
  await auditShown(ctx, items);
  return { items, nextCursor: next };
}

const recordIncident: PluginRoute<GbvSettings> = {
  id: 'record_incident',
  method: 'POST',
  path: '/cases/:caseId/incidents',
  summary: 'Records a GBV incident of the survivor whose case this is (form gbv_incident).',
  permission: { subject: SUBJECT, action: 'record' },
  body: {
    type: 'object',
    required: ['answers'],
    properties: { answers: { type: 'object' } },
    additionalProperties: false,
  },
  async handler(ctx, req) {
    requireTrained(ctx);
    const caseId = req.params.caseId;
    const answers = req.body.answers as Record<string, unknown>;
    const problems = [...ctx.forms.check(INCIDENT_FORM, answers)];
    if (problems.length === 0) problems.push(...incidentProblems(answers, ctx.now, (code) => ctx.locations.path(code) !== null));
    if (problems.length) throw validationFailed('The incident answers are not valid.', problems);
    // Only the case number is kept from the case: lists show it, never the survivor's name.
    const theCase = await ctx.cases.get(caseId);
    const row = await insertIncident(ctx.db, {
      caseId,
      caseNumber: theCase.caseNumber,
      formVersion: INCIDENT_FORM_VERSION,
      answers,
      at: ctx.now,
      by: ctx.user.id,
    });
    // Timeline and audit say that an incident was recorded, never what happened.
    // Only those who may know an incident exists see the event on the timeline.
    await ctx.cases.recordEvent(caseId, 'incident_recorded', { incidentId: row.id }, { visibleTo: { subject: 'gbv_incident', action: 'read' } });
    await ctx.audit.record('incident_recorded', {
      caseId,
      fields: Object.keys(answers)
        .map((f) => `${INCIDENT_FORM}.${f}`)
        .sort(),
      details: { incidentId: row.id },
    });
    return projectIncident(row, {
      trained: true,
      locale: ctx.user.locale,
      formId: INCIDENT_FORM,
      consents: consentStates([], ctx.settings.consentPurposes),
      referrals: [],
    });
  },
};

const listCaseIncidents: PluginRoute<GbvSettings> = {
  id: 'list_case_incidents',
  method: 'GET',
  path: '/cases/:caseId/incidents',
  summary: "The case's incidents, newest first (details only for GBV-trained staff). Query: status, limit (≤ 100), cursor.",
  permission: { subject: SUBJECT, action: 'read' },
  async handler(ctx, req) {
    const limit = parseLimit(req.query.limit, 50, 100);
    const rows = await listIncidents(ctx.db, {
      caseId: req.params.caseId,
      status: statusFilter(req.query.status),
      after: decodeCursor(req.query.cursor),
      limit: limit + 1,
    });
    const more = rows.length > limit;
    const shown = rows.slice(0, limit);
    const last = shown[shown.length - 1];
    return page(ctx, shown, more && last ? encodeCursor({ at: last.recordedAt.toISOString(), id: last.id }) : null);
  },
};

const listAllIncidents: PluginRoute<GbvSettings> = {
  id: 'list_incidents',
  method: 'GET',
  path: '/incidents',
  summary: 'Incidents of every case the user may read them on, newest first. Query: status, limit (≤ 100), cursor. A short page with a nextCursor: keep going.',
  permission: { subject: SUBJECT, action: 'read' },
  async handler(ctx, req) {
    const limit = parseLimit(req.query.limit, 50, 100);
    const status = statusFilter(req.query.status);
    const allowed = new Map<string, boolean>();
    const { items, next } = await collectVisible<IncidentRow>({
      limit,
      batchSize: 200,
      maxBatches: 5,
      after: decodeCursor(req.query.cursor),
      fetch: (after, size) => listIncidents(ctx.db, { status, after, limit: size }),
      visible: async (rows) => {
        const unknown = [...new Set(rows.map((r) => r.caseId))].filter((id) => !allowed.has(id));
        const readable = unknown.length ? await ctx.cases.readable(unknown) : new Set<string>();
        for (const id of unknown) allowed.set(id, readable.has(id) && (await ctx.cases.can(id, 'read', SUBJECT)));
        return (row) => allowed.get(row.caseId) === true;
      },
    });
    return page(ctx, items, next ? encodeCursor(next) : null);
  },
};

const getIncident: PluginRoute<GbvSettings> = {
  id: 'get_incident',
  method: 'GET',
  path: '/incidents/:incidentId',
  summary: 'One incident: that it exists for everyone who may read it; answers, current consent per purpose and referrals for GBV-trained staff.',
  permission: { subject: SUBJECT, action: 'read' },
  async handler(ctx, req) {
    const row = await incidentFor(ctx, req.params.incidentId, 'read');
    const opts = { trained: trained(ctx), locale: ctx.user.locale, formId: INCIDENT_FORM };
    if (!opts.trained) return projectIncident(row, opts);
    const [consents, referrals] = [await listConsents(ctx.db, row.id), await listReferrals(ctx.db, row.id)];
    const view = projectIncident(row, { ...opts, consents: consentStates(consents, ctx.settings.consentPurposes), referrals });
    await auditShown(ctx, [view]);
    return view;
  },
};

const updateIncidentStatus: PluginRoute<GbvSettings> = {
  id: 'update_incident_status',
  method: 'PATCH',
  path: '/incidents/:incidentId',
  summary: 'Closes or reopens an incident (a closed incident takes no new referrals).',
  permission: { subject: SUBJECT, action: 'record' },
  body: {
    type: 'object',
    required: ['status'],
    properties: { status: { type: 'string', enum: [...INCIDENT_STATUSES] } },
    additionalProperties: false,
  },
  async handler(ctx, req) {
    const row = await incidentFor(ctx, req.params.incidentId, 'record', { lock: true });
    requireTrained(ctx);
    const status = req.body.status as IncidentStatus;
    if (row.status !== status) {
      await setIncidentStatus(ctx.db, row.id, status, ctx.now, ctx.user.id);
      await ctx.audit.record('incident_status_changed', { caseId: row.caseId, details: { incidentId: row.id, from: row.status, to: status } });
    }
    const updated = { ...row, status, updatedAt: row.status !== status ? ctx.now : row.updatedAt };
    return projectIncident(updated, { trained: true, locale: ctx.user.locale, formId: INCIDENT_FORM });
  },
};

export const incidentRoutes: PluginRoute<GbvSettings>[] = [recordIncident, listCaseIncidents, listAllIncidents, getIncident, updateIncidentStatus];
