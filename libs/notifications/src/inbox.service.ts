import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, DomainError } from '@app/core';
import { InboxMessage, InboxRepository } from './inbox.repository';

/**
 * The in-app inbox: messages to users about cases (break-the-glass, later deadlines and referrals).
 * Delivery happens inside the caller's transaction, so a message exists exactly when its cause does.
 */
@Injectable()
export class InboxService {
  constructor(
    private readonly inbox: InboxRepository,
    private readonly clock: Clock,
  ) {}

  async deliver(
    em: EntityManager,
    userIds: string[],
    m: { kind: string; caseId: string | null; title: string; body: string; dedupeKey: string },
  ): Promise<void> {
    const at = this.clock.now();
    for (const userId of new Set(userIds)) await this.inbox.insert(em, { ...m, userId, dedupeKey: `${m.dedupeKey}:${userId}`, at });
  }

  list(userId: string, unreadOnly = false, limit = 50): Promise<InboxMessage[]> {
    return this.inbox.list(userId, unreadOnly, Math.min(Math.max(limit, 1), 200));
  }

  async markRead(userId: string, id: string): Promise<void> {
    if (!(await this.inbox.markRead(userId, id, this.clock.now()))) {
      throw new DomainError('not_found', `Notification ${id} does not exist in your inbox.`);
    }
  }
}
