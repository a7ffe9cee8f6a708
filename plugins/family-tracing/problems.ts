import type { PluginDefinition } from '@app/plugin-sdk';

const say = (fr: string, ro: string, ar: string) => ({ fr, ro, ar });

/** What the family tracing plugin's refusals say in the pack's other languages (English: the error's own message). */
export const TRACING_PROBLEMS: NonNullable<PluginDefinition['problems']> = {
  request_not_found: {
    title: say('Demande de recherche introuvable', 'Cerere de căutare negăsită', 'طلب البحث غير موجود'),
    detail: say(
      "Cette demande de recherche n'existe pas ou vous ne pouvez pas la voir.",
      'Această cerere de căutare nu există sau nu o puteți vedea.',
      'طلب البحث هذا غير موجود أو لا يمكنك رؤيته.',
    ),
  },
  requester_consent_required: {
    title: say('Le consentement du proche est nécessaire', 'Este necesar consimțământul rudei', 'تلزم موافقة القريب'),
    detail: say(
      'Le consentement du proche à la recherche est nécessaire pour enregistrer la demande.',
      'Consimțământul rudei pentru căutare este necesar pentru a înregistra cererea.',
      'تلزم موافقة القريب على البحث لتسجيل الطلب.',
    ),
  },
  request_not_open: {
    title: say("La demande de recherche n'est plus ouverte", 'Cererea de căutare nu mai este deschisă', 'لم يعد طلب البحث مفتوحًا'),
    detail: say("La demande de recherche n'est plus ouverte.", 'Cererea de căutare nu mai este deschisă.', 'لم يعد طلب البحث مفتوحًا.'),
  },
  match_not_found: {
    title: say('Correspondance introuvable', 'Potrivire negăsită', 'التطابق المحتمل غير موجود'),
    detail: say(
      "Cette correspondance possible n'existe pas ou vous ne pouvez pas la voir.",
      'Această potrivire posibilă nu există sau nu o puteți vedea.',
      'هذا التطابق المحتمل غير موجود أو لا يمكنك رؤيته.',
    ),
  },
  tracing_consent_required: {
    title: say(
      'Le consentement à la recherche familiale manque',
      'Lipsește consimțământul pentru căutarea familiei',
      'الموافقة على البحث عن الأسرة غير متوفرة',
    ),
    detail: say(
      "Le dossier de l'enfant n'a pas de consentement donné à la recherche familiale ; enregistrez-le avant de décider.",
      'Cazul copilului nu are consimțământ dat pentru căutarea familiei; înregistrați-l înainte de a decide.',
      'لا توجد في حالة الطفل موافقة ممنوحة على البحث عن الأسرة؛ سجّلها قبل القرار.',
    ),
  },
  match_already_decided: {
    title: say('Cette correspondance a déjà été décidée', 'Această potrivire a fost deja decisă', 'سبق البت في هذا التطابق'),
    detail: say('Cette correspondance a déjà été décidée.', 'Această potrivire a fost deja decisă.', 'سبق البت في هذا التطابق.'),
  },
};
