import type { PluginTemplateDef } from '@app/plugin-sdk';

/**
 * Told to the panel roles when a match is proposed. Only the case number: no child's or family's
 * name, nothing of the answers (subjects show on lock screens, mail travels). `case.number` is
 * given in the message data (see routes/matches.ts), as a custom template's variables name it.
 */
export const templates: Record<string, PluginTemplateDef> = {
  adoption_matching_match_proposed: {
    answers: [],
    locales: {
      en: {
        subject: 'Adoption match to review: case {{case.number}}',
        text:
          'Hello {{recipient.name}},\n\nA family has been proposed for the adoption of the child of case {{case.number}}. ' +
          'As a member of the adoption panel, please sign in, open the case and approve or reject the proposal.\n\n' +
          'Details stay in the system: do not forward this message.\n',
      },
      fr: {
        subject: 'Apparentement à examiner : cas {{case.number}}',
        text:
          "Bonjour {{recipient.name}},\n\nUne famille a été proposée pour l'adoption de l'enfant du cas {{case.number}}. " +
          "En tant que membre de la commission d'adoption, merci de vous connecter, d'ouvrir le cas et d'approuver ou de rejeter la proposition.\n\n" +
          'Les détails restent dans le système : ne transférez pas ce message.\n',
      },
      ro: {
        subject: 'Potrivire pentru adopție de examinat: cazul {{case.number}}',
        text:
          'Bună ziua, {{recipient.name}},\n\nA fost propusă o familie pentru adopția copilului din cazul {{case.number}}. ' +
          'În calitate de membru al comisiei de adopție, vă rugăm să vă autentificați, să deschideți cazul și să aprobați sau să respingeți propunerea.\n\n' +
          'Detaliile rămân în sistem: nu redirecționați acest mesaj.\n',
      },
      ar: {
        subject: 'مطابقة تبنٍّ للمراجعة: الحالة {{case.number}}',
        text:
          'مرحبًا {{recipient.name}}،\n\nاقتُرحت أسرة لتبنّي الطفل في الحالة {{case.number}}. ' +
          'بصفتك عضوًا في لجنة التبنّي، يُرجى تسجيل الدخول وفتح الحالة واعتماد الاقتراح أو رفضه.\n\n' +
          'تبقى التفاصيل داخل النظام: لا تُعِد توجيه هذه الرسالة.\n',
      },
    },
  },
};
