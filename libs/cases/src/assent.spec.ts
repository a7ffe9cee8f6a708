import { assentRefusal } from './case-consent.service';

describe('assent, as the pack asks for it', () => {
  const at = new Date('2026-03-02T10:00:00Z');

  it('is refused where the pack does not ask for it', () => {
    expect(assentRefusal(undefined, '2015-01-01', at)).toBe('this SOP does not ask for assent; record consent');
  });

  it("is asked within the pack's ages, counted in completed years on the day it is given", () => {
    const ages = { fromAge: 7, untilAge: 18 };
    expect(assentRefusal(ages, '2019-03-02', at)).toBeNull(); // 7 today
    expect(assentRefusal(ages, '2019-03-03', at)).toBe('this SOP asks for assent from age 7 until 18; the person was 6');
    expect(assentRefusal(ages, '2008-03-03', at)).toBeNull(); // 17
    expect(assentRefusal(ages, '2008-03-02', at)).toMatch(/the person was 18$/);
    // Without a date of birth the worker judges.
    expect(assentRefusal(ages, null, at)).toBeNull();
    expect(assentRefusal({}, '2025-01-01', at)).toBeNull();
  });
});
