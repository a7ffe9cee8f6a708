/** The studio's texts (studio-*.json, falling back to the app's), and a finding in words: translated when the studio knows its code. */
import { createContext, createElement, ReactNode, useContext, useMemo } from 'react';
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
import { draftNames, DraftNames, findingVars } from './finding-words';

// The findings' and the diff's texts live in files of their own (studio-findings-*.json).
export const STUDIO_MESSAGES: Record<string, Messages> = {
  en: { ...en, ...findingsEn },
  fr: { ...fr, ...findingsFr },
  ar: { ...ar, ...findingsAr },
  ro: { ...ro, ...findingsRo },
};

export type StudioT = (key: string, vars?: Record<string, string | number>) => string;

export function useStudioT(): StudioT {
  const { locale } = useApp();
  return (key, vars) => translate(locale, key, vars, STUDIO_MESSAGES);
}

/** What a finding's params are worded with: the draft's labels, and language names, in the reader's language. */
export interface FindingWords {
  names: DraftNames | null;
  languageName(code: string): string;
}

const FindingWordsContext = createContext<FindingWords>({ names: null, languageName: (code) => code });

/** Gives the findings shown inside it the labels of this draft's elements. */
export function DraftFindingWords({ files, children }: { files: Record<string, unknown>; children: ReactNode }) {
  const { locale } = useApp();
  const value = useMemo(() => findingWords(files, locale), [files, locale]);
  return createElement(FindingWordsContext.Provider, { value }, children);
}

export const useFindingWords = (): FindingWords => useContext(FindingWordsContext);

export function findingWords(files: Record<string, unknown>, locale: string): FindingWords {
  const display = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames([locale], { type: 'language' }) : null;
  return { names: draftNames(files, locale), languageName: (code) => display?.of(code) ?? code };
}

/**
 * The lint or validation message in the reader's language, its params worded with labels; the
 * server's (English) text when the studio has no text for its code, or the finding lacks the params
 * its text needs (saved before findings had them).
 */
export function findingText(f: DraftFinding, t: StudioT, words?: FindingWords): { text: string; translated: boolean } {
  const key = `studio.finding.${f.code}`;
  const text = t(key, findingVars(f, words?.names ?? null, words?.languageName ?? ((c) => c)));
  return text === key || /\{\w+\}/.test(text) ? { text: f.message, translated: false } : { text, translated: true };
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
