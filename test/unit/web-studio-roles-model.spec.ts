import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SUBJECT_ACTIONS as SOP_SUBJECT_ACTIONS } from '@app/sop';
import { applyPatch as applyOnServer } from '../../libs/sop-drafts/src/json-patch';
import { translate } from '../../apps/web/src/translate';
import studioRolesEn from '../../apps/web/src/locales/studio-roles-en.json';
import studioRolesFr from '../../apps/web/src/locales/studio-roles-fr.json';
import type { DraftChange } from '../../apps/web/src/pages/studio/draft-model';
import {
  addOption,
  addRole,
  addRule,
  changeRole,
  draftRoles,
  fieldPatternWords,
  moveOption,
  relabelOption,
  removeOption,
  removeRole,
  roleReferences,
  rolesElementOf,
  RolesWords,
  ruleSentence,
  subjectCatalog,
  SUBJECT_ACTIONS,
  withCondition,
} from '../../apps/web/src/pages/studio/roles-model';

const applyPatch = (files: Record<string, unknown>, ops: unknown[]) => applyOnServer(files, ops as any).files as Record<string, any>;
const MOLDOVA = path.resolve(__dirname, '../../sops/moldova');
const FORMS = path.resolve(__dirname, '../../forms');
const read = (dir: string, file: string) => JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
const files = (): Record<string, any> => {
  const pack = read(MOLDOVA, 'pack.json');
  const out: Record<string, any> = {
    'pack.json': pack,
    'roles.json': read(MOLDOVA, 'roles.json'),
    'option-lists.json': read(MOLDOVA, 'option-lists.json'),
    'workflow.json': read(MOLDOVA, 'workflow.json'),
    'demo-users.json': read(MOLDOVA, 'demo-users.json'),
  };
  for (const f of pack.forms) out[`forms/${f.id}.v${f.version}.json`] = read(FORMS, `${f.id}.v${f.version}.json`);
  return out;
};
const en = (key: string, vars?: Record<string, string | number>) => translate('en', key, vars, { en: studioRolesEn });
const fr = (key: string, vars?: Record<string, string | number>) => translate('fr', key, vars, { fr: studioRolesFr, en: studioRolesEn });
const words: RolesWords = {
  roles: () => 'the roles',
  role: (r) => `role ${r}`,
  rule: (n, r) => `rule ${n} of ${r}`,
  optionLists: () => 'the lists',
  optionList: (l) => `list ${l}`,
  option: (o, l) => `option ${o} of ${l}`,
  user: (u) => `user ${u}`,
};
const change = (operations: any[]): DraftChange => ({ revision: 2, kind: 'edited', operations, touched: [], note: null, changedBy: 'admin', changedAt: '' });
const LABEL = { en: 'Child rights inspector', fr: 'Inspecteur des droits', ro: 'Inspector al drepturilor', ar: 'مفتش حقوق الطفل' };

