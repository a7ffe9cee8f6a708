import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface FailureWindow {
  /** Failed attempts in the window. */
  count: number;
  /** The `nth` most recent failure in the window (null when there are fewer). */
  nth: Date | null;
}

/**
 * Recent sign-in attempts in PostgreSQL, so every API replica counts the same failures (nothing is
 * kept in process memory). Old rows are pruned whenever an attempt is recorded.
 */
@Injectable()
export class SignInAttemptsRepository {
  constructor(private readonly ds: DataSource) {}

  /** Failures since `since` by this IP and by this username, each with its `nth` most recent failure. */
  async recentFailures(ip: string, username: string, since: Date, nthIp: number, nthUsername: number): Promise<{ ip: FailureWindow; username: FailureWindow }> {
    const [row] = await this.ds.query(
      `SELECT
         (SELECT count(*)::int FROM sign_in_attempts WHERE ip = $1 AND NOT success AND at > $3) AS ip_count,
         (SELECT at FROM sign_in_attempts WHERE ip = $1 AND NOT success AND at > $3 ORDER BY at DESC OFFSET $4 - 1 LIMIT 1) AS ip_nth,
         (SELECT count(*)::int FROM sign_in_attempts WHERE username = $2 AND NOT success AND at > $3) AS user_count,
         (SELECT at FROM sign_in_attempts WHERE username = $2 AND NOT success AND at > $3 ORDER BY at DESC OFFSET $5 - 1 LIMIT 1) AS user_nth`,
      [ip, username, since, nthIp, nthUsername],
    );
    return {
      ip: { count: row.ip_count, nth: row.ip_nth ? new Date(row.ip_nth) : null },
      username: { count: row.user_count, nth: row.user_nth ? new Date(row.user_nth) : null },
    };
  }

  /** Records an attempt and deletes attempts older than `pruneBefore`, in one statement. */
  async record(a: { ip: string; username: string; at: Date; success: boolean }, pruneBefore: Date): Promise<void> {
    await this.ds.query(
      `WITH pruned AS (DELETE FROM sign_in_attempts WHERE at < $5)
       INSERT INTO sign_in_attempts (ip, username, at, success) VALUES ($1, $2, $3, $4)`,
      [a.ip, a.username, a.at, a.success, pruneBefore],
    );
  }
}
