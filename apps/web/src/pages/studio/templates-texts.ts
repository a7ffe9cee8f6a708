/** The texts of the studio's message templates and reporting settings (studio-templates-*.json), falling back to the studio's, then the app's. */
import { LOCALES, Messages, translate } from '../../i18n';
import templatesAr from '../../locales/studio-templates-ar.json';
import templatesEn from '../../locales/studio-templates-en.json';
import templatesFr from '../../locales/studio-templates-fr.json';
import templatesRo from '../../locales/studio-templates-ro.json';
import ar from '../../locales/studio-ar.json';
import en from '../../locales/studio-en.json';
import fr from '../../locales/studio-fr.json';
import ro from '../../locales/studio-ro.json';
import { useApp } from '../../session';
import type { StudioT } from './studio-texts';
import type { TemplatesWords } from './templates-model';

const MESSAGES: Record<string, Messages> = {
  en: { ...en, ...templatesEn },
  fr: { ...fr, ...templatesFr },
  ro: { ...ro, ...templatesRo },
  ar: { ...ar, ...templatesAr },
};

export function useTemplatesT(): StudioT {
  const { locale } = useApp();
  return (key, vars) => translate(locale, key, vars, MESSAGES);
}

/** A template by its name in words: the platform's messages are named in the studio's texts, a pack's own by its id made readable. */
export function templateName(id: string, t: StudioT): string {
  const key = `templates.name.${id}`;
  const name = t(key);
  return name === key ? id.replace(/[_.-]+/g, ' ').replace(/^./, (c) => c.toUpperCase()) : name;
}

/** A language named in the interface's language ("French" in English), else by its own name. */
function languageName(locale: string, uiLocale: string): string {
  try {
    return new Intl.DisplayNames([uiLocale], { type: 'language' }).of(locale) ?? locale;
  } catch {
    return LOCALES[locale]?.name ?? locale;
  }
}

export function templatesWords(t: StudioT, uiLocale: string): TemplatesWords {
  return {
    templatePart: (id, locale, part) =>
      t('templates.element.part', { part: t(`templates.part.${part}`), template: templateName(id, t), language: languageName(locale, uiLocale) }),
    template: (id) => t('templates.element.template', { template: templateName(id, t) }),
    indicator: (indicator) => t('reporting.element.indicator', { indicator }),
    dashboard: (dashboard) => t('reporting.element.dashboard', { dashboard }),
    threshold: () => t('reporting.threshold'),
  };
}
