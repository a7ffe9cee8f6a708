import type { EntityManager } from 'typeorm';
import { ControllableClock } from '@app/core';
import type { CaseEntity, UserEntity } from '@app/database';
import { FormCatalogue } from '@app/forms';
import { defaultOperators } from '@app/rules';
import { defaultEffects } from '@app/workflow';
import type { UsersRepository } from '@app/identity';
import { moldovaFiles, validateWithInstalledPlugins } from '../../../test/support/reference-pack';
import type { CompiledSop, SopRegistry } from '@app/sop-registry';
import type { CaseGrantsRepository } from './repositories/case-grants.repository';
import { CaseRecipients } from './case-recipients';

/**
 * Who a deadline message goes to, on the Moldova pack's real permission rules, with the user and
 * grant repositories replaced by in-memory fakes (no database).
 */
describe('CaseRecipients', () => {
  let sop: CompiledSop;
  const users: UserEntity[] = [];
  const user = (username: string, roles: string[], location: string, extra: Partial<UserEntity> = {}): UserEntity => {
    const u = {
      id: `id-${username}`,
      username,
      displayName: username.toUpperCase(),
      roles,
      agencyId: null,
      teamId: null,
      locationCode: location.split('.').filter(Boolean).pop()!,
      locationPath: location,
      locale: 'ro',
      active: true,
      email: `${username}@example.org`,
      phone: null,
      ...extra,
    } as UserEntity;
    users.push(u);
    return u;
  };
  const caseworker = user('caseworker', ['caseworker'], 'MD.CH.CH01.', { teamId: 'ch_social_team', agencyId: 'social_ch' });
  user('supervisor', ['supervisor'], 'MD.CH.', { teamId: 'ch_social_team', agencyId: 'social_ch' });
  user('supervisor_gone', ['supervisor'], 'MD.CH.', { teamId: 'ch_social_team', agencyId: 'social_ch', active: false });
  user('district', ['district_authority'], 'MD.CH.', { agencyId: 'guardianship_ch' });
  user('district_st', ['district_authority'], 'MD.ST.', { agencyId: 'guardianship_st' });
  const doctor = user('doctor', ['doctor'], 'MD.CH.CH01.', { agencyId: 'health_ch' });
  const teacher = user('teacher', ['teacher'], 'MD.CH.CH01.', { agencyId: 'school_ch01' });

  const fakeUsers = {
    findById: async (id: string) => users.find((u) => u.id === id) ?? null,
    findTeamMembersWithRole: async (teamId: string, roles: string[]) => users.filter((u) => u.teamId === teamId && u.roles.some((r) => roles.includes(r))),
    findWithRoleCovering: async (role: string, casePath: string) =>
      users.filter((u) => u.roles.includes(role) && u.active && casePath.startsWith(u.locationPath)),
  } as unknown as UsersRepository;
  let sharedWith: string[] = [];
  const fakeGrants = { activeFor: async () => ({ sharedWith, breakGlass: [], referredTo: [] }) } as unknown as CaseGrantsRepository;
  const recipients = new CaseRecipients(fakeUsers, fakeGrants, {} as SopRegistry, new ControllableClock());
  const em = {} as EntityManager;

  const row = (extra: Partial<CaseEntity> = {}) =>
    ({
      id: 'case-1',
      caseNumber: 'MD-CH-2026-000001',
      caseType: 'child_protection',
      step: 'initial_assessment',
      status: 'open',
      createdBy: caseworker.id,
      assignedTo: caseworker.id,
      teamId: 'ch_social_team',
      agencyId: 'social_ch',
      locationCode: 'CH01',
      locationPath: 'MD.CH.CH01.',
      ...extra,
    }) as CaseEntity;
  const answers: Record<string, Record<string, unknown>> = {
    initial_assessment: { summary: 'Bruises <b>seen</b>', risk_level: 'high' },
    health_assessment: { sexual_abuse_findings: 'Findings of the examination' },
  };
  const answersOf = (form: string) => answers[form];

  beforeAll(async () => {
    const { pack, issues } = validateWithInstalledPlugins(await moldovaFiles());
    if (!pack) throw new Error(JSON.stringify(issues.filter((i) => i.severity === 'error')));
    sop = {
      versionId: 1,
      version: 1,
      packId: 'moldova',
      publishedAt: new Date(),
      pack,
      forms: new FormCatalogue(pack),
      engine: { effects: defaultEffects(), operators: defaultOperators() },
    };
  });
  beforeEach(() => (sharedWith = []));

  const names = (r: { recipients: Array<{ name: string }> }) => r.recipients.map((x) => x.name).sort();

  it("resolves the case owner, the owner's team supervisors (active ones) and role holders covering the case", async () => {
    const r = await recipients.readers(em, row(), sop, ['case_owner', 'case_owner_supervisor', 'district_authority'], [], answersOf);
    expect(names(r)).toEqual(['CASEWORKER', 'DISTRICT', 'SUPERVISOR']);
    expect(r.excluded).toEqual([]);
    expect(r.recipients.find((x) => x.name === 'CASEWORKER')).toMatchObject({ locale: 'ro', email: 'caseworker@example.org', phone: null });
  });

  it('tells nobody for case_owner when the case is unassigned', async () => {
    const r = await recipients.readers(em, row({ assignedTo: null }), sop, ['case_owner'], [], answersOf);
    expect(r.recipients).toEqual([]);
  });

  it('leaves out people the pack names but who may not read the case, and says who', async () => {
    // The teacher holds the role but the case is not shared with them: no message.
    const r = await recipients.readers(em, row(), sop, ['teacher', 'doctor'], [], answersOf);
    expect(r.recipients).toEqual([]);
    expect(r.excluded.sort()).toEqual(['doctor', 'teacher']);
  });

  it('gives each recipient only the declared answers they may read: the sensitive finding to the doctor, not the teacher', async () => {
    sharedWith = [doctor.id, teacher.id];
    const paths = ['initial_assessment.summary', 'health_assessment.sexual_abuse_findings'];
    const r = await recipients.readers(em, row(), sop, ['doctor', 'teacher', 'case_owner'], paths, answersOf);
    const by = (name: string) => r.recipients.find((x) => x.name === name)!.answers;
    expect(by('DOCTOR')?.health_assessment).toEqual({ sexual_abuse_findings: 'Findings of the examination' });
    expect(by('TEACHER')?.health_assessment).toBeUndefined();
    expect(by('CASEWORKER')?.initial_assessment).toEqual({ summary: 'Bruises <b>seen</b>' });
    // Answers not declared by the template are never passed on, even to someone who may read them.
    expect(by('CASEWORKER')?.initial_assessment?.risk_level).toBeUndefined();
  });
});
