import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { CaseEntity, FormSubmissionEntity } from '@app/database';
import type { CompiledSop } from '@app/sop-registry';
import type { CaseSnapshot } from '@app/workflow';
import { CaseFactSources } from './case-facts';
import { toSnapshot } from './case-snapshot';
import { CaseRecordsRepository } from './repositories/case-records.repository';
import { ReferralsRepository } from './repositories/referrals.repository';

/**
 * The engine's view of a case with everything its rules may read: answers, the pending approval,
 * referrals (`has_referral`) and the plugin facts the SOP's rules name (`plugin_fact`). Every place
 * that judges guards or deadline conditions builds its snapshot here, so a transition offered in
 * the list is the one the server accepts.
 */
@Injectable()
export class CaseSnapshots {
  constructor(
    private readonly ds: DataSource,
    private readonly records: CaseRecordsRepository,
    private readonly referrals: ReferralsRepository,
    private readonly facts: CaseFactSources,
  ) {}

  /**
   * `for: 'deadlines'`: only what deadline rules read is loaded (plugin facts named elsewhere are left out).
   * `created`: the case was inserted in this transaction with these submissions; it has no approval
   * and no referral yet, so neither is read back.
   */
  async of(
    row: CaseEntity,
    sop: CompiledSop,
    now: Date,
    em?: EntityManager,
    opts: { for?: 'deadlines'; created?: { submissions: FormSubmissionEntity[] } } = {},
  ): Promise<CaseSnapshot> {
    const m = em ?? this.ds.manager;
    const snapshot = opts.created
      ? toSnapshot(row, opts.created.submissions, null, [])
      : await (async () => {
          const { submissions, pending } = await this.records.formsAndApproval(row.id, m);
          return toSnapshot(row, submissions, pending, await this.referrals.snapshots(row.id, m));
        })();
    snapshot.facts = await this.facts.load({ caseId: row.id, sop, now, em, for: opts.for });
    return snapshot;
  }
}
