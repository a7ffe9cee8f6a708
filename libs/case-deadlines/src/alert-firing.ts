import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditEntry } from '@app/audit';
import { pickLabel } from '@app/core';
import type { CaseEntity, DeadlineEntity, FormSubmissionEntity } from '@app/database';
import { Messenger, type RenderedMessages } from '@app/notifications';
import type { DeadlineDef, SopPack } from '@app/pack-types';
import { CompiledSop, SopRegistry } from '@app/sop-registry';
import { latestComplete } from '@app/workflow';
import {
  CaseEventHooks,
  CaseRecipients,
  CaseRecordsRepository,
  CasesRepository,
  NewCaseEvent,
  toSnapshot,
  type CaseReaders,
  type ReadersRequest,
} from '@app/cases';
import { DeadlineAlertsRepository, DueAlert } from './deadline-alerts.repository';

/** What firing a set of alerts did; nothing of `failures` was written. */
export interface FiringOutcome {
  fired: number;
  cancelled: number;
  messages: number;
  /** One entry per alert fired, for the caller to append last (the audit chain locks are held until commit). */
  audit: AuditEntry[];
  /** Alerts that could not be prepared (a template missing, a rendering failing): the others went on without them. */
  failures: Array<{ alert: DueAlert; error: unknown }>;
}

/**
 * A case event hook refused the event of one alert. Its effects and the other alerts' are already
 * written in the transaction: the caller undoes them and fires the others again without this one.
 */
export class AlertHookFailed extends Error {
  constructor(
    readonly alert: DueAlert,
    readonly error: unknown,
  ) {
    super(`a case event hook failed on alert ${alert.id}`);
  }
}

const TIMELINE_EVENT = { reminder: 'deadline_reminder_sent', overdue: 'deadline_overdue', escalation: 'deadline_escalated' } as const;

/** An alert with everything it will write, computed before anything is written. */
interface Planned {
  alert: DueAlert;
  outcome: 'fired' | 'cancelled';
  recipients: number | null;
  error: string | null;
  event?: NewCaseEvent;
  sop?: CompiledSop;
  row?: CaseEntity;
  messages?: RenderedMessages;
  details?: Record<string, unknown>;
}

/** An alert still to fire, with what was read for it. */
interface Firing {
  alert: DueAlert;
  row: CaseEntity;
  deadline: DeadlineEntity;
  sop: CompiledSop;
  def: DeadlineDef;
  step?: { notify: string[]; template?: string };
}

/**
 * Fires alerts of distinct, locked cases together: each kind of row is read and written with one
 * statement for all of them (a batch of 100 alerts costs about as many statements as one did).
 * The effects of each alert are computed in memory first, so one that cannot be prepared is left
 * out alone; case event hooks still run for each event, in the caller's transaction.
 */
@Injectable()
export class AlertFiring {
  private readonly logger = new Logger('DeadlineAlerter');

  constructor(
    private readonly alerts: DeadlineAlertsRepository,
    private readonly cases: CasesRepository,
    private readonly records: CaseRecordsRepository,
    private readonly registry: SopRegistry,
    private readonly recipients: CaseRecipients,
    private readonly messenger: Messenger,
    private readonly hooks: CaseEventHooks,
  ) {}

  /** `alerts`: at most one per case, each case locked by the caller's transaction. Throws AlertHookFailed when a hook refuses an event. */
  async fire(em: EntityManager, alerts: DueAlert[], now: Date, current: SopPack | null): Promise<FiringOutcome> {
    const out: FiringOutcome = { fired: 0, cancelled: 0, messages: 0, audit: [], failures: [] };
    const caseIds = alerts.map((a) => a.caseId);
    const rows = new Map((await this.cases.findManyIn(em, caseIds)).map((r) => [r.id, r]));
    const deadlineIds = alerts.map((a) => a.deadlineId);
    const deadlines = await this.alerts.deadlines(em, deadlineIds);
    const planned: Planned[] = [];
    const firing: Firing[] = [];
    for (const alert of alerts) {
      try {
        const f = await this.check(alert, rows.get(alert.caseId), deadlines.get(alert.deadlineId));
        if ('outcome' in f) planned.push(f);
        else firing.push(f);
      } catch (error) {
        out.failures.push({ alert, error });
      }
    }

    // Who each message goes to, for all alerts at once (one statement for the submissions, grants and users each).
    const messaged = firing.filter((f) => f.step).map((f) => f.row.id);
    const submissions = await this.records.submissionsOfCases(em, messaged);
    const asking: Array<{ f: Firing; templateId: string; request: ReadersRequest }> = [];
    for (const f of firing) {
      try {
        if (!f.step) planned.push(this.plan(f, null, now, current));
        else asking.push(this.ask(f, submissions.get(f.row.id) ?? [], current));
      } catch (error) {
        out.failures.push({ alert: f.alert, error });
      }
    }
    const requests = asking.map((a) => a.request);
    const readers = await this.recipients.readersMany(em, requests);
    asking.forEach(({ f, templateId }, i) => {
      try {
        planned.push(this.plan(f, { ...readers[i], templateId }, now, current));
      } catch (error) {
        out.failures.push({ alert: f.alert, error });
      }
    });

    await this.write(em, planned, now, out);
    return out;
  }

