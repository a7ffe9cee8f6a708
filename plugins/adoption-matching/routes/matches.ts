/**
 * Matching a child with a family: ranked proposals, a proposal by the case worker, the panel's
 * decision (never on its own proposal), one approved match per child.
 */
import { PluginError, type PluginRoute } from '@app/plugin-sdk';
import { FAMILY_FORM } from '../child';
import { familySide, iso, type FamilyRow } from '../family';
import {
  approvedFamilies,
  caseMatches,
  decideMatch,
  familiesByIds,
  familiesMatchedElsewhere,
  findFamily,
  findMatch,
  insertMatch,
  lockCaseMatches,
  type MatchRow,
  withdrawMatches,
} from '../repository';
import { rankFamilies, scoreFamily } from '../scoring';
import type { AdoptionMatchingSettings } from '../settings';
import { childFields, type Ctx, decisionBody, decisionOf, isUuid, loadChild, notAtAdoptionStep, paging, presentCriteria, UUID_PATTERN } from './common';

type Route = PluginRoute<AdoptionMatchingSettings>;

export const MATCH_PROPOSED_TEMPLATE = 'adoption_matching_match_proposed';

/** Family names are registry data: shown in matching only to users who may read the registry. */
function familyNames(ctx: Ctx): boolean {
  return ctx.can('read', 'adoption_family');
}

const nameOf = (row: FamilyRow | undefined, show: boolean): string | null =>
  show && typeof row?.answers.family_name === 'string' ? row.answers.family_name : null;

function matchView(ctx: Ctx, m: MatchRow, family: FamilyRow | undefined, showNames: boolean) {
  return {
    id: m.id,
    caseId: m.case_id,
    familyId: m.family_id,
    family: family
      ? {
          name: nameOf(family, showNames),
          status: family.status,
          locationCode: family.location_code,
          locationLabel: ctx.locations.label(family.location_code, ctx.user.locale),
        }
      : null,
    status: m.status,
    note: m.note,
    score: Number(m.score),
    meetsAll: m.meets_all,
    criteria: presentCriteria(ctx, m.criteria),
    proposedBy: m.proposed_by,
    proposedAt: iso(m.proposed_at),
    ownProposal: m.proposed_by === ctx.user.id,
    decidedBy: m.decided_by,
    decidedAt: iso(m.decided_at),
    decisionReason: m.decision_reason,
    withdrawnAt: iso(m.withdrawn_at),
    withdrawnReason: m.withdrawn_reason,
  };
}

export const proposals: Route = {
  id: 'list_proposals',
  method: 'GET',
  path: '/cases/:caseId/proposals',
  summary: 'Approved families ranked for the child, each score explained criterion by criterion; `?limit=` (≤ 100, default 20).',
  permission: { subject: 'adoption_match', action: 'read' },
  async handler(ctx, req) {
    const caseId = req.params.caseId;
    const { limit } = paging(req.query, 20, 100);
    const { kase, child } = await loadChild(ctx, caseId);
    const families = await approvedFamilies(ctx.db);
    const path = (c: string) => ctx.locations.path(c);
    const label = (c: string) => ctx.locations.label(c, ctx.user.locale);
    // Stored English wording uses English place names; the reader's language is written at presentation.
    const { ranked, excluded } = rankFamilies(
      child,
      families.map((f) => familySide(f, path)),
      ctx.settings.criteria,
      (c) => ctx.locations.label(c, 'en'),
    );
    const shown = ranked.slice(0, limit);
    const byId = new Map(families.map((f) => [f.id, f]));
    const matches = await caseMatches(ctx.db, caseId);
    const open = new Map(matches.filter((m) => m.status === 'proposed').map((m) => [m.family_id, m.id]));
    const elsewhere = await familiesMatchedElsewhere(
      ctx.db,
      shown.map((s) => s.familyId),
      caseId,
    );
    const showNames = familyNames(ctx);
    await ctx.audit.record('proposals_listed', {
      caseId,
      fields: [...childFields(ctx), ...(showNames && shown.length ? [`${FAMILY_FORM}.family_name`] : [])],
      details: { considered: families.length, ranked: ranked.length, shown: shown.length },
    });
    const locationCode = child.locationPath?.at(-1) ?? kase.locationCode;
    return {
      caseId,
      caseNumber: kase.caseNumber,
      child: {
        ageYears: child.ageYears,
        siblingGroupSize: child.siblingGroupSize,
        specialNeeds: child.specialNeeds,
        languages: child.languages,
        locationCode,
        locationLabel: label(locationCode),
      },
      criteria: ctx.settings.criteria,
      approvedMatchId: matches.find((m) => m.status === 'approved')?.id ?? null,
      considered: families.length,
      excluded,
      total: ranked.length,
      proposals: shown.map((s, i) => {
        const f = byId.get(s.familyId)!;
        return {
          rank: i + 1,
          ...s,
          criteria: presentCriteria(ctx, s.criteria),
          familyName: nameOf(f, showNames),
          locationCode: f.location_code,
          locationLabel: label(f.location_code),
          openMatchId: open.get(s.familyId) ?? null,
          matchedElsewhere: elsewhere.has(s.familyId),
        };
      }),
    };
  },
};

