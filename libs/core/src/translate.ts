/** Picks a label in the wanted locale, falling back to English, then to any label. */
export function pickLabel(label: Record<string, string> | undefined, locale = 'en'): string {
  if (!label) return '';
  // Own keys only: a locale such as "constructor" must not reach the object's prototype.
  const own = (k: string) => (Object.prototype.hasOwnProperty.call(label, k) ? label[k] : undefined);
  return own(locale) ?? own('en') ?? Object.values(label)[0] ?? '';
}
