import * as path from 'path';
import { readPackDir } from '@app/sop';
import { SopRegistry } from './sop-registry.service';
import { SopErrorCode } from './sop-registry.errors';

const BASE = path.resolve(__dirname, '../../../test/fixtures/lint-corpus/base');

/** Publishing lints: an error refuses the pack before anything is stored; warnings do not. */
describe('SopRegistry.publish and lint', () => {
  const REACHED_DATABASE = new Error('reached the database');
  // The database is never reached when lint refuses; when it is, the publish got past lint.
  const ds = { transaction: () => Promise.reject(REACHED_DATABASE) };
  const registry = () => new SopRegistry(ds as any, {} as any, { now: () => new Date('2026-01-05T10:00:00Z') } as any);

  it('refuses a pack whose only filler of a form excludes a required field, naming the rule', async () => {
    const files = await readPackDir(BASE);
    (files['roles.json'] as any).roles[1].rules[2].fields = ['exit_interview', '!exit_interview.outcome'];
    await expect(registry().publish(files)).rejects.toMatchObject({
      code: SopErrorCode.SopInvalid,
      extra: { errors: [expect.objectContaining({ path: 'roles.json $.roles[1].rules[2].fields[1]', keyword: 'fill_excludes_required_field' })] },
    });
  });

  it('refuses a guard comparing an answer with a value that is not one of its options', async () => {
    const files = await readPackDir(BASE);
    (files['workflow.json'] as any).transitions[1].guards[0].rule = { in: [{ var: 'forms.intake.priority' }, ['low']] };
    await expect(registry().publish(files)).rejects.toMatchObject({
      code: SopErrorCode.SopInvalid,
      extra: { errors: [expect.objectContaining({ path: 'workflow.json $.transitions[1].guards[0].rule.in[1][0]', keyword: 'rule_unknown_option' })] },
    });
  });

  it('lets a pack with lint warnings only through to storage', async () => {
    const files = await readPackDir(BASE);
    // A dead branch of an "or" is a warning.
    (files['workflow.json'] as any).transitions[1].guards[0].rule = {
      or: [{ and: [{ '==': [{ var: 'forms.intake.priority' }, 'urgent'] }, { '==': [{ var: 'forms.intake.priority' }, 'normal'] }] }, true],
    };
    await expect(registry().publish(files)).rejects.toBe(REACHED_DATABASE);
  });
});
