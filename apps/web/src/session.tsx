import type { Me } from './api-types';
import { createContext, useContext } from 'react';
import { translate } from './i18n';

export type { Me };

export interface AppState {
  me: Me | null;
  locale: string;
  /** The pack's time zone (pack.json `timezone`) case dates are shown in; undefined until the SOP is loaded. */
  timeZone?: string;
  setLocale(locale: string): void;
  signedIn(): Promise<void>;
  signOut(): Promise<void>;
}

export const AppContext = createContext<AppState>(null as unknown as AppState);

export function useApp(): AppState {
  return useContext(AppContext);
}

/** `const t = useT(); t('home.title')` */
export function useT(): (key: string, vars?: Record<string, string | number>) => string {
  const { locale } = useApp();
  return (key, vars) => translate(locale, key, vars);
}
