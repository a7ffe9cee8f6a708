/** The workflow editor's texts (studio-workflow-*.json), falling back to the studio's, then the app's. */
import { Messages, translate } from '../../i18n';
import studioAr from '../../locales/studio-ar.json';
import studioEn from '../../locales/studio-en.json';
import studioFr from '../../locales/studio-fr.json';
import studioRo from '../../locales/studio-ro.json';
import ar from '../../locales/studio-workflow-ar.json';
import en from '../../locales/studio-workflow-en.json';
import fr from '../../locales/studio-workflow-fr.json';
import ro from '../../locales/studio-workflow-ro.json';
import { useApp } from '../../session';
import type { StudioT } from './studio-texts';

const MESSAGES: Record<string, Messages> = {
  en: { ...studioEn, ...en },
  fr: { ...studioFr, ...fr },
  ar: { ...studioAr, ...ar },
  ro: { ...studioRo, ...ro },
};

export function useWorkflowT(): StudioT {
  const { locale } = useApp();
  return (key, vars) => translate(locale, key, vars, MESSAGES);
}
