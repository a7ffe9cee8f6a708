import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService, entryBy } from '@app/audit';
import { Clock, DomainError, HOUR_MS } from '@app/core';
import { assertStrongPassword, base32Encode, CurrentUser, hashPassword, IdentityErrorCode, TwoFactorService } from '@app/identity';
import type { SopPack } from '@app/pack-types';
import { locationPaths } from '@app/sop';
import { SopRegistry } from '@app/sop-registry';
import { grantableRoles, Grant, grantsOf, mayAdminister, reachConditions, reachProblems } from './administer-scope';
import { PeopleErrorCode } from './people.errors';
import { PeopleFilter, PeopleRepository, PersonFields, PersonRow } from './people.repository';
import { PersonInput, personFields } from './person-fields';

/** How long a set-password code works. */
export const PASSWORD_CODE_HOURS = 24;

/** A user as administrators see them. */
export interface PersonView extends Omit<PersonRow, 'createdAt' | 'locationPath'> {
  createdAt: string;
}

export interface OpenCase {
  id: string;
  caseNumber: string;
  caseType: string;
  step: string;
  status: string;
}

/** Shown once to the administrator, who hands it over; only its hash is kept. */
export interface PasswordCode {
  code: string;
  expiresAt: string;
}

export interface PeoplePage {
  items: PersonView[];
  total: number;
  limit: number;
  offset: number;
}

/** What the administrator may do: the roles they may give, the places and agencies they may put users in (null: any). */
export interface AdministrationReach {
  roles: string[];
  locations: string[] | null;
  agencies: string[] | null;
}

const view = (r: PersonRow): PersonView => {
  const { locationPath: _path, createdAt, ...rest } = r;
  return { ...rest, createdAt: createdAt.toISOString() };
};

/** A code read aloud or typed: 20 base32 characters in groups of 4 (100 bits); case, spaces and dashes do not matter. */
function newCode(): string {
  return base32Encode(randomBytes(13)).slice(0, 20).match(/.{4}/g)!.join('-');
}

function codeHash(code: string): string {
  return createHash('sha256')
    .update(code.toUpperCase().replace(/[^A-Z2-7]/g, ''))
    .digest('hex');
}

/** Whether the roles (in any order), place or agency differ: an administrator's own reach comes from another administrator. */
function changesOwnAccess(before: Pick<PersonFields, 'roles' | 'agencyId' | 'locationCode'>, after: PersonFields): boolean {
  const roles = (r: string[]) => JSON.stringify([...r].sort());
  return roles(before.roles) !== roles(after.roles) || before.agencyId !== after.agencyId || before.locationCode !== after.locationCode;
}

const EDITABLE: Array<keyof PersonFields> = ['displayName', 'email', 'phone', 'roles', 'agencyId', 'teamId', 'locationCode', 'locale'];

/**
 * People administration: who an administrator may see and change is decided by the pack (`administer`
 * of their roles, see administer-scope.ts). A user beyond their reach is answered as if it did not
 * exist; a change that would put a user beyond it is refused (403) with nothing saved. Every change is audited.
 */
@Injectable()
export class PeopleService {
  constructor(
    private readonly repo: PeopleRepository,
    private readonly registry: SopRegistry,
    private readonly audit: AuditService,
    private readonly twoFactor: TwoFactorService,
    private readonly clock: Clock,
  ) {}

  async reach(admin: CurrentUser): Promise<AdministrationReach> {
    const { pack, grants } = await this.grants(admin);
    if (grants.some((g) => g.kind === 'all' || g.kind === 'national')) return { roles: grantableRoles(pack, grants), locations: null, agencies: null };
    const paths = [...this.paths(pack)];
    const areas = grants.flatMap((g) => (g.kind === 'area' ? [g.pathPrefix] : []));
    const agencyGrants = grants.flatMap((g) => (g.kind === 'agency' ? [g.agencyId] : []));
    return {
      roles: grantableRoles(pack, grants),
      locations: agencyGrants.length > 0 ? null : paths.filter(([, p]) => areas.some((a) => p.startsWith(a))).map(([c]) => c),
      agencies: areas.length > 0 ? null : agencyGrants,
    };
  }

  async list(admin: CurrentUser, filter: PeopleFilter & { location?: string }, page: { limit: number; offset: number }): Promise<PeoplePage> {
    const { pack, grants } = await this.grants(admin);
    const locationPath = filter.location ? this.paths(pack).get(filter.location) : undefined;
    if (filter.location && !locationPath) return { items: [], total: 0, ...page };
    const { rows, total } = await this.repo.search(reachConditions(pack, grants), { ...filter, locationPath }, page);
    return { items: rows.map(view), total, ...page };
  }

