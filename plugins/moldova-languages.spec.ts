import * as path from 'node:path';
import { PluginCatalogue, validateWithPlugins } from '@app/plugin-host';
import { lintPack, readPackDir, type PackFiles } from '@app/sop';
import { GBV_TYPE_LABELS } from './gbv/gbv-types';
import { INSTALLED_PLUGINS } from './index';

/**
 * Issue 19: the Moldova journey runs in every language of the pack (Romanian and Arabic included)
 * with no text left in English. The linter checks only some labels (titles, steps, roles...), and a
 * plugin lacking a pack language only warns and falls back to English, so this walks every text.
 */
const MOLDOVA = path.resolve(__dirname, '../sops/moldova');
const LOCALE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const catalogue = new PluginCatalogue(INSTALLED_PLUGINS);

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
/** A text in several languages: strings keyed by language codes, English among them. */
const isTranslated = (v: Record<string, unknown>) => typeof v.en === 'string' && Object.entries(v).every(([k, t]) => LOCALE.test(k) && typeof t === 'string');
/** A message template's versions: `{ en: { subject, text }, fr: ... }`. */
const isTemplateVersions = (v: Record<string, unknown>) => isObject(v.en) && typeof v.en.subject === 'string' && Object.keys(v).every((k) => LOCALE.test(k));

interface Walk {
  /** `<where> <path>: <missing languages>` for each text lacking one. */
  missing: string[];
  /** How many texts were seen (so a walk that finds nothing cannot pass unnoticed). */
  texts: number;
}

/** Every translated text under `value` (functions and code skipped) that lacks one of `locales`. */
function untranslated(value: unknown, locales: readonly string[], where: string, walk: Walk = { missing: [], texts: 0 }, at = '$'): Walk {
  if (Array.isArray(value)) value.forEach((v, i) => untranslated(v, locales, where, walk, `${at}[${i}]`));
  else if (isObject(value)) {
    if (isTranslated(value) || isTemplateVersions(value)) {
      walk.texts++;
      const lacking = locales.filter((l) => value[l] === undefined);
      if (lacking.length) walk.missing.push(`${where} ${at}: ${lacking.join(', ')}`);
    } else for (const [k, v] of Object.entries(value)) untranslated(v, locales, where, walk, `${at}.${k}`);
  }
  return walk;
}

/** The pack's own files (manifest, workflow, forms...) walked for texts lacking a pack language. */
function packWalk(files: PackFiles, locales: readonly string[]): Walk {
  const walk: Walk = { missing: [], texts: 0 };
  for (const [name, json] of Object.entries(files)) untranslated(json, locales, name, walk);
  return walk;
}

describe('the Moldova pack and its plugins in every pack language', () => {
  let files: PackFiles;
  let locales: string[];
  beforeAll(async () => {
    files = await readPackDir(MOLDOVA);
    locales = (files['pack.json'] as { locales: string[] }).locales;
  });

  it('speaks English, French, Romanian and Arabic', () => {
    expect(locales).toEqual(['en', 'fr', 'ro', 'ar']);
  });

  it('gives every label of the pack and of its forms in every pack language', () => {
    const walk = packWalk(files, locales);
    expect(walk.missing).toEqual([]);
    // Steps, transitions, roles, option lists, form fields, indicators...: hundreds, each seen.
    expect(walk.texts).toBeGreaterThan(300);
  });

  it('names a label that lacks a language, with its file and place', () => {
    const changed = structuredClone(files) as Record<string, any>;
    delete changed['forms/registration.v1.json'].schema.properties.first_name['x-label'].ar;
    delete changed['option-lists.json'].optionLists.sex[0].label.ro;
    expect(packWalk(changed, locales).missing.sort()).toEqual([
      'forms/registration.v1.json $.schema.properties.first_name.x-label: ar',
      'option-lists.json $.optionLists.sex[0].label: ro',
    ]);
  });

  it('publishes with no missing translation and no plugin text falling back to English', () => {
    const { pack, issues } = validateWithPlugins(files, catalogue);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(issues.filter((i) => i.code === 'plugin_translation_fallback').map((i) => `${i.file} ${i.path}`)).toEqual([]);
    expect(lintPack(pack!).filter((i) => i.code === 'missing_translation' || i.code === 'plugin_translation_fallback')).toEqual([]);
    // Every message, the pack's and the plugins', has an Arabic version of its own.
    for (const [id, template] of Object.entries(pack!.notifications.templates))
      expect([id, Object.keys(template.locales).sort()]).toEqual([id, [...locales].sort()]);
  });

  it.each(INSTALLED_PLUGINS.map((p) => [p.id, p] as const))('plugin %s has every text in every Moldova language', (id, plugin) => {
    const walk = untranslated(plugin, locales, id);
    expect(walk.missing).toEqual([]);
    expect(walk.texts).toBeGreaterThan(3);
  });

  it('labels the GBV incident types the plugin answers with in every Moldova language', () => {
    expect(untranslated(GBV_TYPE_LABELS, locales, 'gbv-types').missing).toEqual([]);
  });
});
