import { Injectable, Logger, Optional } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { Clock } from '@app/core';
import { ChannelRegistry } from './channels/channel-registry';
import { ChannelSendError } from './channels/channel';
import { ClaimedMessage, OutboxRepository } from './outbox.repository';

export interface DispatchOptions {
  /** Messages claimed per round. */
  batchSize: number;
  /** How long a claim lasts; a worker that died mid-send frees its messages after this. */
  leaseMs: number;
  /** After this many attempts a message fails and waits for an administrator. */
  maxAttempts: number;
  /** First retry delay; doubled each attempt up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
  /** Pending longer than this, a message fails as stale (default 72 h). */
  maxAgeMs: number;
}

// The lease covers one send (it is renewed before each message), so it must exceed a channel's own
// send timeout (email: 120 s).
export const DEFAULT_DISPATCH: DispatchOptions = {
  batchSize: 50,
  leaseMs: 300_000,
  maxAttempts: 8,
  backoffMs: 30_000,
  maxBackoffMs: 6 * 3_600_000,
  maxAgeMs: 72 * 3_600_000,
};

/** CMIS_OUTBOX_LEASE_MS, CMIS_OUTBOX_BACKOFF_MS, CMIS_OUTBOX_MAX_ATTEMPTS and CMIS_OUTBOX_MAX_AGE_HOURS. */
export function dispatchOptionsFromConfig(config: AppConfig): DispatchOptions {
  return {
    ...DEFAULT_DISPATCH,
    leaseMs: config.CMIS_OUTBOX_LEASE_MS,
    backoffMs: config.CMIS_OUTBOX_BACKOFF_MS,
    maxAttempts: config.CMIS_OUTBOX_MAX_ATTEMPTS,
    maxAgeMs: config.CMIS_OUTBOX_MAX_AGE_HOURS,
  };
}

export interface DispatchResult {
  sent: number;
  retrying: number;
  failed: number;
  /** Claims that expired before their turn and were taken over by another worker (not sent here). */
  lost: number;
  /** Messages that waited too long and failed as stale (any channel). */
  expired: number;
}

/** The delay before attempt `attempts + 1`: 30 s, 1 min, 2 min, ... capped. */
export function retryDelay(attempts: number, o: Pick<DispatchOptions, 'backoffMs' | 'maxBackoffMs'>): number {
  return Math.min(o.backoffMs * 2 ** Math.max(attempts - 1, 0), o.maxBackoffMs);
}

/** Sends what the outbox holds through the channels; retries with back-off; failures wait for an administrator. */
@Injectable()
export class OutboxDispatcher {
  private readonly logger = new Logger('OutboxDispatcher');
  private options: DispatchOptions;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly channels: ChannelRegistry,
    private readonly clock: Clock,
    @Optional() config?: AppConfig,
  ) {
    this.options = config ? dispatchOptionsFromConfig(config) : { ...DEFAULT_DISPATCH };
  }

  configure(options: Partial<DispatchOptions>): void {
    this.options = { ...this.options, ...options };
  }

  /** Sends until nothing is due (or `maxRounds` batches were sent). */
  async dispatch(maxRounds = 20): Promise<DispatchResult> {
    const result: DispatchResult = { sent: 0, retrying: 0, failed: 0, lost: 0, expired: 0 };
    result.expired = await this.outbox.expireStale(this.clock.now(), this.options.maxAgeMs);
    if (result.expired) this.logger.warn(`${result.expired} message(s) were not sent within ${this.options.maxAgeMs / 3_600_000} h and failed as stale`);
    // Only what this process can send: messages for channels configured elsewhere wait for that process.
    const channels = this.channels.enabled().map((c) => c.id);
    if (!channels.length) return result;
    for (let round = 0; round < maxRounds; round++) {
      const batch = await this.outbox.claim(this.clock.now(), this.options.batchSize, this.options.leaseMs, channels);
      for (const m of batch) await this.sendOne(m, result);
      if (batch.length < this.options.batchSize) break;
    }
    return result;
  }

  private async sendOne(m: ClaimedMessage, result: DispatchResult): Promise<void> {
    const held = await this.outbox.renewLease(m.id, m.lockedUntil, new Date(this.clock.now().getTime() + this.options.leaseMs));
    if (!held) {
      result.lost++;
      return;
    }
    const channel = this.channels.get(m.channel);
    let outcome: 'sent' | 'retry' | 'failed';
    let message = '';
    try {
      if (!channel?.enabled) throw new ChannelSendError(`channel "${m.channel}" is not available in this process`, false);
      await channel.send({ id: m.id, to: m.address, subject: m.subject, text: m.text, html: m.html });
      outcome = 'sent';
    } catch (e) {
      const permanent = e instanceof ChannelSendError && e.permanent;
      // Only a ChannelSendError's text is stored: other errors may quote the message body.
      message = e instanceof ChannelSendError ? e.message : `unexpected error: ${e?.name ?? 'Error'}`;
      outcome = permanent || m.attempts >= this.options.maxAttempts ? 'failed' : 'retry';
    }
    const now = this.clock.now();
    const kept =
      outcome === 'sent'
        ? await this.outbox.markSent(m.id, held, now)
        : outcome === 'failed'
          ? await this.outbox.markFailed(m.id, held, `${message} (attempt ${m.attempts})`)
          : await this.outbox.markRetry(m.id, held, message, new Date(now.getTime() + retryDelay(m.attempts, this.options)));
    if (!kept) {
      // The send outlived the lease and another worker took the message over: it may go twice.
      this.logger.warn(`message ${m.id} over ${m.channel}: lease lost during the send (${outcome}); another worker owns it now`);
      result.lost++;
      return;
    }
    if (outcome === 'sent') result.sent++;
    else if (outcome === 'retry') result.retrying++;
    else {
      this.logger.warn(`message ${m.id} over ${m.channel} failed for good after ${m.attempts} attempt(s): ${message}`);
      result.failed++;
    }
  }
}
