import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@app/core';
import { ClaimedDelivery, WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookSecrets } from './webhook-secrets';
import { signatureHeader } from './webhook-signature';
import { webhookRetryDelay } from './webhook-url';
import { WebhookSubscriptionsRepository } from './webhook-subscriptions.repository';

export interface WebhookSendOptions {
  batchSize: number;
  /** How long a claim lasts: above the request timeout, so a claim never ends during a request. */
  leaseMs: number;
  timeoutMs: number;
  /** After this many attempts a delivery fails and waits for a replay. */
  maxAttempts: number;
  /** First retry delay, doubled per attempt up to `maxBackoffMs`, less up to a quarter at random. */
  backoffMs: number;
  maxBackoffMs: number;
}

// 12 attempts from 30 s doubling, capped at 6 h: a receiver down for about a day and a half still gets everything.
export const DEFAULT_WEBHOOK_SENDING: WebhookSendOptions = {
  batchSize: 50,
  leaseMs: 120_000,
  timeoutMs: 10_000,
  maxAttempts: 12,
  backoffMs: 30_000,
  maxBackoffMs: 6 * 3_600_000,
};

export interface WebhookSendResult {
  sent: number;
  retrying: number;
  failed: number;
  lost: number;
}

/** Sends due webhook deliveries (the worker's tick): signed POSTs, at least once, every attempt logged. */
@Injectable()
export class WebhookSender {
  private readonly logger = new Logger('Webhooks');
  private options: WebhookSendOptions = { ...DEFAULT_WEBHOOK_SENDING };

  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly subscriptions: WebhookSubscriptionsRepository,
    private readonly secrets: WebhookSecrets,
    private readonly clock: Clock,
  ) {}

  configure(options: Partial<WebhookSendOptions>): void {
    this.options = { ...this.options, ...options };
  }

  async sendDue(maxRounds = 20): Promise<WebhookSendResult> {
    const result: WebhookSendResult = { sent: 0, retrying: 0, failed: 0, lost: 0 };
    for (let round = 0; round < maxRounds; round++) {
      const batch = await this.deliveries.claim(this.clock.now(), this.options.batchSize, this.options.leaseMs);
      for (const d of batch) await this.sendOne(d, result);
      if (batch.length < this.options.batchSize) break;
    }
    return result;
  }

  private async sendOne(d: ClaimedDelivery, result: WebhookSendResult): Promise<void> {
    const s = await this.subscriptions.forSending(d.subscriptionId);
    const at = this.clock.now();
    const started = process.hrtime.bigint();
    let statusCode: number | null = null;
    let error: string | null = null;
    if (!s || s.deleted) error = 'subscription deleted';
    else {
      try {
        const timestamp = Math.floor(at.getTime() / 1000);
        const res = await fetch(s.url, {
          method: 'POST',
          redirect: 'manual',
          signal: AbortSignal.timeout(this.options.timeoutMs),
          headers: {
            'content-type': 'application/json',
            'user-agent': 'CMIS-Webhooks/1',
            'x-cmis-webhook-id': d.id,
            'x-cmis-webhook-timestamp': String(timestamp),
            'x-cmis-signature': signatureHeader(this.secrets.inUse(s, at), timestamp, d.body),
          },
          body: d.body,
        });
        statusCode = res.status;
        await res.body?.cancel().catch(() => undefined); // the answer's body is not read: it is the receiver's, not ours to keep
        if (res.status < 200 || res.status > 299) error = `HTTP ${res.status}`;
      } catch (e) {
        error = sendError(e);
      }
    }
    const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
    await this.deliveries.recordAttempt(d.id, { at, statusCode, error, durationMs });
    const now = this.clock.now();
    const outcome = error === null ? 'sent' : !s || s.deleted || d.attempts >= this.options.maxAttempts ? 'failed' : 'retry';
    const kept =
      outcome === 'sent'
        ? await this.deliveries.markSent(d.id, d.lockedUntil, now)
        : outcome === 'failed'
          ? await this.deliveries.markFailed(d.id, d.lockedUntil, `${error} (attempt ${d.attempts})`)
          : await this.deliveries.markRetry(d.id, d.lockedUntil, error!, new Date(now.getTime() + webhookRetryDelay(d.attempts, this.backoff())));
    if (!kept) {
      this.logger.warn(`webhook delivery ${d.id}: lease lost during the request (${outcome}); another worker owns it now`);
      result.lost++;
    } else if (outcome === 'sent') result.sent++;
    else if (outcome === 'retry') result.retrying++;
    else result.failed++;
  }

  private backoff() {
    return { baseMs: this.options.backoffMs, maxMs: this.options.maxBackoffMs };
  }
}

/** The kind of failure only (the receiver's answer is never stored). */
function sendError(e: unknown): string {
  const err = e as { name?: string; cause?: { code?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return 'timeout';
  const code = err?.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code) return `network error ${code}`;
  return `network error`;
}
