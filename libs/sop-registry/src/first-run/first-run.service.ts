import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { Clock, DomainError, HOUR_MS, validateCommand } from '@app/core';
import { inTransaction } from '@app/database';
import { assertStrongPassword, hashPassword, UsersRepository } from '@app/identity';
import type { RoleDef, SopPack } from '@app/pack-types';
import { SopRegistry } from '../sop-registry.service';
import { FirstRunErrorCode } from './first-run.errors';
import { SetupCodesRepository } from './setup-codes.repository';

/** How long a printed set-up code works: long enough to reach the server's log and a browser, short enough not to linger. */
export const SETUP_CODE_HOURS = 24;

export interface FirstAdministratorCommand {
  /** The set-up code from the server log; the CLI (a shell on the server is proof enough) passes none. */
  code?: string;
  displayName: string;
  username: string;
  email: string;
  locale: string;
  password: string;
}

export const FIRST_ADMINISTRATOR_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'displayName', 'username', 'email', 'locale', 'password'],
  properties: {
    code: { type: 'string', minLength: 1, maxLength: 40, description: 'the one-time set-up code printed in the server log' },
    displayName: { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' },
    username: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{2,63}$', description: '3–64 lower-case letters, digits, dot, dash, underscore' },
    email: { type: 'string', format: 'email', maxLength: 320 },
    locale: { type: 'string', pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 20 },
    password: { type: 'string', minLength: 1, maxLength: 1000 },
  },
};

const CLI_SCHEMA = { ...FIRST_ADMINISTRATOR_SCHEMA, required: FIRST_ADMINISTRATOR_SCHEMA.required.filter((f) => f !== 'code') };

function hashCode(code: string): string {
  // Codes are shown grouped (ABCD-EFGH-...); spaces, dashes and case do not matter when typed back.
  return createHash('sha256').update(code.replace(/[\s-]/g, '').toUpperCase()).digest('hex');
}

/** 80 random bits in Crockford-like base32 (no 0/O, 1/I confusion), grouped by four. */
function newCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const chars = [...randomBytes(16)].map((b) => alphabet[b % alphabet.length]);
  return chars.join('').match(/.{4}/g)!.join('-');
}

/** The pack's full administrator role: one that requires two-factor first (the first account holds every key). */
export function firstAdministratorRole(pack: SopPack): RoleDef | null {
  const admins = pack.roles.filter((r) => r.administer === true);
  return admins.find((r) => r.requiresTwoFactor) ?? admins[0] ?? null;
}

/**
 * First run of an installation without demo data: while no user exists, each start prints a new
 * one-time set-up code (only its hash is stored; it expires), and whoever holds it creates the first
 * administrator, who then enrols two-factor. Once any user exists this is over for good.
 */
@Injectable()
export class FirstRunService {
  // Users are never all deleted in production: once one exists, stop asking the database.
  private done = false;

  constructor(
    private readonly ds: DataSource,
    private readonly codes: SetupCodesRepository,
    private readonly users: UsersRepository,
    private readonly registry: SopRegistry,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** True while the installation has no user at all. */
  async required(): Promise<boolean> {
    if (this.done) return false;
    this.done = await this.codes.anyUser();
    return !this.done;
  }

  /** At start: a new code (to print) when set-up is required, else null. */
  async issueCodeIfRequired(): Promise<{ code: string; expiresAt: Date } | null> {
    if (!(await this.required())) return null;
    const code = newCode();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + SETUP_CODE_HOURS * HOUR_MS);
    await this.codes.replace(hashCode(code), now, expiresAt);
    return { code, expiresAt };
  }

  /** From the web's first-run page: the code is required. */
  createWithCode(body: unknown, client: { ip: string | null; userAgent: string | null }) {
    const cmd = validateCommand<FirstAdministratorCommand>(FIRST_ADMINISTRATOR_SCHEMA, body);
    return this.create(cmd, 'web', client);
  }

  /** From `cmis admin create-first` on the server itself: no code. */
  createFromShell(input: Omit<FirstAdministratorCommand, 'code'>) {
    return this.create(validateCommand<FirstAdministratorCommand>(CLI_SCHEMA, input), 'cli', { ip: null, userAgent: null });
  }

  private async create(cmd: FirstAdministratorCommand, via: 'web' | 'cli', client: { ip: string | null; userAgent: string | null }) {
    const { pack } = await this.registry.current();
    const role = firstAdministratorRole(pack);
    if (!role) throw new DomainError(FirstRunErrorCode.SetupNoAdministratorRole, `The pack ${pack.manifest.id} declares no role with "administer": true.`);
    if (!pack.manifest.locales.includes(cmd.locale)) {
      throw new DomainError('validation_failed', 'The language is not one of the pack.', {
        errors: [{ path: '/locale', message: `must be one of ${pack.manifest.locales.join(', ')}`, keyword: 'enum' }],
      });
    }
    assertStrongPassword(cmd.password, { username: cmd.username }, '/password');
    const root = pack.locations.root.code;
    const rootPath = await this.registry.locationPath(root);
    if (!rootPath) throw new Error(`The pack's root location ${root} is not published.`);
    const passwordHash = await hashPassword(cmd.password);
    const now = this.clock.now();
    const user = await inTransaction(this.ds, async (em) => {
      await this.codes.lockSetup(em);
      if (await this.codes.anyUser(em)) throw new DomainError(FirstRunErrorCode.SetupComplete, 'This installation already has users: set-up is over.');
      if (via === 'web' && !(await this.codes.isLive(em, hashCode(cmd.code ?? ''), now))) {
        throw new DomainError(
          FirstRunErrorCode.SetupCodeInvalid,
          'The set-up code is wrong or expired: restart the server for a new one (it prints it in its log).',
        );
      }
      const id = await this.users.upsert(
        {
          username: cmd.username,
          displayName: cmd.displayName.trim(),
          passwordHash,
          roles: [role.id],
          agencyId: null,
          teamId: null,
          locationCode: root,
          locationPath: rootPath,
          locale: cmd.locale,
          email: cmd.email,
        },
        em,
      );
      await this.codes.clear(em);
      await this.audit.record(
        {
          actorId: id,
          actorRoles: [role.id],
          action: 'setup.first_administrator_created',
          details: { userId: id, username: cmd.username, role: role.id, via },
          ip: client.ip,
          userAgent: client.userAgent,
        },
        em,
      );
      return { id, username: cmd.username, displayName: cmd.displayName.trim(), roles: [role.id], locale: cmd.locale };
    });
    this.done = true;
    return { user, twoFactorRequired: true };
  }
}
