/** Picks a label in the wanted locale, falling back to English, then to any label. */
export function pickLabel(label: Record<string, string> | undefined, locale = 'en'): string {
  if (!label) return '';
  return label[locale] ?? label.en ?? Object.values(label)[0] ?? '';
}
