import { keyedWords, phoneticKeys } from './names';
import { LOCALES, reasonText, textLocale } from './reason-texts';
import { MatchReason, redactNameReason, scoreCandidate, ScoringOptions } from './scoring';

const places: Record<string, Record<string, string>> = { CH: { en: 'Chisinau', fr: 'Chisinau', ro: 'Chișinău', ar: 'كيشيناو' } };
const tools = (locale: (typeof LOCALES)[number]) => ({ locale, place: (c: string) => places[c]?.[locale] ?? c });
const options: ScoringOptions = { ageToleranceYears: 2, locationLevels: ['country', 'district', 'community'], labelOf: (c) => places[c]?.en ?? null };

/** Every kind of reason a candidate can have, coded as scoring stores them. */
function storedReasons(): MatchReason[] {
  const name = 'Ioan Ciobanou';
  const sought = { name, words: keyedWords(name), sex: 'male', dateOfBirth: null, ageYears: 9, locationPath: ['MD', 'CH', 'CH01'], requestDate: '2026-05-10' };
  const child = {
    fullName: 'Ion Ciobanu',
    phoneticKeys: phoneticKeys('Ion Ciobanu'),
    sex: 'male',
    dateOfBirth: '2016-04-01',
    locationPath: ['MD', 'CH', 'CH02'],
  };
  const result = scoreCandidate(sought, child, 0.72, options);
  if (result.excluded) throw new Error('expected a candidate');
  return result.reasons;
}

// Intl separates numbers from % with a no-break space.
const render = (r: MatchReason, locale: (typeof LOCALES)[number]) => reasonText(r.code!, r.params!, tools(locale))?.replace(/[\u00a0\u202f]/g, ' ');

describe('reason texts', () => {
  it('writes every reason in each language', () => {
    const reasons = storedReasons();
    expect(reasons.map((r) => r.code)).toEqual(['name_similar', 'phonetic_all', 'age_differ', 'sex_same', 'location_same']);
    expect(reasons.map((r) => render(r, 'ro'))).toEqual([
      'numele „Ioan Ciobanou” seamănă în proporție de 72 % cu „Ion Ciobanu”',
      'aceeași cheie fonetică',
      'vârstele diferă cu 1 an (căutat: 9, înregistrat: 10)',
      'același sex (masculin)',
      'văzut ultima dată în același loc (raion: Chișinău)',
    ]);
    expect(render(reasons[2], 'fr')).toBe("écart d'âge de 1 an (recherché : 9, enregistré : 10)");
    expect(render(reasons[4], 'ar')).toBe('شوهد آخر مرة في نفس المكان (المقاطعة: كيشيناو)');
    // English reads as the stored wording.
    for (const r of reasons) expect(render(r, 'en')).toBe(r.detail);
  });

  it('leaves no English words in the other languages', () => {
    const english = /\b(name|similar|same|phonetic|ages?|differ|years?|sought|registered|male|last seen)\b/; // 'district' and 'sex' are French and Romanian too
    for (const locale of ['fr', 'ro', 'ar'] as const) for (const r of storedReasons()) expect(render(r, locale)).not.toMatch(english);
  });

  it("uses each language's plural forms for numbers", () => {
    const dob = (days: number) => reasonText('age_dob_days', { days }, tools('ro'));
    expect([dob(1), dob(12), dob(25)]).toEqual([
      'datele de naștere diferă cu 1 zi',
      'datele de naștere diferă cu 12 zile',
      'datele de naștere diferă cu 25 de zile',
    ]);
    expect(reasonText('age_same', { age: 2 }, tools('ar'))).toBe('نفس العمر (سنتان)');
  });

  it('never names the registered child to a reader who may not read the name, in any language', () => {
    const redacted = redactNameReason(storedReasons()[0]);
    for (const locale of LOCALES) {
      const text = render(redacted, locale)!;
      expect(text).toContain('Ioan Ciobanou');
      expect(text).not.toContain('Ion Ciobanu');
    }
  });

  it('reads the language from a locale tag and knows only its own codes', () => {
    expect([textLocale('ro-MD'), textLocale('AR'), textLocale('de'), textLocale(undefined)]).toEqual(['ro', 'ar', 'en', 'en']);
    expect(reasonText('unknown_code', {}, tools('fr'))).toBeNull();
  });
});
