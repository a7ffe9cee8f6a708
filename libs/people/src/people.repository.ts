import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ReachCondition } from './administer-scope';
import { SessionCache } from '@app/identity';

/** A user as administrators see them (never a password hash, a secret or a code). */
export interface PersonRow {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  roles: string[];
  agencyId: string | null;
  teamId: string | null;
  locationCode: string;
  locationPath: string;
  locale: string;
  active: boolean;
  createdAt: Date;
  twoFactorEnabled: boolean;
  /** False until the user sets a password with their one-time code. */
  passwordSet: boolean;
}

export interface PeopleFilter {
  /** Part of the name, username or e-mail (any case). */
  text?: string;
  role?: string;
  /** A place: users at it or under it. */
  locationPath?: string;
  team?: string;
  active?: boolean;
}

export interface PersonFields {
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  roles: string[];
  agencyId: string | null;
  teamId: string | null;
  locationCode: string;
  locationPath: string;
  locale: string;
}

/** The hash stored for a user who has not set a password yet: no password verifies against it. */
export const NO_PASSWORD = '!';

const COLUMNS = `u.id, u.username, u.display_name AS "displayName", u.email, u.phone, u.roles, u.agency_id AS "agencyId", u.team_id AS "teamId",
  u.location_code AS "locationCode", u.location_path AS "locationPath", u.locale, u.active, u.created_at AS "createdAt",
  (u.totp_enabled_at IS NOT NULL) AS "twoFactorEnabled", (u.password_hash <> '${NO_PASSWORD}') AS "passwordSet"`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const like = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Users, their set-password codes and their open cases, as people administration reads and writes them. */
