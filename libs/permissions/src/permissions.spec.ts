import type { SopPack } from '@app/pack-types';
import { explain, Permissions, SqlParams, type CaseFacts, type FormFieldSource } from '@app/permissions';

const pack = {
  roles: [
    {
      id: 'reporter',
      label: { en: 'Reporter' },
      rules: [
        { action: 'create', subject: 'case', conditions: { caseType: 'notification' } },
        { action: ['read', 'fill'], subject: 'form', fields: ['notification'], conditions: { createdBy: '$user', caseType: 'notification' } },
        { action: 'read', subject: 'case', conditions: { createdBy: '$user', caseType: 'notification' } },
      ],
    },
    {
      id: 'caseworker',
      label: { en: 'Caseworker' },
      rules: [
        { action: 'read', subject: 'case', conditions: { location: '$user.location', agency: '$user.agency' } },
        { action: 'read', subject: 'form', fields: ['*', '!registration.address'], conditions: { location: '$user.location' } },
        { action: 'fill', subject: 'form', fields: ['registration'], conditions: { assignedTo: '$user', step: ['registration', 'assessment'] } },
      ],
    },
    {
      id: 'teacher',
      label: { en: 'Teacher' },
      rules: [
        { action: 'read', subject: 'case', conditions: { sharedWith: '$user' } },
        { action: 'read', subject: 'form', fields: ['health.*', 'registration.name'], conditions: { sharedWith: '$user' } },
      ],
    },
    {
      id: 'doctor',
      label: { en: 'Doctor' },
      rules: [
        { action: 'read', subject: 'case', conditions: { sharedWith: '$user' } },
        { action: 'fill', subject: 'form', fields: ['health', 'health.abuse_findings'], conditions: { sharedWith: '$user' } },
      ],
    },
    { id: 'team_lead', label: { en: 'Team lead' }, rules: [{ action: 'read', subject: 'case', conditions: { team: '$user.team' } }] },
    { id: 'analyst', label: { en: 'Analyst' }, rules: [] },
  ],
} as unknown as SopPack;

const FIELDS: Record<string, string[]> = {
  notification: ['what_happened'],
  registration: ['name', 'address', 'date_of_birth'],
  health: ['examination_date', 'abuse_findings', 'medical_needs'],
};
const forms: FormFieldSource = {
  formIds: () => Object.keys(FIELDS),
  fields: (id) => FIELDS[id] ?? [],
  sensitive: (id) => new Set(id === 'health' ? ['abuse_findings'] : []),
};
const user = (roles: string[], extra: Partial<{ id: string; teamId: string; agencyId: string; locationPath: string }> = {}) => ({
  id: 'u1',
  roles,
  teamId: null,
  agencyId: 'social',
  locationPath: 'MD/CH/',
  ...extra,
});
const aCase = (over: Partial<CaseFacts> = {}): CaseFacts => ({
  caseType: 'child_protection',
  step: 'registration',
  status: 'open',
  createdBy: 'other',
  assignedTo: null,
  teamId: null,
  agencyId: 'social',
  locationPath: 'MD/CH/CH01/',
  sharedWith: [],
  breakGlass: [],
  referredTo: [],
  ...over,
});
const perms = (roles: string[], extra = {}) => new Permissions(pack, user(roles, extra), forms);

