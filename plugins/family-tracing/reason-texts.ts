/**
 * The reasons of a candidate match, written in the reader's language. Reasons are stored as a code
 * and parameters (numbers, names, location codes); the sentence is made when it is shown, so a
 * caseworker reading in Romanian or Arabic reads it in their language. Units (days, years) go through
 * Intl.NumberFormat so every language gets its own plural forms.
 */
export type ReasonCode =
  | 'name_similar'
  | 'name_similar_redacted'
  | 'phonetic_all'
  | 'phonetic_some'
  | 'age_same_dob'
  | 'age_dob_days'
  | 'age_dob_months'
  | 'age_dob_years'
  | 'age_same'
  | 'age_differ'
  | 'sex_same'
  | 'location_different'
  | 'location_same';

export type ReasonParams = Record<string, string | number | string[] | null>;

export const LOCALES = ['en', 'fr', 'ro', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];

/** The reader's language among those the texts are written in (English otherwise). */
export function textLocale(locale: string | null | undefined): Locale {
  const base = (locale ?? 'en').slice(0, 2).toLowerCase();
  return (LOCALES as readonly string[]).includes(base) ? (base as Locale) : 'en';
}

/** What a sentence needs from its surroundings: place names and words in the reader's language. */
export interface TextTools {
  locale: Locale;
  /** A location's name in the reader's language (its code when unknown). */
  place(code: string): string;
}

type Text = (p: ReasonParams, t: TextTools) => string;

const unit = (n: number, u: 'day' | 'month' | 'year', locale: Locale) =>
  new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'long' }).format(n);
const percent = (n: number, locale: Locale) => new Intl.NumberFormat(locale, { style: 'percent' }).format(n / 100);
const num = (n: unknown, locale: Locale) => new Intl.NumberFormat(locale).format(Number(n));
const quoted = (words: string[], locale: Locale) => new Intl.ListFormat(locale, { type: 'conjunction' }).format(words.map((w) => `"${w}"`));

const SEX: Record<string, Record<Locale, string>> = {
  male: { en: 'male', fr: 'masculin', ro: 'masculin', ar: 'ذكر' },
  female: { en: 'female', fr: 'féminin', ro: 'feminin', ar: 'أنثى' },
};

/** The usual location levels; a pack's other levels show as their code. */
const LEVELS: Record<string, Record<Locale, string>> = {
  country: { en: 'country', fr: 'pays', ro: 'țară', ar: 'البلد' },
  region: { en: 'region', fr: 'région', ro: 'regiune', ar: 'المنطقة' },
  district: { en: 'district', fr: 'district', ro: 'raion', ar: 'المقاطعة' },
  community: { en: 'community', fr: 'commune', ro: 'comunitate', ar: 'المجتمع المحلي' },
  area: { en: 'area', fr: 'zone', ro: 'zonă', ar: 'المنطقة' },
  place: { en: 'place', fr: 'lieu', ro: 'localitate', ar: 'المكان' },
};
const level = (p: ReasonParams, locale: Locale) => LEVELS[String(p.level)]?.[locale] ?? String(p.level);
const sex = (p: ReasonParams, locale: Locale) => SEX[String(p.sex)]?.[locale] ?? String(p.sex);

