import { Injectable } from '@nestjs/common';
import { Clock } from '@app/core';
import type { CurrentUser } from '@app/identity';
import { SopRegistry } from '@app/sop-registry';
import { factsOf, permissionsFor } from './case-access';
import { CaseAudit } from './case-audit';
import { casePredicate } from './case-list-access';
import { derivedVisibility, riskLabelOf, stepLabelOf, toSummary } from './case-view';
import { CaseGrantsRepository, NO_GRANTS } from './repositories/case-grants.repository';
import { CasesRepository } from './repositories/cases.repository';

const LIMIT = 100;

/**
 * "Approvals waiting for me": transitions others asked for on cases the user may read, whose
 * approval the pack gives to one of the user's roles. Deciding is the approval endpoint's job.
 */
@Injectable()
export class ApprovalsInboxService {
  constructor(
    private readonly cases: CasesRepository,
    private readonly grants: CaseGrantsRepository,
    private readonly registry: SopRegistry,
    private readonly audit: CaseAudit,
    private readonly clock: Clock,
  ) {}

  async forUser(user: CurrentUser, locale: string) {
    const now = this.clock.now();
    const readable = await casePredicate(this.registry, user, now, 'read', 'case', { prefix: 'read' });
    // Transitions (of any published version) whose approval one of the user's roles gives, so the
    // limit applies to what the user may decide, not to everyone's requests.
    const approvable = new Set<string>();
    for (const sop of await this.registry.currentVersions()) {
      for (const t of sop.pack.workflow.transitions) {
        if (t.approval?.roles.some((r) => user.roles.includes(r))) approvable.add(t.id);
      }
    }
    const waiting = await this.cases.awaitingApproval(readable, [...approvable], user.id, LIMIT);
    const grants = await this.grants.activeForMany(
      waiting.map((w) => w.row.id),
      now,
    );
    const items = [];
    for (const w of waiting) {
      const sop = await this.registry.get(w.row.sopVersionId);
      const transition = sop.pack.workflow.transitions.find((t) => t.id === w.transitionId);
      if (!transition?.approval?.roles.some((r) => user.roles.includes(r))) continue;
      const access = { sop, perms: permissionsFor(sop, user), facts: factsOf(w.row, grants.get(w.row.id) ?? NO_GRANTS) };
      if (!access.perms.canOnCase('read', 'case', access.facts)) continue;
      items.push({
        case: toSummary(
          w.row,
          stepLabelOf(access, w.row.step, locale),
          derivedVisibility(access, w.row.caseType),
          riskLabelOf(access, w.row.caseType, w.row.risk, locale),
        ),
        transition: { id: transition.id, label: transition.label[locale] ?? transition.label.en },
        requestedBy: { id: w.requestedBy, name: w.requestedByName },
        requestedAt: w.requestedAt.toISOString(),
      });
    }
    await this.audit.recordList(
      user,
      'case.approvals_listed',
      items.map((i) => i.case.id),
      { approvals: items.length },
    );
    return { items };
  }
}
