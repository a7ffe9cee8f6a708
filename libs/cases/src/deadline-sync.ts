import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SopPack } from '@app/sop';
import { CaseSnapshot, planDeadlines } from '@app/workflow';
import { CaseRecordsRepository, NewCaseEvent } from './repositories/case-records.repository';

/**
 * Brings a case's stored deadlines in line with what the pack says they should be now, and records
 * each change on the timeline. Runs in the transaction of the change that caused it.
 */
@Injectable()
export class DeadlineSync {
  constructor(private readonly records: CaseRecordsRepository) {}

  async sync(em: EntityManager, pack: SopPack, snapshot: CaseSnapshot, now: Date, actorId: string | null): Promise<NewCaseEvent[]> {
    const stored = await this.records.deadlines(snapshot.id, em);
    const plan = planDeadlines(pack, snapshot, stored.map((d) => ({ key: d.key, dueAt: d.dueAt, status: d.status })), now);
    const events: NewCaseEvent[] = [];
    const event = (type: string, data: Record<string, unknown>) =>
      events.push({ caseId: snapshot.id, type, actorId, at: now, data });

    for (const d of plan.create) {
      await this.records.insertDeadline(em, {
        caseId: snapshot.id, key: d.key, definitionId: d.definition.id, anchorAt: d.anchorAt, dueAt: d.dueAt,
        status: 'open', createdAt: now,
      });
      event('deadline_set', { key: d.key, deadline: d.definition.id, dueAt: d.dueAt.toISOString() });
    }
    for (const r of plan.reschedule) {
      await this.records.updateDeadline(em, snapshot.id, r.key, { dueAt: r.dueAt });
      event('deadline_rescheduled', { key: r.key, dueAt: r.dueAt.toISOString() });
    }
    for (const c of plan.close) {
      await this.records.updateDeadline(em, snapshot.id, c.key, { status: c.met ? 'met' : 'missed', closedAt: c.closedAt });
      event(c.met ? 'deadline_met' : 'deadline_missed', { key: c.key, closedAt: c.closedAt.toISOString() });
    }
    for (const c of plan.cancel) {
      await this.records.updateDeadline(em, snapshot.id, c.key, { status: 'cancelled', closedAt: now });
      event('deadline_cancelled', { key: c.key });
    }
    return events;
  }
}