  async get(admin: CurrentUser, id: string): Promise<PersonView & { openCases: OpenCase[] }> {
    const user = await this.reachable(admin, id);
    return { ...view(user), openCases: await this.repo.openCasesOf(user.id) };
  }

  /** A new user without a password: the administrator hands over the one-time code, with which the user sets one. */
  async create(admin: CurrentUser, input: PersonInput): Promise<{ user: PersonView; passwordCode: PasswordCode }> {
    const { pack, grants } = await this.grants(admin);
    const fields = personFields(pack, input);
    this.assertWithinReach(pack, grants, fields);
    const now = this.clock.now();
    return this.repo.transaction(async (em) => {
      if (await this.repo.usernameTaken(fields.username, em)) {
        throw new DomainError(PeopleErrorCode.UsernameTaken, 'This username is taken.', {
          errors: [{ path: '/username', keyword: 'username_taken', message: 'is taken' }],
        });
      }
      const id = await this.repo.insert(em, fields, now);
      const passwordCode = await this.issue(em, admin, id, now);
      const { locationPath: _p, ...recorded } = fields;
      await this.audit.record(entryBy(admin, { action: 'user.created', details: { userId: id, ...recorded } }), em);
      return { user: view((await this.repo.findById(id, em))!), passwordCode };
    });
  }