@Injectable()
export class PeopleRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly sessions: SessionCache,
  ) {}

  /**
   * Administration changes users and sessions inside transactions: once one commits, this process's
   * session cache forgets everything, so that a deactivation or new roles apply to the very next
   * request here (other processes hear it from the database). Administration is rare; refilling is cheap.
   */
  async transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.ds.transaction(work);
    this.sessions.forgetAll();
    return result;
  }

  /** A page of the users within `reach` matching `filter`, by name, and how many match in all. */
  async search(reach: ReachCondition[], filter: PeopleFilter, page: { limit: number; offset: number }): Promise<{ rows: PersonRow[]; total: number }> {
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where = [this.reachSql(reach, p)];
    if (filter.text) {
      const t = p(like(filter.text));
      where.push(`(u.display_name ILIKE '%' || ${t} || '%' OR u.username ILIKE '%' || ${t} || '%' OR u.email ILIKE '%' || ${t} || '%')`);
    }
    if (filter.role) where.push(`${p(filter.role)} = ANY(u.roles)`);
    if (filter.locationPath) where.push(`u.location_path LIKE ${p(like(filter.locationPath))} || '%'`);
    if (filter.team) where.push(`u.team_id = ${p(filter.team)}`);
    if (filter.active !== undefined) where.push(`u.active = ${p(filter.active)}`);
    const sql = where.join(' AND ');
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM users u WHERE ${sql}`, params);
    const rows = await this.ds.query(
      `SELECT ${COLUMNS} FROM users u WHERE ${sql} ORDER BY u.display_name, u.username LIMIT ${p(page.limit)} OFFSET ${p(page.offset)}`,
      params,
    );
    return { rows, total };
  }

  async findById(id: string, em: EntityManager = this.ds.manager): Promise<PersonRow | null> {
    if (!UUID.test(id)) return null;
    const rows = await em.query(`SELECT ${COLUMNS} FROM users u WHERE u.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async usernameTaken(username: string, em: EntityManager): Promise<boolean> {
    const rows = await em.query(`SELECT 1 FROM users WHERE lower(username) = lower($1)`, [username]);
    return rows.length > 0;
  }

  async insert(em: EntityManager, f: PersonFields, at: Date): Promise<string> {
    const rows = await em.query(
      `INSERT INTO users (username, display_name, password_hash, roles, agency_id, team_id, location_code, location_path, locale, email, phone, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) RETURNING id`,
      [f.username, f.displayName, NO_PASSWORD, f.roles, f.agencyId, f.teamId, f.locationCode, f.locationPath, f.locale, f.email, f.phone, at],
    );
    return rows[0].id;
  }

  /** Every field but the username, which stays what the user signs in with. */
  async update(em: EntityManager, id: string, f: PersonFields): Promise<void> {
    await em.query(
      `UPDATE users SET display_name = $2, roles = $3, agency_id = $4, team_id = $5, location_code = $6, location_path = $7, locale = $8, email = $9, phone = $10
       WHERE id = $1`,
      [id, f.displayName, f.roles, f.agencyId, f.teamId, f.locationCode, f.locationPath, f.locale, f.email, f.phone],
    );
  }

  async setActive(em: EntityManager, id: string, active: boolean): Promise<void> {
    await em.query(`UPDATE users SET active = $2 WHERE id = $1`, [id, active]);
  }

  async revokeSessions(em: EntityManager, userId: string, at: Date): Promise<number> {
    const rows = await em.query(`UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 RETURNING id`, [userId, at]);
    return rows[0]?.length ?? 0;
  }

  /** Cases still open or paused that are assigned to the user (to hand over); no case content. */
  openCasesOf(
    userId: string,
    em: EntityManager = this.ds.manager,
  ): Promise<Array<{ id: string; caseNumber: string; caseType: string; step: string; status: string }>> {
    return em.query(
      `SELECT id, case_number AS "caseNumber", case_type AS "caseType", step, status FROM cases
       WHERE assigned_to = $1 AND status <> 'closed' ORDER BY registered_at LIMIT 500`,
      [userId],
    );
  }

  /** Forgets the user's failed sign-ins, so throttling no longer holds them back; returns how many. */
  async clearFailedSignIns(em: EntityManager, username: string): Promise<number> {
    const rows = await em.query(`DELETE FROM sign_in_attempts WHERE username = $1 AND NOT success RETURNING 1`, [username.trim().toLowerCase()]);
    return rows[0]?.length ?? 0;
  }

  // ---- set-password codes ----

  /** A new code for the user; any earlier unused code of theirs stops working. */
  async issueCode(em: EntityManager, c: { userId: string; codeHash: string; createdBy: string; at: Date; expiresAt: Date }): Promise<void> {
    await em.query(`UPDATE password_codes SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL`, [c.userId, c.at]);
    await em.query(`INSERT INTO password_codes (user_id, code_hash, created_by, created_at, expires_at) VALUES ($1,$2,$3,$4,$5)`, [
      c.userId,
      c.codeHash,
      c.createdBy,
      c.at,
      c.expiresAt,
    ]);
  }

  /** Uses up a live code (locks it): the user it belongs to, or null when unknown, used or expired. */
  async claimCode(em: EntityManager, codeHash: string, at: Date): Promise<{ userId: string } | null> {
    const rows = await em.query(
      `UPDATE password_codes SET used_at = $2 WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_id AS "userId"`,
      [codeHash, at],
    );
    return rows[0]?.[0] ?? null;
  }

  /** SQL for "within one of the reaches"; no reach: nobody. */
  private reachSql(reach: ReachCondition[], p: (v: unknown) => string): string {
    if (reach.length === 0) return 'false';
    const one = (r: ReachCondition) => {
      const parts = ['true'];
      if (r.roles) parts.push(`u.roles <@ ${p(r.roles)}::text[]`);
      if (r.agencyId) parts.push(`u.agency_id = ${p(r.agencyId)}`);
      if (r.pathPrefix) parts.push(`u.location_path LIKE ${p(like(r.pathPrefix))} || '%'`);
      return `(${parts.join(' AND ')})`;
    };
    return `(${reach.map(one).join(' OR ')})`;
  }

  async setPassword(em: EntityManager, userId: string, passwordHash: string, at: Date): Promise<void> {
    await em.query(`UPDATE users SET password_hash = $2, password_changed_at = $3 WHERE id = $1`, [userId, passwordHash, at]);
  }
}
