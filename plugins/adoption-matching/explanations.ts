/**
 * The explanation of each criterion of a family's score, in the reader's language. Criteria are
 * stored with a code and parameters (ages, counts, need ids, language and location codes); the
 * sentence is written when shown, so a panel member reading in Romanian reads Romanian. Needs are
 * named by the family form's option labels, languages by Intl.DisplayNames, places by the reader's
 * location labels; numbers with units go through Intl so each language gets its plural forms.
 */
import familyForm from './forms/adoption_matching_family.v1.json';

export type ExplanationCode =
  | 'age_unknown'
  | 'age_in_range'
  | 'age_younger'
  | 'age_older'
  | 'siblings'
  | 'needs_none'
  | 'needs_all_met'
  | 'needs_none_met'
  | 'needs_some_met'
  | 'language_unrecorded'
  | 'language_none_shared'
  | 'language_shared'
  | 'distance_same'
  | 'distance_near'
  | 'distance_region'
  | 'distance_far'
  | 'distance_unknown';

export type ExplanationParams = Record<string, string | number | string[] | null>;

export const LOCALES = ['en', 'fr', 'ro', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];

/** The reader's language among those the explanations are written in (English otherwise). */
export function textLocale(locale: string | null | undefined): Locale {
  const base = (locale ?? 'en').slice(0, 2).toLowerCase();
  return (LOCALES as readonly string[]).includes(base) ? (base as Locale) : 'en';
}

export interface TextTools {
  locale: Locale;
  /** A location's name in the reader's language (its code when unknown). */
  place(code: string): string;
}

type Text = (p: ExplanationParams, t: TextTools) => string;

/** The special needs' labels per language, from the family form (lower-cased to sit inside a sentence). */
const NEED_LABELS: Record<string, Partial<Record<Locale, string>>> = (() => {
  const labels: Record<string, Partial<Record<Locale, string>>> = {};
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (typeof n.const === 'string' && n['x-label'] && typeof n['x-label'] === 'object') {
      const entry: Partial<Record<Locale, string>> = {};
      for (const [l, text] of Object.entries(n['x-label'] as Record<string, string>)) entry[l as Locale] = text.charAt(0).toLocaleLowerCase(l) + text.slice(1);
      labels[n.const] ??= entry;
    }
    for (const v of Object.values(n)) visit(v);
  };
  visit((familyForm as { schema?: unknown }).schema ?? familyForm);
  return labels;
})();

const need = (id: string, locale: Locale) => NEED_LABELS[id]?.[locale] ?? NEED_LABELS[id]?.en ?? id;
const list = (items: string[], locale: Locale) => new Intl.ListFormat(locale, { type: 'conjunction', style: 'narrow' }).format(items);
const needs = (p: unknown, locale: Locale) =>
  list(
    (p as string[]).map((n) => need(n, locale)),
    locale,
  );