  /** The alert cancelled (with why), or what it fires on. */
  private async check(alert: DueAlert, row: CaseEntity | undefined, deadline: DeadlineEntity | undefined): Promise<Planned | Firing> {
    const cancelled = (error: string | null): Planned => ({ alert, outcome: 'cancelled', recipients: null, error });
    // Closed, cancelled or moved since the alert was claimed: a newer alert (if any) takes over.
    if (!row || !deadline || deadline.status !== 'open' || new Date(deadline.dueAt).getTime() !== new Date(alert.dueAt).getTime()) return cancelled(null);
    const sop = await this.registry.get(row.sopVersionId);
    const def = sop.pack.deadlines.find((d) => d.id === deadline.definitionId);
    const step = alert.kind === 'reminder' ? def?.reminders?.[alert.level] : alert.kind === 'escalation' ? def?.escalation?.[alert.level] : undefined;
    if (!def || (alert.kind !== 'overdue' && !step)) return cancelled('the deadline definition no longer has this alert');
    return { alert, row, deadline, sop, def, step };
  }

  /** Whom to ask about a reminder or escalation: the template's answers, read from the case's latest complete forms. */
  private ask(f: Firing, submissions: FormSubmissionEntity[], current: SopPack | null): { f: Firing; templateId: string; request: ReadersRequest } {
    const templateId = f.step!.template ?? `deadline_${f.alert.kind}`;
    const template = this.messenger.template(current ?? f.sop.pack, templateId, f.sop.pack);
    const snapshot = toSnapshot(f.row, submissions, null);
    return {
      f,
      templateId,
      request: {
        row: f.row,
        sop: f.sop,
        notify: f.step!.notify,
        answerPaths: template.answers,
        answersOf: (formId) => latestComplete(snapshot, formId)?.answers,
      },
    };
  }

  /** Everything the alert writes; `readers` for a reminder or escalation, null for an overdue mark. */
  private plan(f: Firing, readers: (CaseReaders & { templateId: string }) | null, now: Date, current: SopPack | null): Planned {
    const { alert, row, deadline, sop, def, step } = f;
    const dueAt = new Date(deadline.dueAt);
    const details: Record<string, unknown> = {
      deadline: deadline.definitionId,
      key: deadline.key,
      kind: alert.kind,
      level: alert.level + 1,
      dueAt: dueAt.toISOString(),
    };
    let messages: RenderedMessages | undefined;
    let told = 0;
    if (readers) {
      if (!readers.recipients.length) {
        this.logger.warn(
          `${alert.kind} of ${deadline.definitionId} on case ${row.caseNumber}: nobody to tell (${step!.notify.join(', ')}` +
            `${readers.excluded.length ? `; may not read the case: ${readers.excluded.join(', ')}` : ''})`,
        );
      }
      messages = this.messenger.render(current ?? sop.pack, readers.recipients, {
        kind: `deadline_${alert.kind}`,
        templateId: readers.templateId,
        templateFallback: sop.pack,
        caseId: row.id,
        dedupeKey: `alert:${alert.id}`,
        context: (locale) => this.context(sop, row, def, dueAt, alert, locale),
      });
      told = readers.recipients.length;
      Object.assign(details, { notify: step!.notify, recipients: readers.recipients.map((r) => r.id), excluded: readers.excluded });
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
        dueAt: dueAt.toISOString(),
        ...(step ? { notify: step.notify, recipients: told } : {}),
      },
    };
    return { alert, outcome: 'fired', recipients: told, error: null, event, sop, row, messages, details };
  }

  /** Every planned effect, one statement per kind of row; the hooks run for each event in between, as they do after any case event. */
  private async write(em: EntityManager, planned: Planned[], now: Date, out: FiringOutcome): Promise<void> {
    const fired = planned.filter((p) => p.outcome === 'fired');
    const overdue = fired.filter((p) => p.alert.kind === 'overdue').map((p) => p.alert.deadlineId);
    await this.alerts.markOverdueMany(em, overdue, now);
    const sending = fired.filter((p) => p.messages);
    const messages = sending.map((p) => p.messages!);
    const delivered = await this.messenger.deliver(em, messages, now);
    sending.forEach((p, i) => {
      out.messages += delivered[i].inbox + delivered[i].queued;
      p.details!.queued = delivered[i].queued;
    });
    const events = fired.map((p) => p.event!);
    await this.records.appendEvents(em, events);
    for (const p of fired) {
      try {
        // Alerts leave the case row as it was read under the lock: hooks get it as the case writer gives it.
        await this.hooks.dispatch({ ...p.event!, sop: p.sop!, em, row: p.row });
      } catch (error) {
        throw new AlertHookFailed(p.alert, error);
      }
    }
    const finished = planned.map((p) => ({ id: p.alert.id, outcome: p.outcome, recipients: p.recipients, error: p.error }));
    await this.alerts.finishMany(em, finished, now);
    out.fired += fired.length;
    out.cancelled += planned.length - fired.length;
    for (const p of fired) out.audit.push({ actorId: null, action: `deadline.${p.alert.kind}`, caseId: p.alert.caseId, details: p.details! });
  }

  private context(sop: CompiledSop, row: CaseEntity, def: DeadlineDef, dueAt: Date, alert: DueAlert, locale: string): Record<string, unknown> {
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
