import { checkPluginDefinition, PluginCatalogue, validateWithPlugins } from '@app/plugin-host';
import { readPackDir, type PackFiles } from '@app/sop';
import { adoptionMatchingPlugin } from './index';
import { addPanelUser, enablePlugin, grantRoles, MOLDOVA_SETTINGS, PLUGINS } from './testing/moldova';

describe('adoption-matching manifest', () => {
  let moldova: PackFiles;
  beforeAll(async () => {
    moldova = await readPackDir('sops/moldova');
    moldovaPluginCount = ((moldova['pack.json'] as any).plugins ?? []).filter((p: any) => p.id !== 'adoption-matching').length;
  });

  const validate = (edit: (files: any) => void) => {
    const files: any = structuredClone(moldova);
    enablePlugin(files['pack.json']);
    grantRoles(files['roles.json']);
    addPanelUser(files['demo-users.json']);
    edit(files);
    return validateWithPlugins(files, new PluginCatalogue(PLUGINS));
  };
  const errors = (edit: (files: any) => void) =>
    validate(edit)
      .issues.filter((i) => i.severity === 'error')
      .map((i) => `${i.path}: ${i.message}`);
  const entry = (plugins: any[]) => plugins.find((p: any) => p.id === 'adoption-matching');
  const settings = (files: any) => entry(files['pack.json'].plugins).settings;
  const at = (key: string) => `$.plugins[${moldovaPluginCount}].settings.${key}`;
  let moldovaPluginCount = 0;

  it('passes the host checks', () => {
    expect(checkPluginDefinition(adoptionMatchingPlugin)).toEqual([]);
  });

  it('the Moldova pack validates with the plugin enabled as the README says, without a warning', () => {
    const { pack, issues } = validate(() => undefined);
    expect(issues).toEqual([]);
    expect(pack!.workflow.steps.map((s) => s.id)).toEqual(expect.arrayContaining(['adoption', 'adopted']));
    expect(pack!.workflow.transitions.find((t) => t.id === 'refer_for_adoption')).toMatchObject({
      from: MOLDOVA_SETTINGS.fromSteps,
      to: 'adoption',
      roles: ['caseworker'],
    });
    expect(entry(pack!.plugins).settings).toMatchObject({
      adoptionStep: 'adoption',
      childDateOfBirth: 'registration.date_of_birth',
      requireApprovedMatch: true,
    });
  });

  it('refuses bad settings', () => {
    expect(
      errors((f) => {
        delete settings(f).criteria;
      }),
    ).toEqual([`${at('criteria')}: is required`]);
    expect(
      errors((f) => {
        settings(f).criteria = [];
      }),
    ).toHaveLength(1);
    expect(
      errors((f) => {
        settings(f).criteria = [{ id: 'age', weight: 0 }];
      }),
    ).toEqual([`${at('criteria[0].weight')}: must be > 0`]);
    expect(
      errors((f) => {
        settings(f).criteria = [{ id: 'height', weight: 1 }];
      }),
    ).toHaveLength(1);
    expect(
      errors((f) => {
        settings(f).criteria = [
          { id: 'age', weight: 1 },
          { id: 'age', weight: 2 },
        ];
      }),
    ).toHaveLength(1);
    expect(
      errors((f) => {
        settings(f).returnStep = 'nowhere';
      }),
    ).toEqual([expect.stringContaining('step "nowhere" does not exist')]);
  });
});
