import type { PackFragment } from '@app/plugin-sdk';
import { CHILD_PROFILE_FORM } from './child';
import { COMPLETE_TRANSITION, LEAVE_TRANSITION } from './hooks';

/**
 * The workflow a pack includes as `adoption`: the adoption step (where the child profile is filled
 * and matches are proposed and decided) and the terminal `adopted` step. `"$settings.<key>"`
 * strings are replaced by the pack's settings when the pack is loaded.
 */
/** A pack setting in place of a value: the loader puts the setting's value (a list for list settings) there. */
const setting = <T>(key: string): T => `$settings.${key}` as unknown as T;

export const adoptionFragment: PackFragment = {
  id: 'adoption',
  label: {
    en: 'Adoption: matching step and adopted outcome',
    fr: "Adoption : étape d'apparentement et issue « adopté »",
    ro: 'Adopție: etapa de potrivire și finalizarea adopției',
    ar: 'التبنّي: مرحلة المطابقة ونتيجة «تم التبنّي»',
  },
  steps: [
    {
      id: '$settings.adoptionStep',
      label: { en: 'Adoption matching', fr: "Apparentement en vue de l'adoption", ro: 'Potrivirea în vederea adopției', ar: 'المطابقة لأغراض التبنّي' },
      kind: 'normal',
      forms: [{ form: CHILD_PROFILE_FORM, use: 'required' }],
    },
    {
      id: 'adopted',
      label: { en: 'Adopted', fr: 'Adopté', ro: 'Adoptat', ar: 'تم التبنّي' },
      kind: 'terminal',
    },
  ],
  transitions: [
    {
      id: 'refer_for_adoption',
      label: { en: 'Refer for adoption', fr: "Orienter vers l'adoption", ro: 'Referă pentru adopție', ar: 'الإحالة إلى التبنّي' },
      from: setting<string[]>('fromSteps'),
      to: '$settings.adoptionStep',
      roles: setting<string[]>('caseworkerRoles'),
    },
    {
      id: COMPLETE_TRANSITION,
      label: { en: 'Record the adoption', fr: "Enregistrer l'adoption", ro: 'Înregistrează adopția', ar: 'تسجيل التبنّي' },
      from: ['$settings.adoptionStep'],
      to: 'adopted',
      roles: setting<string[]>('caseworkerRoles'),
      requiresForms: [CHILD_PROFILE_FORM],
      guards: [
        {
          // With the setting requireApprovedMatch off, the first branch always holds.
          rule: { or: [{ '!': [setting<boolean>('requireApprovedMatch')] }, { plugin_fact: 'adoption-matching.approved_match' }] },
          message: {
            en: 'The adoption cannot be recorded: the panel has not approved a match for this child.',
            fr: "L'adoption ne peut pas être enregistrée : la commission n'a approuvé aucun apparentement pour cet enfant.",
            ro: 'Adopția nu poate fi înregistrată: comisia nu a aprobat nicio potrivire pentru acest copil.',
            ar: 'لا يمكن تسجيل التبنّي: لم تعتمد اللجنة أي مطابقة لهذا الطفل.',
          },
        },
      ],
    },
    {
      id: LEAVE_TRANSITION,
      label: {
        en: 'Take the case out of adoption',
        fr: "Retirer le cas de la procédure d'adoption",
        ro: 'Scoate cazul din procedura de adopție',
        ar: 'إخراج الحالة من إجراءات التبنّي',
      },
      from: ['$settings.adoptionStep'],
      to: '$settings.returnStep',
      roles: setting<string[]>('caseworkerRoles'),
    },
  ],
};
