import { DomainError } from '@app/core';
import { FormCatalogue } from '@app/forms';
import type { FormDef, SopPack } from '@app/pack-types';
import { buildPack, step } from '../../workflow/src/testing/pack-builder';
import { planCaseMove, type CaseToMove } from './case-move';
import { resolvePlan, type MigrationPlan, type PlanSide } from './migration-plan';

const form = (id: string, version: number, properties: Record<string, unknown>, required: string[] = []): FormDef => ({
  id,
  version,
  title: { en: id },
  schema: { type: 'object', additionalProperties: false, properties, required },
});

const registrationV1 = form('registration', 1, { first_name: { type: 'string', maxLength: 100 }, estimated: { type: 'boolean' } }, ['first_name']);
const registrationV2 = form(
  'registration',
  2,
  {
    first_name: { type: 'string', maxLength: 10 },
    dob_estimated: { type: 'boolean' },
    nationality: { type: 'string', enum: ['MD', 'RO'] },
    birth_registered: { type: 'boolean' },
  },
  ['first_name', 'nationality', 'birth_registered'],
);
const referral = form('referral', 1, { service: { type: 'string' }, estimated: { type: 'boolean' } });

function side(version: number, pack: SopPack): PlanSide {
  return { versionId: 100 + version, version, pack, forms: new FormCatalogue(pack) };
}

const v1 = side(1, buildPack({ forms: [registrationV1, referral] }));
const base = buildPack();
const v2 = side(
  2,
  buildPack({
    forms: [registrationV2, referral],
    workflow: { ...base.workflow, steps: base.workflow.steps.map((s) => (s.id === 'assessment' ? step('first_assessment', 'normal', s.forms) : s)) },
  }),
);

const plan: MigrationPlan = {
  fromVersion: 1,
  toVersion: 2,
  steps: { assessment: 'first_assessment' },
  fields: { registration: { estimated: 'dob_estimated' } },
  newFields: { registration: { nationality: { default: 'MD' }, birth_registered: { task: true } } },
  deadlines: 'recompute',
};

const aCase = (over: Partial<CaseToMove> = {}): CaseToMove => ({
  id: 'c1',
  caseNumber: '0001',
  status: 'open',
  step: 'assessment',
  stepHistory: [
    { step: 'registration', enteredAt: '2026-01-01T00:00:00Z', leftAt: '2026-01-02T00:00:00Z' },
    { step: 'assessment', enteredAt: '2026-01-02T00:00:00Z', leftAt: null },
  ],
  answers: { registration: { first_name: 'Ana', estimated: true } },
  submissions: [
    { id: 's1', formId: 'registration', answers: { first_name: 'Ana', estimated: true } },
    { id: 's2', formId: 'referral', answers: { service: 'health', estimated: false } },
  ],
  ...over,
});

function invalid(p: MigrationPlan, a = v1, b = v2): Array<{ path: string; message: string }> {
  try {
    resolvePlan(p, a, b);
  } catch (e) {
    if (e instanceof DomainError && e.code === 'migration_plan_invalid') return e.extra.errors as Array<{ path: string; message: string }>;
    throw e;
  }
  throw new Error('the plan was accepted');
}

describe('migration plan', () => {
  it('asks for a default or a task for each new required field, naming its path', () => {
    const { newFields: _omit, ...without } = plan;
    expect(invalid(without).map((e) => e.path)).toEqual(['/newFields/registration/nationality', '/newFields/registration/birth_registered']);
  });

  it('checks ids against both versions and defaults against the new field', () => {
    const errors = invalid({
      ...plan,
      steps: { planing: 'planning', assessment: 'nowhere' },
      fields: { registration: { nickname: 'dob_estimated' } },
      newFields: { registration: { nationality: { default: 'FR' }, birth_registered: { task: true }, shoe_size: { default: 3 } } },
    });
    expect(errors.map((e) => e.path)).toEqual([
      '/steps/planing',
      '/steps/assessment',
      '/fields/registration/nickname',
      '/newFields/registration/nationality/default',
      '/newFields/registration/shoe_size',
    ]);
    expect(errors[1].message).toContain('version 2 has no step "nowhere"');
  });

  it('only moves forward', () => {
    expect(invalid({ ...plan, fromVersion: 2, toVersion: 1 }, v2, v1).map((e) => e.path)).toContain('/toVersion');
  });
});

describe('planCaseMove', () => {
  const resolved = resolvePlan(plan, v1, v2);

  it('maps the step (and its history), renames answers, applies defaults and leaves tasks', () => {
    const move = planCaseMove(resolved, aCase());
    expect(move).toMatchObject({
      outcome: 'move',
      step: { from: 'assessment', to: 'first_assessment' },
      renamed: ['registration.estimated → registration.dob_estimated'],
      defaults: [{ form: 'registration', field: 'nationality', value: 'MD' }],
      tasks: [{ form: 'registration', field: 'birth_registered' }],
    });
    if (move.outcome !== 'move') throw new Error('expected a move');
    expect(move.row.answers).toEqual({ registration: { first_name: 'Ana', dob_estimated: true, nationality: 'MD' } });
    expect(move.row.stepHistory.map((v) => v.step)).toEqual(['registration', 'first_assessment']);
    // Submissions follow: the new form version, renamed answers; another form's field of the same name is untouched.
    expect(move.submissions).toEqual([
      { id: 's1', formId: 'registration', formVersion: 2, answers: { first_name: 'Ana', dob_estimated: true, nationality: 'MD' } },
      { id: 's2', formId: 'referral', formVersion: 1, answers: { service: 'health', estimated: false } },
    ]);
  });

  it('keeps an answer that is already given instead of the default', () => {
    const move = planCaseMove(resolved, aCase({ answers: { registration: { first_name: 'Ana', nationality: 'RO' } }, submissions: [] }));
    expect(move).toMatchObject({ outcome: 'move', renamed: [], defaults: [], tasks: [{ field: 'birth_registered' }] });
    if (move.outcome === 'move') expect(move.row.answers.registration.nationality).toBe('RO');
  });

  it('a case whose forms were never answered moves without defaults or tasks', () => {
    expect(planCaseMove(resolved, aCase({ step: 'registration', answers: {}, submissions: [] }))).toMatchObject({ outcome: 'move', defaults: [], tasks: [] });
  });

  it('says why a case cannot move', () => {
    expect(planCaseMove(resolved, aCase({ status: 'closed', step: 'closed' }))).toMatchObject({ outcome: 'cannot_move', reason: 'case_closed' });
    const unmapped = resolvePlan({ ...plan, steps: {} }, v1, v2);
    expect(planCaseMove(unmapped, aCase())).toMatchObject({
      outcome: 'cannot_move',
      reason: 'step_not_mapped',
      detail: expect.stringContaining('"assessment"'),
    });
    const tooLong = aCase({ answers: { registration: { first_name: 'Anastasia-Maria' } } });
    expect(planCaseMove(resolved, tooLong)).toMatchObject({ outcome: 'cannot_move', reason: 'answer_invalid', detail: expect.stringContaining('/first_name') });
    const gone = aCase({ answers: { care_plan: { goal: 'x' } } });
    expect(planCaseMove(resolved, gone)).toMatchObject({ outcome: 'cannot_move', reason: 'form_removed' });
  });
});
