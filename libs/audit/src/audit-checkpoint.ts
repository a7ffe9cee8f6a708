import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from './audit-hash';
import type { ChainHead } from './audit.types';

/**
 * Checkpoints pin the end of every hash chain outside the audit_log table. The hash chain alone
 * cannot see its newest rows deleted (what is left still links up); a signed record of each chain's
 * head, kept elsewhere, can. Pure: signing, reading and comparing, no files and no database.
 */
export const CHECKPOINT_FORMAT = 'cmis-audit-checkpoint/1';

/** The verification run just before the checkpoint was written. */
export interface CheckpointVerification {
  ok: boolean;
  /** Entries found intact (all of the log's, when continued from the previous checkpoint). */
  entries: number;
  /** When the whole log was last walked for this result (absent: at writtenAt). */
  fullAt?: string;
  /** Continued from the checkpoint written then (its heads verified and unchanged): only later entries were walked. */
  since?: string;
  firstBroken?: { chain: number; seq: number; reason: string };
}

export interface AuditCheckpoint {
  format: typeof CHECKPOINT_FORMAT;
  /** ISO-8601. */
  writtenAt: string;
  /** The newest entry of every chain, by chain number. */
  heads: ChainHead[];
  verification: CheckpointVerification | null;
}

export interface SignedCheckpoint extends AuditCheckpoint {
  /** `hmac-sha256:<hex>` over the canonical JSON of every other member. */
  signature: string;
}

export type CheckpointReading =
  { status: 'valid'; checkpoint: AuditCheckpoint } | { status: 'unreadable' | 'unsigned' | 'tampered'; detail: string; claimedWrittenAt: string | null };

/** What the table shows against a checkpoint, one finding per chain that does not match it. */
export interface CheckpointFinding {
  chain: number;
  problem: 'rows_deleted' | 'chain_rewritten';
  /** The table's newest seq of the chain (0: no entry left). */
  tableSeq: number;
  checkpointSeq: number;
  message: string;
}

const SIGNATURE = /^hmac-sha256:([0-9a-f]{64})$/;
/** A key shorter than this would make the signature guessable (the configuration refuses it too). */
export const MIN_CHECKPOINT_KEY_LENGTH = 32;

export function signCheckpoint(checkpoint: AuditCheckpoint, key: string): SignedCheckpoint {
  const body = unsigned(checkpoint);
  return { ...body, signature: `hmac-sha256:${mac(body, key)}` };
}

/** The file's text: one signed checkpoint, indented for a person reading it. */
export function checkpointText(signed: SignedCheckpoint): string {
  return `${JSON.stringify(signed, null, 2)}\n`;
}

/** Reads a checkpoint file's text and checks its signature with `key`. */
export function readCheckpoint(text: string, key: string): CheckpointReading {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { status: 'unreadable', detail: 'not JSON', claimedWrittenAt: null };
  }
  const doc = parsed as Partial<SignedCheckpoint> | null;
  if (!doc || typeof doc !== 'object' || doc.format !== CHECKPOINT_FORMAT) {
    return { status: 'unreadable', detail: `not a ${CHECKPOINT_FORMAT} document`, claimedWrittenAt: null };
  }
  const claimedWrittenAt = typeof doc.writtenAt === 'string' ? doc.writtenAt : null;
  if (!isCheckpointBody(doc)) return { status: 'unreadable', detail: 'writtenAt or heads are missing or malformed', claimedWrittenAt };
  const body = unsigned(doc);
  const signature = (parsed as { signature?: unknown }).signature;
  if (signature === undefined || signature === null || signature === '')
    return { status: 'unsigned', detail: 'the checkpoint has no signature', claimedWrittenAt };
  const m = typeof signature === 'string' ? SIGNATURE.exec(signature) : null;
  if (!m) return { status: 'tampered', detail: 'the signature is not an hmac-sha256 signature', claimedWrittenAt };
  const expected = Buffer.from(mac(body, key), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(m[1], 'hex'))) {
    return { status: 'tampered', detail: 'the signature does not match the content (changed, or signed with another key)', claimedWrittenAt };
  }
  return { status: 'valid', checkpoint: body };
}

/**
 * Compares the table with a checkpoint. `tableHeads`: the newest seq of each chain now;
 * `hashesAtCheckpoint`: the hash of the entry at each chain's checkpointed seq, where it still exists.
 * Entries written after the checkpoint are expected; fewer entries, or another entry at the
 * checkpointed position, are not.
 */
export function compareWithCheckpoint(
  checkpoint: AuditCheckpoint,
  tableHeads: ReadonlyMap<number, number>,
  hashesAtCheckpoint: ReadonlyMap<number, string>,
): CheckpointFinding[] {
  const findings: CheckpointFinding[] = [];
  const of = `checkpoint of ${checkpoint.writtenAt}`;
  for (const head of checkpoint.heads) {
    const tableSeq = tableHeads.get(head.chain) ?? 0;
    if (tableSeq < head.seq) {
      const ends = tableSeq === 0 ? 'has no entries' : `ends at seq ${tableSeq}`;
      findings.push({
        chain: head.chain,
        problem: 'rows_deleted',
        tableSeq,
        checkpointSeq: head.seq,
        message: `chain ${head.chain} ${ends} but ${of} recorded seq ${head.seq}`,
      });
    } else if (hashesAtCheckpoint.get(head.chain) !== head.hash) {
      findings.push({
        chain: head.chain,
        problem: 'chain_rewritten',
        tableSeq,
        checkpointSeq: head.seq,
        message: `chain ${head.chain} has another entry at seq ${head.seq} than the ${of} recorded (hash ${head.hash.slice(0, 12)}…)`,
      });
    }
  }
  return findings;
}

function unsigned(c: AuditCheckpoint): AuditCheckpoint {
  return {
    format: c.format,
    writtenAt: c.writtenAt,
    heads: c.heads.map((h) => ({ chain: h.chain, seq: h.seq, hash: h.hash })),
    verification: c.verification ?? null,
  };
}

function mac(body: AuditCheckpoint, key: string): string {
  return createHmac('sha256', key).update(canonicalJson(body)).digest('hex');
}

function isCheckpointBody(doc: Partial<AuditCheckpoint>): doc is AuditCheckpoint {
  if (typeof doc.writtenAt !== 'string' || Number.isNaN(Date.parse(doc.writtenAt)) || !Array.isArray(doc.heads)) return false;
  return doc.heads.every(
    (h) =>
      h && Number.isInteger(h.chain) && h.chain >= 0 && Number.isInteger(h.seq) && h.seq >= 1 && typeof h.hash === 'string' && /^[0-9a-f]{64}$/.test(h.hash),
  );
}
