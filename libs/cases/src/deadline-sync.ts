import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OperatorRegistry } from '@app/rules';
import type { DeadlineEntity } from '@app/database';
import type { SopPack } from '@app/pack-types';
import { CaseSnapshot, planDeadlines, scheduleAlerts, workCalendar } from '@app/workflow';
import { CaseRecordsRepository, NewCaseEvent } from './repositories/case-records.repository';

/**
 * Brings a case's stored deadlines in line with what the pack says they should be now, and records
 * each change on the timeline. Runs in the transaction of the change that caused it.
 */
@Injectable()
export class DeadlineSync {
  constructor(private readonly records: CaseRecordsRepository) {}

  async sync(
    em: EntityManager,
    pack: SopPack,
    snapshot: CaseSnapshot,
    now: Date,
    actorId: string | null,
    operators?: OperatorRegistry,
    /** The case was inserted in this transaction: nothing stored to read. */
    isNew = false,
    /** The case's stored deadlines, when the caller read them in this transaction. */
    known?: DeadlineEntity[],
  ): Promise<NewCaseEvent[]> {
    const stored = isNew ? [] : (known ?? (await this.records.deadlines(snapshot.id, em)));
    const plan = planDeadlines(
      pack,
      snapshot,
      stored.map((d) => ({ key: d.key, dueAt: d.dueAt, status: d.status, closedAt: d.closedAt })),
      now,
      operators,
    );
    const events: NewCaseEvent[] = [];
    const event = (type: string, data: Record<string, unknown>) => events.push({ caseId: snapshot.id, type, actorId, at: now, data });

    const storedByKey = new Map(stored.map((d) => [d.key, d]));
    const calendar = workCalendar(pack.manifest);
    const closing = new Set([...plan.close, ...plan.cancel].map((c) => c.key));

    for (const d of plan.create) {
      const id = await this.records.insertDeadline(em, {
        caseId: snapshot.id,
        key: d.key,
        definitionId: d.definition.id,
        anchorAt: d.anchorAt,
        dueAt: d.dueAt,
        status: 'open',
        createdAt: now,
      });
      storedByKey.set(d.key, { id } as DeadlineEntity);
      if (!closing.has(d.key)) {
        await this.records.scheduleAlerts(em, id, snapshot.id, d.dueAt, scheduleAlerts(d.definition, d.dueAt, now, calendar), now, { fresh: true });
      }
      event('deadline_set', { key: d.key, deadline: d.definition.id, dueAt: d.dueAt.toISOString() });
    }
    for (const r of plan.reschedule) {
      const row = storedByKey.get(r.key)!;
      // Kept when the case moved to a new SOP version (the administrator's choice): the date stays.
      if (row.dueKept) continue;
      const def = pack.deadlines.find((x) => x.id === row.definitionId);
      await this.records.updateDeadline(em, snapshot.id, r.key, { dueAt: r.dueAt, overdueAt: null });
      await this.records.scheduleAlerts(em, row.id, snapshot.id, r.dueAt, def ? scheduleAlerts(def, r.dueAt, now, calendar) : [], now);
      event('deadline_rescheduled', { key: r.key, dueAt: r.dueAt.toISOString() });
    }
    for (const c of plan.close) {
      await this.records.updateDeadline(em, snapshot.id, c.key, { status: c.outcome, closedAt: c.closedAt });
      await this.records.cancelAlerts(em, storedByKey.get(c.key)!.id);
      event(`deadline_${c.outcome}`, { key: c.key, closedAt: c.closedAt.toISOString() });
    }
    for (const c of plan.cancel) {
      await this.records.updateDeadline(em, snapshot.id, c.key, { status: 'cancelled', closedAt: now });
      await this.records.cancelAlerts(em, storedByKey.get(c.key)!.id);
      event('deadline_cancelled', { key: c.key });
    }
    return events;
  }
}
