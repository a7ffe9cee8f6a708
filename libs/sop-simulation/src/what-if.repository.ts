import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { CaseEntity, FormSubmissionEntity } from '@app/database';
import type { ReferralSnapshot } from '@app/workflow';

const FIRST_ID = '00000000-0000-0000-0000-000000000000';

/** One page of cases with what deadline planning reads of them. */
export interface CaseHistoryRows {
  cases: CaseEntity[];
  submissions: Map<string, FormSubmissionEntity[]>;
  referrals: Map<string, ReferralSnapshot[]>;
}

const CASE_COLUMNS: Array<keyof CaseEntity> = [
  'id',
  'caseType',
  'sopVersionId',
  'step',
  'status',
  'risk',
  'assignedTo',
  'createdBy',
  'locationCode',
  'fields',
  'stepHistory',
  'transitionsDone',
  'registeredAt',
  'closedAt',
];

const escapeLike = (s: string) => s.replace(/[\\%_]/g, '\\$&');

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(key(r));
    if (list) list.push(r);
    else out.set(key(r), [r]);
  }
  return out;
}

/** What the "what if" replay reads: cases in id order (keyset pages, never the whole country at once), their complete forms and referrals. */
@Injectable()
export class WhatIfRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * The next `limit` cases after `afterId` registered before `before` (a later case has no deadline
   * due in the period), at or below `locationPath` when given.
   */
  async page(before: Date, locationPath: string | undefined, afterId: string | null, limit: number): Promise<CaseHistoryRows> {
    const qb = this.ds
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      // What planning reads, nothing more: no names, no cached answers (the complete forms are read below).
      .select(CASE_COLUMNS.map((k) => `c.${k}`))
      .where('c.registered_at < :wiBefore', { wiBefore: before })
      .andWhere('c.id > :wiAfter', { wiAfter: afterId ?? FIRST_ID })
      .orderBy('c.id', 'ASC')
      .limit(limit);
    if (locationPath !== undefined) qb.andWhere(`c.location_path LIKE :wiPath`, { wiPath: `${escapeLike(locationPath)}%` });
    const cases = await qb.getMany();
    const ids = cases.map((c) => c.id);
    if (ids.length === 0) return { cases, submissions: new Map(), referrals: new Map() };
    const submissions = await this.ds.getRepository(FormSubmissionEntity).find({
      where: { caseId: In(ids), status: 'complete' },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const referrals: Array<ReferralSnapshot & { caseId: string }> = await this.ds.query(
      `SELECT id, case_id AS "caseId", service_type AS "serviceType", status, sent_at AS "sentAt", respond_by AS "respondBy", responded_at AS "respondedAt"
       FROM referrals WHERE case_id = ANY($1::uuid[]) ORDER BY created_at, id`,
      [ids],
    );
    const asDate = (d: Date | string | null) => (d ? new Date(d) : null);
    return {
      cases,
      submissions: groupBy(submissions, (s) => s.caseId),
      referrals: groupBy(
        referrals.map(({ caseId, ...r }) => ({ caseId, ...r, sentAt: asDate(r.sentAt), respondBy: asDate(r.respondBy), respondedAt: asDate(r.respondedAt) })),
        (r) => r.caseId,
      ) as Map<string, ReferralSnapshot[]>,
    };
  }
}
