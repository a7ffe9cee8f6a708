import { explanationText, LOCALES, textLocale } from './explanations';
import { ChildSide, CriterionScore, FamilySide, scoreFamily } from './scoring';
import type { CriterionSetting } from './settings';

const PLACES: Record<string, Record<string, string>> = {
  CH: { en: 'Chisinau', fr: 'Chisinau', ro: 'Chișinău', ar: 'كيشيناو' },
  CH01: { en: 'Bubuieci', fr: 'Bubuieci', ro: 'Bubuieci', ar: 'بوبوييتشي' },
  CH02: { en: 'Codru', fr: 'Codru', ro: 'Codru', ar: 'كودرو' },
};
type Locale = (typeof LOCALES)[number];
const tools = (locale: Locale) => ({ locale, place: (c: string) => PLACES[c]?.[locale] ?? c });
const ALL: CriterionSetting[] = ['age', 'siblings', 'special_needs', 'language', 'distance'].map((id) => ({ id, weight: 1 }) as CriterionSetting);

const child: ChildSide = {
  ageYears: 9,
  siblingGroupSize: 3,
  specialNeeds: ['trauma_support', 'chronic_illness'],
  languages: ['ro', 'ru'],
  locationPath: ['MD', 'CH', 'CH01'],
};
const family: FamilySide = {
  id: 'f1',
  registeredAt: '2026-01-01T00:00:00.000Z',
  ageMin: 0,
  ageMax: 4,
  maxSiblingGroup: 2,
  specialNeeds: ['trauma_support'],
  languages: ['uk'],
  locationPath: ['MD', 'CH', 'CH02'],
};
const criteria = (c = child, f = family): CriterionScore[] => scoreFamily(c, f, ALL, (code) => PLACES[code]?.en ?? null).criteria;
// Intl puts no-break spaces in numbers and before French punctuation.
const render = (k: CriterionScore, locale: Locale) => explanationText(k.code!, k.params!, tools(locale))!.replace(/[\u00a0\u202f]/g, ' ');

describe('explanations in the reader language', () => {
  it('are stored as codes and read in English as the stored sentence', () => {
    const scored = criteria();
    expect(scored.map((k) => k.code)).toEqual(['age_older', 'siblings', 'needs_some_met', 'language_none_shared', 'distance_near']);
    for (const k of scored) expect(render(k, 'en')).toBe(k.explanation);
  });

  it('are written in Romanian, with the need labels of the form and language names', () => {
    expect(criteria().map((k) => render(k, 'ro'))).toEqual([
      'Copilul are 9 ani; familia primește copii cu vârsta între 0 și 4 ani (copilul este mai mare).',
      'Copilul urmează să fie plasat împreună cu frații (3 copii în total); familia primește cel mult 2 copii împreună.',
      'Familia poate răspunde doar unora dintre nevoile speciale ale copilului (da: sprijin în caz de traumă; nu: boală cronică).',
      'Familia nu vorbește niciuna dintre limbile copilului (română, rusă); vorbește: ucraineană.',
      'Familia locuiește în Codru, în aceeași zonă cu copilul (Chișinău).',
    ]);
  });

  it('are written in French and Arabic', () => {
    const [age, , needs, , distance] = criteria();
    expect(render(age, 'fr')).toBe("L'enfant a 9 ans ; la famille accueille des enfants de 0 à 4 ans (l'enfant est plus âgé).");
    expect(render(needs, 'fr')).toBe(
      "La famille peut répondre à une partie des besoins particuliers de l'enfant (oui : accompagnement du traumatisme ; non : maladie chronique).",
    );
    expect(render(distance, 'ar')).toBe('تعيش الأسرة في كودرو، في المنطقة نفسها التي يعيش فيها الطفل (كيشيناو).');
    expect(render(age, 'ar')).toBe('عمر الطفل: 9 سنوات؛ الأعمار التي تقبلها الأسرة: من 0 إلى 4 (الطفل أكبر).');
  });

  it('leave no English words in the other languages, whatever the case', () => {
    const english = /\b(the|child|family|years?|old|siblings?|needs?|speaks?|lives?|known|points|accepts?|same|area)\b/i;
    const cases = [
      criteria(),
      criteria({ ...child, ageYears: null, siblingGroupSize: 1, specialNeeds: [], languages: [], locationPath: null }, family),
      criteria(
        { ...child, ageYears: 0, specialNeeds: ['trauma_support'], languages: ['ro'] },
        { ...family, languages: ['ro'], locationPath: ['MD', 'CH', 'CH01'] },
      ),
    ];
    for (const locale of ['fr', 'ro', 'ar'] as const)
      for (const scored of cases) for (const k of scored) expect([k.code, render(k, locale)]).not.toEqual([k.code, expect.stringMatching(english)]);
  });

  it('follow each language plural forms', () => {
    const siblings = (size: number) => explanationText('siblings', { size, max: 20 }, tools('ro'));
    expect(siblings(20)).toBe('Copilul urmează să fie plasat împreună cu frații (20 de copii în total); familia primește cel mult 20 de copii împreună.');
    expect(explanationText('age_in_range', { age: 1, min: 0, max: 2 }, tools('ar'))).toBe('عمر الطفل: سنة؛ الأعمار التي تقبلها الأسرة: من 0 إلى 2.');
    expect(explanationText('age_in_range', { age: 0, min: 0, max: 2 }, tools('fr'))).toBe(
      "L'enfant a moins d'un an ; la famille accueille des enfants de 0 à 2 ans.",
    );
  });

  it('know the reader language from a locale tag, and only their own codes', () => {
    expect([textLocale('fr-FR'), textLocale('xx'), textLocale(null)]).toEqual(['fr', 'en', 'en']);
    expect(explanationText('no_such_code', {}, tools('ro'))).toBeNull();
  });
});