const language = (code: string, locale: Locale) => {
  if (!/^[a-z]{2,3}$/.test(code)) return code;
  try {
    return new Intl.DisplayNames([locale], { type: 'language', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
};
const languages = (p: unknown, locale: Locale) =>
  list(
    (p as string[]).map((c) => language(c, locale)),
    locale,
  );
const years = (n: unknown, locale: Locale) => new Intl.NumberFormat(locale, { style: 'unit', unit: 'year', unitDisplay: 'long' }).format(Number(n));
/** Romanian says "20 de copii" from twenty on. */
const roCount = (n: unknown, noun: string) => `${n} ${new Intl.PluralRules('ro').select(Number(n)) === 'other' ? 'de ' : ''}${noun}`;

const enAge = (age: unknown) => (Number(age) === 0 ? 'under 1 year old' : `${years(age, 'en')} old`);
const frAge = (age: unknown) => (Number(age) === 0 ? "moins d'un an" : years(age, 'fr'));
const roAge = (age: unknown) => (Number(age) === 0 ? 'sub un an' : years(age, 'ro'));
const arAge = (age: unknown) => (Number(age) === 0 ? 'أقل من سنة' : years(age, 'ar'));

const enRange = (p: ExplanationParams) => `the family accepts children aged ${p.min} to ${p.max}`;
const frRange = (p: ExplanationParams) => `la famille accueille des enfants de ${p.min} à ${years(p.max, 'fr')}`;
const roRange = (p: ExplanationParams) => `familia primește copii cu vârsta între ${p.min} și ${years(p.max, 'ro')}`;
const arRange = (p: ExplanationParams) => `الأعمار التي تقبلها الأسرة: من ${p.min} إلى ${p.max}`;

const AGE_NOTE: Record<'in' | 'younger' | 'older', Record<Locale, string>> = {
  in: { en: '', fr: '', ro: '', ar: '' },
  younger: { en: ' (the child is younger)', fr: " (l'enfant est plus jeune)", ro: ' (copilul este mai mic)', ar: ' (الطفل أصغر)' },
  older: { en: ' (the child is older)', fr: " (l'enfant est plus âgé)", ro: ' (copilul este mai mare)', ar: ' (الطفل أكبر)' },
};
const age = (fit: 'in' | 'younger' | 'older'): Record<Locale, Text> => ({
  en: (p) => `The child is ${enAge(p.age)}; ${enRange(p)}${AGE_NOTE[fit].en}.`,
  fr: (p) => `L'enfant a ${frAge(p.age)} ; ${frRange(p)}${AGE_NOTE[fit].fr}.`,
  ro: (p) => `Copilul are ${roAge(p.age)}; ${roRange(p)}${AGE_NOTE[fit].ro}.`,
  ar: (p) => `عمر الطفل: ${arAge(p.age)}؛ ${arRange(p)}${AGE_NOTE[fit].ar}.`,
});

function siblingsEn(p: ExplanationParams): string {
  const size = Number(p.size);
  const max = Number(p.max);
  const others = size - 1;
  const group = size <= 1 ? 'The child is to be placed alone' : `The child is to be placed with ${others} sibling${others === 1 ? '' : 's'} (${size} children)`;
  const accepts = max <= 1 ? 'the family accepts one child only' : `the family accepts ${size <= max ? 'up to' : 'at most'} ${max} children together`;
  return `${group}; ${accepts}.`;
}

const TEXTS: Record<ExplanationCode, Record<Locale, Text>> = {
  age_unknown: {
    en: (p) => `The child's date of birth is not known, so the age cannot be checked; ${enRange(p)}.`,
    fr: (p) => `La date de naissance de l'enfant n'est pas connue, l'âge ne peut donc pas être vérifié ; ${frRange(p)}.`,
    ro: (p) => `Data nașterii copilului nu este cunoscută, deci vârsta nu poate fi verificată; ${roRange(p)}.`,
    ar: (p) => `تاريخ ميلاد الطفل غير معروف، لذا لا يمكن التحقق من العمر؛ ${arRange(p)}.`,
  },
  age_in_range: age('in'),
  age_younger: age('younger'),
  age_older: age('older'),
  siblings: {
    en: siblingsEn,
    fr: (p) =>
      `${Number(p.size) <= 1 ? "L'enfant doit être placé seul" : `L'enfant doit être placé avec ses frères et sœurs (${p.size} enfants au total)`} ; ` +
      `${Number(p.max) <= 1 ? "la famille n'accueille qu'un seul enfant" : `la famille accueille au plus ${p.max} enfants ensemble`}.`,
    ro: (p) =>
      `${Number(p.size) <= 1 ? 'Copilul urmează să fie plasat singur' : `Copilul urmează să fie plasat împreună cu frații (${roCount(p.size, 'copii')} în total)`}; ` +
      `${Number(p.max) <= 1 ? 'familia primește un singur copil' : `familia primește cel mult ${roCount(p.max, 'copii')} împreună`}.`,
    ar: (p) =>
      `${Number(p.size) <= 1 ? 'يُودَع الطفل وحده' : `يُودَع الطفل مع إخوته (عدد الأطفال: ${p.size})`}؛ ` +
      `${Number(p.max) <= 1 ? 'تقبل الأسرة طفلًا واحدًا فقط' : `أقصى عدد من الأطفال تقبله الأسرة معًا: ${p.max}`}.`,
  },
  needs_none: {
    en: () => 'The child has no special needs recorded.',
    fr: () => "Aucun besoin particulier n'est enregistré pour l'enfant.",
    ro: () => 'Copilul nu are nevoi speciale înregistrate.',
    ar: () => 'لا توجد احتياجات خاصة مسجلة للطفل.',
  },
  needs_all_met: {
    en: (p) => `The family can meet all of the child's special needs (${(p.needs as string[]).map((n) => need(n, 'en')).join(', ')}).`,
    fr: (p) => `La famille peut répondre à tous les besoins particuliers de l'enfant (${needs(p.needs, 'fr')}).`,
    ro: (p) => `Familia poate răspunde tuturor nevoilor speciale ale copilului (${needs(p.needs, 'ro')}).`,
    ar: (p) => `تستطيع الأسرة تلبية جميع الاحتياجات الخاصة للطفل (${needs(p.needs, 'ar')}).`,
  },
  needs_none_met: {
    en: (p) => `The family cannot meet the child's special needs (${(p.needs as string[]).map((n) => need(n, 'en')).join(', ')}).`,
    fr: (p) => `La famille ne peut pas répondre aux besoins particuliers de l'enfant (${needs(p.needs, 'fr')}).`,
    ro: (p) => `Familia nu poate răspunde nevoilor speciale ale copilului (${needs(p.needs, 'ro')}).`,
    ar: (p) => `لا تستطيع الأسرة تلبية الاحتياجات الخاصة للطفل (${needs(p.needs, 'ar')}).`,
  },
  needs_some_met: {
    en: (p) => {
      const [met, missed] = [p.met as string[], p.missed as string[]];
      const label = (ids: string[]) => ids.map((n) => need(n, 'en')).join(', ');
      return `The family can meet ${met.length} of the child's ${met.length + missed.length} special needs (can: ${label(met)}; cannot: ${label(missed)}).`;
    },
    fr: (p) => `La famille peut répondre à une partie des besoins particuliers de l'enfant (oui : ${needs(p.met, 'fr')} ; non : ${needs(p.missed, 'fr')}).`,
    ro: (p) => `Familia poate răspunde doar unora dintre nevoile speciale ale copilului (da: ${needs(p.met, 'ro')}; nu: ${needs(p.missed, 'ro')}).`,
    ar: (p) => `تستطيع الأسرة تلبية بعض الاحتياجات الخاصة للطفل (تستطيع: ${needs(p.met, 'ar')}؛ لا تستطيع: ${needs(p.missed, 'ar')}).`,
  },
  language_unrecorded: {
    en: () => 'No language is recorded for the child (e.g. a baby), so any family fits.',
    fr: () => "Aucune langue n'est enregistrée pour l'enfant (par exemple un bébé) : toute famille convient.",
    ro: () => 'Nu este înregistrată nicio limbă pentru copil (de exemplu, un bebeluș), deci orice familie se potrivește.',
    ar: () => 'لا توجد لغة مسجلة للطفل (مثل رضيع)، لذا تناسبه أي أسرة.',
  },
  language_none_shared: {
    en: (p) =>
      `The family speaks none of the child's languages (${(p.spoken as string[]).join(', ')}); it speaks ${(p.offered as string[]).join(', ') || 'no recorded language'}.`,
    fr: (p) =>
      `La famille ne parle aucune des langues de l'enfant (${languages(p.spoken, 'fr')}) ; elle parle : ${languages(p.offered, 'fr') || 'aucune langue enregistrée'}.`,
    ro: (p) =>
      `Familia nu vorbește niciuna dintre limbile copilului (${languages(p.spoken, 'ro')}); vorbește: ${languages(p.offered, 'ro') || 'nicio limbă înregistrată'}.`,
    ar: (p) => `لا تتحدث الأسرة أيًّا من لغات الطفل (${languages(p.spoken, 'ar')})؛ لغات الأسرة: ${languages(p.offered, 'ar') || 'لا توجد لغة مسجلة'}.`,
  },
  language_shared: {
    en: (p) => `The family speaks ${(p.shared as string[]).join(', ')}, which the child speaks.`,
    fr: (p) => `La famille parle une langue de l'enfant : ${languages(p.shared, 'fr')}.`,
    ro: (p) => `Familia vorbește o limbă a copilului: ${languages(p.shared, 'ro')}.`,
    ar: (p) => `تتحدث الأسرة لغة يتحدثها الطفل: ${languages(p.shared, 'ar')}.`,
  },
  distance_same: {
    en: (p, t) => `The family lives in the same place as the child (${t.place(String(p.child))}).`,
    fr: (p, t) => `La famille vit au même endroit que l'enfant (${t.place(String(p.child))}).`,
    ro: (p, t) => `Familia locuiește în aceeași localitate cu copilul (${t.place(String(p.child))}).`,
    ar: (p, t) => `تعيش الأسرة في المكان نفسه الذي يعيش فيه الطفل (${t.place(String(p.child))}).`,
  },
  distance_near: {
    en: (p, t) => `The family lives in ${t.place(String(p.family))}, in the same area as the child (${t.place(String(p.common))}).`,
    fr: (p, t) => `La famille vit à ${t.place(String(p.family))}, dans la même zone que l'enfant (${t.place(String(p.common))}).`,
    ro: (p, t) => `Familia locuiește în ${t.place(String(p.family))}, în aceeași zonă cu copilul (${t.place(String(p.common))}).`,
    ar: (p, t) => `تعيش الأسرة في ${t.place(String(p.family))}، في المنطقة نفسها التي يعيش فيها الطفل (${t.place(String(p.common))}).`,
  },
  distance_region: {
    en: (p, t) => `The family lives in ${t.place(String(p.family))}, in the same wider area as the child (${t.place(String(p.common))}).`,
    fr: (p, t) => `La famille vit à ${t.place(String(p.family))}, dans la même région que l'enfant (${t.place(String(p.common))}).`,
    ro: (p, t) => `Familia locuiește în ${t.place(String(p.family))}, în aceeași regiune cu copilul (${t.place(String(p.common))}).`,
    ar: (p, t) => `تعيش الأسرة في ${t.place(String(p.family))}، في الإقليم نفسه الذي يعيش فيه الطفل (${t.place(String(p.common))}).`,
  },
  distance_far: {
    en: (p, t) => `The family lives in ${t.place(String(p.family))}, far from the child (${t.place(String(p.child))}).`,
    fr: (p, t) => `La famille vit à ${t.place(String(p.family))}, loin de l'enfant (${t.place(String(p.child))}).`,
    ro: (p, t) => `Familia locuiește în ${t.place(String(p.family))}, departe de copil (${t.place(String(p.child))}).`,
    ar: (p, t) => `تعيش الأسرة في ${t.place(String(p.family))}، بعيدًا عن الطفل (${t.place(String(p.child))}).`,
  },
  distance_unknown: {
    en: (p) => `The location of the ${p.side === 'child' ? 'child' : 'family'} is not known, so distance gives no points.`,
    fr: (p) => `Le lieu de ${p.side === 'child' ? "l'enfant" : 'la famille'} n'est pas connu : la distance ne donne aucun point.`,
    ro: (p) => `Locul ${p.side === 'child' ? 'copilului' : 'familiei'} nu este cunoscut, deci distanța nu aduce puncte.`,
    ar: (p) => `مكان ${p.side === 'child' ? 'الطفل' : 'الأسرة'} غير معروف، لذا لا تمنح المسافة أي نقاط.`,
  },
};

/** The sentence of an explanation code in the reader's language; null for a code this version does not know. */
export function explanationText(code: string, params: ExplanationParams, tools: TextTools): string | null {
  const text = TEXTS[code as ExplanationCode]?.[tools.locale];
  return text ? text(params, tools) : null;
}
