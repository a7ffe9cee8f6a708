import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEntry, AuditService } from '@app/audit';
import { Clock, pickLabel } from '@app/core';
import { inTransaction } from '@app/database';
import { Messenger } from '@app/notifications';
import type { DeadlineDef, SopPack } from '@app/pack-types';
import { CompiledSop, SopRegistry } from '@app/sop-registry';
import { latestComplete, ScheduledAlert, scheduleAlerts, workCalendar } from '@app/workflow';
import { CaseEventHooks, toSnapshot, CaseRecordsRepository, NewCaseEvent, CasesRepository, CaseRecipients } from '@app/cases';
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

const TIMELINE_EVENT = { reminder: 'deadline_reminder_sent', overdue: 'deadline_overdue', escalation: 'deadline_escalated' } as const;

/**
 * Fires the reminders, overdue marks and escalations that are due. Each batch is one transaction:
 * alerts are claimed with SKIP LOCKED, every effect (timeline event, inbox messages, outbox rows,
 * audit entries, the alert marked fired) commits together, so a crash loses nothing and a second
 * worker never fires the same alert. One alert failing does not hold up the others (savepoints).
 */
@Injectable()
export class DeadlineAlerter {
  private readonly logger = new Logger('DeadlineAlerter');

  constructor(
    private readonly ds: DataSource,
    private readonly alerts: DeadlineAlertsRepository,
    private readonly cases: CasesRepository,
    private readonly records: CaseRecordsRepository,
    private readonly registry: SopRegistry,
    private readonly recipients: CaseRecipients,
    private readonly messenger: Messenger,
    private readonly hooks: CaseEventHooks,
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
    const audit: AuditEntry[] = [];
    for (const alert of due) {
      await em.query('SAVEPOINT alert');
      try {
        if (!(await this.alerts.tryLockCase(em, alert.caseId))) {
          deferred.push(alert.id);
        } else {
          const entry = await this.fire(em, alert, now, current, result);
          if (entry) audit.push(entry);
        }
        await em.query('RELEASE SAVEPOINT alert');
      } catch (e) {
        await em.query('ROLLBACK TO SAVEPOINT alert');
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
    // Last: the audit append holds its chain locks until commit.
    if (audit.length) await this.audit.recordMany(audit, em);
    return due.length;
  }

  /** Fires one alert on its locked case; returns the audit entry, or null when it no longer applies. */
  private async fire(em: EntityManager, alert: DueAlert, now: Date, current: SopPack | null, result: AlertRunResult): Promise<AuditEntry | null> {
    const deadline = await this.alerts.deadline(em, alert.deadlineId);
    const row = await this.cases.findById(alert.caseId, em);
    // Closed, cancelled or moved since the alert was claimed: a newer alert (if any) takes over.
    if (!row || !deadline || deadline.status !== 'open' || deadline.dueAt.getTime() !== new Date(alert.dueAt).getTime()) {
      await this.alerts.finish(em, alert.id, 'cancelled', now, null);
      result.cancelled++;
      return null;
    }
    const sop = await this.registry.get(row.sopVersionId);
    const def = sop.pack.deadlines.find((d) => d.id === deadline.definitionId);
    const step = alert.kind === 'reminder' ? def?.reminders?.[alert.level] : alert.kind === 'escalation' ? def?.escalation?.[alert.level] : undefined;
    if (!def || (alert.kind !== 'overdue' && !step)) {
      await this.alerts.finish(em, alert.id, 'cancelled', now, null, 'the deadline definition no longer has this alert');
      result.cancelled++;
      return null;
    }

    const details: Record<string, unknown> = {
      deadline: deadline.definitionId,
      key: deadline.key,
      kind: alert.kind,
      level: alert.level + 1,
      dueAt: deadline.dueAt.toISOString(),
    };
    let told = 0;
    if (alert.kind === 'overdue') {
      await this.alerts.markOverdue(em, deadline.id, now);
    } else {
      const templateId = step!.template ?? `deadline_${alert.kind}`;
      const messaging = current ?? sop.pack;
      const template = this.messenger.template(messaging, templateId, sop.pack);
      const snapshot = toSnapshot(row, await this.records.submissions(row.id, em), null);
      const readers = await this.recipients.readers(em, row, sop, step!.notify, template.answers, (formId) => latestComplete(snapshot, formId)?.answers);
      if (!readers.recipients.length) {
        this.logger.warn(
          `${alert.kind} of ${deadline.definitionId} on case ${row.caseNumber}: nobody to tell (${step!.notify.join(', ')}` +
            `${readers.excluded.length ? `; may not read the case: ${readers.excluded.join(', ')}` : ''})`,
        );
      }
      const outcome = await this.messenger.send(
        em,
        messaging,
        readers.recipients,
        {
          kind: `deadline_${alert.kind}`,
          templateId,
          templateFallback: sop.pack,
          caseId: row.id,
          dedupeKey: `alert:${alert.id}`,
          context: (locale) => this.context(sop, row, def, deadline.dueAt, alert, locale),
        },
        now,
      );
      told = readers.recipients.length;
      result.messages += outcome.inbox + outcome.queued;
      Object.assign(details, { notify: step!.notify, recipients: readers.recipients.map((r) => r.id), excluded: readers.excluded, queued: outcome.queued });
    }
    const event: NewCaseEvent = {
      caseId: row.id,
      type: TIMELINE_EVENT[alert.kind],
      actorId: null,
      at: now,
      data: {
        key: deadline.key,
        deadline: deadline.definitionId,
        level: alert.level + 1,
        dueAt: deadline.dueAt.toISOString(),
        ...(step ? { notify: step.notify, recipients: told } : {}),
      },
    };
    await this.records.appendEvents(em, [event]);
    await this.hooks.dispatch({ ...event, sop, em });
    await this.alerts.finish(em, alert.id, 'fired', now, told);
    result.fired++;
    return { actorId: null, action: `deadline.${alert.kind}`, caseId: row.id, details };
  }

  private context(
    sop: CompiledSop,
    row: { id: string; caseNumber: string; caseType: string; step: string },
    def: DeadlineDef,
    dueAt: Date,
    alert: DueAlert,
    locale: string,
  ): Record<string, unknown> {
    const caseType = sop.pack.manifest.caseTypes.find((t) => t.id === row.caseType);
    const step = sop.pack.workflow.steps.find((s) => s.id === row.step);
    return {
      case: {
        number: row.caseNumber,
        link: this.messenger.link(`/cases/${row.id}`),
        typeLabel: caseType ? pickLabel(caseType.label, locale) : row.caseType,
        stepLabel: step ? pickLabel(step.label, locale) : row.step,
      },
      deadline: { label: pickLabel(def.label, locale), dueAt: new Date(dueAt), overdue: alert.kind === 'escalation' },
      alert: { kind: alert.kind, level: alert.level + 1 },
    };
  }
}

function latestPastEscalationOnly(alerts: ScheduledAlert[], now: Date): ScheduledAlert[] {
  const past = alerts.filter((a) => a.kind === 'escalation' && a.status === 'pending' && a.at.getTime() <= now.getTime());
  const latest = past.reduce<ScheduledAlert | null>((best, a) => (!best || a.at > best.at ? a : best), null);
  return alerts.map((a) => (past.includes(a) && a !== latest ? { ...a, status: 'skipped' } : a));
}
