import { registerErrorTexts, type ErrorTexts } from '@app/core';
import type { PluginDefinition, PluginOperator } from '@app/plugin-sdk';
import { pluginFileName, validatePack, type PackFiles, type ValidatePackOptions, type ValidatePackResult } from '@app/sop';
import type { PluginPackData } from '@app/pack-types';
import { createDefaultOperators, type OperatorRegistry } from '@app/rules';
import { defaultEffects, type EffectRegistry } from '@app/workflow';
import { createDefaultFieldTypes, type FieldTypeRegistry } from '@app/forms';
import type { PackExtensions } from '@app/sop-registry';
import { checkPluginDefinition } from './plugin-contract';

/** A plugin's words for one code, by locale (as the API's problem catalogue holds them). */
function byLocale(words: { title: Record<string, string>; detail?: Record<string, string> }): Record<string, ErrorTexts> {
  return Object.fromEntries(
    Object.entries(words.title).map(([locale, title]) => [locale, { title, ...(words.detail?.[locale] ? { detail: words.detail[locale] } : {}) }]),
  );
}

/** Thrown at start-up when an installed plugin breaks the contract. */
export class PluginContractError extends Error {
  constructor(
    readonly pluginId: string,
    readonly problems: string[],
  ) {
    super(`Plugin "${pluginId}" cannot be loaded:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PluginContractError';
  }
}

/**
 * The plugins installed in this deployment (plugins/index.ts), checked against the contract. It
 * tells packs what each contributes (as data written into the pack's files) and gives the engine
 * the effects, operators and field formats of the plugins a pack enables. A plugin a pack does not
 * enable contributes nothing.
 */
export class PluginCatalogue implements PackExtensions {
  private readonly byId = new Map<string, PluginDefinition<any>>();
  private readonly options = new Map<string, ValidatePackOptions>();

  constructor(plugins: ReadonlyArray<PluginDefinition<any>>) {
    for (const def of plugins) {
      const problems = checkPluginDefinition(def);
      if (this.byId.has(def.id)) problems.push('another installed plugin has the same id');
      for (const subject of Object.keys(def.subjects ?? {})) {
        const other = [...this.byId.values()].find((p) => Object.prototype.hasOwnProperty.call(p.subjects ?? {}, subject));
        if (other) problems.push(`subject "${subject}" is already declared by plugin "${other.id}"`);
      }
      if (problems.length) throw new PluginContractError(def.id, problems);
      this.byId.set(def.id, def);
      for (const [code, words] of Object.entries(def.problems ?? {})) registerErrorTexts(code, byLocale(words));
    }
  }

  all(): PluginDefinition<any>[] {
    return [...this.byId.values()];
  }

  get(id: string): PluginDefinition<any> | undefined {
    return this.byId.get(id);
  }

  /** What the plugin contributes to a pack, as data (plugins/<id>.json). */
  packData(id: string): PluginPackData | undefined {
    const def = this.byId.get(id);
    if (!def) return undefined;
    // JSON round trip: what is stored is exactly what a later load validates.
    return JSON.parse(
      JSON.stringify({
        id: def.id,
        version: def.version,
        name: def.name,
        settingsSchema: def.settingsSchema,
        forms: def.forms ?? [],
        fragments: def.fragments ?? [],
        templates: def.templates ?? {},
        indicators: def.indicators ?? [],
        subjects: def.subjects ?? {},
        effects: Object.keys(def.effects ?? {}),
        operators: Object.keys(def.operators ?? {}),
        fieldFormats: Object.keys(def.fieldFormats ?? {}),
        channels: (def.channels ?? []).map((c) => c.id),
        // Absent, not empty, for a plugin without facts: its stored data (and the pack's hash) stay as they were.
        facts: def.facts ? Object.keys(def.facts) : undefined,
        events: def.events,
      } satisfies PluginPackData),
    );
  }

  attach(files: PackFiles): PackFiles {
    const out: PackFiles = {};
    for (const [name, content] of Object.entries(files)) if (!name.startsWith('plugins/')) out[name] = content;
    const entries = ((files['pack.json'] as any)?.plugins ?? []) as Array<{ id?: unknown }>;
    for (const entry of Array.isArray(entries) ? entries : []) {
      const data = typeof entry?.id === 'string' ? this.packData(entry.id) : undefined;
      if (data) out[pluginFileName(data.id)] = data;
    }
    const ordered: PackFiles = {};
    for (const k of Object.keys(out).sort()) ordered[k] = out[k];
    return ordered;
  }

  validateOptions(pluginIds: string[]): ValidatePackOptions {
    const plugins = [...new Set(pluginIds)].map((id) => this.byId.get(id)).filter((d): d is PluginDefinition<any> => !!d);
    const key = plugins
      .map((p) => p.id)
      .sort()
      .join(',');
    let options = this.options.get(key);
    if (!options) {
      options = buildOptions(plugins);
      this.options.set(key, options);
    }
    return options;
  }
}

function buildOptions(plugins: PluginDefinition<any>[]): ValidatePackOptions {
  if (plugins.length === 0) return {};
  const effects: EffectRegistry = defaultEffects();
  const operators: OperatorRegistry = createDefaultOperators();
  const fieldTypes: FieldTypeRegistry = createDefaultFieldTypes();
  for (const p of plugins) {
    for (const [name, handler] of Object.entries(p.effects ?? {})) effects.register(name, handler);
    for (const [name, op] of Object.entries(p.operators ?? {})) {
      const o = op as PluginOperator;
      if (typeof o === 'function') operators.register(name, o);
      else operators.register(name, o.fn, { lazy: true });
    }
    for (const [name, check] of Object.entries(p.fieldFormats ?? {})) {
      fieldTypes.register(name, { validate: check, message: `is not a valid ${name}` });
    }
  }
  return { effects, operators, fieldTypes };
}

/** Validates pack files as the platform does: with what the installed plugins the pack enables contribute. */
export function validateWithPlugins(files: PackFiles, catalogue: PluginCatalogue): ValidatePackResult {
  const attached = catalogue.attach(files);
  const ids = (((attached['pack.json'] as any)?.plugins ?? []) as Array<{ id?: unknown }>).map((p) => String(p?.id));
  return validatePack(attached, catalogue.validateOptions(ids));
}
