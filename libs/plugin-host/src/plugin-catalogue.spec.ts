import * as path from 'node:path';
import { definePlugin } from '@app/plugin-sdk';
import { readPackDir, type PackFiles } from '@app/sop';
import { decideTransition } from '@app/workflow';
import { snapshot, submission } from '../../workflow/src/testing/pack-builder';
import { PluginCatalogue, PluginContractError, validateWithPlugins } from './plugin-catalogue';

const MINI = path.resolve(__dirname, '../../../test/fixtures/packs/mini');

/** A plugin contributing only code to the engine: a guard function, an effect and an answer format. */
const stamps = definePlugin({
  id: 'stamps',
  version: '1.0.0',
  sdk: '^1.0.0',
  name: { en: 'Stamps' },
  operators: {
    'stamps.is_weekday': (args: unknown[]) => {
      const d = new Date(String(args[0]));
      return d.getUTCDay() > 0 && d.getUTCDay() < 6;
    },
  },
  effects: { 'stamps.stamp': (ctx) => ({ fieldChanges: { stampedAt: ctx.now.toISOString() } }) },
  fieldFormats: { 'stamps.code': (v: string) => /^ST-\d{4}$/.test(v) },
  hooks: [{ event: 'case_registered', run: async () => undefined }],
});

async function miniUsing(enable: boolean): Promise<PackFiles> {
  const files = await readPackDir(MINI);
  if (enable) files['pack.json'] = { ...(files['pack.json'] as object), plugins: [{ id: 'stamps' }] };
  const start = (files['workflow.json'] as any).transitions.find((t: any) => t.id === 'start_assessment');
  start.guards = [{ rule: { 'stamps.is_weekday': [{ var: 'now' }] }, message: { en: 'Weekdays only', fr: 'En semaine seulement' } }];
  start.effects = [{ type: 'stamps.stamp' }];
  return files;
}

describe('plugin code contributions reach the engine only where a pack enables the plugin', () => {
  const catalogue = new PluginCatalogue([stamps]);

  it('a pack enabling the plugin may use its guard function and effect; the engine runs them', async () => {
    const { pack, issues } = validateWithPlugins(await miniUsing(true), catalogue);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    const options = catalogue.validateOptions(['stamps']);
    const actor = { userId: 'u1', roles: ['caseworker'] };
    const registered = snapshot(['registration'], { submissions: [submission('registration', { child_name: 'A' })] });
    const monday = new Date('2026-03-02T09:00:00Z');
    const moved = decideTransition(pack!, registered, actor, 'start_assessment', { now: monday, operators: options.operators }, options.effects);
    expect(moved).toMatchObject({ allowed: true, fieldChanges: { stampedAt: monday.toISOString() } });
    const sunday = new Date('2026-03-01T09:00:00Z');
    const refused = decideTransition(pack!, registered, actor, 'start_assessment', { now: sunday, operators: options.operators }, options.effects);
    expect(refused.allowed).toBe(false);
    expect(options.fieldTypes!.get('stamps.code')!.validate('ST-0042')).toBe(true);
  });

  it('a pack that does not enable it cannot use them (file and path named)', async () => {
    const { issues } = validateWithPlugins(await miniUsing(false), catalogue);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'workflow.json', code: 'unknown_operator', severity: 'error' }),
        expect.objectContaining({ file: 'workflow.json', code: 'unknown_effect', severity: 'error' }),
      ]),
    );
    expect(catalogue.validateOptions([])).toEqual({});
  });

  it('refuses to load a plugin that breaks the contract, saying why', () => {
    const bad = definePlugin({
      id: 'Bad_Id',
      version: '1',
      sdk: '^2.0.0',
      name: { en: 'Bad' },
      subjects: { case: ['read'] },
      routes: [{ id: 'x', method: 'GET', path: '/x', summary: 'x', permission: undefined as any, handler: async () => null }],
    });
    expect(() => new PluginCatalogue([bad])).toThrow(PluginContractError);
    try {
      new PluginCatalogue([bad]);
    } catch (e: any) {
      expect(e.problems.join('\n')).toMatch(/lower-case words/);
      expect(e.problems.join('\n')).toMatch(/MAJOR.MINOR.PATCH/);
      expect(e.problems.join('\n')).toMatch(/this platform provides SDK 1.0.0/);
      expect(e.problems.join('\n')).toMatch(/subject "case" is the core's/);
      expect(e.problems.join('\n')).toMatch(/declares no permission/);
    }
  });

  it('lists the facts a plugin declares in its pack data, which then validates a pack reading them; a bad fact stops the load', async () => {
    const facts = definePlugin({ ...stamps, facts: { stamped: { description: 'A stamp was put', load: async () => true } } });
    const withFacts = new PluginCatalogue([facts]);
    expect(withFacts.packData('stamps')!.facts).toEqual(['stamped']);
    expect(catalogue.packData('stamps')).not.toHaveProperty('facts');
    const files = await miniUsing(true);
    const start = (files['workflow.json'] as any).transitions.find((t: any) => t.id === 'start_assessment');
    start.guards = [{ rule: { plugin_fact: 'stamps.stamped' }, message: { en: 'Stamp first', fr: "Tamponnez d'abord" } }];
    expect(validateWithPlugins(files, withFacts).issues.filter((i) => i.severity === 'error')).toEqual([]);
    start.guards[0].rule = { plugin_fact: 'stamps.stamp' };
    expect(validateWithPlugins(files, withFacts).issues.map((i) => i.code)).toContain('rule_unknown_fact');
    const bad = definePlugin({ ...stamps, facts: { 'Stamped!': { description: 'x', load: undefined as any } } });
    expect(() => new PluginCatalogue([bad])).toThrow(/fact "Stamped!" must be lower_snake[\s\S]*fact "Stamped!" needs a load function/);
  });
});
