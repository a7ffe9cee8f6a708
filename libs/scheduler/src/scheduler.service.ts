import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, entryBy } from '@app/audit';
import { AlertRunResult, DailyDigest, DeadlineAlerter, DeadlineAlertsRepository, DigestRunResult } from '@app/case-deadlines';
import { Clock, DomainError } from '@app/core';
import { inTransaction } from '@app/database';
import type { CurrentUser } from '@app/identity';
import { ChannelRegistry, DispatchResult, OutboxDispatcher, OutboxRepository } from '@app/notifications';
import { ScheduledReports, ScheduledReportsResult } from '@app/reporting';
import { SopRegistry } from '@app/sop-registry';
import { WebhookSender, WebhookSendResult } from '@app/webhooks';

/** More work done at each tick besides the core's, e.g. plugin jobs (provided by the plugin host). */
export const SCHEDULED_WORK = Symbol('SCHEDULED_WORK');
export interface ScheduledWork {
  /** Runs what is due; returns the ids of what ran. */
  runDue(): Promise<string[]>;
}

export interface TickResult {
  alerts: AlertRunResult | null;
  /** Plugin jobs that ran at this tick. */
  jobs: string[] | null;
  digests: DigestRunResult | null;
  reports: ScheduledReportsResult | null;
  dispatch: DispatchResult | null;
  /** Webhook deliveries sent, retried, failed (docs/webhooks.md). */
  webhooks: WebhookSendResult | null;
  /** Parts that threw (the others still ran). */
  errors: string[];
  ms: number;
}

/**
 * The scheduler's work: fire due deadline alerts, queue daily digests and scheduled reports (`tickAlerts`), send what
 * the outbox holds (`tickDispatch`). Each part claims its work in PostgreSQL (SKIP LOCKED, unique
 * keys), so any number of processes may run them; a part that fails is logged and retried at the
 * next tick. The two run on separate schedules so a slow mail server never holds up reminders.
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
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly registry: SopRegistry,
    private readonly channels: ChannelRegistry,
    private readonly reports: ScheduledReports,
    private readonly webhooks: WebhookSender,
    @Optional() @Inject(SCHEDULED_WORK) private readonly extraWork: ScheduledWork | null = null,
  ) {}

  /** For administrators: is the scheduler keeping up, what failed, and is anything able to send each channel? Audited. */
  async status(actor: CurrentUser) {
    const now = this.clock.now();
    const [alerts, failedAlerts, outbox, pendingByChannel] = await Promise.all([
      this.alerts.counts(now),
      this.alerts.failed(50),
      this.outbox.counts(),
      this.outbox.pendingByChannel(),
    ]);
    await this.audit.record(entryBy(actor, { action: 'deadline.scheduler_status', caseId: null, details: { failedAlerts: failedAlerts.length } }));
    return { asOf: now.toISOString(), alerts, failedAlerts, outbox: { ...outbox, pendingByChannel } };
  }

  /** An administrator sends a failed alert again; requeued and audited in one transaction. */
  async retryAlert(actor: CurrentUser, id: string): Promise<void> {
    await inTransaction(this.ds, async (em) => {
      const caseId = await this.alerts.requeueFailed(em, id, this.clock.now());
      if (!caseId) throw new DomainError('not_found', `No failed deadline alert ${id} (only failed alerts can be retried).`);
      await this.audit.record(entryBy(actor, { action: 'deadline.alert_retry', caseId, details: { alertId: id } }), em);
    });
  }

  /**
   * When a scheduler starts: alerts for open deadlines set before alerts existed; and a warning for
   * each channel the pack lists that this process cannot send (its messages wait for one that can).
   */
  async prepare(): Promise<number> {
    const n = await this.alerter.scheduleMissing();
    if (n) this.logger.log(`scheduled alerts for ${n} open deadline(s) set before alerts existed`);
    const listed = (await this.registry.currentIfPublished())?.pack.notifications.channels ?? [];
    const here = new Set(this.channels.enabled().map((c) => c.id));
    for (const id of listed.filter((c) => !here.has(c))) {
      this.logger.warn(
        `channel "${id}" is listed in notifications.json but not configured in this process ` +
          `(${id === 'email' ? 'no CMIS_SMTP_URL' : 'no plugin provides it'}): its messages wait in the outbox for a process that can send them`,
      );
    }
    return n;
  }

  /** Alerts, digests and dispatch, one after the other (tests drive time with this). */
  async tick(): Promise<TickResult> {
    const started = process.hrtime.bigint();
    const first = await this.tickAlerts();
    const second = await this.tickDispatch();
    return {
      ...first,
      dispatch: second.dispatch,
      webhooks: second.webhooks,
      errors: [...first.errors, ...second.errors],
      ms: Number(process.hrtime.bigint() - started) / 1e6,
    };
  }

  async tickAlerts(): Promise<TickResult> {
    return this.run(async (part, result) => {
      result.alerts = await part('alerts', () => this.alerter.fireDue());
      result.digests = await part('digests', () => this.digest.run());
      result.reports = await part('reports', () => this.reports.run());
      if (this.extraWork) result.jobs = await part('jobs', () => this.extraWork!.runDue());
    });
  }

  async tickDispatch(): Promise<TickResult> {
    return this.run(async (part, result) => {
      result.dispatch = await part('dispatch', () => this.dispatcher.dispatch());
      result.webhooks = await part('webhooks', () => this.webhooks.sendDue());
    });
  }

  private async run(work: (part: <T>(name: string, run: () => Promise<T>) => Promise<T | null>, result: TickResult) => Promise<void>): Promise<TickResult> {
    const started = process.hrtime.bigint();
    const result: TickResult = { alerts: null, jobs: null, digests: null, reports: null, dispatch: null, webhooks: null, errors: [], ms: 0 };
    const part = async <T>(name: string, run: () => Promise<T>): Promise<T | null> => {
      try {
        return await run();
      } catch (e) {
        result.errors.push(`${name}: ${e?.message ?? e}`);
        this.logger.error(`${name} failed: ${e?.message ?? e}`, e?.stack);
        return null;
      }
    };
    await work(part, result);
    result.ms = Number(process.hrtime.bigint() - started) / 1e6;
    const a = result.alerts,
      d = result.dispatch;
    if (a && (a.fired || a.failed || a.retrying)) {
      this.logger.log(
        `alerts: ${a.fired} fired, ${a.retrying} to retry, ${a.failed} failed; ${result.digests?.sent ?? 0} digest(s), ${result.reports?.sent ?? 0} scheduled report(s) (${result.ms.toFixed(0)} ms)`,
      );
    }
    if (d && (d.sent || d.failed || d.retrying || d.lost || d.expired)) {
      this.logger.log(
        `outbox: ${d.sent} sent, ${d.retrying} to retry, ${d.failed} failed, ${d.expired} stale, ${d.lost} lost to another worker (${result.ms.toFixed(0)} ms)`,
      );
    }
    const w = result.webhooks;
    if (w && (w.sent || w.failed || w.retrying || w.lost)) {
      this.logger.log(`webhooks: ${w.sent} sent, ${w.retrying} to retry, ${w.failed} failed, ${w.lost} lost to another worker`);
    }
    return result;
  }
}
