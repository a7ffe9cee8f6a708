/** Texts of the DHIS2 reporting page (dhis2-*.json, falling back to the app's) and the API's shapes for it. */
import type { ApiResponse } from '../api-types';
import { Messages, translate } from '../i18n';
import ar from '../locales/dhis2-ar.json';
import en from '../locales/dhis2-en.json';
import fr from '../locales/dhis2-fr.json';
import ro from '../locales/dhis2-ro.json';
import { useApp } from '../session';

const MESSAGES: Record<string, Messages> = { en, fr, ar, ro };

export type Dhis2T = (key: string, vars?: Record<string, string | number>) => string;

export function dhis2Translate(locale: string, key: string, vars: Record<string, string | number> = {}): string {
  return translate(locale, key, vars, MESSAGES);
}

export function useDhis2T(): Dhis2T {
  const { locale } = useApp();
  return (key, vars) => translate(locale, key, vars, MESSAGES);
}

export type Dhis2Status = ApiResponse<'Dhis2Controller_status'>;
export type Dhis2Preview = ApiResponse<'Dhis2Controller_preview'>;
export type Dhis2Delivery = ApiResponse<'Dhis2Controller_push'>;
