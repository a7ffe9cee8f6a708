import { createHash } from 'node:crypto';
import { canonicalJson, ChainChecker, entryHash, GENESIS_HASH } from './audit-hash';
import type { AuditRecord } from './audit.types';

describe('canonicalJson', () => {
  it('does not depend on key order, at any depth', () => {
    const a = { b: 1, a: { y: [1, { q: true, p: null }], x: 'x' } };
    const b = { a: { x: 'x', y: [1, { p: null, q: true }] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"x":"x","y":[1,{"p":null,"q":true}]},"b":1}');
  });

  it('keeps array order (arrays are ordered data)', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('writes dates as ISO-8601 strings, nested too', () => {
    const at = new Date('2026-03-02T08:00:00.123Z');
    expect(canonicalJson({ at })).toBe('{"at":"2026-03-02T08:00:00.123Z"}');
    expect(canonicalJson({ at })).toBe(canonicalJson({ at: '2026-03-02T08:00:00.123Z' }));
    expect(canonicalJson([{ when: at }])).toBe('[{"when":"2026-03-02T08:00:00.123Z"}]');
  });

  it('serialises scalars like JSON and leaves out undefined members', () => {
    expect(canonicalJson({ s: 'a"b\n', n: 1.5, e: 1e21, z: -0, t: false, u: undefined, arr: [undefined] })).toBe(
      '{"arr":[null],"e":1e+21,"n":1.5,"s":"a\\"b\\n","t":false,"z":0}',
    );
    expect(canonicalJson('ü')).toBe('"ü"');
  });

  it('sorts keys by UTF-16 code units, not by locale', () => {
    expect(canonicalJson({ b: 1, B: 2, ä: 3, a: 4 })).toBe('{"B":2,"a":4,"b":1,"ä":3}');
  });

  it('is the same for a value and its JSON round trip (what jsonb gives back)', () => {
    const v = { details: { filters: { status: 'open', page: 2 }, ids: ['b', 'a'], ratio: 0.1 + 0.2 } };
    expect(canonicalJson(JSON.parse(JSON.stringify(v)))).toBe(canonicalJson(v));
  });

  it('refuses values JSON cannot carry faithfully', () => {
    expect(() => canonicalJson({ n: NaN })).toThrow(/NaN/);
    expect(() => canonicalJson({ n: Infinity })).toThrow();
    expect(() => canonicalJson({ n: 1n })).toThrow(/bigint/);
    expect(() => canonicalJson({ d: new Date('nope') })).toThrow(/invalid Date/);
    expect(() => canonicalJson(undefined)).toThrow();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/cyclic/);
  });

  it('allows the same object twice when it is not a cycle', () => {
    const shared = { k: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"k":1},"b":{"k":1}}');
  });
});

function chain(n: number, chainNo = 3): AuditRecord[] {
  const out: AuditRecord[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const unsealed = {
      id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
      chain: chainNo,
      seq,
      at: new Date(Date.UTC(2026, 2, 2, 8, 0, seq)),
      actorId: '11111111-1111-4111-8111-111111111111',
      actorRoles: ['caseworker'],
      action: 'case.read',
      caseId: '22222222-2222-4222-8222-222222222222',
      fields: ['registration.first_name'],
      outcome: 'allowed' as const,
      details: { via: 'test', n: seq },
      ip: '127.0.0.1',
      userAgent: 'jest',
      prevHash,
    };
    const record = { ...unsealed, hash: entryHash(unsealed) };
    out.push(record);
    prevHash = record.hash;
  }
  return out;
}

describe('entryHash', () => {
  const [first] = chain(1);

  it('is sha256(prev_hash + canonical JSON of every other field), hex', () => {
    const { hash, ...content } = first;
    const expected = createHash('sha256')
      .update(GENESIS_HASH + canonicalJson(content))
      .digest('hex');
    expect(hash).toBe(expected);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash(first)).toBe(hash); // a stored hash field is ignored
  });

  it('changes when any field or the predecessor changes', () => {
    const variants: Array<Partial<AuditRecord>> = [
      { details: { via: 'test', n: 2 } },
      { fields: [] },
      { actorRoles: ['supervisor'] },
      { outcome: 'denied' },
      { at: new Date(first.at.getTime() + 1) },
      { seq: 2 },
      { prevHash: 'f'.repeat(64) },
      { ip: null },
      { action: 'case.export' },
    ];
    for (const v of variants) expect(entryHash({ ...first, ...v })).not.toBe(first.hash);
  });

  it('does not depend on the key order of details', () => {
    expect(entryHash({ ...first, details: { n: 1, via: 'test' } })).toBe(first.hash);
  });
});

