import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CaseEntity } from '@app/database';
import type { CasePredicate, Page } from '../repositories/cases.repository';
import type { IntakePlace } from './intake-queue';

export interface IntakeEntry extends IntakePlace {
  caseId: string;
  queuedAt: Date;
  takenBy: string | null;
  takenAt: Date | null;
}

/** The intake queues: which cases wait for which team, and who took them. */
@Injectable()
export class IntakeRepository {
  constructor(private readonly ds: DataSource) {}

  async enqueue(em: EntityManager, e: { caseId: string; place: IntakePlace; at: Date }): Promise<void> {
    await em.query(`INSERT INTO case_intake (case_id, roles, area_path, queued_at) VALUES ($1, $2, $3, $4)`, [e.caseId, e.place.roles, e.place.areaPath, e.at]);
  }

  /** The queue entry of a case, locked (the caller holds the case row lock too). */
  async lock(em: EntityManager, caseId: string): Promise<IntakeEntry | null> {
    const rows = await em.query(
      `SELECT case_id AS "caseId", roles, area_path AS "areaPath", queued_at AS "queuedAt", taken_by AS "takenBy", taken_at AS "takenAt"
       FROM case_intake WHERE case_id = $1 FOR UPDATE`,
      [caseId],
    );
    return rows[0] ?? null;
  }

  async markTaken(em: EntityManager, caseId: string, by: string, at: Date): Promise<void> {
    await em.query(`UPDATE case_intake SET taken_by = $2, taken_at = $3 WHERE case_id = $1 AND taken_at IS NULL`, [caseId, by, at]);
  }

  /**
   * Cases waiting in the queues of the user's team (a queue role, a location within or above the
   * area) that `readable` (the user's read rules as SQL) lets them read; oldest first. A case
   * assigned meanwhile, or closed, no longer waits. The total counts the same rows, nothing more.
   */
  async waiting(
    readable: CasePredicate,
    user: { roles: string[]; locationPath: string },
    page: Page,
  ): Promise<{ items: Array<{ row: CaseEntity; queuedAt: Date }>; total: number }> {
    if (readable.sql === 'FALSE' || user.roles.length === 0) return { items: [], total: 0 };
    const qb = this.ds
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .innerJoin('case_intake', 'i', 'i.case_id = c.id AND i.taken_at IS NULL')
      .addSelect('i.queued_at', 'intakeQueuedAt')
      .where(readable.sql, readable.params)
      .andWhere('c.assigned_to IS NULL')
      .andWhere(`c.status <> 'closed'`)
      .andWhere('i.roles && CAST(:intakeRoles AS text[])', { intakeRoles: user.roles })
      .andWhere('(starts_with(:intakeUserPath, i.area_path) OR starts_with(i.area_path, :intakeUserPath))', { intakeUserPath: user.locationPath });
    const total = await qb.getCount();
    const { entities, raw } = await qb
      .orderBy('i.queued_at', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .offset((page.page - 1) * page.pageSize)
      .limit(page.pageSize)
      .getRawAndEntities();
    return { items: entities.map((row, i) => ({ row, queuedAt: new Date(raw[i].intakeQueuedAt) })), total };
  }
}
