import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { Clock, SystemClock } from '@app/core';
import { DEFAULT_AUDIT_CHAINS } from './audit-chains';
import {
  AuditCheckpoint,
  CHECKPOINT_FORMAT,
  checkpointText,
  CheckpointFinding,
  CheckpointVerification,
  compareWithCheckpoint,
  readCheckpoint,
  signCheckpoint,
} from './audit-checkpoint';
import { AuditCheckpointStore } from './audit-checkpoint-store';
import { AuditRepository } from './audit.repository';
import { AuditService, createAuditService } from './audit.service';
import type { ChainVerification } from './audit.types';

/** A checkpoint continues the previous one's verification (entries since), and walks the whole log once this long after the last full walk. */
export const FULL_VERIFICATION_EVERY_MS = 24 * 3_600_000;

/** Injection token: where checkpoints go, the key that signs them and how often (AuditModule: CMIS_AUDIT_CHECKPOINT_*). */
export const AUDIT_CHECKPOINT_OPTIONS = Symbol('AUDIT_CHECKPOINT_OPTIONS');

export interface AuditCheckpointOptions {
  /** Unset: checkpoints are off. */
  dir?: string;
  key?: string;
  /** Milliseconds between scheduled checkpoints. */
  intervalMs: number;
}

/** The table against the newest checkpoint file. */
export type CheckpointCheck =
  | { state: 'not_configured' }
  | { state: 'none'; dir: string }
  | { state: 'unusable'; file: string; reading: 'unreadable' | 'unsigned' | 'tampered'; detail: string; claimedWrittenAt: string | null; message: string }
  | { state: 'checked'; file: string; writtenAt: string; verification: CheckpointVerification | null; findings: CheckpointFinding[] };

/**
 * Writes signed checkpoints of every chain's head (after a full verification, whose result they
 * carry) and checks the table against the newest one. Deleting the newest rows of a chain leaves a
 * chain that still links up; only a record kept elsewhere shows it was longer.
 */
@Injectable()
export class AuditCheckpoints {
  private readonly logger = new Logger('AuditCheckpoints');
  private readonly store: AuditCheckpointStore | null;

  constructor(
    private readonly repo: AuditRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Optional() @Inject(AUDIT_CHECKPOINT_OPTIONS) private readonly options: AuditCheckpointOptions = { intervalMs: 3_600_000 },
  ) {
    if (options.dir && !options.key) throw new Error('audit checkpoints: a directory is configured without the key that signs them');
    this.store = options.dir ? new AuditCheckpointStore(options.dir) : null;
  }

  get configured(): boolean {
    return this.store !== null;
  }

  /**
   * Verifies every chain, then writes the heads with the result. A broken chain is checkpointed too
   * (its heads as the table has them): later deletions must still be seen.
   */
  async write(): Promise<{ file: string; checkpoint: AuditCheckpoint; verification: ChainVerification }> {
    if (!this.store) throw new Error('audit checkpoints are not configured (CMIS_AUDIT_CHECKPOINT_DIR, CMIS_AUDIT_CHECKPOINT_KEY)');
    // A log of years cannot be walked whole every hour: from a checkpoint that verified (its heads
    // still as recorded), only the entries since are walked; the whole log once a day.
    const previous = await this.latestValid();
    const lastFull = previous?.verification?.ok ? (previous.verification.fullAt ?? previous.writtenAt) : null;
    const continued = previous && lastFull && this.clock.now().getTime() - Date.parse(lastFull) < FULL_VERIFICATION_EVERY_MS ? previous : null;
    const verification = continued ? await this.audit.verify(undefined, continued.heads) : await this.audit.verify();
    const heads = verification.ok ? verification.heads : await this.currentHeads();
    const writtenAt = this.clock.now();
    const before = continued?.verification?.entries ?? 0;
    const checkpoint: AuditCheckpoint = {
      format: CHECKPOINT_FORMAT,
      writtenAt: writtenAt.toISOString(),
      heads,
      verification: verification.ok
        ? { ok: true, entries: before + verification.entries, ...(continued ? { fullAt: lastFull!, since: continued.writtenAt } : {}) }
        : {
            ok: false,
            entries: before + verification.entries,
            firstBroken: { chain: verification.firstBroken.chain, seq: verification.firstBroken.seq, reason: verification.firstBroken.reason },
            ...(continued ? { fullAt: lastFull!, since: continued.writtenAt } : {}),
          },
    };
    const file = await this.store.write(writtenAt, checkpointText(signCheckpoint(checkpoint, this.options.key!)));
    return { file, checkpoint, verification };
  }

  /** The newest checkpoint, when it reads and its signature holds. */
  private async latestValid(): Promise<AuditCheckpoint | null> {
    const latest = await this.store?.latest();
    if (!latest) return null;
    const reading = readCheckpoint(latest.text, this.options.key!);
    return reading.status === 'valid' ? reading.checkpoint : null;
  }

  /** For the scheduler: writes a checkpoint when none is younger than the interval. Returns the file written, or null. */
  async writeIfDue(): Promise<string | null> {
    if (!this.store) return null;
    const latest = await this.store.latest();
    if (latest) {
      const reading = readCheckpoint(latest.text, this.options.key!);
      const at = reading.status === 'valid' ? Date.parse(reading.checkpoint.writtenAt) : NaN;
      if (this.clock.now().getTime() - at < this.options.intervalMs) return null;
    }
    const { file, verification } = await this.write();
    if (!verification.ok)
      this.logger.error(`audit log BROKEN at chain ${verification.firstBroken.chain} seq ${verification.firstBroken.seq}: ${verification.firstBroken.reason}`);
    return file;
  }

  /** The table against the newest checkpoint (cheap: one index probe per chain). */
  async check(): Promise<CheckpointCheck> {
    if (!this.store) return { state: 'not_configured' };
    const latest = await this.store.latest();
    if (!latest) return { state: 'none', dir: this.store.dir };
    const reading = readCheckpoint(latest.text, this.options.key!);
    if (reading.status !== 'valid') {
      const of = reading.claimedWrittenAt ? ` (claims to be of ${reading.claimedWrittenAt})` : '';
      return {
        state: 'unusable',
        file: latest.file,
        reading: reading.status,
        detail: reading.detail,
        claimedWrittenAt: reading.claimedWrittenAt,
        message: `the newest checkpoint ${latest.file}${of} is ${reading.status}: ${reading.detail}`,
      };
    }
    const cp = reading.checkpoint;
    const [tableHeads, hashes] = await Promise.all([this.repo.newestSeqs(), this.repo.hashesAt(cp.heads)]);
    return {
      state: 'checked',
      file: latest.file,
      writtenAt: cp.writtenAt,
      verification: cp.verification,
      findings: compareWithCheckpoint(cp, tableHeads, hashes),
    };
  }

  private async currentHeads() {
    const seqs = await this.repo.newestSeqs();
    const positions = [...seqs].map(([chain, seq]) => ({ chain, seq }));
    const hashes = await this.repo.hashesAt(positions);
    return positions.map((p) => ({ ...p, hash: hashes.get(p.chain)! }));
  }
}

/** AuditCheckpoints outside Nest (the CLI) over an initialised DataSource. */
export function createAuditCheckpoints(ds: DataSource, options: AuditCheckpointOptions, clock: Clock = new SystemClock()): AuditCheckpoints {
  return new AuditCheckpoints(new AuditRepository(ds), createAuditService(ds, clock, { chains: DEFAULT_AUDIT_CHAINS }), clock, options);
}
