import type { SopPack } from '@app/sop';
import type { AccessDecision, Actor, CaseSnapshot, Reason } from './engine.types';
import { reason } from './messages';
import { actorRoles, findStep, packFormIds, transitionsFrom } from './pack-queries';

interface LocaleOption {
  locale?: string;
}

const decision = (reasons: Reason[]): AccessDecision => ({ allowed: reasons.length === 0, reasons });

/**
 * Forms fillable at a step: the step's own forms, plus forms required by a transition leaving it
 * (so a closure form is fillable wherever closure is possible).
 */
export function fillableForms(pack: SopPack, stepId: string): string[] {
  const own = (findStep(pack, stepId)?.forms ?? []).map((f) => f.form);
  const required = transitionsFrom(pack, stepId).flatMap((t) => t.requiresForms ?? []);
  return [...new Set([...own, ...required])];
}

/** May the actor fill (create or edit) this form on this case now? */
export function canFillForm(pack: SopPack, snapshot: CaseSnapshot, actor: Actor, formId: string, opts: LocaleOption = {}): AccessDecision {
  const locale = opts.locale;
  if (!packFormIds(pack).includes(formId)) return decision([reason('unknown_form', locale, { form: formId })]);
  const reasons: Reason[] = [];
  if (snapshot.status === 'closed') reasons.push(reason('case_closed', locale));
  else if (!fillableForms(pack, snapshot.step).includes(formId)) {
    reasons.push(reason('form_not_available', locale, { form: formId, step: snapshot.step }));
  }
  if (!actorRoles(pack, actor).some((r) => r.forms?.fill?.includes(formId))) {
    reasons.push(reason('form_not_allowed', locale, { form: formId }));
  }
  return decision(reasons);
}

/**
 * May the actor read this form's answers? A role that may fill a form may also read it. Which
 * cases the actor reaches (scope) and hidden fields are the permissions library's job.
 */
export function canReadForm(pack: SopPack, actor: Actor, formId: string, opts: LocaleOption = {}): AccessDecision {
  const locale = opts.locale;
  if (!packFormIds(pack).includes(formId)) return decision([reason('unknown_form', locale, { form: formId })]);
  const ok = actorRoles(pack, actor).some((r) => r.forms?.fill?.includes(formId) || r.forms?.read?.includes(formId));
  return decision(ok ? [] : [reason('form_read_not_allowed', locale, { form: formId })]);
}

/** May the actor open a new case of this type (role's createCaseTypes)? */
export function canCreateCase(pack: SopPack, actor: Actor, caseType: string, opts: LocaleOption = {}): AccessDecision {
  const locale = opts.locale;
  if (!pack.manifest.caseTypes.some((c) => c.id === caseType)) {
    return decision([reason('unknown_case_type', locale, { caseType })]);
  }
  const ok = actorRoles(pack, actor).some((r) => r.createCaseTypes?.includes(caseType));
  return decision(ok ? [] : [reason('create_not_allowed', locale, { caseType })]);
}
