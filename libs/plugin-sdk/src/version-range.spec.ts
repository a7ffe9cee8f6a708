import { satisfiesRange } from './version-range';

describe('satisfiesRange', () => {
  it.each([
    ['1.0.0', '^1.0.0', true],
    ['1.4.2', '^1.0.0', true],
    ['2.0.0', '^1.0.0', false],
    ['0.9.9', '^1.0.0', false],
    ['0.2.5', '^0.2.0', true],
    ['0.3.0', '^0.2.0', false],
    ['1.2.9', '~1.2.0', true],
    ['1.3.0', '~1.2.0', false],
    ['1.5.0', '>=1.0.0 <2.0.0', true],
    ['2.0.0', '>=1.0.0 <2.0.0', false],
    ['1.0.0', '1.0.0', true],
    ['1.0.1', '1.0.0', false],
    ['1.7.0', '1.x', true],
    ['2.0.0', '1.x', false],
    ['9.9.9', '*', true],
  ])('%s in %s → %s', (v, r, expected) => expect(satisfiesRange(v, r)).toBe(expected));

  it('cannot read nonsense', () => {
    expect(satisfiesRange('1.0', '^1.0.0')).toBeNull();
    expect(satisfiesRange('1.0.0', 'latest')).toBeNull();
    expect(satisfiesRange('1.0.0', '')).toBeNull();
  });
});
