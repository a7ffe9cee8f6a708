import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, DomainError, pickLabel, validateCommand } from '@app/core';
import { CaseEntity, inTransaction } from '@app/database';
import type { CurrentUser } from '@app/identity';
import { intakeQueueOf } from '@app/sop';
import type { CaseTypeDef, SopPack } from '@app/pack-types';
import { SopRegistry } from '@app/sop-registry';
import { CaseAccessService, factsOf, permissionsFor } from '../case-access';
import { CaseAudit } from '../case-audit';
import { casePredicate } from '../case-list-access';
import { derivedVisibility, stepLabelOf, toSummary } from '../case-view';
import { CaseErrorCode } from '../cases.errors';
import { CaseWriter } from '../case-writer';
import { CaseGrantsRepository, NO_GRANTS } from '../repositories/case-grants.repository';
import type { NewCaseEvent } from '../repositories/case-records.repository';
import { intakePlace, locationLabel, onIntakeTeam } from './intake-queue';
import { IntakeRepository } from './intake.repository';

export const TAKE_CASE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: { note: { type: 'string', maxLength: 2000, description: 'optional; kept on the timeline' } },
};

const MAX_PAGE_SIZE = 100;

/**
 * Intake queues (pack.json `assignTo: {"intakeQueue": ...}`): a new case owned by nobody waits for
 * the team covering its location. Its members see it in their intake list, within what the pack
 * lets them read; one of them whose roles may `take` it makes it theirs (their team's, their
 * agency's), and it leaves the queue. Each step is on the timeline and in the audit log.
 */
@Injectable()
export class CaseIntakeService {
  constructor(
    private readonly ds: DataSource,
    private readonly intake: IntakeRepository,
    private readonly access: CaseAccessService,
    private readonly grants: CaseGrantsRepository,
    private readonly registry: SopRegistry,
    private readonly writer: CaseWriter,
    private readonly audit: CaseAudit,
    private readonly clock: Clock,
  ) {}

  /**
   * At registration (in its transaction): puts the case in its type's queue, if it has one, and
   * returns the timeline event saying so; null for a case type assigned to its creator or nobody.
   */
  async enqueue(
    em: EntityManager,
    pack: SopPack,
    caseType: CaseTypeDef,
    row: Pick<CaseEntity, 'id' | 'locationPath'>,
    actorId: string,
    now: Date,
  ): Promise<NewCaseEvent | null> {
    const queue = intakeQueueOf(caseType.assignTo);
    if (!queue) return null;
    const place = intakePlace(pack, queue, row.locationPath);
    await this.intake.enqueue(em, { caseId: row.id, place, at: now });
    return { caseId: row.id, type: 'case_queued', actorId, at: now, data: { roles: place.roles, area: areaCode(place.areaPath) } };
  }

  async list(user: CurrentUser, locale: string, q: { page?: number; pageSize?: number }) {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 25;
    if (page < 1 || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new DomainError('validation_failed', `page must be >= 1 and pageSize between 1 and ${MAX_PAGE_SIZE}.`, {
        errors: [{ path: '/page', message: 'invalid pagination' }],
      });
    }
    const now = this.clock.now();
    // The queue shows only what the pack lets the user read: the read rules, as SQL, bound the page and the total.
    const readable = await casePredicate(this.registry, user, now, 'read', 'case', { prefix: 'read' });
    const { items, total } = await this.intake.waiting(readable, user, { page, pageSize });
    const grants = await this.grants.activeForMany(
      items.map((i) => i.row.id),
      now,
    );
    const out = [];
    for (const { row, queuedAt } of items) {
      const sop = await this.registry.get(row.sopVersionId);
      const access = { sop, perms: permissionsFor(sop, user), facts: factsOf(row, grants.get(row.id) ?? NO_GRANTS) };
      const caseType = sop.pack.manifest.caseTypes.find((c) => c.id === row.caseType);
      out.push({
        ...toSummary(row, stepLabelOf(access, row.step, locale), derivedVisibility(access, row.caseType)),
        // Labels in the user's language, so a list shows no codes.
        caseTypeLabel: caseType ? pickLabel(caseType.label, locale) : row.caseType,
        locationLabel: locationLabel(sop.pack, row.locationCode, locale),
        queuedAt: queuedAt.toISOString(),
        mayTake: access.perms.canOnCase('take', 'case', access.facts),
      });
    }
    await this.audit.recordList(
      user,
      'case.intake_listed',
      out.map((i) => i.id),
      { page, total },
    );
    return { items: out, page, pageSize, total };
  }

  /** One of the queue's team takes the case: it becomes theirs, and leaves the queue. */
  async take(user: CurrentUser, caseId: string, body: unknown) {
    const cmd = validateCommand<{ note?: string }>(TAKE_CASE_SCHEMA, body ?? {});
    return inTransaction(this.ds, async (em) => {
      const a = await this.access.lockReadable(em, user, caseId);
      const entry = await this.intake.lock(em, caseId);
      if (!entry) throw new DomainError(CaseErrorCode.NotInIntakeQueue, 'This case was not placed in an intake queue; ask a supervisor to assign it.');
      if (entry.takenAt || a.row.assignedTo) {
        throw new DomainError(CaseErrorCode.IntakeAlreadyTaken, 'Someone already took this case from the intake queue, or it was assigned.');
      }
      if (a.row.status === 'closed') throw new DomainError(CaseErrorCode.IntakeAlreadyTaken, 'The case was closed while it waited in the intake queue.');
      if (!onIntakeTeam(user, entry) || !a.perms.canOnCase('take', 'case', a.facts)) {
        throw new DomainError(CaseErrorCode.IntakeTakeNotPermitted, 'Your role may not take this case from the intake queue.');
      }
      // The case becomes the taker's, and their team's and agency's, as an assignment would make it.
      const patch: Partial<CaseEntity> = { assignedTo: user.id };
      if (user.teamId && user.teamId !== a.row.teamId) patch.teamId = user.teamId;
      if (user.agencyId && user.agencyId !== a.row.agencyId) patch.agencyId = user.agencyId;
      // Never leave the taker with a case their rules would then hide from them.
      if (
        !a.perms.canOnCase('read', 'case', {
          ...a.facts,
          assignedTo: user.id,
          teamId: patch.teamId ?? a.facts.teamId,
          agencyId: patch.agencyId ?? a.facts.agencyId,
        })
      ) {
        throw new DomainError(
          CaseErrorCode.IntakeTakeNotPermitted,
          "You could not read this case once it is yours (outside your role's reach); ask a supervisor to assign it.",
        );
      }
      const now = this.clock.now();
      await this.intake.markTaken(em, caseId, user.id, now);
      const row = await this.writer.commit(em, a.sop, {
        caseId,
        expectedVersion: a.row.version,
        patch,
        now,
        actorId: user.id,
        actor: user,
        events: [
          {
            caseId,
            type: 'case_taken',
            actorId: user.id,
            at: now,
            data: {
              to: user.id,
              area: areaCode(entry.areaPath),
              ...(patch.teamId ? { team: patch.teamId } : {}),
              ...(cmd.note?.trim() ? { note: cmd.note.trim() } : {}),
            },
          },
        ],
      });
      return { caseId, assignedTo: user.id, version: row.version };
    });
  }
}

/** `MD/CH/` → `CH`: timelines name the place, not its path. */
function areaCode(path: string): string {
  return path.split('/').filter(Boolean).at(-1) ?? path;
}
