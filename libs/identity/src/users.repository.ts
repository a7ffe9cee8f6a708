import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SessionEntity, UserEntity } from '@app/database';
import { SessionCache, SessionUser, SignedInSession } from './session-cache';

export interface NewUser {
  username: string;
  displayName: string;
  passwordHash: string;
  roles: string[];
  agencyId: string | null;
  teamId: string | null;
  locationCode: string;
  locationPath: string;
  locale: string;
  email?: string | null;
  phone?: string | null;
}

/** A user with the columns never selected by default (password hash, TOTP secrets and last step). */
export type UserWithSecrets = UserEntity & {
  passwordHash: string;
  totpSecret: string | null;
  totpPendingSecret: string | null;
  totpLastStep: string | null;
};

export interface NewSession {
  tokenHash: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
  twoFactorVerified: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Rows changed by an UPDATE run with `DataSource.query` (TypeORM answers `[rows, rowCount]` for UPDATE and DELETE). */
function changedRows(result: unknown): number {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[1];
  throw new Error('unexpected result shape of an UPDATE');
}

/**
 * The only place that reads and writes users and sessions. A write that changes what authenticating
 * reads makes the session cache forget it at once in this process (the database tells the others).
 */
@Injectable()
export class UsersRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly sessions: SessionCache,
  ) {}

  findByUsernameWithHash(username: string): Promise<(UserEntity & { passwordHash: string }) | null> {
    return this.ds.getRepository(UserEntity).createQueryBuilder('u').addSelect('u.passwordHash').where('u.username = :username', { username }).getOne();
  }

  /** For sign-in and credential changes only. */
  findWithSecrets(by: { username: string } | { id: string }): Promise<UserWithSecrets | null> {
    if ('id' in by && !UUID.test(by.id)) return Promise.resolve(null);
    const qb = this.ds.getRepository(UserEntity).createQueryBuilder('u').addSelect(['u.passwordHash', 'u.totpSecret', 'u.totpPendingSecret', 'u.totpLastStep']);
    if ('id' in by) qb.where('u.id = :id', { id: by.id });
    else qb.where('u.username = :username', { username: by.username });
    return qb.getOne() as Promise<UserWithSecrets | null>;
  }

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.ds.getRepository(UserEntity).findOne({ where: { username } });
  }

  /** `em`: read inside the caller's transaction (the scheduler must not wait for a second pool connection while it holds locks). */
  findById(id: string, em: EntityManager = this.ds.manager): Promise<UserEntity | null> {
    if (!UUID.test(id)) return Promise.resolve(null);
    return em.getRepository(UserEntity).findOne({ where: { id } });
  }

  findByIds(ids: string[]): Promise<UserEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.ds.getRepository(UserEntity).createQueryBuilder('u').where('u.id IN (:...ids)', { ids }).getMany();
  }

  /** Creates or updates by username (demo seeding, CLI). */
  async upsert(user: NewUser, em: EntityManager = this.ds.manager): Promise<string> {
    const rows = await em.query(
      `INSERT INTO users (username, display_name, password_hash, roles, agency_id, team_id, location_code, location_path, locale, email, phone)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)
       ON CONFLICT (username) DO UPDATE SET display_name = EXCLUDED.display_name, roles = EXCLUDED.roles,
         agency_id = EXCLUDED.agency_id, team_id = EXCLUDED.team_id, location_code = EXCLUDED.location_code,
         location_path = EXCLUDED.location_path, locale = EXCLUDED.locale, email = EXCLUDED.email, phone = EXCLUDED.phone
       RETURNING id`,
      [
        user.username,
        user.displayName,
        user.passwordHash,
        user.roles,
        user.agencyId,
        user.teamId,
        user.locationCode,
        user.locationPath,
        user.locale,
        user.email ?? null,
        user.phone ?? null,
      ],
    );
    return rows[0].id;
  }

  async setPassword(id: string, passwordHash: string, at: Date): Promise<void> {
    await this.ds.query(`UPDATE users SET password_hash = $2, password_changed_at = $3 WHERE id = $1`, [id, passwordHash, at]);
    this.sessions.forgetUser(id);
  }

  async setLocale(id: string, locale: string): Promise<void> {
    await this.ds.query(`UPDATE users SET locale = $2 WHERE id = $1`, [id, locale]);
    this.sessions.forgetUser(id);
  }

  // ---- TOTP ----

  async setPendingTotp(id: string, secret: string): Promise<void> {
    await this.ds.query(`UPDATE users SET totp_pending_secret = $2 WHERE id = $1`, [id, secret]);
  }

  /** Replaces the active secret by the pending one (a new device) if both are still the ones checked; false otherwise. */
  async replaceTotpWithPending(id: string, activeSecret: string, pendingSecret: string, at: Date, step: number): Promise<boolean> {
    const result = await this.ds.query(
      `UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_enabled_at = $4, totp_last_step = $5
       WHERE id = $1 AND totp_secret = $2 AND totp_pending_secret = $3`,
      [id, activeSecret, pendingSecret, at, step],
    );
    this.sessions.forgetUser(id);
    return changedRows(result) === 1;
  }

  /** Activates the pending secret if it is still the one checked; false when it changed meanwhile. */
  async activatePendingTotp(id: string, pendingSecret: string, at: Date, step: number): Promise<boolean> {
    const result = await this.ds.query(
      `UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_enabled_at = $3, totp_last_step = $4
       WHERE id = $1 AND totp_pending_secret = $2 AND totp_secret IS NULL`,
      [id, pendingSecret, at, step],
    );
    this.sessions.forgetUser(id);
    return changedRows(result) === 1;
  }

  /** Sets an active secret directly (demo seeding only). Keeps the last used step. */
  async setActiveTotp(id: string, secret: string, at: Date, em: EntityManager = this.ds.manager): Promise<void> {
    await em.query(`UPDATE users SET totp_secret = $2, totp_pending_secret = NULL, totp_enabled_at = COALESCE(totp_enabled_at, $3) WHERE id = $1`, [
      id,
      secret,
      at,
    ]);
    this.sessions.forgetUser(id);
  }

  async disableTotp(id: string): Promise<void> {
    await this.ds.query(`UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_enabled_at = NULL WHERE id = $1`, [id]);
    this.sessions.forgetUser(id);
  }

  /**
   * Records `step` as used, atomically: false when this step (or a later one) was already used, so
   * a code works once even when two API replicas receive it at the same moment.
   */
  async claimTotpStep(id: string, step: number): Promise<boolean> {
    const result = await this.ds.query(`UPDATE users SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)`, [id, step]);
    return changedRows(result) === 1;
  }

  // ---- sessions ----

  async createSession(s: NewSession): Promise<string> {
    const rows = await this.ds.query(
      `INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at, ip, user_agent, two_factor_verified)
       VALUES ($1,$2,$3,$4,$3,$5,$6,$7) RETURNING id`,
      [s.tokenHash, s.userId, s.createdAt, s.expiresAt, s.ip, s.userAgent, s.twoFactorVerified],
    );
    return rows[0].id;
  }

  findSession(tokenHash: string): Promise<SessionEntity | null> {
    return this.ds.getRepository(SessionEntity).findOne({ where: { tokenHash } });
  }

  /** A session with its user (null when the user row is gone) in one statement: every signed-in request asks. */
  async findSessionWithUser(tokenHash: string): Promise<{ session: SignedInSession; user: SessionUser | null } | null> {
    const rows = await this.ds.query(
      `SELECT s.id, s.user_id AS "userId", s.expires_at AS "expiresAt", s.revoked_at AS "revokedAt", s.last_seen_at AS "lastSeenAt",
              s.two_factor_verified AS "twoFactorVerified",
              u.id AS "u_id", u.username AS "u_username", u.display_name AS "u_displayName", u.roles AS "u_roles", u.agency_id AS "u_agencyId",
              u.team_id AS "u_teamId", u.location_code AS "u_locationCode", u.location_path AS "u_locationPath", u.locale AS "u_locale",
              u.active AS "u_active", u.totp_enabled_at AS "u_totpEnabledAt"
       FROM sessions s LEFT JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 LIMIT 1`,
      [tokenHash],
    );
    const r = rows[0];
    if (!r) return null;
    const session: SignedInSession = {
      id: r.id,
      userId: r.userId,
      expiresAt: r.expiresAt,
      revokedAt: r.revokedAt,
      lastSeenAt: r.lastSeenAt,
      twoFactorVerified: r.twoFactorVerified,
    };
    const user: SessionUser | null = r.u_id
      ? {
          id: r.u_id,
          username: r.u_username,
          displayName: r.u_displayName,
          roles: r.u_roles,
          agencyId: r.u_agencyId,
          teamId: r.u_teamId,
          locationCode: r.u_locationCode,
          locationPath: r.u_locationPath,
          locale: r.u_locale,
          active: r.u_active,
          totpEnabledAt: r.u_totpEnabledAt,
        }
      : null;
    return { session, user };
  }

  /** Updates last use unless another request did within the last `minGapMs` (limits writes). */
  async touchSession(id: string, at: Date, minGapMs: number): Promise<void> {
    await this.ds.query(`UPDATE sessions SET last_seen_at = $2 WHERE id = $1 AND last_seen_at <= $3`, [id, at, new Date(at.getTime() - minGapMs)]);
  }

  async markSessionTwoFactorVerified(id: string): Promise<void> {
    await this.ds.query(`UPDATE sessions SET two_factor_verified = true WHERE id = $1`, [id]);
    this.sessions.forgetSessionId(id);
  }

  async revokeSession(tokenHash: string, at: Date): Promise<void> {
    await this.ds.query(`UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL`, [tokenHash, at]);
    this.sessions.forgetSession(tokenHash);
  }

  /** Revokes every live session of the user, but `exceptSessionId`; returns how many. */
  async revokeSessionsOfUser(userId: string, at: Date, exceptSessionId: string | null = null): Promise<number> {
    const result = await this.ds.query(
      `UPDATE sessions SET revoked_at = $2
       WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 AND ($3::uuid IS NULL OR id <> $3::uuid)`,
      [userId, at, exceptSessionId],
    );
    this.sessions.forgetUser(userId);
    return changedRows(result);
  }

  /** Revokes one live session of the user (false when it is not theirs, unknown or already ended). */
  async revokeSessionOfUser(userId: string, sessionId: string, at: Date): Promise<boolean> {
    if (!UUID.test(sessionId)) return false;
    const result = await this.ds.query(`UPDATE sessions SET revoked_at = $3 WHERE id = $2 AND user_id = $1 AND revoked_at IS NULL`, [userId, sessionId, at]);
    this.sessions.forgetUser(userId);
    return changedRows(result) === 1;
  }

  /** Live sessions of a user: not revoked, not past absolute expiry, used since `idleSince`. */
  listLiveSessions(userId: string, now: Date, idleSince: Date): Promise<SessionEntity[]> {
    return this.ds
      .getRepository(SessionEntity)
      .createQueryBuilder('s')
      .where('s.user_id = :userId AND s.revoked_at IS NULL AND s.expires_at > :now AND s.last_seen_at > :idleSince', { userId, now, idleSince })
      .orderBy('s.created_at', 'DESC')
      .getMany();
  }

  /** Active users of an agency (the receiving side of a referral). */
  findActiveInAgency(agencyId: string, em: EntityManager = this.ds.manager): Promise<UserEntity[]> {
    return em.getRepository(UserEntity).find({ where: { agencyId, active: true }, order: { username: 'ASC' } });
  }

  /** Supervisors of a team: users of that team holding one of the given roles. */

  async findTeamMembersWithRole(teamId: string, roles: string[], em: EntityManager = this.ds.manager): Promise<UserEntity[]> {
    return em.getRepository(UserEntity).createQueryBuilder('u').where('u.team_id = :teamId AND u.roles && :roles', { teamId, roles }).getMany();
  }

  /** Active users holding `role` whose location is the case's location or above it. */
  /** Active holders of a role wherever they work (messages not about one case). */
  async findActiveWithRole(role: string, em: EntityManager = this.ds.manager): Promise<UserEntity[]> {
    return em.getRepository(UserEntity).createQueryBuilder('u').where(':role = ANY(u.roles) AND u.active', { role }).getMany();
  }

  /**
   * Everyone a batch of case messages may go to, in one statement: the users `ids`, members of
   * `teamIds` holding one of `teamRoles`, and active holders of one of `roles` whose location covers
   * (is, or is above) one of `paths`, each with the paths it covers. The caller picks per case.
   */
  async findNotifiable(
    em: EntityManager,
    q: { ids: string[]; teamIds: string[]; teamRoles: string[]; roles: string[]; paths: string[] },
  ): Promise<Array<{ user: UserEntity; covers: string[] }>> {
    const rows: Array<UserEntity & { covers: string[] }> = await em.query(
      `SELECT u.id, u.username, u.display_name AS "displayName", u.roles, u.agency_id AS "agencyId", u.team_id AS "teamId",
              u.location_code AS "locationCode", u.location_path AS "locationPath", u.locale, u.email, u.phone, u.active,
              u.created_at AS "createdAt", u.totp_enabled_at AS "totpEnabledAt", u.password_changed_at AS "passwordChangedAt",
              ARRAY(SELECT p FROM unnest($5::text[]) p WHERE p LIKE u.location_path || '%') AS covers
       FROM users u
       WHERE u.id = ANY($1::uuid[]) OR (u.team_id = ANY($2::text[]) AND u.roles && $3::text[])
          OR (u.active AND u.roles && $4::text[] AND EXISTS (SELECT 1 FROM unnest($5::text[]) p WHERE p LIKE u.location_path || '%'))`,
      [q.ids.filter((id) => UUID.test(id)), q.teamIds, q.teamRoles, q.roles, q.paths],
    );
    return rows.map(({ covers, ...u }) => ({ user: Object.assign(new UserEntity(), u), covers }));
  }

  /**
   * Active holders of one of `roles` working near a place: at it or above it (their area covers it), or
   * anywhere under `area` (e.g. the district around a community). By name; at most `limit`.
   */
  findActiveNear(roles: string[], locationPath: string, area: string, limit: number): Promise<UserEntity[]> {
    if (roles.length === 0) return Promise.resolve([]);
    return this.ds
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where("u.active AND u.roles && :roles AND (:path LIKE u.location_path || '%' OR u.location_path LIKE :area || '%')", {
        roles,
        path: locationPath,
        area,
      })
      .orderBy('u.display_name')
      .limit(limit)
      .getMany();
  }

  /** Active holders of one of `roles` anywhere, optionally whose name contains `name` (any case); by place, then name; at most `limit`. */
  findActiveWithAnyRole(roles: string[], name: string | undefined, limit: number): Promise<UserEntity[]> {
    if (roles.length === 0) return Promise.resolve([]);
    const qb = this.ds.getRepository(UserEntity).createQueryBuilder('u').where('u.active AND u.roles && :roles', { roles });
    if (name) qb.andWhere("u.display_name ILIKE '%' || :name || '%'", { name: name.replace(/[\\%_]/g, (c) => `\\${c}`) });
    return qb.orderBy('u.location_path').addOrderBy('u.display_name').limit(limit).getMany();
  }

  async findWithRoleCovering(role: string, caseLocationPath: string, em: EntityManager = this.ds.manager): Promise<UserEntity[]> {
    return em
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where(":role = ANY(u.roles) AND u.active AND :path LIKE u.location_path || '%'", { role, path: caseLocationPath })
      .getMany();
  }
}
