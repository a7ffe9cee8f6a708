import { Injectable, Logger } from '@nestjs/common';
import { AlertRunResult, DailyDigest, DeadlineAlerter, DeadlineAlertsRepository, DigestRunResult } from '@app/cases';
import { Clock } from '@app/core';
import { DispatchResult, OutboxDispatcher, OutboxRepository } from '@app/notifications';

export interface TickResult {
  alerts: AlertRunResult | null;
  digests: DigestRunResult | null;
  dispatch: DispatchResult | null;
  /** Parts that threw (the others still ran). */
  errors: string[];
  ms: number;
}

/**
 * One scheduler tick: fire due deadline alerts, queue daily digests, then send what the outbox
 * holds. Every part claims its work in PostgreSQL (SKIP LOCKED, unique keys), so ticks may overlap
 * across any number of processes; a part that fails is logged and retried at the next tick.
 */
@Injectable()
export class SchedulerService {
  private readonly logger = new Logger('Scheduler');

  constructor(
    private readonly alerter: DeadlineAlerter,
    private readonly digest: DailyDigest,
    private readonly dispatcher: OutboxDispatcher,
    private readonly alerts: DeadlineAlertsRepository,
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
  ) {}

  /** For administrators: is the scheduler keeping up, and what failed? */
  async status() {
    const now = this.clock.now();
    const [alerts, failedAlerts, outbox] = await Promise.all([this.alerts.counts(now), this.alerts.failed(50), this.outbox.counts()]);
    return { asOf: now.toISOString(), alerts, failedAlerts, outbox };
  }

  async tick(): Promise<TickResult> {
    const started = process.hrtime.bigint();
    const result: TickResult = { alerts: null, digests: null, dispatch: null, errors: [], ms: 0 };
    const part = async <T>(name: string, run: () => Promise<T>): Promise<T | null> => {
      try {
        return await run();
      } catch (e) {
        result.errors.push(`${name}: ${e?.message ?? e}`);
        this.logger.error(`${name} failed: ${e?.message ?? e}`, e?.stack);
        return null;
      }
    };
    result.alerts = await part('alerts', () => this.alerter.fireDue());
    result.digests = await part('digests', () => this.digest.run());
    result.dispatch = await part('dispatch', () => this.dispatcher.dispatch());
    result.ms = Number(process.hrtime.bigint() - started) / 1e6;
    const a = result.alerts, d = result.dispatch;
    if ((a && (a.fired || a.failed)) || result.digests?.sent || (d && (d.sent || d.failed || d.retrying))) {
      this.logger.log(`tick: ${a?.fired ?? 0} alert(s) fired, ${result.digests?.sent ?? 0} digest(s), ` +
        `${d?.sent ?? 0} message(s) sent, ${d?.retrying ?? 0} to retry, ${d?.failed ?? 0} failed (${result.ms.toFixed(0)} ms)`);
    }
    return result;
  }
}
