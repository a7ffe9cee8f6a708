import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ApprovalEntity, CaseEntity, FormSubmissionEntity } from '@app/database';
import type { ReferralSnapshot } from '@app/workflow';
import type { CompiledSop } from '@app/sop-registry';
import type { CaseSnapshot } from '@app/workflow';
import { CaseFactSources } from './case-facts';
import { toSnapshot } from './case-snapshot';
import { CaseRecordsRepository } from './repositories/case-records.repository';
import { ReferralsRepository } from './repositories/referrals.repository';

/** A case's records a caller already holds (see CaseSnapshots.of). */
export interface KnownRecords {
  submissions: FormSubmissionEntity[];
  pending: ApprovalEntity | null;
  referrals?: ReferralSnapshot[];
}

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
   * `known`: the case's records as the caller holds them in this transaction, after its change (its
   * submissions and pending approval; its referrals too for a case created in it, which has none), so
   * they are not read back. `referrals`: the case's referrals, when the caller read them in this transaction.
   */
  async of(
    row: CaseEntity,
    sop: CompiledSop,
    now: Date,
    em?: EntityManager,
    opts: { for?: 'deadlines'; known?: KnownRecords; referrals?: ReferralSnapshot[] } = {},
  ): Promise<CaseSnapshot> {
    const m = em ?? this.ds.manager;
    const { submissions, pending } = opts.known ?? (await this.records.formsAndApproval(row.id, m));
    const referrals = opts.known?.referrals ?? opts.referrals ?? (await this.referrals.snapshots(row.id, m));
    const snapshot = toSnapshot(row, submissions, pending, referrals);
    snapshot.facts = await this.facts.load({ caseId: row.id, sop, now, em, for: opts.for });
    return snapshot;
  }
}