export const propose: Route = {
  id: 'propose_match',
  method: 'POST',
  path: '/cases/:caseId/matches',
  summary: 'Propose an approved family for the child; the panel is notified. The score is kept as computed now.',
  permission: { subject: 'adoption_match', action: 'propose' },
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['familyId'],
    properties: { familyId: { type: 'string', pattern: UUID_PATTERN }, note: { type: 'string', maxLength: 2000 } },
  },
  async handler(ctx, req) {
    const caseId = req.params.caseId;
    const familyId = req.body.familyId as string;
    const { kase, child } = await loadChild(ctx, caseId);
    const family = await findFamily(ctx.db, familyId);
    if (!family) throw new PluginError('adoption_family_not_found', 404, 'There is no such family in the registry.');
    if (family.status !== 'approved') {
      throw new PluginError('adoption_family_not_approved', 409, `Only approved families can be proposed; this one is ${family.status}.`, {
        status: family.status,
      });
    }
    const existing = await lockCaseMatches(ctx.db, caseId);
    const approved = existing.find((m) => m.status === 'approved');
    if (approved) throw new PluginError('adoption_match_conflict', 409, 'The child already has an approved match.', { approvedMatchId: approved.id });
    const duplicate = existing.find((m) => m.status === 'proposed' && m.family_id === familyId);
    if (duplicate) throw new PluginError('adoption_match_duplicate', 409, 'This family is already proposed for the child.', { matchId: duplicate.id });
    const label = (c: string) => ctx.locations.label(c, 'en');
    const score = scoreFamily(
      child,
      familySide(family, (c) => ctx.locations.path(c)),
      ctx.settings.criteria,
      label,
    );
    const note = (req.body.note as string | undefined)?.trim() || null;
    const match = await insertMatch(ctx.db, {
      caseId,
      familyId,
      note,
      score: score.score,
      meetsAll: score.meetsAll,
      criteria: score.criteria,
      userId: ctx.user.id,
      at: ctx.now,
    }).catch((e) => {
      // A concurrent first proposal of the same family (no row to lock yet): the unique index decides.
      if (e?.code === '23505') throw new PluginError('adoption_match_duplicate', 409, 'This family is already proposed for the child.');
      throw e;
    });
    await ctx.cases.recordEvent(caseId, 'match_proposed', { matchId: match.id });
    await ctx.audit.record('match_proposed', {
      caseId,
      fields: childFields(ctx),
      details: { matchId: match.id, familyId, score: score.score, meetsAll: score.meetsAll },
    });
    // No names, no answers: the message only says there is something to review on this case. The
    // template reads `case.number` (the variables of a custom template); the data provides it.
    const notified = await ctx.notify.roles(ctx.settings.panelRoles, MATCH_PROPOSED_TEMPLATE, { caseId, data: { case: { number: kase.caseNumber } } });
    return { ...matchView(ctx, match, family, familyNames(ctx)), notified };
  },
};

