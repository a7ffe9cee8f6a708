/** The texts of the studio's conditions on questions (studio-conditions-*.json), falling back to the studio's. */
import { translate, type Messages } from '../../i18n';
import ar from '../../locales/studio-conditions-ar.json';
import en from '../../locales/studio-conditions-en.json';
import fr from '../../locales/studio-conditions-fr.json';
import ro from '../../locales/studio-conditions-ro.json';
import studioAr from '../../locales/studio-ar.json';
import studioEn from '../../locales/studio-en.json';
import studioFr from '../../locales/studio-fr.json';
import studioRo from '../../locales/studio-ro.json';
import { useApp } from '../../session';
import type { StudioT } from './studio-texts';

const MESSAGES: Record<string, Messages> = {
  en: { ...studioEn, ...en },
  fr: { ...studioFr, ...fr },
  ar: { ...studioAr, ...ar },
  ro: { ...studioRo, ...ro },
};

export function useConditionsT(): StudioT {
  const { locale } = useApp();
  return (key, vars) => translate(locale, key, vars, MESSAGES);
}
