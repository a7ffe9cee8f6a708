import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEntry, AuditService } from '@app/audit';
import { Clock } from '@app/core';
import { inTransaction } from '@app/database';
import type { SopPack } from '@app/pack-types';
import { SopRegistry } from '@app/sop-registry';
import { ScheduledAlert, scheduleAlerts, workCalendar } from '@app/workflow';
import { CaseRecordsRepository } from '@app/cases';
import { AlertFiring, AlertHookFailed, FiringOutcome } from './alert-firing';
import { DeadlineAlertsRepository, DueAlert } from './deadline-alerts.repository';

export interface AlertRunResult {
  fired: number;
  cancelled: number;
  /** Failed this time, to be tried again later. */
  retrying: number;
  /** Failed for good (MAX_ALERT_ATTEMPTS): an administrator sees them. */
  failed: number;
  /** Left for the next tick because their case was being changed. */
  deferred: number;
  messages: number;
}

/** A failing alert is tried this many times (1 min, 2, 4, 8 apart) before it waits for an administrator. */
export const MAX_ALERT_ATTEMPTS = 5;
const RETRY_BASE_MS = 60_000;
/** Times a round of alerts is fired again without the one a hook refused, before they go one at a time. */
const MAX_ROUND_ATTEMPTS = 3;

/**
 * Fires the reminders, overdue marks and escalations that are due. Each batch is one transaction:
 * alerts are claimed with SKIP LOCKED, every effect (timeline event, inbox messages, outbox rows,
 * audit entries, the alert marked fired) commits together, so a crash loses nothing and a second
 * worker never fires the same alert. One alert failing does not hold up the others: it is left out
 * (or, when a statement fails, the batch goes one alert at a time in savepoints). Cases being
 * changed are left for the next tick. The alerts of a batch are fired together (AlertFiring).
 */
@Injectable()
export class DeadlineAlerter {
  private readonly logger = new Logger('DeadlineAlerter');

