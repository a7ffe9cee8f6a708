/** The texts of the studio's "what if" section (studio-whatif-*.json), falling back to the studio's, then the app's. */
import { Messages, translate } from '../../i18n';
import whatIfAr from '../../locales/studio-whatif-ar.json';
import whatIfEn from '../../locales/studio-whatif-en.json';
import whatIfFr from '../../locales/studio-whatif-fr.json';
import whatIfRo from '../../locales/studio-whatif-ro.json';
import ar from '../../locales/studio-ar.json';
import en from '../../locales/studio-en.json';
import fr from '../../locales/studio-fr.json';
import ro from '../../locales/studio-ro.json';
import { useApp } from '../../session';
import type { StudioT } from './studio-texts';

const MESSAGES: Record<string, Messages> = {
  en: { ...en, ...whatIfEn },
  fr: { ...fr, ...whatIfFr },
  ro: { ...ro, ...whatIfRo },
  ar: { ...ar, ...whatIfAr },
};

export function useWhatIfT(): StudioT {
  const { locale } = useApp();
  return (key, vars) => translate(locale, key, vars, MESSAGES);
}
