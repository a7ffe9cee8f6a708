/** The offline screens' texts (offline-*.json, falling back to the app's). */
import { Messages, translate } from '../i18n';
import offlineAr from '../locales/offline-ar.json';
import offlineEn from '../locales/offline-en.json';
import offlineFr from '../locales/offline-fr.json';
import offlineRo from '../locales/offline-ro.json';
import { useApp } from '../session';

const OFFLINE_MESSAGES: Record<string, Messages> = { en: offlineEn, fr: offlineFr, ar: offlineAr, ro: offlineRo };

export type OfflineT = (key: string, vars?: Record<string, string | number>) => string;

export function offlineTranslate(locale: string, key: string, vars: Record<string, string | number> = {}): string {
  return translate(locale, key, vars, OFFLINE_MESSAGES);
}

export function useOfflineT(): OfflineT {
  const { locale } = useApp();
  return (key, vars) => translate(locale, key, vars, OFFLINE_MESSAGES);
}