  constructor(
    private readonly ds: DataSource,
    private readonly alerts: DeadlineAlertsRepository,
    private readonly records: CaseRecordsRepository,
    private readonly registry: SopRegistry,
    private readonly firing: AlertFiring,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Alerts for open deadlines set before alerts existed (a database upgraded to this version).
   * Run when a scheduler starts; cheap when there are none (every deadline set since has alerts).
   * Each case is locked as writers lock it (SKIP LOCKED: one being edited is left for the next start,
   * and its edit schedules the alerts anyway) and the deadline re-checked under the lock. Of the
   * escalations already past only the latest is kept: a deadline weeks overdue tells its highest
   * level once, not every level at once.
   */
  async scheduleMissing(batchSize = 500): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = await this.alerts.openWithoutAlerts(batchSize);
      if (!rows.length) return total;
      const now = this.clock.now();
      const done = await inTransaction(this.ds, async (em) => {
        let n = 0;
        for (const d of rows) {
          const dueAt = new Date(d.dueAt);
          if (!(await this.alerts.tryLockCase(em, d.caseId)) || !(await this.alerts.stillWithoutAlerts(em, d.id, dueAt))) continue;
          const sop = await this.registry.get(d.sopVersionId);
          const def = sop.pack.deadlines.find((x) => x.id === d.definitionId);
          // A definition gone from the pack still gets its overdue mark, so it is not picked up again.
          const planned = def
            ? latestPastEscalationOnly(scheduleAlerts(def, dueAt, now, workCalendar(sop.pack.manifest)), now)
            : [{ kind: 'overdue' as const, index: 0, at: dueAt, notify: [], status: 'pending' as const }];
          await this.records.scheduleAlerts(em, d.id, d.caseId, dueAt, planned, now);
          n++;
        }
        return n;
      });
      total += done;
      if (rows.length < batchSize || done === 0) return total;
    }
  }

  async fireDue(opts: { batchSize?: number; maxBatches?: number } = {}): Promise<AlertRunResult> {
    const batchSize = opts.batchSize ?? 100;
    const result: AlertRunResult = { fired: 0, cancelled: 0, retrying: 0, failed: 0, deferred: 0, messages: 0 };
    const deferred: string[] = [];
    // Channels and templates come from the current version. Read before any lock is taken: a second
    // pool connection must never be awaited while this worker holds alert and case locks.
    const current = (await this.registry.currentIfPublished())?.pack ?? null;
    for (let batch = 0; batch < (opts.maxBatches ?? 50); batch++) {
      const claimed = await inTransaction(this.ds, (em) => this.runBatch(em, batchSize, deferred, current, result));
      if (claimed < batchSize) break;
    }
    result.deferred = deferred.length;
    return result;
  }

  private async runBatch(em: EntityManager, batchSize: number, deferred: string[], current: SopPack | null, result: AlertRunResult): Promise<number> {
    const now = this.clock.now();
    const due = await this.alerts.claimDue(em, now, batchSize, deferred);
    if (!due.length) return 0;
    const locked = await this.alerts.tryLockCases(em, [...new Set(due.map((a) => a.caseId))]);
    const ready: DueAlert[] = [];
    for (const a of due) {
      if (locked.has(a.caseId)) ready.push(a);
      else deferred.push(a.id);
    }
    const audit: AuditEntry[] = [];
    for (const round of roundsOfDistinctCases(ready)) await this.fireRound(em, round, now, current, result, audit);
    // Last: the audit append holds its chain locks until commit.
    if (audit.length) await this.audit.recordMany(audit, em);
    return due.length;
  }

  /**
   * Fires alerts of distinct cases together. A hook refusing one alert's event fails that alert
   * alone: everything is undone and the others fire again without it. Anything else going wrong
   * (a statement failing) falls back to one alert at a time, each in a savepoint of its own.
   */
  private async fireRound(
    em: EntityManager,
    round: DueAlert[],
    now: Date,
    current: SopPack | null,
    result: AlertRunResult,
    audit: AuditEntry[],
  ): Promise<void> {
    let pending = round;
    for (let attempt = 0; pending.length && attempt < MAX_ROUND_ATTEMPTS; attempt++) {
      const outcome = await this.inSavepoint(em, () => this.firing.fire(em, pending, now, current));
      if (outcome instanceof AlertHookFailed) {
        await this.failed(em, outcome.alert, outcome.error, now, result);
        pending = pending.filter((a) => a !== outcome.alert);
        continue;
      }
      if (outcome instanceof Error) {
        this.logger.warn(`${pending.length} alerts could not be fired together (${outcome.message.slice(0, 200)}): firing them one at a time`);
        break;
      }
      return this.tally(em, outcome, now, result, audit);
    }
    for (const alert of pending) {
      const outcome = await this.inSavepoint(em, () => this.firing.fire(em, [alert], now, current));
      if (outcome instanceof Error) await this.failed(em, alert, outcome instanceof AlertHookFailed ? outcome.error : outcome, now, result);
      else await this.tally(em, outcome, now, result, audit);
    }
  }

  /** `work` in a savepoint: its result, or the error it threw with its writes undone. */
  private async inSavepoint<T>(em: EntityManager, work: () => Promise<T>): Promise<T | Error> {
    await em.query('SAVEPOINT alerts');
    try {
      const out = await work();
      await em.query('RELEASE SAVEPOINT alerts');
      return out;
    } catch (e) {
      await em.query('ROLLBACK TO SAVEPOINT alerts');
      await em.query('RELEASE SAVEPOINT alerts');
      return e instanceof Error ? e : new Error(String(e));
    }
  }

  private async tally(em: EntityManager, outcome: FiringOutcome, now: Date, result: AlertRunResult, audit: AuditEntry[]): Promise<void> {
    result.fired += outcome.fired;
    result.cancelled += outcome.cancelled;
    result.messages += outcome.messages;
    audit.push(...outcome.audit);
    for (const { alert, error } of outcome.failures) await this.failed(em, alert, error, now, result);
  }

  /** A failed attempt: tried again later with back-off, or, after MAX_ALERT_ATTEMPTS, left for an administrator. */
  private async failed(em: EntityManager, alert: DueAlert, e: any, now: Date, result: AlertRunResult): Promise<void> {
    const attempts = alert.attempts + 1;
    // Only the error's kind is stored (administrators see it): its text may quote case data and
    // stays in the log, found by the alert id.
    const message = `${e?.name ?? 'Error'}${e?.code ? ` (${e.code})` : ''} at ${now.toISOString()}: see the scheduler log for alert ${alert.id}`;
    this.logger.error(
      `alert ${alert.id} (${alert.kind} of deadline ${alert.deadlineId}) failed, attempt ${attempts}: ${String(e?.message ?? e).slice(0, 500)}`,
      e?.stack,
    );
    if (attempts >= MAX_ALERT_ATTEMPTS) {
      await this.alerts.finish(em, alert.id, 'failed', now, null, `${message} (attempt ${attempts})`);
      result.failed++;
    } else {
      await this.alerts.retryLater(em, alert.id, new Date(now.getTime() + RETRY_BASE_MS * 2 ** (attempts - 1)), message);
      result.retrying++;
    }
  }
}

/** The alerts split so that no case has two in one round, each case's in their order (the later one sees what the earlier wrote). */
function roundsOfDistinctCases(alerts: DueAlert[]): DueAlert[][] {
  const rounds: DueAlert[][] = [];
  const seen = new Map<string, number>();
  for (const a of alerts) {
    const n = seen.get(a.caseId) ?? 0;
    seen.set(a.caseId, n + 1);
    (rounds[n] ??= []).push(a);
  }
  return rounds;
}

function latestPastEscalationOnly(alerts: ScheduledAlert[], now: Date): ScheduledAlert[] {
  const past = alerts.filter((a) => a.kind === 'escalation' && a.status === 'pending' && a.at.getTime() <= now.getTime());
  const latest = past.reduce<ScheduledAlert | null>((best, a) => (!best || a.at > best.at ? a : best), null);
  return alerts.map((a) => (past.includes(a) && a !== latest ? { ...a, status: 'skipped' } : a));
}
