import type { PluginDefinition } from '@app/plugin-sdk';

const say = (fr: string, ro: string, ar: string) => ({ fr, ro, ar });

/** What the GBV plugin's refusals say in the pack's other languages (English: the error's own message). */
export const GBV_PROBLEMS: NonNullable<PluginDefinition['problems']> = {
  gbv_training_required: {
    title: say(
      'Réservé au personnel formé à la gestion des cas de VBG',
      'Rezervat personalului instruit în gestionarea cazurilor de violență bazată pe gen',
      'مقصور على الموظفين المدرَّبين على إدارة حالات العنف القائم على النوع الاجتماعي',
    ),
    detail: say(
      'Seul le personnel formé à la gestion des cas de VBG peut faire ceci.',
      'Doar personalul instruit în gestionarea cazurilor de violență bazată pe gen poate face acest lucru.',
      'لا يقوم بهذا إلا الموظفون المدرَّبون على إدارة حالات العنف القائم على النوع الاجتماعي.',
    ),
  },
  gbv_incident_not_found: {
    title: say('Incident introuvable', 'Incident negăsit', 'الحادثة غير موجودة'),
    detail: say(
      "Cet incident n'existe pas ou vous ne pouvez pas le voir.",
      'Acest incident nu există sau nu îl puteți vedea.',
      'هذه الحادثة غير موجودة أو لا يمكنك رؤيتها.',
    ),
  },
  gbv_incident_closed: {
    title: say("L'incident est clos", 'Incidentul este închis', 'الحادثة مغلقة'),
    detail: say(
      "L'incident est clos : rouvrez-le pour faire une orientation.",
      'Incidentul este închis: redeschideți-l pentru a face o trimitere.',
      'الحادثة مغلقة: أعد فتحها لإجراء إحالة.',
    ),
  },
  gbv_settings_invalid: {
    title: say(
      'Les réglages VBG du paquet sont incohérents',
      'Setările VBG ale pachetului sunt incoerente',
      'إعدادات العنف القائم على النوع الاجتماعي في الحزمة غير متسقة',
    ),
    detail: say(
      "Les réglages VBG du paquet sont incohérents ; signalez-le à l'administrateur.",
      'Setările VBG ale pachetului sunt incoerente; anunțați administratorul.',
      'إعدادات العنف القائم على النوع الاجتماعي في الحزمة غير متسقة؛ أبلغ المسؤول.',
    ),
  },
  gbv_consent_missing: {
    title: say('Le consentement de la personne survivante manque', 'Lipsește consimțământul persoanei supraviețuitoare', 'موافقة الشخص الناجي غير متوفرة'),
    detail: say(
      "Le consentement de la personne survivante nécessaire à cette orientation n'est pas donné : pas d'orientation sans lui.",
      'Consimțământul persoanei supraviețuitoare necesar acestei trimiteri nu este dat: nicio trimitere fără el.',
      'لم تُمنح موافقة الشخص الناجي اللازمة لهذه الإحالة: لا إحالة بدونها.',
    ),
  },
  gbv_referral_not_found: {
    title: say('Orientation introuvable', 'Trimitere negăsită', 'الإحالة غير موجودة'),
    detail: say(
      "Cette orientation n'existe pas ou vous ne pouvez pas la voir.",
      'Această trimitere nu există sau nu o puteți vedea.',
      'هذه الإحالة غير موجودة أو لا يمكنك رؤيتها.',
    ),
  },
  gbv_referral_status: {
    title: say("L'orientation ne peut pas prendre ce statut", 'Trimiterea nu poate primi această stare', 'لا يمكن أن تنتقل الإحالة إلى هذه الحالة'),
    detail: say(
      "Le statut actuel de l'orientation ne permet pas ce changement.",
      'Starea actuală a trimiterii nu permite această schimbare.',
      'الحالة الحالية للإحالة لا تسمح بهذا التغيير.',
    ),
  },
};
