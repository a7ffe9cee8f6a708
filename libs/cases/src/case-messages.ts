import { formatMessage, type MessageParams } from '@app/core';

/**
 * The in-app messages the case services write themselves (the pack's templates write the others),
 * in the recipient's language, else the pack's default one, else English. Case numbers are isolated
 * (FSI…PDI) in Arabic so that their Latin letters and digits keep their order.
 */
const TEXTS: Record<string, Record<string, { title: string; body: string }>> = {
  case_shared: {
    en: { title: 'Case {case} is shared with you', body: 'Shared by {actor}.' },
    fr: { title: 'Le dossier {case} est partagé avec vous', body: 'Partagé par {actor}.' },
    ro: { title: 'Cazul {case} este partajat cu dumneavoastră', body: 'Partajat de {actor}.' },
    ar: { title: 'الحالة \u2068{case}\u2069 مشارَكة معك', body: 'شاركها {actor}.' },
  },
  case_assigned: {
    en: { title: 'Case {case} is now assigned to you', body: 'Assigned by {actor}: {cases}.' },
    fr: { title: 'Le dossier {case} vous est maintenant attribué', body: 'Attribué par {actor} : {cases}.' },
    ro: { title: 'Cazul {case} vă este acum atribuit', body: 'Atribuit de {actor}: {cases}.' },
    ar: { title: 'أُسندت إليك الحالة \u2068{case}\u2069', body: 'أسندها {actor}: \u2068{cases}\u2069.' },
  },
  cases_assigned: {
    en: { title: '{n, plural, one {# case is} other {# cases are}} now assigned to you', body: 'Assigned by {actor}: {cases}.' },
    fr: {
      title: '{n, plural, one {# dossier vous est maintenant attribué} other {# dossiers vous sont maintenant attribués}}',
      body: 'Attribués par {actor} : {cases}.',
    },
    ro: {
      title: '{n, plural, one {# caz vă este acum atribuit} few {# cazuri vă sunt acum atribuite} other {# de cazuri vă sunt acum atribuite}}',
      body: 'Atribuite de {actor}: {cases}.',
    },
    ar: {
      title: '{n, plural, one {أُسندت إليك حالة واحدة} two {أُسندت إليك حالتان} few {أُسندت إليك # حالات} many {أُسندت إليك # حالة} other {أُسندت إليك # حالة}}',
      body: 'أسندها {actor}: \u2068{cases}\u2069.',
    },
  },
};

export function caseMessage(kind: keyof typeof TEXTS, locale: string, defaultLocale: string, params: MessageParams): { title: string; body: string } {
  const texts = TEXTS[kind];
  const lang = [locale, defaultLocale].find((l) => Object.prototype.hasOwnProperty.call(texts, l)) ?? 'en';
  const fill = (template: string) => formatMessage(template, lang, params) ?? template;
  return { title: fill(texts[lang].title), body: fill(texts[lang].body) };
}
