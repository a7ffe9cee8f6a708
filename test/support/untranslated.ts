import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from './app';
import { englishPackTexts } from './pack-texts';

const LOCALE_DIR = path.join(REPO_ROOT, 'apps', 'web', 'src', 'locales');
const read = (file: string): Record<string, string> => JSON.parse(readFileSync(path.join(LOCALE_DIR, file), 'utf8'));

/**
 * The interface's English texts (app texts, the form checks' messages and the form renderer's
 * texts) whose text in `locale` differs, cut at their placeholders: the pieces a page in that
 * language must not show. Plural messages are left out (their English forms are pieces of ICU syntax).
 */
export function englishInterfaceTexts(locale: string): string[] {
  const pieces: string[] = [];
  for (const [en, other] of [
    [read('en.json'), read(`${locale}.json`)],
    [read('form-errors-en.json'), read(`form-errors-${locale}.json`)],
  ]) {
    for (const [key, text] of Object.entries(en)) {
      if (text === other[key] || text.includes(', plural,')) continue;
      pieces.push(...text.split(/\{\w+\}/).map((s) => s.trim()));
    }
  }
  // The form renderer's own texts (buttons of lists, yes/no, "Item"…), in English unless the app translates them.
  pieces.push(...rjsfTexts().filter((s) => !s.includes('%')));
  return [...new Set(pieces)].filter((s) => s.length >= 3);
}

/** RJSF's English texts (its TranslatableString enum; read from its source, which Jest cannot load as a module). */
function rjsfTexts(): string[] {
  const source = readFileSync(path.join(REPO_ROOT, 'node_modules', '@rjsf', 'utils', 'lib', 'enums.js'), 'utf8');
  return [...source.matchAll(/TranslatableString\["\w+"\] = "((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]);
}

/** Interface texts long enough to be recognised inside a longer text without false alarms. */
const LONG = 12;

export interface EnglishLeft {
  /** Interface texts (en.json, form-errors-en.json, the form renderer's own) still in English. */
  interface: string[];
  /** The pack's labels (forms, options, steps, services…) still in English. */
  pack: string[];
}

/**
 * What is still in English on the page for a user of `locale`: interface texts seen whole (as an
 * element's text, a label, an option, or an aria-label, title or placeholder) or, when long, inside
 * the page's text; and the pack's texts seen whole. A text the same in English and `locale` is never
 * counted; the user's own typing is the caller's to write in the language.
 */
export function englishChecker(locale: string) {
  const ui = englishInterfaceTexts(locale);
  const pack = englishPackTexts(locale);
  return async (page: Page): Promise<EnglishLeft> => {
    const { whole, text } = await page.evaluate(() => {
      const d = (globalThis as any).document;
      const found = new Set<string>();
      const norm = (s: string) =>
        s
          .replace(/\s+/g, ' ')
          .trim()
          .replace(/\s*\*$/, '');
      for (const el of d.body.querySelectorAll('*')) {
        if (['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(el.tagName)) continue;
        const own = norm(el.textContent ?? '');
        if (own && own.length <= 400) found.add(own);
        for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
          const v = el.getAttribute(a);
          if (v) found.add(norm(v));
        }
      }
      return { whole: [...found], text: d.body.innerText as string };
    });
    const seen = new Set(whole);
    return {
      interface: ui.filter((s) => seen.has(s) || (s.length >= LONG && text.includes(s))),
      pack: pack.filter((s) => seen.has(s)),
    };
  };
}
