import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The web app's interface texts: every language has every text, with the same {placeholders}, so a
 * French or Arabic user never meets a missing label or a raw key.
 */
const dir = path.join(__dirname, '..', '..', 'apps', 'web', 'src', 'locales');
// `{name}` and the variable of each `{n, plural, ...}`.
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((m) => m[1]).sort();

describe('web app locales', () => {
  const families = new Map<string, Record<string, Record<string, string>>>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const [, family, locale] = /^(?:(.+)-)?([a-z]{2})\.json$/.exec(file) ?? [];
    const key = family ?? 'app';
    families.set(key, { ...(families.get(key) ?? {}), [locale]: JSON.parse(readFileSync(path.join(dir, file), 'utf8')) });
  }

  it('has English, French, Arabic and Romanian for the app texts', () => {
    expect(Object.keys(families.get('app') ?? {}).sort()).toEqual(['ar', 'en', 'fr', 'ro']);
  });

  it.each([...families.keys()])('%s: every language has the same texts and placeholders as English, none empty', (family) => {
    const byLocale = families.get(family)!;
    const en = byLocale.en;
    for (const [locale, messages] of Object.entries(byLocale)) {
      expect([locale, Object.keys(messages).sort()]).toEqual([locale, Object.keys(en).sort()]);
      for (const [key, text] of Object.entries(messages)) {
        expect([locale, key, text.trim().length > 0]).toEqual([locale, key, true]);
        expect([locale, key, placeholders(text)]).toEqual([locale, key, placeholders(en[key])]);
      }
    }
  });
});
