import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@app/core';
import type { CaseEntity, UserEntity } from '@app/database';
import { toCurrentUser, UsersRepository } from '@app/identity';
import type { MessageRecipient } from '@app/notifications';
import type { SopPack } from '@app/pack-types';
import type { CaseFacts } from '@app/permissions';
import { CompiledSop, SopRegistry } from '@app/sop-registry';
import { factsOf, permissionsFor } from './case-access';
import { CaseGrantsRepository, NO_GRANTS } from './repositories/case-grants.repository';

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
        const supervisors = supervisorRoles(sop);
        if (row.teamId && supervisors.length) add(await this.userRepo.findTeamMembersWithRole(row.teamId, supervisors, em));
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
    return readersAmong(await this.users(row, sop, notify, em), sop, facts, answerPaths, answersOf);
  }

  /**
   * `readers` for many cases (a scheduler batch) with one statement for their grants and one for
   * the users they name, whatever their number; the results in the order of `requests`.
   */
  async readersMany(em: EntityManager, requests: ReadersRequest[]): Promise<CaseReaders[]> {
    if (!requests.length) return [];
    const grants = await this.grants.activeForMany([...new Set(requests.map((r) => r.row.id))], this.clock.now(), em);
    const ids = new Set<string>();
    const teamIds = new Set<string>();
    const teamRoles = new Set<string>();
    const roles = new Set<string>();
    const paths = new Set<string>();
    for (const { row, sop, notify } of requests) {
      for (const who of notify) {
        if (who === 'case_owner') {
          if (row.assignedTo) ids.add(row.assignedTo);
        } else if (who === 'case_owner_supervisor') {
          const supervisors = supervisorRoles(sop);
          if (row.teamId && supervisors.length) teamIds.add(row.teamId);
          supervisors.forEach((r) => teamRoles.add(r));
        } else {
          roles.add(who);
          paths.add(row.locationPath);
        }
      }
    }
    const found =
      ids.size || teamIds.size || roles.size
        ? await this.userRepo.findNotifiable(em, { ids: [...ids], teamIds: [...teamIds], teamRoles: [...teamRoles], roles: [...roles], paths: [...paths] })
        : [];
    return requests.map(({ row, sop, notify, answerPaths, answersOf }) => {
      const picked = new Map<string, UserEntity>();
      const add = (list: UserEntity[]) => list.filter((u) => u.active).forEach((u) => picked.set(u.id, u));
      // As `users` picks them, from the candidates of the whole batch.
      for (const who of notify) {
        if (who === 'case_owner') {
          add(found.filter((f) => f.user.id === row.assignedTo).map((f) => f.user));
        } else if (who === 'case_owner_supervisor') {
          const supervisors = supervisorRoles(sop);
          if (row.teamId && supervisors.length) {
            add(found.filter((f) => f.user.teamId === row.teamId && f.user.roles.some((r) => supervisors.includes(r))).map((f) => f.user));
          }
        } else {
          add(found.filter((f) => f.user.active && f.user.roles.includes(who) && f.covers.includes(row.locationPath)).map((f) => f.user));
        }
      }
      const facts = factsOf(row, grants.get(row.id) ?? NO_GRANTS);
      return readersAmong([...picked.values()], sop, facts, answerPaths, answersOf);
    });
  }
}

/** One case of `CaseRecipients.readersMany`. */
export interface ReadersRequest {
  row: CaseEntity;
  sop: CompiledSop;
  notify: string[];
  answerPaths: string[];
  answersOf: (formId: string) => Record<string, unknown> | undefined;
}

function supervisorRoles(sop: CompiledSop): string[] {
  return sop.pack.roles.filter((r) => r.supervisesTeam).map((r) => r.id);
}

/** Of `users`, those who may read the case, each with the answers of `answerPaths` they may read. */
function readersAmong(
  users: UserEntity[],
  sop: CompiledSop,
  facts: CaseFacts,
  answerPaths: string[],
  answersOf: (formId: string) => Record<string, unknown> | undefined,
): CaseReaders {
  const out: CaseReaders = { recipients: [], excluded: [] };
  for (const u of users) {
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

function splitPath(path: string): [string, string] {
  const dot = path.indexOf('.');
  return [path.slice(0, dot), path.slice(dot + 1)];
}
