import * as path from 'node:path';
import { PluginCatalogue, validateWithPlugins } from '@app/plugin-host';
import { lintPack, readPackDir, type PackFiles, type PackIssue } from '@app/sop';
import { renderMessage, type MessageContext } from '@app/templates';
import { INSTALLED_PLUGINS } from './index';

/** ngo-lite in English only, enabling every shipped plugin (with the adoption fragment). */
const EN_ONLY = path.resolve(__dirname, '../test/fixtures/packs/en-only-plugins');
const catalogue = new PluginCatalogue(INSTALLED_PLUGINS);
const errors = (issues: PackIssue[]) => issues.filter((i) => i.severity === 'error').map((i) => `${i.file} ${i.path}: ${i.message}`);

/** The fixture with a second pack language `xx`, which no shipped plugin has. */
function withLocaleXx(files: PackFiles): PackFiles {
  const out = structuredClone(files);
  const manifest = out['pack.json'] as any;
  manifest.locales = ['en', 'xx'];
  // The pack's own text in both languages: only the plugins' is missing "xx".
  const translate = (v: any): any => {
    if (Array.isArray(v)) return v.map(translate);
    if (v && typeof v === 'object') {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === 'en' && typeof v.en === 'string') return { en: v.en, xx: `[xx] ${v.en}` };
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, translate(x)]));
    }
    return v;
  };
  // The platform's default consent givers have no "xx" either (and are checked as the pack's own): the pack lists its own.
  out['security.json'] = {
    consent: {
      purposes: [{ id: 'tracing', label: { en: 'Family tracing' } }],
      givers: [
        { id: 'person_concerned', label: { en: 'The person concerned' } },
        { id: 'legal_representative', label: { en: 'Legal representative' } },
      ],
    },
  };
  for (const name of Object.keys(out)) if (name.endsWith('.json') && !name.startsWith('plugins/')) out[name] = translate(out[name]);
  return out;
}

describe('packs in languages the plugins do not all share', () => {
  let files: PackFiles;
  beforeAll(async () => {
    files = await readPackDir(EN_ONLY);
  });

  it('a pack whose only language is English enables every shipped plugin without an error', () => {
    const enabled = (files['pack.json'] as any).plugins.map((p: any) => p.id).sort();
    expect(enabled).toEqual(INSTALLED_PLUGINS.map((p) => p.id).sort());

    const { pack, issues } = validateWithPlugins(files, catalogue);
    expect(errors(issues)).toEqual([]);
    const lint = lintPack(pack!);
    expect(errors(lint)).toEqual([]);
    // gbv_incident and family_tracing_request are filled through the plugins' routes, on no step: not "unused".
    expect(lint.filter((i) => i.code === 'unused_form')).toEqual([]);
    // The plugins' French and Romanian are dropped, not refused; nothing falls back.
    expect(issues.filter((i) => i.code === 'plugin_translation_fallback')).toEqual([]);
    const template = pack!.notifications.templates.family_tracing_candidate_proposed;
    expect(Object.keys(template.locales)).toEqual(['en']);
    const incident = pack!.forms.find((f) => f.id === 'gbv_incident')!;
    expect(JSON.stringify(incident)).not.toMatch(/"(fr|ro)":/);
    expect(pack!.workflow.steps.find((s) => s.id === 'adoption')!.label).toEqual({ en: 'Adoption matching' });
  });

  it('a pack language the plugins lack falls back to their English, with a warning per contribution', () => {
    const { pack, issues } = validateWithPlugins(withLocaleXx(files), catalogue);
    expect(errors(issues)).toEqual([]);
    expect(errors(lintPack(pack!))).toEqual([]);

    const fallbacks = issues.filter((i) => i.code === 'plugin_translation_fallback');
    expect(fallbacks.every((i) => i.severity === 'warning' && /"xx"/.test(i.message) && /"en" text/.test(i.message))).toBe(true);
    const named = fallbacks.map((i) => `${i.file} ${i.path}`);
    expect(named).toEqual(
      expect.arrayContaining([
        'plugins/gbv.json $.forms[0]',
        'plugins/gbv.json $.indicators[0]',
        'plugins/family-tracing.json $.templates.family_tracing_candidate_proposed',
        'plugins/adoption-matching.json $.fragments[0]',
      ]),
    );
    expect(fallbacks.find((i) => i.path === '$.forms[0]' && i.file === 'plugins/gbv.json')!.message).toBe(
      'plugin "gbv" has no "xx" text for form "gbv_incident": those readers get its "en" text (the plugin\'s default language)',
    );
    // An "xx" reader gets the English message and labels, not an error or an empty text.
    const template = pack!.notifications.templates.family_tracing_candidate_proposed;
    expect(template.locales.xx).toEqual(template.locales.en);
    const sent = renderMessage(template, 'xx', pack!.manifest.defaultLocale, { recipient: { name: 'Ana' }, locale: 'xx' } as unknown as MessageContext);
    expect(sent.subject).toBe('Family tracing: a relative may be looking for a child in your care');
    expect(sent.text).toContain('Hello Ana,');
    expect(pack!.workflow.steps.find((s) => s.id === 'adoption')!.label).toEqual({ en: 'Adoption matching', xx: 'Adoption matching' });
    // The lint does not repeat them as missing translations of the pack's own text.
    expect(lintPack(pack!).filter((i) => i.code === 'missing_translation')).toEqual([]);
  });
});
