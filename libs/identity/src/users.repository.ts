import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SessionEntity, UserEntity } from '@app/database';

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
}

/** The only place that reads and writes users and sessions. */
@Injectable()
export class UsersRepository {
  constructor(private readonly ds: DataSource) {}

  findByUsernameWithHash(username: string): Promise<(UserEntity & { passwordHash: string }) | null> {
    return this.ds.getRepository(UserEntity).createQueryBuilder('u')
      .addSelect('u.passwordHash').where('u.username = :username', { username }).getOne();
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.ds.getRepository(UserEntity).findOne({ where: { id } });
  }

  findByIds(ids: string[]): Promise<UserEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.ds.getRepository(UserEntity).createQueryBuilder('u').where('u.id IN (:...ids)', { ids }).getMany();
  }

  async recordFailedLogin(id: string, lockUntil: Date | null): Promise<void> {
    await this.ds.query(
      `UPDATE users SET failed_logins = failed_logins + 1, locked_until = COALESCE($2, locked_until) WHERE id = $1`,
      [id, lockUntil],
    );
  }

  async resetFailedLogins(id: string): Promise<void> {
    await this.ds.query(`UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1`, [id]);
  }

  /** Creates or updates by username (demo seeding, CLI). */
  async upsert(user: NewUser, em: EntityManager = this.ds.manager): Promise<string> {
    const rows = await em.query(
      `INSERT INTO users (username, display_name, password_hash, roles, agency_id, team_id, location_code, location_path, locale)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)
       ON CONFLICT (username) DO UPDATE SET display_name = EXCLUDED.display_name, roles = EXCLUDED.roles,
         agency_id = EXCLUDED.agency_id, team_id = EXCLUDED.team_id, location_code = EXCLUDED.location_code,
         location_path = EXCLUDED.location_path, locale = EXCLUDED.locale
       RETURNING id`,
      [user.username, user.displayName, user.passwordHash, user.roles, user.agencyId, user.teamId,
        user.locationCode, user.locationPath, user.locale],
    );
    return rows[0].id;
  }

  async createSession(s: { tokenHash: string; userId: string; createdAt: Date; expiresAt: Date }): Promise<void> {
    await this.ds.getRepository(SessionEntity).insert(s);
  }

  findSession(tokenHash: string): Promise<SessionEntity | null> {
    return this.ds.getRepository(SessionEntity).findOne({ where: { tokenHash } });
  }

  async revokeSession(tokenHash: string, at: Date): Promise<void> {
    await this.ds.getRepository(SessionEntity).update({ tokenHash }, { revokedAt: at });
  }

  /** Supervisors of a team: users of that team holding one of the given roles. */
  async findTeamMembersWithRole(teamId: string, roles: string[]): Promise<UserEntity[]> {
    return this.ds.getRepository(UserEntity).createQueryBuilder('u')
      .where('u.team_id = :teamId AND u.roles && :roles', { teamId, roles }).getMany();
  }
}