const TEXTS: Record<ReasonCode, Record<Locale, Text>> = {
  name_similar: {
    en: (p, t) => `name "${p.sought}" is ${percent(Number(p.percent), t.locale)} similar to "${p.registered}"`,
    fr: (p, t) => `le nom « ${p.sought} » ressemble à ${percent(Number(p.percent), t.locale)} à « ${p.registered} »`,
    ro: (p, t) => `numele „${p.sought}” seamănă în proporție de ${percent(Number(p.percent), t.locale)} cu „${p.registered}”`,
    ar: (p, t) => `الاسم "${p.sought}" مشابه بنسبة ${percent(Number(p.percent), t.locale)} لـ "${p.registered}"`,
  },
  name_similar_redacted: {
    en: (p, t) => `name "${p.sought}" is ${percent(Number(p.percent), t.locale)} similar to the child's registered name`,
    fr: (p, t) => `le nom « ${p.sought} » ressemble à ${percent(Number(p.percent), t.locale)} au nom enregistré de l'enfant`,
    ro: (p, t) => `numele „${p.sought}” seamănă în proporție de ${percent(Number(p.percent), t.locale)} cu numele înregistrat al copilului`,
    ar: (p, t) => `الاسم "${p.sought}" مشابه بنسبة ${percent(Number(p.percent), t.locale)} للاسم المسجل للطفل`,
  },
  phonetic_all: {
    en: () => 'same phonetic key',
    fr: () => 'même clé phonétique',
    ro: () => 'aceeași cheie fonetică',
    ar: () => 'نفس المفتاح الصوتي',
  },
  phonetic_some: {
    en: (p, t) => `same phonetic key for ${quoted(p.words as string[], t.locale)}`,
    fr: (p, t) => `même clé phonétique pour ${quoted(p.words as string[], t.locale)}`,
    ro: (p, t) => `aceeași cheie fonetică pentru ${quoted(p.words as string[], t.locale)}`,
    ar: (p, t) => `نفس المفتاح الصوتي لـ ${quoted(p.words as string[], t.locale)}`,
  },
  age_same_dob: {
    en: () => 'same date of birth',
    fr: () => 'même date de naissance',
    ro: () => 'aceeași dată de naștere',
    ar: () => 'نفس تاريخ الميلاد',
  },
  age_dob_days: {
    en: (p, t) => `dates of birth are ${unit(Number(p.days), 'day', t.locale)} apart`,
    fr: (p, t) => `dates de naissance à ${unit(Number(p.days), 'day', t.locale)} d'écart`,
    ro: (p, t) => `datele de naștere diferă cu ${unit(Number(p.days), 'day', t.locale)}`,
    ar: (p, t) => `الفرق بين تاريخي الميلاد: ${unit(Number(p.days), 'day', t.locale)}`,
  },
  age_dob_months: {
    en: (p, t) => `dates of birth are ${unit(Number(p.months), 'month', t.locale)} apart`,
    fr: (p, t) => `dates de naissance à ${unit(Number(p.months), 'month', t.locale)} d'écart`,
    ro: (p, t) => `datele de naștere diferă cu ${unit(Number(p.months), 'month', t.locale)}`,
    ar: (p, t) => `الفرق بين تاريخي الميلاد: ${unit(Number(p.months), 'month', t.locale)}`,
  },
  age_dob_years: {
    en: (p, t) => `dates of birth are about ${unit(Number(p.years), 'year', t.locale)} apart`,
    fr: (p, t) => `dates de naissance à environ ${unit(Number(p.years), 'year', t.locale)} d'écart`,
    ro: (p, t) => `datele de naștere diferă cu aproximativ ${unit(Number(p.years), 'year', t.locale)}`,
    ar: (p, t) => `الفرق بين تاريخي الميلاد: ${unit(Number(p.years), 'year', t.locale)} تقريبًا`,
  },
  age_same: {
    en: (p, t) => `same age (${unit(Number(p.age), 'year', t.locale)})`,
    fr: (p, t) => `même âge (${unit(Number(p.age), 'year', t.locale)})`,
    ro: (p, t) => `aceeași vârstă (${unit(Number(p.age), 'year', t.locale)})`,
    ar: (p, t) => `نفس العمر (${unit(Number(p.age), 'year', t.locale)})`,
  },
  age_differ: {
    en: (p, t) => `ages differ by ${unit(Number(p.years), 'year', t.locale)} (${num(p.sought, t.locale)} sought, ${num(p.registered, t.locale)} registered)`,
    fr: (p, t) =>
      `écart d'âge de ${unit(Number(p.years), 'year', t.locale)} (recherché : ${num(p.sought, t.locale)}, enregistré : ${num(p.registered, t.locale)})`,
    ro: (p, t) =>
      `vârstele diferă cu ${unit(Number(p.years), 'year', t.locale)} (căutat: ${num(p.sought, t.locale)}, înregistrat: ${num(p.registered, t.locale)})`,
    ar: (p, t) => `فرق العمر: ${unit(Number(p.years), 'year', t.locale)} (المطلوب: ${num(p.sought, t.locale)}، المسجل: ${num(p.registered, t.locale)})`,
  },
  sex_same: {
    en: (p, t) => `same sex (${sex(p, t.locale)})`,
    fr: (p, t) => `même sexe (${sex(p, t.locale)})`,
    ro: (p, t) => `același sex (${sex(p, t.locale)})`,
    ar: (p, t) => `نفس الجنس (${sex(p, t.locale)})`,
  },
  location_different: {
    en: (p, t) => `last seen in a different ${level(p, t.locale)} from where the child is registered`,
    fr: (p, t) => `vu pour la dernière fois ailleurs que là où l'enfant est enregistré (${level(p, t.locale)} différent)`,
    ro: (p, t) => `văzut ultima dată în alt loc decât cel în care copilul este înregistrat (${level(p, t.locale)} diferit)`,
    ar: (p, t) => `شوهد آخر مرة في مكان غير المكان المسجل فيه الطفل (${level(p, t.locale)} مختلف)`,
  },
  location_same: {
    en: (p, t) => `last seen in the same ${level(p, t.locale)} (${t.place(String(p.code))})`,
    fr: (p, t) => `vu pour la dernière fois au même endroit (${level(p, t.locale)} : ${t.place(String(p.code))})`,
    ro: (p, t) => `văzut ultima dată în același loc (${level(p, t.locale)}: ${t.place(String(p.code))})`,
    ar: (p, t) => `شوهد آخر مرة في نفس المكان (${level(p, t.locale)}: ${t.place(String(p.code))})`,
  },
};

/** The sentence of a reason code in the reader's language; null for a code this version does not know. */
export function reasonText(code: string, params: ReasonParams, tools: TextTools): string | null {
  const text = TEXTS[code as ReasonCode]?.[tools.locale];
  return text ? text(params, tools) : null;
}
