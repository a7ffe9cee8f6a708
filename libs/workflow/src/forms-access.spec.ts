import { canCreateCase, canFillForm, canReadForm } from '@app/workflow';
import { buildPack, snapshot, supervisor, teacher, worker } from './testing/pack-builder';

const pack = buildPack();
const codes = (d: { reasons: Array<{ code: string }> }) => d.reasons.map((r) => r.code);

describe('form access', () => {
  it('a step form is fillable by a role that may fill it', () => {
    expect(canFillForm(pack, snapshot(['registration', 'assessment']), worker, 'initial_assessment')).toEqual({ allowed: true, reasons: [] });
  });

  it('a form outside the current step is refused', () => {
    expect(codes(canFillForm(pack, snapshot(['registration']), worker, 'care_plan'))).toEqual(['form_not_available']);
  });

  it('a form required by a transition leaving the step (closure) is fillable everywhere closure is possible', () => {
    expect(canFillForm(pack, snapshot(['registration']), worker, 'closure').allowed).toBe(true);
    expect(canFillForm(pack, snapshot(['registration', 'assessment']), worker, 'closure').allowed).toBe(true);
    // Paused is not a normal step, so `*` closure does not leave it.
    expect(codes(canFillForm(pack, snapshot(['registration', 'paused']), worker, 'closure'))).toEqual(['form_not_available']);
  });

  it('refuses roles without fill permission and closed cases', () => {
    expect(codes(canFillForm(pack, snapshot(['registration']), supervisor, 'closure'))).toEqual(['form_not_allowed']);
    expect(codes(canFillForm(pack, snapshot(['registration', 'closed']), worker, 'closure'))).toEqual(['case_closed']);
    expect(codes(canFillForm(pack, snapshot(), worker, 'nope'))).toEqual(['unknown_form']);
  });

  it('read permission: fill implies read', () => {
    expect(canReadForm(pack, supervisor, 'care_plan').allowed).toBe(true);
    expect(canReadForm(pack, worker, 'care_plan').allowed).toBe(true);
    expect(codes(canReadForm(pack, teacher, 'care_plan'))).toEqual(['form_read_not_allowed']);
  });

  it('case creation follows createCaseTypes', () => {
    expect(canCreateCase(pack, worker, 'child_protection').allowed).toBe(true);
    expect(codes(canCreateCase(pack, teacher, 'child_protection'))).toEqual(['create_not_allowed']);
    expect(codes(canCreateCase(pack, worker, 'adoption'))).toEqual(['unknown_case_type']);
  });
});
