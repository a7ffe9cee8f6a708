import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { CaseEntity, FormSubmissionEntity } from '@app/database';
import type { CasePredicate } from '@app/cases';

/** A case to check, with whether the user may fill each (form, field) the checks point at. */
export interface CaseToCheck {
  row: CaseEntity;
  /** Same order as the `fill` predicates asked for. */
  fillable: boolean[];
}

const FIRST_ID = '00000000-0000-0000-0000-000000000000';

/** What the data-quality report reads: cases in id order (keyset pages) and their complete submissions. */
@Injectable()
export class DataQualityRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * The next `limit` cases after `afterId` (id order) that the user may read, may fill at least one of
   * the `fill` predicates on, and that have a complete submission of one of `forms` (a check only runs
   * on answers that were submitted). Each case comes with one flag per `fill` predicate.
   */
  async casesToCheck(readable: CasePredicate, fill: CasePredicate[], forms: string[], afterId: string | null, limit: number): Promise<CaseToCheck[]> {
    const usable = fill.filter((f) => f.sql !== 'FALSE');
    if (readable.sql === 'FALSE' || usable.length === 0 || forms.length === 0) return [];
    const qb = this.ds
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .where(readable.sql, readable.params)
      .andWhere(`(${usable.map((f) => f.sql).join(' OR ')})`)
      .andWhere('c.id > :dqAfter', { dqAfter: afterId ?? FIRST_ID })
      .andWhere(`EXISTS (SELECT 1 FROM form_submissions s WHERE s.case_id = c.id AND s.status = 'complete' AND s.form_id = ANY(:dqForms))`, { dqForms: forms })
      .orderBy('c.id', 'ASC')
      .limit(limit);
    fill.forEach((f, i) => {
      qb.addSelect(f.sql === 'FALSE' ? 'FALSE' : `(${f.sql})`, `dq_fill_${i}`);
      qb.setParameters(f.params);
    });
    const { entities, raw } = await qb.getRawAndEntities();
    return entities.map((row, i) => ({ row, fillable: fill.map((_, j) => raw[i][`dq_fill_${j}`] === true) }));
  }

  /** Complete submissions of these cases, oldest first (drafts never count in rule data). */
  completeSubmissions(caseIds: string[]): Promise<FormSubmissionEntity[]> {
    if (caseIds.length === 0) return Promise.resolve([]);
    return this.ds.getRepository(FormSubmissionEntity).find({
      where: { caseId: In(caseIds), status: 'complete' },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }
}
