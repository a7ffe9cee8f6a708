import { pickLabel } from '@app/core';
import type { Reason } from './engine.types';

/** Built-in reason texts (en, fr). `{name}` placeholders are filled from the reason's detail. */
const MESSAGES: Record<string, Record<string, string>> = {
  unknown_transition: { en: 'This action does not exist in the procedure.', fr: "Cette action n'existe pas dans la procédure." },
  wrong_step: { en: 'This action is not possible at the current step.', fr: "Cette action n'est pas possible à l'étape actuelle." },
  case_closed: { en: 'The case is closed.', fr: 'Le dossier est clôturé.' },
  role_not_allowed: { en: 'Your role may not do this.', fr: 'Votre rôle ne permet pas de faire ceci.' },
  form_incomplete: {
    en: 'Form "{form}" needs {required} complete entries ({entries} so far).',
    fr: 'Le formulaire « {form} » doit avoir {required} saisies complètes ({entries} pour l’instant).',
  },
  guard_error: { en: 'A condition of this action could not be evaluated.', fr: "Une condition de cette action n'a pas pu être évaluée." },
  approval_pending: { en: 'Another action is waiting for approval.', fr: 'Une autre action attend une approbation.' },
  approval_not_allowed: { en: 'Your role may not approve this action.', fr: "Votre rôle ne permet pas d'approuver cette action." },
  self_approval: { en: 'You cannot approve your own request.', fr: 'Vous ne pouvez pas approuver votre propre demande.' },
  no_pending_approval: { en: 'Nothing is waiting for approval.', fr: "Rien n'attend d'approbation." },
  no_previous_step: { en: 'There is no previous step to return to.', fr: "Il n'y a pas d'étape précédente où revenir." },
  unknown_step: { en: 'The target step does not exist in the procedure.', fr: "L'étape visée n'existe pas dans la procédure." },
  unknown_form: { en: 'This form is not part of the procedure.', fr: 'Ce formulaire ne fait pas partie de la procédure.' },
  form_not_available: { en: 'This form cannot be filled at the current step.', fr: "Ce formulaire ne peut pas être rempli à l'étape actuelle." },
  unknown_case_type: { en: 'This case type does not exist.', fr: "Ce type de dossier n'existe pas." },
};

export function reason(code: string, locale = 'en', detail?: Record<string, unknown>, message?: string): Reason {
  const template = message ?? pickLabel(MESSAGES[code], locale);
  const text = (template || code).replace(/\{(\w+)\}/g, (m, key: string) => (detail && key in detail ? String(detail[key]) : m));
  return detail ? { code, message: text, detail } : { code, message: text };
}
