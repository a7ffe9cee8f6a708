import type { SopPack } from '@app/pack-types';
import type { AccessDecision, CaseSnapshot, Reason } from './engine.types';
import { reason } from './messages';
import { findStep, packFormIds, transitionsFrom } from './pack-queries';

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

/**
 * Is this form open for filling on this case now (step and status)? Whether the actor may fill it,
 * and which fields, is the permissions library's job (rules with case conditions).
 */
export function formAvailability(pack: SopPack, snapshot: CaseSnapshot, formId: string, opts: LocaleOption = {}): AccessDecision {
  const locale = opts.locale;
  if (!packFormIds(pack).includes(formId)) return decision([reason('unknown_form', locale, { form: formId })]);
  if (snapshot.status === 'closed') return decision([reason('case_closed', locale)]);
  if (!fillableForms(pack, snapshot.step).includes(formId)) {
    return decision([reason('form_not_available', locale, { form: formId, step: snapshot.step })]);
  }
  return decision([]);
}
