import type { PluginDefinition } from '@app/plugin-sdk';

const say = (fr: string, ro: string, ar: string) => ({ fr, ro, ar });
const same = (fr: string, ro: string, ar: string) => ({ title: say(fr, ro, ar), detail: say(`${fr}.`, `${ro}.`, `${ar}.`) });

/** What the adoption matching plugin's refusals say in the pack's other languages (English: the error's own message). */
export const ADOPTION_PROBLEMS: NonNullable<PluginDefinition['problems']> = {
  adoption_not_at_adoption_step: same("Le dossier n'est pas à l'étape de l'adoption", 'Cazul nu este la etapa de adopție', 'الحالة ليست في مرحلة التبني'),
  adoption_child_profile_missing: {
    title: say("Le profil d'adoption de l'enfant est incomplet", 'Profilul de adopție al copilului este incomplet', 'ملف التبني الخاص بالطفل غير مكتمل'),
    detail: say(
      "Le profil d'adoption de l'enfant n'est pas complet, ou vous ne pouvez pas le lire.",
      'Profilul de adopție al copilului nu este complet sau nu îl puteți citi.',
      'ملف التبني الخاص بالطفل غير مكتمل أو لا يمكنك قراءته.',
    ),
  },
  adoption_child_age_unknown: {
    title: say("La date de naissance de l'enfant n'est pas enregistrée", 'Data nașterii copilului nu este înregistrată', 'تاريخ ميلاد الطفل غير مسجّل'),
    detail: say(
      "La date de naissance de l'enfant n'est pas enregistrée (ou vous ne pouvez pas la lire) : les familles ne peuvent pas être rapprochées selon l'âge.",
      'Data nașterii copilului nu este înregistrată (sau nu o puteți citi), deci familiile nu pot fi potrivite după vârstă.',
      'تاريخ ميلاد الطفل غير مسجّل (أو لا يمكنك قراءته)، فلا يمكن مطابقة الأسر حسب العمر.',
    ),
  },
  adoption_settings_invalid: {
    title: say(
      "Les réglages d'adoption du paquet ne sont pas valables",
      'Setările de adopție ale pachetului nu sunt valide',
      'إعدادات التبني في الحزمة غير صالحة',
    ),
    detail: say(
      "Les réglages d'adoption du paquet ne sont pas valables ; signalez-le à l'administrateur.",
      'Setările de adopție ale pachetului nu sunt valide; anunțați administratorul.',
      'إعدادات التبني في الحزمة غير صالحة؛ أبلغ المسؤول.',
    ),
  },
  adoption_family_not_found: {
    title: say('Famille introuvable', 'Familie negăsită', 'الأسرة غير موجودة'),
    detail: say("Cette famille n'existe pas dans le registre.", 'Această familie nu există în registru.', 'هذه الأسرة غير موجودة في السجل.'),
  },
  adoption_family_not_approved: {
    title: say("La famille n'est pas agréée", 'Familia nu este aprobată', 'الأسرة غير معتمدة'),
    detail: say('Seules les familles agréées peuvent être proposées.', 'Doar familiile aprobate pot fi propuse.', 'لا يمكن اقتراح إلا الأسر المعتمدة.'),
  },
  adoption_match_conflict: same("L'enfant a déjà un apparentement approuvé", 'Copilul are deja o potrivire aprobată', 'للطفل تطابق معتمد بالفعل'),
  adoption_match_duplicate: same(
    "Cette famille est déjà proposée pour l'enfant",
    'Această familie este deja propusă pentru copil',
    'هذه الأسرة مقترحة بالفعل للطفل',
  ),
  adoption_match_not_found: {
    title: say('Apparentement introuvable', 'Potrivire negăsită', 'التطابق غير موجود'),
    detail: say(
      "Cet apparentement n'existe pas ou vous ne pouvez pas le voir.",
      'Această potrivire nu există sau nu o puteți vedea.',
      'هذا التطابق غير موجود أو لا يمكنك رؤيته.',
    ),
  },
  adoption_match_not_open: same("L'apparentement n'est plus ouvert", 'Potrivirea nu mai este deschisă', 'لم يعد التطابق مفتوحًا'),
  adoption_own_proposal: {
    title: say('Vous avez proposé cet apparentement', 'Ați propus această potrivire', 'أنت من اقترح هذا التطابق'),
    detail: say(
      "Un apparentement est décidé par une autre personne que celle qui l'a proposé.",
      'O potrivire este decisă de altcineva decât cel care a propus-o.',
      'يبتّ في التطابق شخص غير الذي اقترحه.',
    ),
  },
  adoption_own_registration: {
    title: say('Vous avez enregistré ou modifié cette famille', 'Ați înregistrat sau modificat această familie', 'أنت من سجّل هذه الأسرة أو عدّلها'),
    detail: say(
      "Une famille est agréée ou refusée par une autre personne que celles qui l'ont enregistrée ou modifiée.",
      'O familie este aprobată sau respinsă de altcineva decât cei care au înregistrat-o sau modificat-o.',
      'يعتمد الأسرة أو يرفضها شخص غير الذين سجّلوها أو عدّلوها.',
    ),
  },
  adoption_family_already_decided: same('La décision sur cette famille a déjà été prise', 'S-a decis deja asupra acestei familii', 'سبق البت في هذه الأسرة'),
};
