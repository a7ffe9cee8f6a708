/**
 * adoption-matching: a registry of prospective adoptive families (four-eyes approval), ranked and
 * explained family proposals for a child at the adoption step, and the panel's decision on a
 * proposed match. See README.md.
 */
import { definePlugin } from '@app/plugin-sdk';
import childProfileForm from './forms/adoption_matching_child_profile.v1.json';
import familyForm from './forms/adoption_matching_family.v1.json';
import { adoptionFragment } from './fragment';
import { facts } from './facts';
import { hooks } from './hooks';
import { migrations } from './migrations';
import { familyRoutes } from './routes/families';
import { matchRoutes } from './routes/matches';
import { adoptionMatchingScreens } from './screens';
import { type AdoptionMatchingSettings, settingsSchema } from './settings';
import { templates } from './templates';
import { ADOPTION_PROBLEMS } from './problems';

export type { AdoptionMatchingSettings } from './settings';

export const adoptionMatchingPlugin = definePlugin<AdoptionMatchingSettings>({
  id: 'adoption-matching',
  version: '1.0.0',
  sdk: '^1.0.0',
  name: { en: 'Adoption matching', fr: "Apparentement pour l'adoption", ro: 'Potrivirea pentru adopție', ar: 'المطابقة لأغراض التبنّي' },
  description:
    "Registry of prospective adoptive families, ranked and explained family proposals for a child at the adoption step, and the panel's decision on a match.",
  settingsSchema,
  forms: [familyForm, childProfileForm],
  fragments: [adoptionFragment],
  templates,
  problems: ADOPTION_PROBLEMS,
  indicators: [
    {
      id: 'adoption_matching_matches_approved',
      label: { en: 'Adoption matches approved', fr: 'Apparentements approuvés', ro: 'Potriviri pentru adopție aprobate', ar: 'مطابقات التبنّي المعتمدة' },
      description: {
        en: 'Matches of a child with a family approved by the adoption panel in the period',
        fr: "Apparentements d'un enfant avec une famille approuvés par la commission d'adoption au cours de la période",
        ro: 'Potriviri ale unui copil cu o familie aprobate de comisia de adopție în perioada respectivă',
        ar: 'مطابقات طفل مع أسرة اعتمدتها لجنة التبنّي خلال الفترة',
      },
      kind: 'count',
      of: 'events',
      events: ['adoption-matching.match_approved'],
    },
  ],
  subjects: {
    adoption_family: ['read', 'register', 'approve'],
    adoption_match: ['read', 'propose', 'decide'],
  },
  facts,
  hooks,
  migrations,
  routes: [...familyRoutes, ...matchRoutes],
  screens: adoptionMatchingScreens(),
  events: {
    match_proposed: { en: 'Adoption match proposed', fr: 'Apparentement proposé', ro: 'Potrivire pentru adopție propusă', ar: 'اقتراح مطابقة للتبنّي' },
    match_approved: {
      en: 'Adoption match approved by the panel',
      fr: 'Apparentement approuvé par la commission',
      ro: 'Potrivire pentru adopție aprobată de comisie',
      ar: 'موافقة اللجنة على مطابقة التبنّي',
    },
    match_rejected: {
      en: 'Adoption match rejected by the panel',
      fr: 'Apparentement rejeté par la commission',
      ro: 'Potrivire pentru adopție respinsă de comisie',
      ar: 'رفض اللجنة لمطابقة التبنّي',
    },
  },
});

export default adoptionMatchingPlugin;
