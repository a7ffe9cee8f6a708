import { validatePack } from '@app/sop';
import { miniFiles } from './testing';

const lines = (issues: Array<{ file: string; path: string; message: string; code: string; severity: string }>) =>
  issues.map((i) => `${i.severity} ${i.code} ${i.file} ${i.path}: ${i.message}`);

describe('pack.json caseTypes[].assignTo.intakeQueue', () => {
  it('accepts a queue whose roles exist and may take the case type', async () => {
    const { pack, issues } = validatePack(
      await miniFiles((f) => {
        f['pack.json'].caseTypes[0].assignTo = { intakeQueue: { roles: ['caseworker'], level: 'district' } };
        f['roles.json'].roles[0].rules.push({ action: 'take', subject: 'case', conditions: { location: '$user.location' } });
      }),
    );
    expect(lines(issues)).toEqual([]);
    expect(pack!.manifest.caseTypes[0].assignTo).toEqual({ intakeQueue: { roles: ['caseworker'], level: 'district' } });
  });

  it('names the file and JSON path of an unknown role, an unknown level and a malformed queue', async () => {
    const { issues } = validatePack(
      await miniFiles((f) => {
        f['pack.json'].caseTypes[0].assignTo = { intakeQueue: { roles: ['caseworker', 'social_worker'], level: 'commune' } };
      }),
    );
    expect(lines(issues)).toEqual([
      'error unknown_role pack.json $.caseTypes[0].assignTo.intakeQueue.roles[1]: role "social_worker" does not exist in roles.json',
      'error unknown_level pack.json $.caseTypes[0].assignTo.intakeQueue.level: level "commune" is not one of locations.json levels: country, district',
    ]);
    const malformed = validatePack(
      await miniFiles((f) => {
        f['pack.json'].caseTypes[0].assignTo = { intakeQueue: { roles: [] } };
      }),
    ).issues;
    expect(malformed.map((i) => `${i.file} ${i.path}`)).toContain('pack.json $.caseTypes[0].assignTo.intakeQueue.roles');
  });

  it('warns when none of the queue roles may take the case type (its cases would wait forever)', async () => {
    const { pack, issues } = validatePack(
      await miniFiles((f) => {
        f['pack.json'].caseTypes[0].assignTo = { intakeQueue: { roles: ['caseworker'] } };
        f['roles.json'].roles[0].rules.push({ action: 'take', subject: 'case', conditions: { caseType: 'child_protection', status: 'closed' } });
        f['pack.json'].caseTypes[0].assignTo.intakeQueue.roles = ['supervisor'];
      }),
    );
    expect(pack).toBeDefined();
    expect(lines(issues)).toEqual([
      expect.stringMatching(/^warning intake_queue_untakeable pack\.json \$\.caseTypes\[0\]\.assignTo\.intakeQueue\.roles: none of these roles/),
    ]);
  });
});
