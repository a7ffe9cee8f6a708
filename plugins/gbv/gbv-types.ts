import type { Translated } from '@app/plugin-sdk';

/**
 * The six GBVIMS incident types, in the order of the GBVIMS classification tool: the tool is
 * hierarchical, so an incident is recorded as the FIRST type in this list that applies (rape
 * before sexual assault, sexual assault before physical assault...). The order is part of the data
 * standard: reports comparing figures across agencies rely on it.
 */
export const GBV_TYPES = ['rape', 'sexual_assault', 'physical_assault', 'forced_marriage', 'denial_of_resources', 'psychological_emotional_abuse'] as const;

export type GbvType = (typeof GBV_TYPES)[number];

export const GBV_TYPE_LABELS: Record<GbvType, Translated> = {
  rape: { en: 'Rape', fr: 'Viol', ro: 'Viol', ar: 'اغتصاب' },
  sexual_assault: { en: 'Sexual assault', fr: 'Agression sexuelle', ro: 'Agresiune sexuală', ar: 'اعتداء جنسي' },
  physical_assault: { en: 'Physical assault', fr: 'Agression physique', ro: 'Agresiune fizică', ar: 'اعتداء جسدي' },
  forced_marriage: { en: 'Forced marriage', fr: 'Mariage forcé', ro: 'Căsătorie forțată', ar: 'زواج قسري' },
  denial_of_resources: {
    en: 'Denial of resources, opportunities or services',
    fr: "Déni de ressources, d'opportunités ou de services",
    ro: 'Privarea de resurse, oportunități sau servicii',
    ar: 'الحرمان من الموارد أو الفرص أو الخدمات',
  },
  psychological_emotional_abuse: {
    en: 'Psychological / emotional abuse',
    fr: 'Violence psychologique / émotionnelle',
    ro: 'Abuz psihologic / emoțional',
    ar: 'إساءة نفسية / عاطفية',
  },
};

export function isGbvType(value: unknown): value is GbvType {
  return typeof value === 'string' && (GBV_TYPES as readonly string[]).includes(value);
}

/** The type's label in the locale (English when the locale has none); null for a value outside the list. */
export function gbvTypeLabel(value: unknown, locale: string): string | null {
  if (!isGbvType(value)) return null;
  const labels = GBV_TYPE_LABELS[value];
  return labels[locale] ?? labels.en;
}
