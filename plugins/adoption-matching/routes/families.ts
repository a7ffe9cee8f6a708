/**
 * The registry of prospective adoptive families: registered by one user, approved or rejected by
 * another (four eyes). Its routes need a right on `adoption_family`; families are nobody's case, so
 * the rights carry no case conditions.
 */
import { type JsonSchema, PluginError, type PluginRoute } from '@app/plugin-sdk';
import { FAMILY_FORM } from '../child';
import { auditedFields, FAMILY_STATUSES, familyProblems, familyView, type FamilyStatus } from '../family';
import { decideFamily, findFamily, insertFamily, listFamilies, updateFamily } from '../repository';
import type { AdoptionMatchingSettings } from '../settings';
import { type Ctx, decisionBody, decisionOf, isUuid, paging, validationFailed } from './common';

type Route = PluginRoute<AdoptionMatchingSettings>;

function familyNotFound(): PluginError {
  return new PluginError('adoption_family_not_found', 404, 'There is no such family in the registry.');
}

const label = (ctx: Ctx) => (code: string) => ctx.locations.label(code, ctx.user.locale);

const answersBody: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['answers'],
  properties: { answers: { type: 'object', description: `Answers of the form ${FAMILY_FORM}.` } },
};

/** The answers checked against the family form, then what the schema cannot say. */
function checkedAnswers(ctx: Ctx, answers: Record<string, unknown>): Record<string, unknown> {
  const problems = ctx.forms.check(FAMILY_FORM, answers);
  if (problems.length) throw validationFailed(problems);
  const more = familyProblems(answers, (code) => ctx.locations.path(code) !== null);
  if (more.length) throw validationFailed(more);
  return answers;
}

export const registerFamily: Route = {
  id: 'register_family',
  method: 'POST',
  path: '/families',
  summary: 'Register a prospective adoptive family (pending until another user approves it).',
  permission: { subject: 'adoption_family', action: 'register' },
  body: answersBody,
  async handler(ctx, req) {
    const answers = checkedAnswers(ctx, req.body.answers);
    const row = await insertFamily(ctx.db, { answers, locationCode: answers.location_code as string, userId: ctx.user.id, at: ctx.now });
    await ctx.audit.record('family_registered', { fields: auditedFields(answers), details: { familyId: row.id } });
    return familyView(row, label(ctx));
  },
};

export const listFamiliesRoute: Route = {
  id: 'list_families',
  method: 'GET',
  path: '/families',
  summary: 'The registry, oldest first; `?status=pending|approved|rejected`, `?limit=` (≤ 200), `?offset=`.',
  permission: { subject: 'adoption_family', action: 'read' },
  async handler(ctx, req) {
    const status = req.query.status ?? null;
    if (status !== null && !FAMILY_STATUSES.includes(status as FamilyStatus)) {
      throw validationFailed([{ path: '/status', message: `must be one of ${FAMILY_STATUSES.join(', ')}` }]);
    }
    const page = paging(req.query, 50, 200);
    const { rows, total } = await listFamilies(ctx.db, { status: status as FamilyStatus | null, ...page });
    const items = rows.map((r) => familyView(r, label(ctx)));
    const shown = [...new Set(rows.flatMap((r) => auditedFields(r.answers)))].sort();
    await ctx.audit.record('families_listed', { fields: shown, details: { status, count: items.length } });
    return { items, total, ...page };
  },
};

export const getFamily: Route = {
  id: 'get_family',
  method: 'GET',
  path: '/families/:familyId',
  summary: 'One family of the registry, with the fields the user may read.',
  permission: { subject: 'adoption_family', action: 'read' },
  async handler(ctx, req) {
    const id = req.params.familyId;
    const row = isUuid(id) ? await findFamily(ctx.db, id) : null;
    if (!row) throw familyNotFound();
    await ctx.audit.record('family_read', { fields: auditedFields(row.answers), details: { familyId: row.id } });
    return familyView(row, label(ctx));
  },
};

export const updateFamilyRoute: Route = {
  id: 'update_family',
  method: 'PUT',
  path: '/families/:familyId',
  summary: "Replace a family's answers (circumstances changed, or resubmission after a rejection); the family is pending again until another user decides.",
  permission: { subject: 'adoption_family', action: 'register' },
  body: answersBody,
  async handler(ctx, req) {
    const id = req.params.familyId;
    const answers = checkedAnswers(ctx, req.body.answers);
    const before = isUuid(id) ? await findFamily(ctx.db, id, true) : null;
    if (!before) throw familyNotFound();
    const row = await updateFamily(ctx.db, id, { answers, locationCode: answers.location_code as string, userId: ctx.user.id, at: ctx.now });
    // Changed fields only, by name: which answers changed is useful, their values are not for the log.
    const changed = [...new Set([...Object.keys(before.answers), ...Object.keys(answers)])]
      .filter((k) => JSON.stringify(before.answers[k]) !== JSON.stringify(answers[k]))
      .sort();
    await ctx.audit.record('family_updated', { fields: changed.map((k) => `${FAMILY_FORM}.${k}`), details: { familyId: id, previousStatus: before.status } });
    return familyView(row, label(ctx));
  },
};

export const decideFamilyRoute: Route = {
  id: 'decide_family',
  method: 'POST',
  path: '/families/:familyId/decision',
  summary: 'Approve or reject a pending family (a reason is required to reject); not by the user who registered it.',
  permission: { subject: 'adoption_family', action: 'approve' },
  body: decisionBody,
  async handler(ctx, req) {
    const id = req.params.familyId;
    const { approve, reason } = decisionOf(req.body);
    const row = isUuid(id) ? await findFamily(ctx.db, id, true) : null;
    if (!row) throw familyNotFound();
    if (row.status !== 'pending') {
      throw new PluginError('adoption_family_already_decided', 409, `The family was already ${row.status}.`, { status: row.status });
    }
    if (row.registered_by === ctx.user.id || row.updated_by === ctx.user.id) {
      throw new PluginError('adoption_own_registration', 403, 'A family is approved or rejected by someone other than the users who registered or changed it.');
    }
    const decided = await decideFamily(ctx.db, id, { status: approve ? 'approved' : 'rejected', userId: ctx.user.id, at: ctx.now, reason });
    // The reason may describe the family: it stays in the registry, not in the audit details.
    await ctx.audit.record('family_decided', { details: { familyId: id, decision: decided.status, withReason: reason !== null } });
    return familyView(decided, label(ctx));
  },
};

export const familyRoutes: Route[] = [registerFamily, listFamiliesRoute, getFamily, updateFamilyRoute, decideFamilyRoute];
