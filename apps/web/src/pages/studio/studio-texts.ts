/** The studio's texts (studio-*.json, falling back to the app's), and a finding in words: translated when the studio knows its code. */
import { Messages, translate } from '../../i18n';
import ar from '../../locales/studio-ar.json';
import en from '../../locales/studio-en.json';
import fr from '../../locales/studio-fr.json';
import ro from '../../locales/studio-ro.json';
import findingsAr from '../../locales/studio-findings-ar.json';
import findingsEn from '../../locales/studio-findings-en.json';
import findingsFr from '../../locales/studio-findings-fr.json';
import findingsRo from '../../locales/studio-findings-ro.json';
import { useApp } from '../../session';
import type { DraftFinding, ElementWords } from './draft-model';

// The findings' and the diff's texts live in files of their own (studio-findings-*.json).
const MESSAGES: Record<string, Messages> = {
  en: { ...en, ...findingsEn },
  fr: { ...fr, ...findingsFr },
  ar: { ...ar, ...findingsAr },
  ro: { ...ro, ...findingsRo },
};

export type StudioT = (key: string, vars?: Record<string, string | number>) => string;

export function useStudioT(): StudioT {
  const { locale } = useApp();
  return (key, vars) => translate(locale, key, vars, MESSAGES);
}

/** The lint or validation message: the studio's wording of its code, else the server's (English) text. */
export function findingText(f: DraftFinding, t: StudioT): { text: string; translated: boolean } {
  const key = `studio.finding.${f.code}`;
  const text = t(key);
  return text === key ? { text: f.message, translated: false } : { text, translated: true };
}

export function elementWords(t: StudioT): ElementWords {
  return {
    field: (field, form) => t('studio.element.field', { field, form }),
    form: (form) => t('studio.element.form', { form }),
    deadline: (deadline) => t('studio.element.deadline', { deadline }),
    step: (step) => t('studio.element.step', { step }),
    file: (file) => t('studio.element.file', { file }),
  };
}
