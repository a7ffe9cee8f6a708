import { subject } from '@casl/ability';
import type { SopPack } from '@app/sop';
import { buildAbility, canReadCase, caseScopes, permittedFormFields } from './ability';

const pack = {
  roles: [
    { id: 'reporter', label: { en: 'Reporter' }, scope: 'own', createCaseTypes: ['notification'], forms: { fill: ['notification'] } },
    { id: 'caseworker', label: { en: 'Caseworker' }, scope: 'location', createCaseTypes: ['child_protection'],
      forms: { fill: ['registration'], read: ['health'] } },
    { id: 'teacher', label: { en: 'Teacher' }, scope: 'assigned', forms: { fill: ['education'], read: ['health'] },
      hiddenFields: ['health.abuse_findings'] },
    { id: 'analyst', label: { en: 'Analyst' }, scope: 'none' },
    { id: 'admin', label: { en: 'Admin' }, scope: 'none', administer: true },
  ],
} as unknown as SopPack;

const fields: Record<string, string[]> = { health: ['examination_date', 'abuse_findings', 'medical_needs'] };
const formFields = (id: string) => fields[id] ?? [];
const user = (roles: string[], extra: Partial<{ teamId: string }> = {}) =>
  ({ id: 'u1', roles, teamId: null, agencyId: null, locationPath: 'MD/CH/', ...extra });
const aCase = (over: Record<string, unknown> = {}) => ({
  caseType: 'child_protection', createdBy: 'other', assignedTo: null, teamId: null, agencyId: null, locationPath: 'MD/CH/CH01/', ...over,
});

describe('ability from pack roles', () => {
  it('denies everything not granted', () => {
    const a = buildAbility(pack, user(['analyst']), formFields);
    expect(canReadCase(a, aCase())).toBe(false);
    expect(a.can('create', 'Case')).toBe(false);
    expect(a.can('administer', 'Sop')).toBe(false);
  });

  it('scopes case reads by ownership, assignment and location subtree', () => {
    expect(canReadCase(buildAbility(pack, user(['reporter']), formFields), aCase({ createdBy: 'u1' }))).toBe(true);
    expect(canReadCase(buildAbility(pack, user(['reporter']), formFields), aCase())).toBe(false);
    expect(canReadCase(buildAbility(pack, user(['teacher']), formFields), aCase({ assignedTo: 'u1' }))).toBe(true);
    const cw = buildAbility(pack, user(['caseworker']), formFields);
    expect(canReadCase(cw, aCase())).toBe(true);
    expect(canReadCase(cw, aCase({ locationPath: 'MD/ST/ST01/' }))).toBe(false);
    // A sibling code sharing a prefix is not inside the subtree.
    expect(canReadCase(cw, aCase({ locationPath: 'MD/CHX/' }))).toBe(false);
  });

  it('grants case creation per case type', () => {
    const a = buildAbility(pack, user(['reporter']), formFields);
    expect(a.can('create', subject('Case', { caseType: 'notification' }))).toBe(true);
    expect(a.can('create', subject('Case', { caseType: 'child_protection' }))).toBe(false);
    expect(caseScopes(pack, user(['reporter', 'caseworker']))).toEqual([
      { kind: 'own', userId: 'u1' }, { kind: 'location', pathPrefix: 'MD/CH/' },
    ]);
  });

  it('hides fields a role may not see, but another of the user\'s roles can grant them', () => {
    const teacher = buildAbility(pack, user(['teacher']), formFields);
    expect(permittedFormFields(teacher, 'read', 'health', fields.health)).toEqual(['examination_date', 'medical_needs']);
    const both = buildAbility(pack, user(['teacher', 'caseworker']), formFields);
    expect(permittedFormFields(both, 'read', 'health', fields.health).sort()).toEqual([...fields.health].sort());
    expect(permittedFormFields(teacher, 'fill', 'health', fields.health)).toEqual([]);
  });

  it('lets administrators administer', () => {
    expect(buildAbility(pack, user(['admin']), formFields).can('administer', 'Sop')).toBe(true);
  });
});
