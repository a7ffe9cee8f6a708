import { mergeFields } from './field-merge';
import { resolvedBase } from './held-resolution';

describe('resolvedBase (what a conflict resolution is merged from)', () => {
  const original = { address: 'Strada Veche 1', phone: '069' };
  const conflicting = new Set(['address']);

  it('takes the server value the user saw for a conflicting field, and the device’s base for the others', () => {
    expect(resolvedBase(original, { address: 'Strada Online 3' }, conflicting)).toEqual({ address: 'Strada Online 3', phone: '069' });
  });

  it('reads a conflicting field the server had no value for, sent as null or left out, as no value: the choice then applies', () => {
    for (const sent of [{ address: null }, {}]) {
      const base = resolvedBase(original, sent, conflicting);
      expect(base).toEqual({ phone: '069' });
      // The server has no address now; the user keeps theirs.
      expect(mergeFields({ phone: '069' }, base, { address: 'Strada Mine 2', phone: '078' }).merged).toEqual({ address: 'Strada Mine 2', phone: '078' });
    }
  });
});
