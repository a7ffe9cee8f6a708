/** The case migration page's texts (migration-*.json, falling back to the app's), like the versions page's. */
import { Messages, translate } from '../../i18n';
import ar from '../../locales/migration-ar.json';
import en from '../../locales/migration-en.json';
import fr from '../../locales/migration-fr.json';
import ro from '../../locales/migration-ro.json';
import refusalsAr from '../../locales/migration-refusals-ar.json';
import refusalsEn from '../../locales/migration-refusals-en.json';
import refusalsFr from '../../locales/migration-refusals-fr.json';
import refusalsRo from '../../locales/migration-refusals-ro.json';
import { useApp } from '../../session';

// A refused plan's reasons by keyword (refusal-text.ts) in files of their own.
const MESSAGES: Record<string, Messages> = {
  en: { ...en, ...refusalsEn },
  fr: { ...fr, ...refusalsFr },
  ar: { ...ar, ...refusalsAr },
  ro: { ...ro, ...refusalsRo },
};

export type MigrationT = (key: string, vars?: Record<string, string | number>) => string;

export function useMigrationT(): MigrationT {
  const { locale } = useApp();
  return (key, vars) => translate(locale, key, vars, MESSAGES);
}

/** Why a case stays, in words; an unknown reason by its code. */
export function reasonText(t: MigrationT, reason: string | null | undefined): string {
  const key = `migration.reason.${reason}`;
  const text = t(key);
  return text === key ? String(reason) : text;
}
