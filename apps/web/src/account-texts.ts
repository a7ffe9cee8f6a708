/**
 * Texts of the first-run page, the user's own profile and the service directory's administration
 * (account-*.json), falling back to the app's messages, then to English.
 */
import { Messages, translate } from './i18n';
import accountAr from './locales/account-ar.json';
import accountEn from './locales/account-en.json';
import accountFr from './locales/account-fr.json';
import accountRo from './locales/account-ro.json';
import { useApp } from './session';

const ACCOUNT_MESSAGES: Record<string, Messages> = { en: accountEn, fr: accountFr, ar: accountAr, ro: accountRo };

export type AccountT = (key: string, vars?: Record<string, string | number>) => string;

export function accountTranslate(locale: string, key: string, vars: Record<string, string | number> = {}): string {
  return translate(locale, key, vars, ACCOUNT_MESSAGES);
}

export function useAccountT(): AccountT {
  const { locale } = useApp();
  return (key, vars) => accountTranslate(locale, key, vars);
}
