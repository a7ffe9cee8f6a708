import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column() username: string;
  @Column({ name: 'display_name' }) displayName: string;
  @Column({ name: 'password_hash', select: false }) passwordHash: string;
  @Column({ type: 'text', array: true }) roles: string[];
  @Column({ name: 'agency_id', type: 'text', nullable: true }) agencyId: string | null;
  @Column({ name: 'team_id', type: 'text', nullable: true }) teamId: string | null;
  @Column({ name: 'location_code' }) locationCode: string;
  @Column({ name: 'location_path' }) locationPath: string;
  @Column() locale: string;
  @Column() active: boolean;
  @Column({ name: 'failed_logins' }) failedLogins: number;
  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true }) lockedUntil: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity('sessions')
export class SessionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'token_hash' }) tokenHash: string;
  @Column({ name: 'user_id' }) userId: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt: Date;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt: Date | null;
}
