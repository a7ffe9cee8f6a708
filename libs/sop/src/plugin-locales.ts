import type { PluginPackData } from '@app/pack-types';
import { jp, PackIssue } from './pack-issue';

/** The shape of a locale code (common.schema.json `translated`). */
const LOCALE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/**
 * A plugin's languages are those of its `name`; its default language is English, which the plugin
 * contract requires of every name (else, for data no contract checked, the name's first language).
 * A plugin is written once for every pack, so its text follows the pack's languages instead of being
 * checked against them: a language the pack does not use is dropped, and a pack language the plugin
 * lacks gets the plugin's default text (a warning, not an error).
 */
export function pluginLanguages(data: Pick<PluginPackData, 'name'>): string[] {
  return Object.keys(data.name ?? {}).filter((k) => LOCALE.test(k));
}

export interface LocalisedPlugin {
  /** A copy of the plugin's contribution with every text in exactly the pack's languages. */
  data: PluginPackData;
  /** Per contribution (`$.forms[0]`, `$.templates.<id>`...): the pack languages it had to fall back for. */
  fallbacks: Map<string, { what: string; locales: Set<string> }>;
  /** The plugin's default language, what a missing language falls back to. */
  defaultLocale: string;
}

/** Rewrites a plugin's contribution (forms, fragments, templates, indicators, event labels, name) into the pack's languages. */
export function localisePlugin(source: PluginPackData, packLocales: readonly string[]): LocalisedPlugin {
  const data = structuredClone(source);
  const own = pluginLanguages(data);
  const defaultLocale = own.includes('en') ? 'en' : (own[0] ?? 'en');
  const fallbacks: LocalisedPlugin['fallbacks'] = new Map();
  const note = (path: string, what: string, locale: string) => {
    const entry = fallbacks.get(path) ?? { what, locales: new Set<string>() };
    entry.locales.add(locale);
    fallbacks.set(path, entry);
  };
  /** Picks the text for `locale` from a map of languages: its own, else the default's, else the plugin's first it has. */
  const pick = <T>(byLocale: Record<string, T>, locale: string): T | undefined => {
    if (byLocale[locale] !== undefined) return byLocale[locale];
    for (const l of [defaultLocale, ...own, ...Object.keys(byLocale)]) if (byLocale[l] !== undefined) return byLocale[l];
    return undefined;
  };
  const inPackLocales = <T>(byLocale: Record<string, T>, path: string, what: string): Record<string, T> => {
    const out: Record<string, T> = {};
    for (const locale of packLocales) {
      if (byLocale[locale] === undefined) note(path, what, locale);
      const text = pick(byLocale, locale);
      if (text !== undefined) out[locale] = text;
    }
    return out;
  };
  const isTranslated = (v: unknown): v is Record<string, string> => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
    const entries = Object.entries(v);
    // A language the plugin declares among its keys tells a translation from any other string map ({ id: "age" }).
    return entries.length > 0 && entries.every(([k, t]) => LOCALE.test(k) && typeof t === 'string') && entries.some(([k]) => own.includes(k));
  };
  const walk = (value: unknown, path: string, what: string): unknown => {
    if (isTranslated(value)) return inPackLocales(value, path, what);
    if (Array.isArray(value)) return value.map((v) => walk(v, path, what));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = walk(v, path, what);
      return out;
    }
    return value;
  };

  // Readers never see the name from here (the plugins API serves the installed plugin's): no warning.
  data.name = inPackLocales(data.name, '', '');
  fallbacks.delete('');
  data.forms = data.forms?.map((f, i) => walk(f, jp('$.forms', i), `form "${f.id}"`) as typeof f);
  data.fragments = data.fragments?.map((f, i) => walk(f, jp('$.fragments', i), `fragment "${f.id}"`) as typeof f);
  data.indicators = data.indicators?.map((d, i) => walk(d, jp('$.indicators', i), `indicator "${d.id}"`) as typeof d);
  for (const [id, def] of Object.entries(data.templates ?? {})) {
    def.locales = inPackLocales(def.locales, jp('$.templates', id), `template "${id}"`);
  }
  if (data.events) {
    data.events = Object.fromEntries(Object.entries(data.events).map(([name, label]) => [name, inPackLocales(label, jp('$.events', name), `event "${name}"`)]));
  }
  return { data, fallbacks, defaultLocale };
}

/**
 * The warnings of a localised plugin, one per contribution the pack actually gets (an included
 * fragment, a template the pack does not replace with its own), naming the languages that fall back.
 */
export function fallbackWarnings(pluginId: string, file: string, localised: LocalisedPlugin, used: (path: string) => boolean): PackIssue[] {
  const issues: PackIssue[] = [];
  for (const [path, { what, locales }] of localised.fallbacks) {
    if (!used(path)) continue;
    const list = [...locales].map((l) => `"${l}"`).join(', ');
    issues.push({
      file,
      path,
      code: 'plugin_translation_fallback',
      severity: 'warning',
      message: `plugin "${pluginId}" has no ${list} text for ${what}: those readers get its "${localised.defaultLocale}" text (the plugin's default language)`,
    });
  }
  return issues;
}