  /** Changes what is given (the username never changes); the user must stay within the administrator's reach. */
  async update(admin: CurrentUser, id: string, input: Partial<Omit<PersonInput, 'username'>>): Promise<PersonView> {
    const { pack, grants } = await this.grants(admin);
    const user = await this.reachable(admin, id, pack, grants);
    const merged: PersonInput = {
      username: user.username,
      displayName: input.displayName ?? user.displayName,
      email: input.email !== undefined ? input.email : user.email,
      phone: input.phone !== undefined ? input.phone : user.phone,
      locale: input.locale ?? user.locale,
      roles: input.roles ?? user.roles,
      location: input.location ?? user.locationCode,
      agency: input.agency !== undefined ? input.agency : user.agencyId,
      team: input.team !== undefined ? input.team : user.teamId,
    };
    const fields = personFields(pack, merged);
    this.assertWithinReach(pack, grants, fields);
    const before: Record<string, unknown> = { ...user };
    const changed = Object.fromEntries(
      EDITABLE.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(fields[k])).map((k) => [k, { from: before[k], to: fields[k] }]),
    );
    if (Object.keys(changed).length === 0) return view(user);
    if (user.id === admin.id && changesOwnAccess(user, fields))
      throw new DomainError(PeopleErrorCode.CannotChangeOwnAccess, 'Your own roles, place and agency are changed by another administrator.');
    return this.repo.transaction(async (em) => {
      await this.repo.update(em, user.id, fields);
      await this.audit.record(entryBy(admin, { action: 'user.updated', details: { userId: user.id, changed } }), em);
      return view((await this.repo.findById(user.id, em))!);
    });
  }

  /** Deactivates the user and ends their sessions at once; their open cases are listed for handover. */
  async deactivate(admin: CurrentUser, id: string): Promise<{ user: PersonView; revokedSessions: number; openCases: OpenCase[] }> {
    const user = await this.reachable(admin, id);
    if (user.id === admin.id) throw new DomainError(PeopleErrorCode.CannotDeactivateSelf, 'You cannot deactivate yourself.');
    const now = this.clock.now();
    return this.repo.transaction(async (em) => {
      await this.repo.setActive(em, user.id, false);
      const revokedSessions = await this.repo.revokeSessions(em, user.id, now);
      const openCases = await this.repo.openCasesOf(user.id, em);
      if (user.active) {
        await this.audit.record(
          entryBy(admin, {
            action: 'user.deactivated',
            details: { userId: user.id, changed: { active: { from: true, to: false } }, revokedSessions, openCases: openCases.length },
          }),
          em,
        );
      }
      return { user: { ...view(user), active: false }, revokedSessions, openCases };
    });
  }

  async reactivate(admin: CurrentUser, id: string): Promise<PersonView> {
    const user = await this.reachable(admin, id);
    if (user.active) return view(user);
    return this.repo.transaction(async (em) => {
      await this.repo.setActive(em, user.id, true);
      await this.audit.record(entryBy(admin, { action: 'user.reactivated', details: { userId: user.id, changed: { active: { from: false, to: true } } } }), em);
      return { ...view(user), active: true };
    });
  }

  /** A new one-time code (earlier ones stop working); the current password keeps working until the code is used. */
  async issuePasswordCode(admin: CurrentUser, id: string): Promise<PasswordCode> {
    const user = await this.reachable(admin, id);
    const now = this.clock.now();
    return this.repo.transaction(async (em) => {
      const code = await this.issue(em, admin, user.id, now);
      await this.audit.record(entryBy(admin, { action: 'user.password_code_issued', details: { userId: user.id, expiresAt: code.expiresAt } }), em);
      return code;
    });
  }

  async resetTwoFactor(admin: CurrentUser, id: string): Promise<{ revokedSessions: number }> {
    const user = await this.reachable(admin, id);
    return this.twoFactor.resetFor(admin, user.id);
  }

  /** Forgets the user's failed sign-ins, so the sign-in throttle no longer holds them back. */
  async unlock(admin: CurrentUser, id: string): Promise<{ clearedFailures: number }> {
    const user = await this.reachable(admin, id);
    return this.repo.transaction(async (em) => {
      const clearedFailures = await this.repo.clearFailedSignIns(em, user.username);
      await this.audit.record(entryBy(admin, { action: 'user.unlocked', details: { userId: user.id, clearedFailures } }), em);
      return { clearedFailures };
    });
  }

  /**
   * Public: the user sets their password with a one-time code. Unknown, used and expired codes get
   * the same answer; a password the policy refuses leaves the code usable. Signs the user out everywhere.
   */
  async setPasswordWithCode(code: string, password: string): Promise<{ username: string }> {
    const now = this.clock.now();
    return this.repo.transaction(async (em) => {
      const claimed = await this.repo.claimCode(em, codeHash(code), now);
      const user = claimed ? await this.repo.findById(claimed.userId, em) : null;
      if (!user || !user.active) {
        throw new DomainError(PeopleErrorCode.PasswordCodeInvalid, 'This code is not valid or has expired; ask your administrator for a new one.', {
          errors: [{ path: '/code', keyword: 'password_code_invalid', message: 'is not valid or has expired' }],
        });
      }
      assertStrongPassword(password, { username: user.username }, '/password');
      await this.repo.setPassword(em, user.id, await hashPassword(password), now);
      const revokedSessions = await this.repo.revokeSessions(em, user.id, now);
      await this.audit.record({ actorId: user.id, action: 'user.password_set', details: { userId: user.id, withCode: true, revokedSessions } }, em);
      return { username: user.username };
    });
  }

  // ---- reach ----

  private async grants(admin: CurrentUser): Promise<{ pack: SopPack; grants: Grant[] }> {
    const { pack } = await this.registry.current();
    return { pack, grants: grantsOf(pack, admin) };
  }

  private paths(pack: SopPack): Map<string, string> {
    return locationPaths(pack.locations.root);
  }

  /** The user, when within the administrator's reach; otherwise 404 as for an unknown id (nothing reveals them). */
  private async reachable(admin: CurrentUser, id: string, pack?: SopPack, grants?: Grant[]): Promise<PersonRow> {
    if (!pack || !grants) ({ pack, grants } = await this.grants(admin));
    const user = await this.repo.findById(id);
    if (!user || !mayAdminister(pack, grants, user)) throw new DomainError(IdentityErrorCode.UserNotFound, 'No user has this id.');
    return user;
  }

  /** 403 with the fields at fault when the administrator may not give these roles at this place (or agency). */
  private assertWithinReach(pack: SopPack, grants: Grant[], f: PersonFields): void {
    const errors = reachProblems(pack, grants, { roles: f.roles, agencyId: f.agencyId, locationPath: f.locationPath });
    if (errors.length > 0) throw new DomainError(PeopleErrorCode.OutOfAdministration, 'You may not give these roles or this place.', { errors });
  }

  private async issue(em: EntityManager, admin: CurrentUser, userId: string, now: Date): Promise<PasswordCode> {
    const code = newCode();
    const expiresAt = new Date(now.getTime() + PASSWORD_CODE_HOURS * HOUR_MS);
    await this.repo.issueCode(em, { userId, codeHash: codeHash(code), createdBy: admin.id, at: now, expiresAt });
    return { code, expiresAt: expiresAt.toISOString() };
  }
}
