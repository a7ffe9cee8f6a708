import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { Clock, zonedDay } from '@app/core';
import { inTransaction } from '@app/database';
import { toCurrentUser, UsersRepository } from '@app/identity';
import { Messenger } from '@app/notifications';
import { SopRegistry } from '@app/sop-registry';
import { DeadlineWorklistService, WorklistItem } from './deadline-worklist.service';
import { WorklistRepository } from './worklist.repository';

export interface DigestRunResult {
  sent: number;
  /** Candidates with nothing they may see due after all (nothing sent; the day is still claimed). */
  empty: number;
  /** Candidates another worker had already claimed. */
  taken: number;
}

/**
 * Once a day (at the pack's hour, in its time zone), each person with something overdue or due today gets one
 * message listing it. A digest is claimed by inserting its (user, day) row in the transaction that
 * queues it, so with several workers each person still gets exactly one.
 */
@Injectable()
export class DailyDigest {
  private readonly logger = new Logger('DailyDigest');

  constructor(
    private readonly ds: DataSource,
    private readonly worklists: DeadlineWorklistService,
    private readonly repo: WorklistRepository,
    private readonly users: UsersRepository,
    private readonly registry: SopRegistry,
    private readonly messenger: Messenger,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async run(maxUsers = 1000): Promise<DigestRunResult> {
    const result: DigestRunResult = { sent: 0, empty: 0, taken: 0 };
    const sop = await this.registry.currentIfPublished();
    if (!sop) return result;
    const setting = sop.pack.notifications.digest;
    const now = this.clock.now();
    const local = zonedDay(now, sop.pack.manifest.timezone);
    if (!setting.enabled || local.hour < setting.hour) return result;
    const day = local.day;
    const supervisorRoles = sop.pack.roles.filter((r) => r.supervisesTeam).map((r) => r.id);
    const candidates = await this.repo.digestCandidates(day, local.end, supervisorRoles, maxUsers);
    for (const userId of candidates) {
      try {
        result[await this.sendOne(userId, day, supervisorRoles)]++;
      } catch (e) {
        this.logger.error(`digest for user ${userId} failed: ${e?.message ?? e}`);
      }
    }
    return result;
  }

  private async sendOne(userId: string, day: string, supervisorRoles: string[]): Promise<'sent' | 'empty' | 'taken'> {
    const user = await this.users.findById(userId);
    if (!user?.active) return 'taken';
    const current = toCurrentUser(user);
    const supervises = !!user.teamId && user.roles.some((r) => supervisorRoles.includes(r));
    return inTransaction(this.ds, async (em) => {
      const now = this.clock.now();
      if (!(await this.repo.claimDigest(em, userId, day, now))) return 'taken';
      const list = await this.worklists.forUser(current, supervises ? 'team' : 'mine', user.locale, 7, false);
      const items = [...list.overdue, ...list.dueToday];
      await this.repo.recordDigestItems(em, userId, day, items.length);
      if (!items.length) return 'empty';
      const sop = await this.registry.current();
      const entry = (i: WorklistItem) => ({
        caseNumber: i.caseNumber,
        link: this.messenger.link(`/cases/${i.caseId}`),
        deadline: i.label,
        dueAt: new Date(i.dueAt),
      });
      await this.messenger.send(
        em,
        sop.pack,
        [{ id: user.id, name: user.displayName, locale: user.locale, email: user.email, phone: user.phone }],
        {
          kind: 'daily_digest',
          templateId: 'daily_digest',
          caseId: null,
          dedupeKey: `digest:${day}`,
          context: () => ({
            date: now,
            link: this.messenger.link('/'),
            overdue: list.overdue.map(entry),
            dueToday: list.dueToday.map(entry),
            upcoming: list.upcoming.map(entry),
          }),
        },
        now,
      );
      const caseIds = [...new Set([...items, ...list.upcoming].map((i) => i.caseId))];
      // Last in the transaction: the audit append holds its chain lock until commit.
      await this.audit.record({ actorId: null, action: 'notification.digest', caseId: null, details: { userId, day, cases: caseIds } }, em);
      return 'sent';
    });
  }
}
