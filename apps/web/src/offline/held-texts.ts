/** The held-changes screen's texts in the user's language (offline-held-*.json, falling back to the app's). */
import { useApp } from '../session';
import { heldTranslate, type HeldT } from './held-words';

export function useHeldT(): HeldT {
  const { locale } = useApp();
  return (key, vars) => heldTranslate(locale, key, vars);
}
