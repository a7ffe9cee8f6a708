import { PluginError, type JsonSchema, type PluginCaseView, type PluginFormProblem, type PluginRouteContext } from '@app/plugin-sdk';
import { CHILD_PROFILE_FORM, childSide, readChildProfile } from '../child';
import { explanationText, textLocale } from '../explanations';
import type { ChildSide, CriterionScore } from '../scoring';
import type { AdoptionMatchingSettings } from '../settings';

export type Ctx = PluginRouteContext<AdoptionMatchingSettings>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const UUID_PATTERN = UUID.source;
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);

export function validationFailed(errors: PluginFormProblem[]): PluginError {
  return new PluginError('validation_failed', 400, 'The request does not fit: see errors.', { errors });
}

/** Approve or reject, with a reason (required to reject: the other side is owed an explanation). */
export const decisionBody: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['decision'],
  properties: {
    decision: { type: 'string', enum: ['approve', 'reject'] },
    reason: { type: 'string', maxLength: 2000 },
  },
};

export function decisionOf(body: { decision: 'approve' | 'reject'; reason?: string }): { approve: boolean; reason: string | null } {
  const reason = body.reason?.trim() || null;
  if (body.decision === 'reject' && !reason) throw validationFailed([{ path: '/reason', message: 'a reason is required to reject' }]);
  return { approve: body.decision === 'approve', reason };
}

/** `?limit=&offset=`: whole numbers, limit 1..max. */
export function paging(query: Record<string, string | undefined>, defaultLimit: number, max: number): { limit: number; offset: number } {
  const read = (name: string, fallback: number, lo: number, hi: number): number => {
    const raw = query[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < lo || n > hi) throw validationFailed([{ path: `/${name}`, message: `must be a whole number from ${lo} to ${hi}` }]);
    return n;
  };
  return { limit: read('limit', defaultLimit, 1, max), offset: read('offset', 0, 0, 1_000_000) };
}

export function notAtAdoptionStep(ctx: Ctx, kase: PluginCaseView): PluginError {
  return new PluginError(
    'adoption_not_at_adoption_step',
    409,
    `The case is not in the adoption step ("${ctx.settings.adoptionStep}"); it is in "${kase.step}".`,
    { step: kase.step, adoptionStep: ctx.settings.adoptionStep },
  );
}

/**
 * The case at the adoption step and the child's side of the matching, or the 409 that says what is
 * missing. Reads only what the acting user may read: a profile or date of birth they cannot see
 * counts as missing.
 */
export async function loadChild(ctx: Ctx, caseId: string): Promise<{ kase: PluginCaseView; child: ChildSide }> {
  const kase = await ctx.cases.get(caseId);
  if (kase.step !== ctx.settings.adoptionStep) throw notAtAdoptionStep(ctx, kase);
  const read = readChildProfile(kase.answers[CHILD_PROFILE_FORM]);
  if ('missing' in read) {
    throw new PluginError(
      'adoption_child_profile_missing',
      409,
      `The child's adoption profile (${CHILD_PROFILE_FORM}) is not complete, or not readable by you.`,
      { missingFields: read.missing.map((f) => `${CHILD_PROFILE_FORM}.${f}`) },
    );
  }
  let child: ChildSide;
  try {
    child = childSide(kase, read.profile, {
      dateOfBirthPath: ctx.settings.childDateOfBirth,
      now: ctx.now,
      timeZone: ctx.settings.timeZone,
      path: (c) => ctx.locations.path(c),
    });
  } catch (e) {
    if (e instanceof RangeError)
      throw new PluginError('adoption_settings_invalid', 500, `The pack's timeZone setting "${ctx.settings.timeZone}" is not a known time zone.`);
    throw e;
  }
  if (child.ageYears === null && ctx.settings.criteria.some((c) => c.id === 'age')) {
    throw new PluginError(
      'adoption_child_age_unknown',
      409,
      "The child's date of birth is not recorded (or not readable by you), so families cannot be matched on age.",
      { field: ctx.settings.childDateOfBirth },
    );
  }
  return { kase, child };
}

/** The `form.field` paths the matching reads from the case, for audit entries. */
export function childFields(ctx: Ctx): string[] {
  return [`${CHILD_PROFILE_FORM}.sibling_group_size`, `${CHILD_PROFILE_FORM}.special_needs`, `${CHILD_PROFILE_FORM}.languages`, ctx.settings.childDateOfBirth];
}

/** Criteria with their explanations in the reader's language; a match stored before the codes keeps its English sentences. */
export function presentCriteria(ctx: Ctx, criteria: CriterionScore[]) {
  const locale = textLocale(ctx.user.locale);
  const place = (code: string) => ctx.locations.label(code, locale) ?? code;
  return criteria.map(({ params, ...c }) => ({
    ...c,
    code: c.code ?? null,
    explanation: (c.code && params && explanationText(c.code, params, { locale, place })) || c.explanation,
  }));
}
