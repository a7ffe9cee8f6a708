import { mergeFields, sameAnswer } from './field-merge';

describe('mergeFields (an offline change into the answers as they are now)', () => {
  const current = { name: 'Ana', school: 'no', reason: 'work', phone: '069' };

  it('takes the device’s value where the server still has what the device started from', () => {
    const r = mergeFields(current, { school: 'no' }, { school: 'yes' });
    expect(r.conflicts).toEqual([]);
    expect(r.applied).toEqual(['school']);
    expect(r.merged).toEqual({ ...current, school: 'yes' });
  });

  it('merges changes of different fields: someone else changed the phone, the device the school', () => {
    const serverNow = { ...current, phone: '078' };
    const r = mergeFields(serverNow, { school: 'no' }, { school: 'yes' });
    expect(r.merged).toEqual({ ...serverNow, school: 'yes' });
  });

  it('sees a conflict when both sides changed the same field to different values, and then merges nothing', () => {
    const serverNow = { ...current, phone: '078' };
    const r = mergeFields(serverNow, { phone: '069', school: 'no' }, { phone: '060', school: 'yes' });
    expect(r.conflicts).toEqual([{ field: 'phone', base: '069', yours: '060', theirs: '078' }]);
    expect(r.applied).toEqual([]);
    expect(r.merged).toEqual(serverNow);
  });

  it('needs nothing when the server already holds the device’s value', () => {
    const r = mergeFields({ ...current, school: 'yes' }, { school: 'no' }, { school: 'yes' });
    expect(r).toEqual({ merged: { ...current, school: 'yes' }, applied: [], conflicts: [] });
  });

  it('clears an answer the device cleared, and adds one the form did not have', () => {
    const r = mergeFields(current, { reason: 'work', notes: undefined }, { reason: null, notes: 'visited' });
    expect(r.merged).toEqual({ name: 'Ana', school: 'no', phone: '069', notes: 'visited' });
  });

  it('compares answers as stored: key order does not matter, nested lists do', () => {
    expect(sameAnswer({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(sameAnswer({ a: 1, b: [1, 2] }, { a: 1, b: [2, 1] })).toBe(false);
    expect(sameAnswer(undefined, { a: undefined })).toBe(false);
    expect(sameAnswer(null, undefined)).toBe(false);
  });
});
