import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { checkScreens, screensOf } from '@app/plugin-host';
import type { PluginScreen } from '@app/plugin-sdk';
import { INSTALLED_PLUGINS } from './index';

/**
 * Every installed plugin's screens as the Moldova pack enables it (its settings, with the schema's
 * defaults filled in as the pack loader does): usable (routes, forms, parameters and paths exist)
 * and every text in each of the pack's languages, so no Moldova user reads a plugin screen in English.
 */
const pack = JSON.parse(readFileSync(path.resolve(__dirname, '../sops/moldova/pack.json'), 'utf8')) as {
  locales: string[];
  plugins: Array<{ id: string; settings?: Record<string, unknown> }>;
};

function moldovaSettings(id: string): Record<string, unknown> | undefined {
  const entry = pack.plugins.find((p) => p.id === id);
  if (!entry) return undefined;
  const settings = structuredClone(entry.settings ?? {});
  const def = INSTALLED_PLUGINS.find((p) => p.id === id)!;
  if (def.settingsSchema) new Ajv2020({ strict: false, useDefaults: true, validateFormats: false }).validate(def.settingsSchema, settings);
  return settings;
}

/** The paths of every text (an object with an English string) lacking one of `locales`. */
function untranslated(node: unknown, locales: string[], at = '$'): string[] {
  if (Array.isArray(node)) return node.flatMap((x, i) => untranslated(x, locales, `${at}[${i}]`));
  if (!node || typeof node !== 'object') return [];
  const obj = node as Record<string, unknown>;
  if (typeof obj.en === 'string' && Object.values(obj).every((v) => typeof v === 'string')) {
    return locales.filter((l) => typeof obj[l] !== 'string' || obj[l] === '').map((l) => `${at} (${l}): "${obj.en}"`);
  }
  return Object.entries(obj).flatMap(([k, v]) => untranslated(v, locales, `${at}.${k}`));
}

const enabled = INSTALLED_PLUGINS.filter((p) => pack.plugins.some((e) => e.id === p.id));
const screensFor = (id: string): PluginScreen[] =>
  screensOf(
    INSTALLED_PLUGINS.find((p) => p.id === id)!,
    moldovaSettings(id),
  );

describe('plugin screens with the Moldova pack settings', () => {
  it('the pack enables the plugins whose screens these tests read', () => {
    expect(enabled.map((p) => p.id).sort()).toEqual(['adoption-matching', 'family-tracing', 'gbv']);
  });

  it.each(enabled.map((p) => p.id))('%s: its screens pass the screen contract (routes, forms, parameters, paths)', (id) => {
    const def = INSTALLED_PLUGINS.find((p) => p.id === id)!;
    const screens = screensFor(id);
    expect(screens.length).toBeGreaterThan(0);
    expect(checkScreens(def, screens)).toEqual([]);
  });

  it.each(enabled.map((p) => p.id))("%s: every text of its screens is in each of the pack's languages", (id) => {
    expect(untranslated(screensFor(id), pack.locales)).toEqual([]);
  });

  it('family tracing: a request is recorded from the menu list, its candidates reached from the request and decided with a reason', () => {
    const byId = new Map(screensFor('family-tracing').map((s) => [s.id, s]));
    expect(byId.get('requests')?.placement).toEqual(['menu', 'home']);
    const request = byId.get('request')!.view;
    expect(request.kind === 'detail' && request.sections.some((s) => s.kind === 'link' && s.screen === 'candidates')).toBe(true);
    const candidates = byId.get('candidates')!.view;
    const table = candidates.kind === 'detail' ? candidates.sections.find((s) => s.kind === 'table') : undefined;
    const decide = table?.kind === 'table' ? table.rowActions?.find((a) => a.route === 'decide_match') : undefined;
    expect(decide?.form && 'schema' in decide.form ? (decide.form.schema as { required: string[] }).required : []).toEqual(['decision', 'reason']);
  });

  it("adoption matching: the case page shows the child's matches with the panel's decision; proposals name the family by the row", () => {
    const byId = new Map(screensFor('adoption-matching').map((s) => [s.id, s]));
    expect(byId.get('case_matches')?.placement).toEqual(['case']);
    const proposals = byId.get('proposals')!.view;
    const table = proposals.kind === 'detail' ? proposals.sections.find((s) => s.kind === 'table') : undefined;
    const propose = table?.kind === 'table' ? table.rowActions?.find((a) => a.route === 'propose_match') : undefined;
    expect(propose?.bodyFrom).toEqual({ familyId: 'row.familyId' });
  });
});