export const listMatches: Route = {
  id: 'list_matches',
  method: 'GET',
  path: '/cases/:caseId/matches',
  summary: 'The matches proposed for the child, newest first, with their status and decision, and whether the case is at the adoption step.',
  permission: { subject: 'adoption_match', action: 'read' },
  async handler(ctx, req) {
    const caseId = req.params.caseId;
    // Whether proposals can be made now: the case page offers the ranked families only then.
    const atAdoptionStep = (await ctx.cases.get(caseId)).step === ctx.settings.adoptionStep;
    const matches = await caseMatches(ctx.db, caseId);
    const families = await familiesByIds(ctx.db, [...new Set(matches.map((m) => m.family_id))]);
    const showNames = familyNames(ctx);
    await ctx.audit.record('matches_listed', {
      caseId,
      fields: showNames && matches.length ? [`${FAMILY_FORM}.family_name`] : [],
      details: { count: matches.length },
    });
    return {
      caseId,
      atAdoptionStep,
      approvedMatchId: matches.find((m) => m.status === 'approved')?.id ?? null,
      matches: matches.map((m) => matchView(ctx, m, families.get(m.family_id), showNames)),
    };
  },
};

export const decide: Route = {
  id: 'decide_match',
  method: 'POST',
  path: '/matches/:matchId/decision',
  summary: "The panel approves or rejects a proposed match (a reason is required to reject); approving withdraws the child's other proposals.",
  permission: { subject: 'adoption_match', action: 'decide' },
  body: decisionBody,
  async handler(ctx, req) {
    const matchId = req.params.matchId;
    const { approve, reason } = decisionOf(req.body);
    const notFound = () => new PluginError('adoption_match_not_found', 404, 'There is no such match, or you may not see it.');
    const found = isUuid(matchId) ? await findMatch(ctx.db, matchId) : null;
    if (!found) throw notFound();
    const caseId = found.case_id;
    if (!(await ctx.cases.can(caseId, 'decide', 'adoption_match'))) {
      // Do not reveal a match of a case the user cannot even read.
      if (!(await ctx.cases.readable([caseId])).has(caseId)) throw notFound();
      throw new PluginError('plugin_permission_denied', 403, 'You may not decide on matches of this case.');
    }
    // Lock the child's matches before reading the match again: two panel members approving two
    // proposals of one child at once must not both succeed.
    const locked = await lockCaseMatches(ctx.db, caseId);
    const match = locked.find((m) => m.id === matchId)!;
    if (match.status !== 'proposed') {
      throw new PluginError('adoption_match_not_open', 409, `The match is no longer open: it was ${match.status}.`, { status: match.status });
    }
    if (match.proposed_by === ctx.user.id) {
      throw new PluginError('adoption_own_proposal', 403, 'A match is decided by someone other than the user who proposed it.');
    }
    let withdrawn: string[] = [];
    if (approve) {
      const kase = await ctx.cases.get(caseId);
      if (kase.step !== ctx.settings.adoptionStep) throw notAtAdoptionStep(ctx, kase);
      const approved = locked.find((m) => m.status === 'approved');
      if (approved) throw new PluginError('adoption_match_conflict', 409, 'The child already has an approved match.', { approvedMatchId: approved.id });
      const family = await findFamily(ctx.db, match.family_id);
      if (family?.status !== 'approved') {
        throw new PluginError('adoption_family_not_approved', 409, 'The family is no longer approved in the registry.', { status: family?.status ?? null });
      }
    }
    const decided = await decideMatch(ctx.db, matchId, { status: approve ? 'approved' : 'rejected', userId: ctx.user.id, at: ctx.now, reason });
    if (approve) {
      withdrawn = await withdrawMatches(ctx.db, caseId, { statuses: ['proposed'], reason: 'another_match_approved', at: ctx.now, exceptId: matchId });
      await ctx.cases.recordEvent(caseId, 'match_approved', { matchId });
    } else {
      await ctx.cases.recordEvent(caseId, 'match_rejected', { matchId });
    }
    await ctx.audit.record('match_decided', { caseId, details: { matchId, decision: decided.status, withReason: reason !== null, withdrawn } });
    const families = await familiesByIds(ctx.db, [decided.family_id]);
    return { ...matchView(ctx, decided, families.get(decided.family_id), familyNames(ctx)), withdrawnMatchIds: withdrawn };
  },
};

export const matchRoutes: Route[] = [proposals, propose, listMatches, decide];
