import { Injectable } from '@nestjs/common';
import { Clock, DomainError } from '@app/core';
import type { CurrentUser } from '@app/identity';
import { SopRegistry } from '@app/sop-registry';
import { maySeeTeamDeadlines } from './case-abilities';
import { casePredicate, compiledVersions, overdueDeadlinePredicate } from './case-list-access';
import { CaseErrorCode } from './cases.errors';
import { TeamWorkloadRepository, WorkerLoad } from './repositories/team-workload.repository';

export interface TeamWorkload {
  asOf: string;
  teamId: string;
  workers: WorkerLoad[];
}

/**
 * A supervisor's view of who carries what: for each active member of their team, open cases and
 * overdue deadlines. Counts only: the cases behind them are the case list's (assignedTo, overdue).
 * The same people may be chosen when the supervisor reassigns cases.
 */
@Injectable()
export class TeamWorkloadService {
  constructor(
    private readonly workload: TeamWorkloadRepository,
    private readonly registry: SopRegistry,
    private readonly clock: Clock,
  ) {}

  async forSupervisor(user: CurrentUser): Promise<TeamWorkload> {
    const sop = await this.registry.current();
    // The same people as the team's deadlines (pack role `supervisesTeam`): a caseworker sees their own work, not colleagues'.
    if (!maySeeTeamDeadlines(sop.pack, user)) {
      throw new DomainError(CaseErrorCode.TeamWorkloadNotPermitted, "Only a supervisor of a team sees the team's workload.");
    }
    const now = this.clock.now();
    const versions = await compiledVersions(this.registry);
    const readable = await casePredicate(this.registry, user, now, 'read', 'case', { prefix: 'read', versions });
    const overdue = await overdueDeadlinePredicate(versions, user, now, 'overdue');
    // A FALSE predicate counts nothing: the team's members are still listed, with nothing the reader may see.
    const workers = await this.workload.perWorker(user.teamId!, readable, overdue);
    return { asOf: now.toISOString(), teamId: user.teamId!, workers };
  }
}
