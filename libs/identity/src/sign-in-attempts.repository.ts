import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RecentFailures } from './auth.policy';

/**
 * Recent sign-in attempts in PostgreSQL, so every API replica counts the same failures (nothing is
 * kept in process memory). Old rows are pruned whenever an attempt is recorded.
 */
@Injectable()
export class SignInAttemptsRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Failures by this IP since `windowSince` (with its `nthIp` most recent), by this username from
   * this IP since `clientSince`, and by this username from any IP since `windowSince`; and whether
   * this username signed in successfully from this IP since `knownSince` (a known source).
   */
  async recentFailures(ip: string, username: string, windowSince: Date, clientSince: Date, nthIp: number, knownSince: Date): Promise<RecentFailures> {
    const [row] = await this.ds.query(
      `SELECT
         (SELECT count(*)::int FROM sign_in_attempts WHERE ip = $1 AND NOT success AND at > $3) AS ip_count,
         (SELECT at FROM sign_in_attempts WHERE ip = $1 AND NOT success AND at > $3 ORDER BY at DESC OFFSET $5 - 1 LIMIT 1) AS ip_nth,
         (SELECT count(*)::int FROM sign_in_attempts WHERE ip = $1 AND username = $2 AND NOT success AND at > $4) AS client_count,
         (SELECT max(at) FROM sign_in_attempts WHERE ip = $1 AND username = $2 AND NOT success AND at > $4) AS client_last,
         (SELECT count(*)::int FROM sign_in_attempts WHERE username = $2 AND NOT success AND at > $3) AS user_count,
         (SELECT max(at) FROM sign_in_attempts WHERE username = $2 AND NOT success AND at > $3) AS user_last,
         EXISTS (SELECT 1 FROM sign_in_known_sources WHERE username = $2 AND ip = $1 AND last_success_at > $6) AS known_source`,
      [ip, username, windowSince, clientSince, nthIp, knownSince],
    );
    const date = (v: unknown) => (v ? new Date(v as string) : null);
    return {
      ip: { count: row.ip_count, nth: date(row.ip_nth) },
      client: { count: row.client_count, last: date(row.client_last) },
      username: { count: row.user_count, last: date(row.user_last) },
      knownSource: row.known_source === true,
    };
  }

  /**
   * Records an attempt and deletes attempts older than `pruneBefore`, in one statement. A success
   * also forgets the failures of the same username from the same IP (its owner got in from there).
   */
  async record(a: { ip: string; username: string; at: Date; success: boolean }, pruneBefore: Date): Promise<void> {
    await this.ds.query(
      `WITH pruned AS (DELETE FROM sign_in_attempts WHERE at < $5),
            cleared AS (DELETE FROM sign_in_attempts WHERE $4 AND ip = $1 AND username = $2 AND NOT success)
       INSERT INTO sign_in_attempts (ip, username, at, success) VALUES ($1, $2, $3, $4)`,
      [a.ip, a.username, a.at, a.success, pruneBefore],
    );
  }

  /**
   * Remembers that `username` signed in successfully from `ip` at `at` (a known source until it has
   * not signed in from there since `forgetBefore`), and forgets every source older than that. The
   * table keeps one row per username and IP, unlike `sign_in_attempts`, which keeps only a day.
   */
  async rememberSource(username: string, ip: string, at: Date, forgetBefore: Date): Promise<void> {
    await this.ds.query(
      // The row being written is left out of the DELETE: one statement must not change a row twice.
      `WITH forgotten AS (DELETE FROM sign_in_known_sources WHERE last_success_at < $4 AND (username, ip) <> ($1, $2))
       INSERT INTO sign_in_known_sources (username, ip, last_success_at) VALUES ($1, $2, $3)
       ON CONFLICT (username, ip) DO UPDATE SET last_success_at = GREATEST(sign_in_known_sources.last_success_at, EXCLUDED.last_success_at)`,
      [username, ip, at, forgetBefore],
    );
  }
}
