import { DomainError, FieldError } from '@app/core';
import type { CaseFacts, Permissions } from '@app/permissions';
import type { CaseTypeDef } from '@app/pack-types';
import type { CompiledSop } from '@app/sop-registry';
import { topLevelFields } from './case-access';
import { CaseErrorCode } from './cases.errors';

/**
 * Checks answers a user submits for a form and returns what will be stored:
 * 1. the body must be an object; 2. every field sent must be one the user may fill (field-level
 * CASL rules), else `field_not_permitted`; 3. fields the user may not see keep their stored value,
 * unless these answers no longer ask them (docs/adr/0011-conditional-questions.md);
 * 4. the merged answers must satisfy the form version's JSON Schema (`draft` skips `required`).
 */
export function checkAnswers(
  sop: CompiledSop,
  access: { perms: Permissions; facts: CaseFacts },
  formId: string,
  answers: unknown,
  previous: Record<string, unknown>,
  mode: 'draft' | 'complete',
): Record<string, unknown> {
  if (!sop.forms.has(formId)) throw new DomainError(CaseErrorCode.UnknownForm, `Form "${formId}" is not part of this SOP version.`);
  if (answers === null || typeof answers !== 'object' || Array.isArray(answers)) {
    throw new DomainError(CaseErrorCode.AnswersInvalid, 'answers must be an object of field values.', {
      errors: [{ path: '/answers', message: 'must be an object' }],
    });
  }
  const all = topLevelFields(sop, formId);
  const fillable = new Set(access.perms.formFields('fill', formId, access.facts));
  if (fillable.size === 0) throw new DomainError(CaseErrorCode.FormNotPermitted, `Your role may not fill the form "${formId}".`);
  const given = answers as Record<string, unknown>;
  const refused: FieldError[] = Object.keys(given)
    .filter((f) => all.includes(f) && !fillable.has(f))
    .map((f) => ({
      path: `/${f}`,
      message: 'your role may not see or change this field',
      keyword: 'permission',
      ...fieldContext(sop, formId, `/${f}`, 'permission'),
    }));
  if (refused.length > 0) {
    throw new DomainError(
      CaseErrorCode.FieldNotPermitted,
      `Your role may not change ${refused.map((r) => `${formId}.${r.path.slice(1)}`).join(', ')}; nothing was saved.`,
      { errors: refused, fields: refused.map((r) => `${formId}.${r.path.slice(1)}`) },
    );
  }
  const merged: Record<string, unknown> = { ...given };
  for (const f of all) if (!fillable.has(f) && f in previous) merged[f] = previous[f];
  // A kept answer the user may not change whose question these answers no longer ask goes (it no
  // longer applies); an answer the user sends to a question not asked is refused below.
  for (const f of sop.forms.questionsNotAsked(formId, merged)) if (!(f in given)) delete merged[f];
  const errors = sop.forms.validate(formId, merged, mode);
  if (errors.length > 0) {
    const described = errors.map((e) => ({ ...e, ...fieldContext(sop, formId, e.path, e.keyword) }));
    throw new DomainError(CaseErrorCode.AnswersInvalid, `The answers to "${formId}" are not valid; nothing was saved.`, { errors: described });
  }
  return merged;
}

const LIMIT_KEYWORDS = new Set(['minLength', 'maxLength', 'minItems', 'maxItems', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']);

/**
 * What the API needs to say a field's error in the user's language (never sent as such): the
 * field's label by locale (its `x-label`) and the limit it failed.
 */
function fieldContext(sop: CompiledSop, formId: string, path: string, keyword: string | undefined): Pick<FieldError, 'labels' | 'params'> {
  const field = path
    .split('/')
    .filter(Boolean)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
  const schema = field ? sop.forms.fieldSchema(formId, field) : undefined;
  const label: unknown = schema?.['x-label'];
  const labels = typeof label === 'string' ? { en: label } : label && typeof label === 'object' ? (label as Record<string, string>) : undefined;
  const limit: unknown = keyword && LIMIT_KEYWORDS.has(keyword) ? schema?.[keyword] : undefined;
  return { ...(labels ? { labels } : {}), ...(typeof limit === 'number' ? { params: { limit } } : {}) };
}

function answerAt(path: string | undefined, formId: string, answers: Record<string, unknown>): unknown {
  if (!path) return undefined;
  const dot = path.indexOf('.');
  if (path.slice(0, dot) !== formId) return undefined;
  return answers[path.slice(dot + 1)];
}

/** The child's identity columns (display name, date of birth, sex) when `formId` is the identity form. */
export function identityFrom(
  caseType: CaseTypeDef,
  formId: string,
  answers: Record<string, unknown>,
): {
  displayName: string | null;
  dateOfBirth: string | null;
  sex: string | null;
  touched: boolean;
} {
  const names = (caseType.identity?.name ?? []).map((p) => answerAt(p, formId, answers));
  const touched =
    (caseType.identity?.name ?? []).some((p) => p.startsWith(`${formId}.`)) ||
    [caseType.identity?.dateOfBirth, caseType.identity?.sex].some((p) => p?.startsWith(`${formId}.`));
  const displayName = names.filter((n) => typeof n === 'string' && n.trim() !== '').join(' ') || null;
  const dob = answerAt(caseType.identity?.dateOfBirth, formId, answers);
  const sex = answerAt(caseType.identity?.sex, formId, answers);
  return {
    displayName,
    touched,
    dateOfBirth: typeof dob === 'string' ? dob : null,
    sex: typeof sex === 'string' ? sex : null,
  };
}

/** The case's risk level when `formId` is the form holding the case type's `riskField`. */
export function riskFrom(caseType: CaseTypeDef, formId: string, answers: Record<string, unknown>): string | null {
  if (!caseType.riskField) return null;
  const [form, field] = caseType.riskField.split('.');
  if (form !== formId) return null;
  const v = answers[field];
  return typeof v === 'string' ? v : null;
}
