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
  @Column({ type: 'text', nullable: true }) email: string | null;
  @Column({ type: 'text', nullable: true }) phone: string | null;
  @Column() active: boolean;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  /** Active TOTP secret (base32); like the password hash, never selected unless asked for. */
  @Column({ name: 'totp_secret', type: 'text', nullable: true, select: false }) totpSecret: string | null;
  /** Secret of a set-up not confirmed yet (base32); never selected unless asked for. */
  @Column({ name: 'totp_pending_secret', type: 'text', nullable: true, select: false }) totpPendingSecret: string | null;
  @Column({ name: 'totp_enabled_at', type: 'timestamptz', nullable: true }) totpEnabledAt: Date | null;
  /** The last TOTP time step accepted: a code of this step or an earlier one is refused (replay). */
  @Column({ name: 'totp_last_step', type: 'bigint', nullable: true, select: false }) totpLastStep: string | null;
  @Column({ name: 'password_changed_at', type: 'timestamptz', nullable: true }) passwordChangedAt: Date | null;
}

@Entity('sessions')
export class SessionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'token_hash' }) tokenHash: string;
  @Column({ name: 'user_id' }) userId: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt: Date;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt: Date | null;
  /** Last use, updated at most once a minute (idle timeout). */
  @Column({ name: 'last_seen_at', type: 'timestamptz' }) lastSeenAt: Date;
  @Column({ type: 'text', nullable: true }) ip: string | null;
  @Column({ name: 'user_agent', type: 'text', nullable: true }) userAgent: string | null;
  /**
   * False while the session was opened with the password alone by a user without active two-factor:
   * such a session of a role that requires two-factor may only enrol (then it becomes true).
   */
  @Column({ name: 'two_factor_verified' }) twoFactorVerified: boolean;
}
