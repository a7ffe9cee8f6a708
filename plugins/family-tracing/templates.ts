import type { PluginTemplateDef } from '@app/plugin-sdk';

export const CANDIDATE_PROPOSED_TEMPLATE = 'family_tracing_candidate_proposed';

/**
 * Told to the `notifyRoles` holders who may read a child's case when a recorded tracing request
 * proposes that child. Nothing of the family or the child: the inbox entry links to the case, and the
 * request is listed under Family tracing for whoever may see the candidate. (Plugin templates are
 * checked as deadline messages: only recipient and case variables, and the host does not give
 * `case.number` to a plugin notice about a case the recording user may not read, so none is used.)
 */
export const templates: Record<string, PluginTemplateDef> = {
  [CANDIDATE_PROPOSED_TEMPLATE]: {
    answers: [],
    locales: {
      en: {
        subject: 'Family tracing: a relative may be looking for a child in your care',
        text:
          'Hello {{recipient.name}},\n\nA new family tracing request proposes a child of one of your cases as a possible match. ' +
          'Please sign in, open Family tracing and confirm or reject the match with the reasons shown.\n\n' +
          'Details stay in the system: do not forward this message.\n',
      },
      fr: {
        subject: 'Recherche familiale : un proche recherche peut-être un enfant que vous suivez',
        text:
          "Bonjour {{recipient.name}},\n\nUne nouvelle demande de recherche familiale propose un enfant de l'un de vos cas comme correspondance possible. " +
          "Merci de vous connecter, d'ouvrir la recherche familiale et de confirmer ou rejeter la correspondance au vu des raisons indiquées.\n\n" +
          'Les détails restent dans le système : ne transférez pas ce message.\n',
      },
      ro: {
        subject: 'Căutarea familiei: o rudă ar putea căuta un copil de care vă ocupați',
        text:
          'Bună ziua, {{recipient.name}},\n\nO nouă cerere de căutare a familiei propune un copil dintr-unul dintre cazurile dumneavoastră ca posibilă potrivire. ' +
          'Vă rugăm să vă autentificați, să deschideți Căutarea familiei și să confirmați sau să respingeți potrivirea pe baza motivelor afișate.\n\n' +
          'Detaliile rămân în sistem: nu redirecționați acest mesaj.\n',
      },
      ar: {
        subject: 'البحث عن الأسرة: قد يكون أحد الأقارب يبحث عن طفل في رعايتك',
        text:
          'مرحبًا {{recipient.name}}،\n\nيقترح طلب جديد للبحث عن الأسرة طفلًا من إحدى حالاتك بوصفه مطابقة محتملة. ' +
          'يُرجى تسجيل الدخول وفتح «البحث عن الأسرة» وتأكيد المطابقة أو رفضها استنادًا إلى الأسباب المعروضة.\n\n' +
          'تبقى التفاصيل داخل النظام: لا تُعِد توجيه هذه الرسالة.\n',
      },
    },
  },
};
