import { formAvailability } from '@app/workflow';
import { buildPack, snapshot } from './testing/pack-builder';

const pack = buildPack();
const codes = (d: { reasons: Array<{ code: string }> }) => d.reasons.map((r) => r.code);

describe('form availability', () => {
  it('a form of the current step is open', () => {
    expect(formAvailability(pack, snapshot(['registration', 'assessment']), 'initial_assessment')).toEqual({ allowed: true, reasons: [] });
  });

  it('a form outside the current step is refused', () => {
    expect(codes(formAvailability(pack, snapshot(['registration']), 'care_plan'))).toEqual(['form_not_available']);
  });

  it('a form required by a transition leaving the step (closure) is open everywhere closure is possible', () => {
    expect(formAvailability(pack, snapshot(['registration']), 'closure').allowed).toBe(true);
    expect(formAvailability(pack, snapshot(['registration', 'assessment']), 'closure').allowed).toBe(true);
    // Paused is not a normal step, so `*` closure does not leave it.
    expect(codes(formAvailability(pack, snapshot(['registration', 'paused']), 'closure'))).toEqual(['form_not_available']);
  });

  it('refuses closed cases and unknown forms', () => {
    expect(codes(formAvailability(pack, snapshot(['registration', 'closed']), 'closure'))).toEqual(['case_closed']);
    expect(codes(formAvailability(pack, snapshot(), 'nope'))).toEqual(['unknown_form']);
  });
});
