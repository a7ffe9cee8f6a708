import { pickLabel } from '@app/core';
import type { Reason } from './engine.types';

/** Built-in reason texts (en, fr, ro, ar). `{name}` placeholders are filled from the reason's detail. */
const MESSAGES: Record<string, Record<string, string>> = {
  unknown_transition: {
    en: 'This action does not exist in the procedure.',
    fr: "Cette action n'existe pas dans la procédure.",
    ro: 'Această acțiune nu există în procedură.',
    ar: 'هذا الإجراء غير موجود في الإجراءات المعتمدة.',
  },
  wrong_step: {
    en: 'This action is not possible at the current step.',
    fr: "Cette action n'est pas possible à l'étape actuelle.",
    ro: 'Această acțiune nu este posibilă la etapa curentă.',
    ar: 'هذا الإجراء غير ممكن في المرحلة الحالية.',
  },
  case_closed: { en: 'The case is closed.', fr: 'Le dossier est clôturé.', ro: 'Cazul este închis.', ar: 'الحالة مغلقة.' },
  role_not_allowed: {
    en: 'Your role may not do this.',
    fr: 'Votre rôle ne permet pas de faire ceci.',
    ro: 'Rolul dumneavoastră nu permite această acțiune.',
    ar: 'لا يسمح دورك بهذا الإجراء.',
  },
  emergency_access_read_only: {
    en: 'You opened this case by emergency access: you may read it, not change it.',
    fr: "Vous avez ouvert ce dossier par accès d'urgence : vous pouvez le lire, pas le modifier.",
    ro: 'Ați deschis acest caz prin acces de urgență: îl puteți citi, nu îl puteți modifica.',
    ar: 'فتحت هذه الحالة عبر الوصول الطارئ: يمكنك قراءتها لا تغييرها.',
  },
  guard_error: {
    en: 'A condition of this action could not be evaluated.',
    fr: "Une condition de cette action n'a pas pu être évaluée.",
    ro: 'O condiție a acestei acțiuni nu a putut fi evaluată.',
    ar: 'تعذّر تقييم أحد شروط هذا الإجراء.',
  },
  approval_pending: {
    en: 'Another action is waiting for approval.',
    fr: 'Une autre action attend une approbation.',
    ro: 'O altă acțiune așteaptă aprobarea.',
    ar: 'إجراء آخر بانتظار الموافقة.',
  },
  approval_not_allowed: {
    en: 'Your role may not approve this action.',
    fr: "Votre rôle ne permet pas d'approuver cette action.",
    ro: 'Rolul dumneavoastră nu permite aprobarea acestei acțiuni.',
    ar: 'لا يسمح دورك بالموافقة على هذا الإجراء.',
  },
  self_approval: {
    en: 'You cannot approve your own request.',
    fr: 'Vous ne pouvez pas approuver votre propre demande.',
    ro: 'Nu vă puteți aproba propria cerere.',
    ar: 'لا يمكنك الموافقة على طلبك بنفسك.',
  },
  no_pending_approval: {
    en: 'Nothing is waiting for approval.',
    fr: "Rien n'attend d'approbation.",
    ro: 'Nimic nu așteaptă aprobarea.',
    ar: 'لا شيء بانتظار الموافقة.',
  },
  no_previous_step: {
    en: 'There is no previous step to return to.',
    fr: "Il n'y a pas d'étape précédente où revenir.",
    ro: 'Nu există o etapă anterioară la care să se revină.',
    ar: 'لا توجد مرحلة سابقة للعودة إليها.',
  },
  unknown_step: {
    en: 'The target step does not exist in the procedure.',
    fr: "L'étape visée n'existe pas dans la procédure.",
    ro: 'Etapa vizată nu există în procedură.',
    ar: 'المرحلة المطلوبة غير موجودة في الإجراءات المعتمدة.',
  },
  unknown_form: {
    en: 'This form is not part of the procedure.',
    fr: 'Ce formulaire ne fait pas partie de la procédure.',
    ro: 'Acest formular nu face parte din procedură.',
    ar: 'هذه الاستمارة ليست جزءًا من الإجراءات المعتمدة.',
  },
  form_not_available: {
    en: 'This form cannot be filled at the current step.',
    fr: "Ce formulaire ne peut pas être rempli à l'étape actuelle.",
    ro: 'Acest formular nu poate fi completat la etapa curentă.',
    ar: 'لا يمكن تعبئة هذه الاستمارة في المرحلة الحالية.',
  },
  unknown_case_type: {
    en: 'This case type does not exist.',
    fr: "Ce type de dossier n'existe pas.",
    ro: 'Acest tip de caz nu există.',
    ar: 'نوع الحالة هذا غير موجود.',
  },
};

/**
 * "Form X needs N complete entries" by the language's plural rule for N (Intl.PluralRules
 * category; `other` when the language has no text for it): French says "1 saisie", Romanian
 * "1 înregistrare", "2 înregistrări", "20 de înregistrări".
 */
const FORM_INCOMPLETE: Record<string, Record<string, string>> = {
  en: {
    one: 'Form "{form}" needs {required} complete entry ({entries} so far).',
    other: 'Form "{form}" needs {required} complete entries ({entries} so far).',
  },
  fr: {
    one: 'Le formulaire « {form} » doit avoir {required} saisie complète ({entries} pour l’instant).',
    other: 'Le formulaire « {form} » doit avoir {required} saisies complètes ({entries} pour l’instant).',
  },
  ar: {
    zero: 'تحتاج الاستمارة «{form}» إلى {required} إدخال مكتمل ({entries} حتى الآن).',
    one: 'تحتاج الاستمارة «{form}» إلى إدخال مكتمل واحد ({entries} حتى الآن).',
    two: 'تحتاج الاستمارة «{form}» إلى إدخالين مكتملين ({entries} حتى الآن).',
    few: 'تحتاج الاستمارة «{form}» إلى {required} إدخالات مكتملة ({entries} حتى الآن).',
    many: 'تحتاج الاستمارة «{form}» إلى {required} إدخالًا مكتملًا ({entries} حتى الآن).',
    other: 'تحتاج الاستمارة «{form}» إلى {required} إدخال مكتمل ({entries} حتى الآن).',
  },
  ro: {
    one: 'Formularul „{form}” necesită {required} înregistrare completă ({entries} până acum).',
    few: 'Formularul „{form}” necesită {required} înregistrări complete ({entries} până acum).',
    other: 'Formularul „{form}” necesită {required} de înregistrări complete ({entries} până acum).',
  },
};

/** `form_incomplete`: names the form by its title in the user's language (`title`), the detail keeps its id. */
export function formIncomplete(locale = 'en', form: string, title: string, required: number, entries: number): Reason {
  const texts = Object.prototype.hasOwnProperty.call(FORM_INCOMPLETE, locale) ? FORM_INCOMPLETE[locale] : FORM_INCOMPLETE.en;
  const lang = texts === FORM_INCOMPLETE.en ? 'en' : locale;
  const template = texts[new Intl.PluralRules(lang).select(required)] ?? texts.other;
  return reason(
    'form_incomplete',
    lang,
    { form, required, entries },
    template.replace('{form}', () => title || form),
  );
}

export function reason(code: string, locale = 'en', detail?: Record<string, unknown>, message?: string): Reason {
  const template = message ?? pickLabel(MESSAGES[code], locale);
  const text = (template || code).replace(/\{(\w+)\}/g, (m, key: string) => (detail && key in detail ? String(detail[key]) : m));
  return detail ? { code, message: text, detail } : { code, message: text };
}
