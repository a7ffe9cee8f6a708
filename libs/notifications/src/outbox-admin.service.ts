import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, entryBy } from '@app/audit';
import { Clock, DomainError } from '@app/core';
import { inTransaction } from '@app/database';
import type { CurrentUser } from '@app/identity';
import { OutboxRepository, OutboxStatus, OutboxSummary } from './outbox.repository';

const STATUSES: OutboxStatus[] = ['pending', 'sent', 'failed'];
const MAX_LIST = 500;

/**
 * What administrators see of outgoing messages (never their bodies) and how they resend failures.
 * Both are recorded in the audit log: a list before its answer leaves (an unrecorded list is never
 * served), a retry once the message is back in the queue.
 */
@Injectable()
export class OutboxAdminService {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async list(actor: CurrentUser, status: string | undefined, limit = 100): Promise<{ counts: Record<OutboxStatus, number>; messages: OutboxSummary[] }> {
    if (status !== undefined && !STATUSES.includes(status as OutboxStatus)) {
      throw new DomainError('validation_failed', `status must be one of ${STATUSES.join(', ')}.`, { errors: [{ path: '/status', message: 'unknown status' }] });
    }
    const counts = await this.outbox.counts();
    const messages = await this.outbox.list((status as OutboxStatus) ?? null, Math.min(Math.max(limit, 1), MAX_LIST));
    await this.record(actor, 'notification.outbox_list', null, { status: status ?? null, count: messages.length });
    return { counts, messages };
  }

  /** Requeued and audited in one transaction: a retry that cannot be recorded does not happen. */
  async retry(actor: CurrentUser, id: string): Promise<void> {
    await inTransaction(this.ds, async (em) => {
      const row = await this.outbox.requeue(em, id, this.clock.now());
      if (!row) throw new DomainError('not_found', `No failed message ${id} in the outbox (only failed messages can be retried).`);
      await this.record(actor, 'notification.outbox_retry', row.caseId, { messageId: row.id, channel: row.channel, kind: row.kind }, em);
    });
  }

  private async record(actor: CurrentUser, action: string, caseId: string | null, details: Record<string, unknown>, em?: EntityManager): Promise<void> {
    await this.audit.record(entryBy(actor, { action, caseId, details }), em);
  }
}