describe('The studio: roles, their rules and option lists, as JSON Patch and in words', () => {
  it('offers the actions the server knows for each subject, and the subjects of plugins that rules already use', () => {
    expect(SUBJECT_ACTIONS).toEqual(SOP_SUBJECT_ACTIONS);
    const catalog = subjectCatalog(files());
    expect(catalog.case).toContain('take');
    expect(catalog.gbv_incident).toBeDefined();
  });

  it('adds a role and a rule that the server applies, then relabels and removes the role at its place only', () => {
    let f = files();
    f = applyPatch(f, addRole({ id: 'inspector', label: LABEL, description: ' Inspects. ' }));
    const roles = draftRoles(f);
    const i = roles.length - 1;
    expect(roles[i]).toEqual({ id: 'inspector', label: LABEL, description: 'Inspects.', rules: [] });

    const rule = { action: ['read'], subject: 'form', fields: ['registration', '!registration.idnp'], conditions: { location: '$user.location' }, note: '' };
    f = applyPatch(f, addRule(i, roles[i], rule));
    expect(draftRoles(f)[i].rules).toEqual([
      { action: 'read', subject: 'form', fields: ['registration', '!registration.idnp'], conditions: { location: '$user.location' } },
    ]);

    f = applyPatch(f, changeRole(i, draftRoles(f)[i], { ...LABEL, en: 'Inspector' }, ''));
    expect(draftRoles(f)[i].label.en).toBe('Inspector');
    expect(draftRoles(f)[i].description).toBeUndefined();

    // Someone removed a role before it meanwhile: the index now names another role, and the patch is refused.
    expect(() => applyPatch(f, removeRole(0, draftRoles(f)[1]))).toThrow();
    expect(roleReferences(f, 'inspector')).toEqual([]);
    const removed = applyPatch(f, removeRole(i, draftRoles(f)[i]));
    expect(draftRoles(removed).map((r) => r.id)).not.toContain('inspector');
  });

  it('says a rule in words, with fields and steps by their labels, never their ids', () => {
    const f = files();
    const sentence = ruleSentence(
      {
        action: ['read', 'fill'],
        subject: 'form',
        fields: ['registration', '!registration.idnp'],
        conditions: { team: '$user.team', caseType: 'child_protection' },
      },
      f,
      'en',
      en,
    );
    expect(sentence).toBe(
      'May read and fill in forms of their team, of type Child protection case: Registration (all fields but the sensitive ones); except “Personal identification number (IDNP)” of Registration',
    );
    expect(ruleSentence({ action: 'read', subject: 'case', conditions: { location: '$user.location' } }, f, 'fr', fr)).toBe('Peut lire les cas dans sa zone');
    expect(fieldPatternWords('*', f, 'en', en)).toBe('every form (not the sensitive fields)');
    // A plugin's form (not among the draft's files) in words too.
    expect(fieldPatternWords('adoption_matching_child_profile', f, 'en', en)).toBe('adoption matching child profile (all fields but the sensitive ones)');
    // A subject or action the texts do not know reads as words, not as an identifier.
    expect(ruleSentence({ action: 'wave_at', subject: 'new_thing' }, f, 'en', en)).toBe('May wave at new thing');
  });

  it('finds where the draft still names a role before it is removed: users, transitions, deadlines, reports, other roles', () => {
    const refs = roleReferences(files(), 'district_authority');
    const at = (file: string) => refs.filter((p) => p.startsWith(`/${file}/`));
    expect(at('demo-users.json').length).toBeGreaterThan(0);
    expect(at('workflow.json').every((p) => /^\/workflow\.json\/transitions\/\d+\/(approval\/)?roles\/\d+$/.test(p))).toBe(true);
    expect(at('workflow.json').length).toBeGreaterThan(0);
    expect(roleReferences(files(), 'psychologist').map((p) => p.replace(/\d+/g, 'N'))).toEqual([
      // The district administrator grants it.
      '/roles.json/roles/N/administer/roles/N',
      '/demo-users.json/users/N/roles/N',
    ]);
  });

  it('sets one condition value alone, several as a list, and none removes the condition', () => {
    expect(withCondition({ team: '$user.team' }, 'step', ['a'])).toEqual({ team: '$user.team', step: 'a' });
    expect(withCondition({ step: 'a' }, 'step', ['a', 'b'])).toEqual({ step: ['a', 'b'] });
    expect(withCondition({ step: 'a', team: '$user.team' }, 'step', [])).toEqual({ team: '$user.team' });
  });

  it('adds, relabels, moves and removes options, each refused when the option has moved meanwhile', () => {
    let f = files();
    const list = 'reporter_types';
    const n = f['option-lists.json'].optionLists[list].length;
    f = applyPatch(f, addOption(list, { value: 'ngo', label: { en: 'NGO', fr: 'ONG', ro: 'ONG', ar: 'منظمة غير حكومية' } }));
    let options = f['option-lists.json'].optionLists[list];
    expect(options[n].value).toBe('ngo');
    f = applyPatch(f, relabelOption(list, n, options[n], { ...options[n].label, en: 'Non-governmental organisation' }));
    f = applyPatch(f, moveOption(list, n, f['option-lists.json'].optionLists[list][n], -1));
    options = f['option-lists.json'].optionLists[list];
    expect(options[n - 1]).toMatchObject({ value: 'ngo', label: { en: 'Non-governmental organisation' } });
    expect(options[n].value).toBe('other');
    expect(() => applyPatch(f, removeOption(list, n, options[n - 1]))).toThrow();
    f = applyPatch(f, removeOption(list, n - 1, options[n - 1]));
    expect(f['option-lists.json'].optionLists[list].map((o: any) => o.value)).not.toContain('ngo');
  });

  it('names roles, rules and options by their labels, an added one by the label it was added with', () => {
    const f = files();
    expect(rolesElementOf(f, '/roles.json/roles/1/rules/2', 'en', words)).toBe('rule 3 of Community social worker (case manager)');
    expect(rolesElementOf(f, '/roles.json/roles/0/label', 'fr', words)).toBe('role Auteur de signalement (police, communauté)');
    const added = change(addRole({ id: 'inspector', label: LABEL }));
    expect(rolesElementOf(f, '/roles.json/roles', 'ar', words, added)).toBe('role مفتش حقوق الطفل');
    expect(rolesElementOf(f, '/roles.json/roles', 'en', words)).toBe('the roles');
    expect(rolesElementOf(f, '/option-lists.json/optionLists/reporter_types/0/label', 'en', words)).toBe('option Police of Reporter types');
    const option = change(addOption('reporter_types', { value: 'ngo', label: { en: 'NGO' } }));
    expect(rolesElementOf(f, '/option-lists.json/optionLists/reporter_types', 'en', words, option)).toBe('option NGO of Reporter types');
    expect(rolesElementOf(f, '/workflow.json/steps/0', 'en', words)).toBeNull();
    // A user who still holds a removed role, by name.
    const psychologist = f['demo-users.json'].users.findIndex((u: any) => u.username === 'psychologist');
    expect(rolesElementOf(f, `/demo-users.json/users/${psychologist}/roles/0`, 'en', words)).toBe('user Irina Botnari');
    // Moved since: the option the change meant (its tested value), not the one now at its old place.
    const relabel = change(relabelOption('reporter_types', 0, { value: 'police', label: { en: 'Police' } }, { en: 'Police officer' }));
    const moved = applyPatch(f, moveOption('reporter_types', 0, { value: 'police', label: {} }, 1));
    expect(rolesElementOf(moved, '/option-lists.json/optionLists/reporter_types/0/label', 'en', words, relabel)).toBe('option Police of Reporter types');
    const removedRole = change(removeRole(0, draftRoles(f)[0]));
    expect(rolesElementOf(applyPatch(f, removedRole.operations), '/roles.json/roles/0', 'en', words, removedRole)).toBe('the roles');
  });
});