describe('entryHash: canonical form with and without chain', () => {
  const content = {
    id: '00000000-0000-4000-8000-000000000001',
    seq: 1,
    at: new Date('2026-03-02T08:00:00.000Z'),
    actorId: '11111111-1111-4111-8111-111111111111',
    actorRoles: ['caseworker'],
    action: 'case.read',
    caseId: '22222222-2222-4222-8222-222222222222',
    fields: [],
    outcome: 'allowed' as const,
    details: {},
    ip: null,
    userAgent: null,
    prevHash: GENESIS_HASH,
  };
  const sha = (s: string) => createHash('sha256').update(s).digest('hex');
  const json = (chainMember: string) =>
    '{"action":"case.read","actorId":"11111111-1111-4111-8111-111111111111",' +
    '"actorRoles":["caseworker"],"at":"2026-03-02T08:00:00.000Z","caseId":"22222222-2222-4222-8222-222222222222",' +
    `${chainMember}"details":{},"fields":[],"id":"00000000-0000-4000-8000-000000000001","ip":null,"outcome":"allowed",` +
    `"prevHash":"${GENESIS_HASH}","seq":1,"userAgent":null}`;

  it('hashes chains 1..N with a "chain" member, in its sorted place', () => {
    expect(entryHash({ ...content, chain: 5 })).toBe(sha(GENESIS_HASH + json('"chain":5,')));
  });

  it('hashes the legacy chain 0 in the old form, without "chain" (as before migration 1765300000000)', () => {
    const old = sha(GENESIS_HASH + json(''));
    expect(entryHash({ ...content, chain: 0 })).toBe(old);
    expect(entryHash(content)).toBe(old); // a record of the old shape, with no chain at all
  });

  it('changes when an entry moves to another chain, legacy chain included', () => {
    const hashes = [0, 1, 2, 5, 256].map((c) => entryHash({ ...content, chain: c }));
    expect(new Set(hashes).size).toBe(5);
  });
});

describe('ChainChecker', () => {
  const run = (records: AuditRecord[]) => {
    const checker = new ChainChecker();
    for (const r of records) {
      const reason = checker.check(r);
      if (reason) return { broken: r.seq, reason, entries: checker.entries };
    }
    return { broken: null, entries: checker.entries, lastHash: checker.lastHash };
  };

  it('accepts an intact chain and reports its last hash', () => {
    const records = chain(5);
    expect(run(records)).toEqual({ broken: null, entries: 5, lastHash: records[4].hash });
    expect(run([])).toEqual({ broken: null, entries: 0, lastHash: GENESIS_HASH });
  });

  it('names an edited entry: hash does not match content', () => {
    const records = chain(5);
    records[2] = { ...records[2], details: { via: 'edited', n: 3 } };
    expect(run(records)).toEqual({ broken: 3, reason: 'hash does not match content', entries: 2 });
  });

  it('names the entry after a removed one: prev_hash does not match previous entry', () => {
    const records = chain(5);
    records.splice(2, 1);
    expect(run(records)).toEqual({ broken: 4, reason: 'prev_hash does not match previous entry', entries: 2 });
  });

  it('catches an edited entry whose hash was recomputed at the next link', () => {
    const records = chain(5);
    const edited = { ...records[1], details: { via: 'forged', n: 2 } };
    records[1] = { ...edited, hash: entryHash(edited) };
    expect(run(records)).toEqual({ broken: 3, reason: 'prev_hash does not match previous entry', entries: 2 });
  });

  it('names a seq gap when the links were rewritten around a removed entry', () => {
    const records = chain(3);
    const third = { ...records[2], prevHash: records[0].hash };
    expect(run([records[0], { ...third, hash: entryHash(third) }])).toEqual({ broken: 3, reason: 'seq gap', entries: 1 });
  });
});
