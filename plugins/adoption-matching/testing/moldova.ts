/**
 * What the Moldova pack adds to enable the plugin (README.md, "Moldova"), as edits of its JSON
 * files: the tests check the pack validates with them and run the journey on them. Once the pack
 * carries them itself, the role and user edits do nothing and the plugin entry is replaced.
 */
import type { PluginDefinition } from '@app/plugin-sdk';
import { INSTALLED_PLUGINS } from '../../index';
import { adoptionMatchingPlugin } from '../index';

/** The plugins the platform installs, with this one (whether or not plugins/index.ts lists it yet). */
export const PLUGINS: ReadonlyArray<PluginDefinition<any>> = [...INSTALLED_PLUGINS.filter((p) => p.id !== adoptionMatchingPlugin.id), adoptionMatchingPlugin];

export const MOLDOVA_SETTINGS = {
  fromSteps: ['case_planning', 'implementation'],
  caseworkerRoles: ['caseworker'],
  returnStep: 'case_planning',
  panelRoles: ['adoption_panel'],
  timeZone: 'Europe/Chisinau',
  criteria: [
    { id: 'age', weight: 3 },
    { id: 'siblings', weight: 3 },
    { id: 'special_needs', weight: 2 },
    { id: 'language', weight: 1 },
    { id: 'distance', weight: 1 },
  ],
};

/** pack.json: the plugins entry. */
export function enablePlugin(pack: any, settings: Record<string, unknown> = MOLDOVA_SETTINGS): void {
  const others = (pack.plugins ?? []).filter((p: any) => p.id !== 'adoption-matching');
  pack.plugins = [...others, { id: 'adoption-matching', settings: structuredClone(settings), include: ['adoption'] }];
}

/** roles.json: rules for caseworker and supervisor, and the adoption_panel role. */
export function grantRoles(roles: any): void {
  const role = (id: string) => roles.roles.find((r: any) => r.id === id);
  if (role('adoption_panel')) return;
  const caseworker = role('caseworker');
  caseworker.rules.find((r: any) => r.action === 'fill' && r.subject === 'form').fields.push('adoption_matching_child_profile');
  caseworker.rules.push(
    { action: ['read', 'propose'], subject: 'adoption_match', conditions: { team: '$user.team', caseType: 'child_protection' } },
    { action: ['read', 'register'], subject: 'adoption_family' },
  );
  const supervisor = role('supervisor');
  supervisor.rules.push(
    { action: 'read', subject: 'adoption_match', conditions: { agency: '$user.agency' } },
    { action: ['read', 'register', 'approve'], subject: 'adoption_family' },
  );
  const scope = { caseType: 'child_protection', step: ['adoption', 'adopted'], location: '$user.location' };
  roles.roles.push({
    id: 'adoption_panel',
    label: { en: 'Adoption panel member', fr: "Membre de la commission d'adoption", ro: 'Membru al comisiei pentru adopții' },
    description: 'Decides on the matches proposed for children at the adoption step in its area; reads the family registry.',
    rules: [
      { action: 'read', subject: 'case', conditions: scope },
      { action: 'read', subject: 'form', fields: ['registration', 'comprehensive_assessment', 'adoption_matching_child_profile'], conditions: scope },
      { action: 'read', subject: 'adoption_match', conditions: scope },
      { action: 'decide', subject: 'adoption_match', conditions: { caseType: 'child_protection', step: 'adoption', location: '$user.location' } },
      { action: 'read', subject: 'adoption_family' },
    ],
  });
}

/** demo-users.json: the panel member. */
export function addPanelUser(demo: any): void {
  if (demo.users.some((u: any) => u.username === 'panel')) return;
  demo.users.push({
    username: 'panel',
    displayName: 'Ana Popescu',
    roles: ['adoption_panel'],
    agency: 'guardianship_ch',
    location: 'CH',
    locale: 'ro',
    email: 'panel@demo.cmis.example',
  });
}