describe('permissions from pack rules', () => {
  it('denies everything no rule grants', () => {
    const p = perms(['analyst']);
    expect(p.canOnCase('read', 'case', aCase())).toBe(false);
    expect(p.canCreate('child_protection')).toBe(false);
    expect(p.formFields('read', 'registration', aCase())).toEqual([]);
  });

  it('create is limited by the caseType condition', () => {
    expect(perms(['reporter']).canCreate('notification')).toBe(true);
    expect(perms(['reporter']).canCreate('child_protection')).toBe(false);
  });

  it('combines conditions with AND inside a rule: location subtree and agency', () => {
    const p = perms(['caseworker']);
    expect(p.canOnCase('read', 'case', aCase())).toBe(true);
    expect(p.canOnCase('read', 'case', aCase({ locationPath: 'MD/ST/ST01/' }))).toBe(false);
    expect(p.canOnCase('read', 'case', aCase({ agencyId: 'ngo' }))).toBe(false);
    // A path that merely starts with the same letters is not inside the subtree.
    expect(p.canOnCase('read', 'case', aCase({ locationPath: 'MD/CHX/' }))).toBe(false);
  });

  it('wildcards skip sensitive fields; exclusions remove fields; a sensitive field needs its name', () => {
    const worker = perms(['caseworker']);
    expect(worker.formFields('read', 'health', aCase())).toEqual(['examination_date', 'medical_needs']);
    expect(worker.formFields('read', 'registration', aCase())).toEqual(['name', 'date_of_birth']);
    const doctor = perms(['doctor']);
    const shared = aCase({ sharedWith: ['u1'] });
    expect(doctor.formFields('fill', 'health', shared).sort()).toEqual(['abuse_findings', 'examination_date', 'medical_needs']);
    expect(doctor.formFields('read', 'health', shared)).toContain('abuse_findings'); // fill implies read
    expect(doctor.formFields('read', 'health', aCase())).toEqual([]); // not shared with the doctor
  });

  it('rules of several roles add up', () => {
    const p = perms(['teacher', 'doctor']);
    const shared = aCase({ sharedWith: ['u1'] });
    expect(p.formFields('read', 'health', shared).sort()).toEqual(['abuse_findings', 'examination_date', 'medical_needs']);
    expect(p.formFields('read', 'registration', shared)).toEqual(['name']);
  });

  it('step conditions restrict filling to some steps', () => {
    const p = perms(['caseworker']);
    expect(p.formFields('fill', 'registration', aCase({ assignedTo: 'u1' }))).toEqual(['name', 'address', 'date_of_birth']);
    expect(p.formFields('fill', 'registration', aCase({ assignedTo: 'u1', step: 'closed' }))).toEqual([]);
  });

  it('a team condition never matches a user without a team (not NULL = NULL)', () => {
    expect(perms(['team_lead']).canOnCase('read', 'case', aCase({ teamId: null }))).toBe(false);
    expect(perms(['team_lead']).sql('read', 'case', new SqlParams(new Date()))).toBe('FALSE');
    expect(perms(['team_lead'], { teamId: 't1' }).canOnCase('read', 'case', aCase({ teamId: 't1' }))).toBe(true);
  });

  it('turns the same rules into SQL with parameters, never inlined values', () => {
    const p = new SqlParams(new Date('2026-01-01T00:00:00Z'));
    const sql = perms(['caseworker', 'reporter'], { locationPath: "MD/CH'; DROP TABLE cases; --/" }).sql('read', 'case', p);
    expect(sql).not.toContain('DROP');
    expect(sql).toContain('c.location_path LIKE :perm');
    expect(sql).toContain('c.agency_id = :perm');
    expect(sql).toContain(' OR ');
    expect(Object.values(p.values)).toContain("MD/CH'; DROP TABLE cases; --/%");
  });

  it('field-restricted SQL keeps only rules granting that field', () => {
    const p = new SqlParams(new Date());
    // address is excluded from the location-wide read rule; only the fill rule (fill implies read) grants it.
    const address = perms(['caseworker']).sql('read', 'form', p, { formId: 'registration', field: 'address' });
    expect(address).toContain('c.assigned_to');
    expect(address).not.toContain('location_path');
    expect(perms(['reporter']).sql('read', 'form', p, { formId: 'registration', field: 'name' })).toBe('FALSE');
    expect(perms(['caseworker']).sql('read', 'form', p, { formId: 'registration', field: 'name' })).toContain('location_path');
  });

  it('explains which rule decided, and which condition failed', () => {
    const p = perms(['caseworker']);
    const yes = explain(p, { action: 'read', subject: 'case', facts: aCase() });
    expect(yes.allowed).toBe(true);
    expect(yes.decidedBy?.origin).toBe('roles.json $.roles[1].rules[0]');
    const no = explain(p, { action: 'read', subject: 'case', facts: aCase({ agencyId: 'ngo' }) });
    expect(no.allowed).toBe(false);
    expect(no.rules[0].conditions).toEqual([
      expect.objectContaining({ condition: 'location', holds: true }),
      expect.objectContaining({ condition: 'agency', holds: false }),
    ]);
    const field = explain(perms(['teacher']), {
      action: 'read',
      subject: 'form',
      formId: 'health',
      field: 'abuse_findings',
      facts: aCase({ sharedWith: ['u1'] }),
    });
    expect(field.allowed).toBe(false);
    expect(field.rules[0].fields).toEqual({ granted: ['examination_date', 'medical_needs'], includesAsked: false });
    expect(explain(perms(['analyst']), { action: 'read', subject: 'case', facts: aCase() }).summary).toMatch(/no rule/);
  });
});
