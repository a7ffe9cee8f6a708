import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@app/core';
import type { CaseEntity, UserEntity } from '@app/database';
import { toCurrentUser, UsersRepository } from '@app/identity';
import type { MessageRecipient } from '@app/notifications';
import type { SopPack } from '@app/pack-types';
import { CompiledSop, SopRegistry } from '@app/sop-registry';
import { factsOf, permissionsFor } from './case-access';
import { CaseGrantsRepository } from './repositories/case-grants.repository';

export interface CaseReaders {
  recipients: MessageRecipient[];
  /** Usernames the pack named but who may not read the case: told nothing. */
  excluded: string[];
}

/**
 * Who the pack's `notify` lists mean for one case: `case_owner` (the assigned worker),
 * `case_owner_supervisor` (team members whose role supervises the team) and role ids (active holders
 * whose location covers the case's). Messages about a case go only to people who may read it, with
 * only the answers each may read.
 */
@Injectable()
export class CaseRecipients {
  constructor(
    private readonly userRepo: UsersRepository,
    private readonly grants: CaseGrantsRepository,
    private readonly registry: SopRegistry,
    private readonly clock: Clock,
  ) {}

  /**
   * The pack whose channels and templates messages use: the current version, so a template fixed or
   * a channel added reaches cases started on older versions too (their deadlines stay pinned).
   * Null before any is published. Read it before taking locks.
   */
  async currentPack(): Promise<SopPack | null> {
    return (await this.registry.currentIfPublished())?.pack ?? null;
  }

  async users(row: CaseEntity, sop: CompiledSop, notify: string[], em?: EntityManager): Promise<UserEntity[]> {
    const found = new Map<string, UserEntity>();
    const add = (list: UserEntity[]) => list.filter((u) => u.active).forEach((u) => found.set(u.id, u));
    for (const who of notify) {
      if (who === 'case_owner') {
        const owner = row.assignedTo ? await this.userRepo.findById(row.assignedTo, em) : null;
        if (owner) add([owner]);
      } else if (who === 'case_owner_supervisor') {
        const supervisorRoles = sop.pack.roles.filter((r) => r.supervisesTeam).map((r) => r.id);
        if (row.teamId && supervisorRoles.length) add(await this.userRepo.findTeamMembersWithRole(row.teamId, supervisorRoles, em));
      } else {
        add(await this.userRepo.findWithRoleCovering(who, row.locationPath, em));
      }
    }
    return [...found.values()];
  }

  /**
   * The readers among `notify`, each with the answers of `answerPaths` (`form.field`) they may read.
   * `answersOf(form)` gives the case's latest complete answers of a form.
   */
  async readers(
    em: EntityManager,
    row: CaseEntity,
    sop: CompiledSop,
    notify: string[],
    answerPaths: string[],
    answersOf: (formId: string) => Record<string, unknown> | undefined,
  ): Promise<CaseReaders> {
    const facts = factsOf(row, await this.grants.activeFor(row.id, this.clock.now(), em));
    const out: CaseReaders = { recipients: [], excluded: [] };
    for (const u of await this.users(row, sop, notify, em)) {
      const perms = permissionsFor(sop, toCurrentUser(u));
      if (!perms.canOnCase('read', 'case', facts)) {
        out.excluded.push(u.username);
        continue;
      }
      const answers: Record<string, Record<string, unknown>> = {};
      for (const path of answerPaths) {
        const [form, field] = splitPath(path);
        const value = answersOf(form)?.[field];
        if (value === undefined || !perms.canField('read', form, field, facts)) continue;
        (answers[form] ??= {})[field] = value;
      }
      out.recipients.push({ id: u.id, name: u.displayName, locale: u.locale, email: u.email, phone: u.phone, answers });
    }
    return out;
  }
}

function splitPath(path: string): [string, string] {
  const dot = path.indexOf('.');
  return [path.slice(0, dot), path.slice(dot + 1)];
}
