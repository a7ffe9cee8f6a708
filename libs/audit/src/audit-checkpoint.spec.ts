import { AuditCheckpoint, CHECKPOINT_FORMAT, checkpointText, compareWithCheckpoint, readCheckpoint, signCheckpoint } from './audit-checkpoint';

const KEY = 'k'.repeat(40);
const H = (c: string) => c.repeat(64);
const checkpoint: AuditCheckpoint = {
  format: CHECKPOINT_FORMAT,
  writtenAt: '2026-03-02T08:00:00.000Z',
  heads: [
    { chain: 1, seq: 10, hash: H('a') },
    { chain: 2, seq: 3, hash: H('b') },
  ],
  verification: { ok: true, entries: 13 },
};

describe('audit checkpoints: signing and reading', () => {
  it('reads back what it signed with the same key', () => {
    const text = checkpointText(signCheckpoint(checkpoint, KEY));
    expect(readCheckpoint(text, KEY)).toEqual({ status: 'valid', checkpoint });
  });

  it('refuses a checkpoint whose heads were changed after signing', () => {
    const signed = signCheckpoint(checkpoint, KEY);
    const changed = { ...signed, heads: [{ chain: 1, seq: 8, hash: H('a') }, signed.heads[1]] };
    expect(readCheckpoint(JSON.stringify(changed), KEY)).toMatchObject({ status: 'tampered', claimedWrittenAt: checkpoint.writtenAt });
  });

  it('refuses a checkpoint whose time or verification result was changed', () => {
    const signed = signCheckpoint({ ...checkpoint, verification: { ok: false, entries: 4, firstBroken: { chain: 1, seq: 5, reason: 'seq gap' } } }, KEY);
    expect(readCheckpoint(JSON.stringify({ ...signed, writtenAt: '2026-03-03T08:00:00.000Z' }), KEY).status).toBe('tampered');
    expect(readCheckpoint(JSON.stringify({ ...signed, verification: { ok: true, entries: 4 } }), KEY).status).toBe('tampered');
  });

  it('refuses a checkpoint signed with another key', () => {
    const text = checkpointText(signCheckpoint(checkpoint, 'x'.repeat(40)));
    expect(readCheckpoint(text, KEY)).toMatchObject({ status: 'tampered' });
  });

  it('reports an unsigned checkpoint, a malformed signature and a file that is no checkpoint', () => {
    expect(readCheckpoint(JSON.stringify(checkpoint), KEY)).toMatchObject({ status: 'unsigned', claimedWrittenAt: checkpoint.writtenAt });
    expect(readCheckpoint(JSON.stringify({ ...checkpoint, signature: 'sha1:00' }), KEY).status).toBe('tampered');
    expect(readCheckpoint('{"heads": [', KEY).status).toBe('unreadable');
    expect(readCheckpoint(JSON.stringify({ format: 'other' }), KEY).status).toBe('unreadable');
    expect(readCheckpoint(JSON.stringify({ ...checkpoint, heads: [{ chain: 1, seq: 0, hash: H('a') }] }), KEY).status).toBe('unreadable');
  });
});

describe('audit checkpoints: the table against a checkpoint', () => {
  const hashes = new Map([
    [1, H('a')],
    [2, H('b')],
  ]);

  it('finds nothing when every chain reaches at least its checkpointed entry, unchanged', () => {
    expect(
      compareWithCheckpoint(
        checkpoint,
        new Map([
          [1, 10],
          [2, 7],
        ]),
        hashes,
      ),
    ).toEqual([]);
  });

  it('names the chain, where it ends now and what the checkpoint recorded when newest rows were deleted', () => {
    const findings = compareWithCheckpoint(
      checkpoint,
      new Map([
        [1, 8],
        [2, 3],
      ]),
      new Map([[2, H('b')]]),
    );
    expect(findings).toEqual([
      {
        chain: 1,
        problem: 'rows_deleted',
        tableSeq: 8,
        checkpointSeq: 10,
        message: 'chain 1 ends at seq 8 but checkpoint of 2026-03-02T08:00:00.000Z recorded seq 10',
      },
    ]);
  });

  it('reports a chain emptied entirely', () => {
    const [finding] = compareWithCheckpoint(checkpoint, new Map([[1, 10]]), new Map([[1, H('a')]]));
    expect(finding).toMatchObject({ chain: 2, problem: 'rows_deleted', tableSeq: 0 });
    expect(finding.message).toBe('chain 2 has no entries but checkpoint of 2026-03-02T08:00:00.000Z recorded seq 3');
  });

  it('reports a chain rewritten from the checkpointed entry on (same length, other hash)', () => {
    const findings = compareWithCheckpoint(
      checkpoint,
      new Map([
        [1, 12],
        [2, 3],
      ]),
      new Map([
        [1, H('c')],
        [2, H('b')],
      ]),
    );
    expect(findings).toEqual([expect.objectContaining({ chain: 1, problem: 'chain_rewritten', tableSeq: 12, checkpointSeq: 10 })]);
  });
});
