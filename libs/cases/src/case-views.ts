import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditEntry } from '@app/audit';
import type { CaseEntity } from '@app/database';
import type { CurrentUser } from '@app/identity';
import { caseAbilities } from './case-abilities';
import { CaseAccess, CaseAccessService, factsOf } from './case-access';
import { CaseAudit } from './case-audit';
import { toCaseView } from './case-view';
import { CaseRecordsRepository, type CaseViewParts } from './repositories/case-records.repository';
import { CasesRepository } from './repositories/cases.repository';

/** What a case read shows, and the audit entry that must be written before it is served. */
export interface CaseRead {
  view: ReturnType<typeof toCaseView> & { assignedToName: string | null; may: ReturnType<typeof caseAbilities> };
  entry: AuditEntry;
}

/**
 * One case as the user may see it. The audit entry of the read is returned, not written, so that the
 * reply to a change (a saved form, a registration) is read and audited inside the change's own
 * transaction: one commit for the change and the read it answers with, instead of two.
 */
@Injectable()
export class CaseViews {
  constructor(
    private readonly access: CaseAccessService,
    private readonly records: CaseRecordsRepository,
    private readonly cases: CasesRepository,
    private readonly audit: CaseAudit,
  ) {}

  /** `purpose: 'print'`: the same view, audited as printed (`case.printed`): a paper copy leaves the system. */
  async read(
    user: CurrentUser,
    caseId: string,
    locale: string,
    purpose: 'view' | 'print' = 'view',
    em?: EntityManager,
    known?: { access: CaseAccess; parts?: CaseViewParts },
  ): Promise<CaseRead> {
    const { access, parts } = known?.access
      ? { access: known.access, parts: known.parts ?? (await this.records.viewParts(caseId, known.access.row.assignedTo, em)) }
      : await this.access.readableForView(user, caseId, em);
    const { submissions, pending, links, ownerName, intake: queued } = parts;
    const readable = links.length
      ? await this.access.readableIds(
          user,
          await this.cases.findByIds(
            links.map((l) => l.linkedCaseId),
            em,
          ),
          em,
        )
      : new Set();
    const view = toCaseView(access, submissions, {
      links: links.filter((l) => readable.has(l.linkedCaseId)),
      fields: access.row.fields,
      locale,
      pendingApproval: pending
        ? { id: pending.id, transitionId: pending.transitionId, requestedBy: pending.requestedBy, requestedAt: pending.requestedAt }
        : null,
    });
    const fieldsShown = Object.entries(view.forms).flatMap(([formId, entries]) =>
      [...new Set(entries.flatMap((e) => Object.keys(e.answers)))].map((f) => `${formId}.${f}`),
    );
    const details = access.facts.breakGlass.includes(user.id) ? { viaBreakGlass: true } : {};
    const entry = this.audit.entry(user, purpose === 'print' ? 'case.printed' : 'case.read', caseId, fieldsShown, details);
    // The worker's name, so whoever reads the case knows whom to contact; what the user may do on it.
    return { view: { ...view, assignedToName: ownerName, may: caseAbilities(access, user, queued) }, entry };
  }

  /**
   * After a change whose caller holds the case row as the change left it (answers saved on a locked
   * case, a case just registered) and the grants as read in this transaction (`before`): the case is
   * not read again; nor what the view shows beside it when the caller holds that too (`parts`, as
   * the change left it). Null when the user may not read the case as it now stands.
   */
  async readAfterOwnChange(
    em: EntityManager,
    user: CurrentUser,
    before: CaseAccess,
    row: CaseEntity,
    locale: string,
    parts?: CaseViewParts,
  ): Promise<CaseRead | null> {
    const { sharedWith, breakGlass, referredTo } = before.facts;
    const access = { ...before, row, facts: factsOf(row, { sharedWith, breakGlass, referredTo }) };
    if (!access.perms.canOnCase('read', 'case', access.facts)) return null;
    return this.read(user, row.id, locale, 'view', em, { access, parts });
  }
}
