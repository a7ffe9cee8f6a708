import { createHash } from 'node:crypto';
import { chainForEntry, chainOf, DEFAULT_AUDIT_CHAINS, MAX_AUDIT_CHAINS, parseAuditChains } from './audit-chains';

/** Deterministic v4-shaped UUIDs (no randomness in the test). */
function uuid(i: number): string {
  const h = createHash('md5').update(`case-${i}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

describe('chainOf', () => {
  it('is 1 + (first 4 bytes of sha256 of the lower-case key) mod N, pinned', () => {
    const id = 'aaaaaaaa-0000-4000-8000-000000000001';
    const word = createHash('sha256').update(id).digest().readUInt32BE(0);
    expect(chainOf(id, 16)).toBe(1 + (word % 16));
    // Pinned values: a change of the function would move existing cases to other chains.
    expect([16, 7, 256, 1].map((n) => chainOf(id, n))).toEqual([12, 5, 76, 1]);
    expect(chainOf('b0b00000-0000-4000-8000-000000000002', 16)).toBe(9);
  });

  it('is stable: the same for the same id, whatever its case, call after call', () => {
    for (let i = 0; i < 200; i++) {
      const id = uuid(i);
      const c = chainOf(id, 16);
      expect(chainOf(id.toUpperCase(), 16)).toBe(c);
      expect(chainOf(id, 16)).toBe(c);
      expect(c).toBeGreaterThanOrEqual(1);
      expect(c).toBeLessThanOrEqual(16);
    }
  });

  it('spreads ids evenly over the chains', () => {
    for (const n of [16, 5]) {
      const counts = new Array<number>(n + 1).fill(0);
      const total = 400 * n;
      for (let i = 0; i < total; i++) counts[chainOf(uuid(i), n)]++;
      expect(counts[0]).toBe(0);
      // 400 expected per chain; a fair spread stays well within ±25 %.
      for (let c = 1; c <= n; c++) {
        expect(counts[c]).toBeGreaterThan(300);
        expect(counts[c]).toBeLessThan(500);
      }
    }
  });

  it('refuses a chain count outside 1..256', () => {
    for (const n of [0, -1, 257, 1.5, NaN]) expect(() => chainOf(uuid(1), n)).toThrow(RangeError);
  });
});

describe('chainForEntry', () => {
  const CASE = uuid(1);
  const ACTOR = uuid(2);

  it("puts an entry with a case in the case's chain, whoever the actor", () => {
    expect(chainForEntry({ caseId: CASE, actorId: ACTOR }, 16)).toBe(chainOf(CASE, 16));
    expect(chainForEntry({ caseId: CASE, actorId: null }, 16)).toBe(chainOf(CASE, 16));
  });

  it("puts an entry without a case in the actor's chain, and one with neither in chain 1", () => {
    expect(chainForEntry({ caseId: null, actorId: ACTOR }, 16)).toBe(chainOf(ACTOR, 16));
    expect(chainOf(ACTOR, 16)).not.toBe(chainOf(CASE, 16)); // so the two cases above really differ
    expect(chainForEntry({ caseId: null, actorId: null }, 16)).toBe(1);
    expect(chainForEntry({ caseId: CASE, actorId: ACTOR }, 1)).toBe(1);
  });
});

describe('CMIS_AUDIT_CHAINS', () => {
  it('defaults to 16 and accepts 1..256', () => {
    expect(DEFAULT_AUDIT_CHAINS).toBe(16);
    expect(parseAuditChains(undefined)).toBe(16);
    expect(parseAuditChains('')).toBe(16);
    expect(parseAuditChains('1')).toBe(1);
    expect(parseAuditChains(' 64 ')).toBe(64);
    expect(parseAuditChains(String(MAX_AUDIT_CHAINS))).toBe(256);
  });

  it('refuses anything else with a message naming the variable', () => {
    for (const bad of ['0', '257', '-3', '2.5', 'sixteen', '1e1', '0x10']) {
      expect(() => parseAuditChains(bad)).toThrow(/CMIS_AUDIT_CHAINS must be an integer from 1 to 256/);
    }
  });
});
