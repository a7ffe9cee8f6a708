import { Injectable } from '@nestjs/common';
import { Clock, DomainError } from '@app/core';
import { OutboxRepository, OutboxStatus, OutboxSummary } from './outbox.repository';

const STATUSES: OutboxStatus[] = ['pending', 'sent', 'failed'];

/** What administrators see of outgoing messages (never their bodies) and how they resend failures. */
@Injectable()
export class OutboxAdminService {
  constructor(private readonly outbox: OutboxRepository, private readonly clock: Clock) {}

  async list(status: string | undefined, limit = 100): Promise<{ counts: Record<OutboxStatus, number>; messages: OutboxSummary[] }> {
    if (status !== undefined && !STATUSES.includes(status as OutboxStatus)) {
      throw new DomainError('validation_failed', `status must be one of ${STATUSES.join(', ')}.`, { errors: [{ path: '/status', message: 'unknown status' }] });
    }
    return { counts: await this.outbox.counts(), messages: await this.outbox.list((status as OutboxStatus) ?? null, Math.min(Math.max(limit, 1), 500)) };
  }

  async retry(id: string): Promise<void> {
    if (!(await this.outbox.requeue(id, this.clock.now()))) {
      throw new DomainError('not_found', `No failed message ${id} in the outbox (only failed messages can be retried).`);
    }
  }
}
