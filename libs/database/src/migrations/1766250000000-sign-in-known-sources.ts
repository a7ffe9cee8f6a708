import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Known sign-in sources: the client IPs from which each username signed in successfully (the latest
 * time only), kept 30 days. A known source is exempt from the per-username sign-in limit, so that an
 * attacker guessing one account from many addresses cannot keep its owner out. `sign_in_attempts`
 * keeps a day only and one row per attempt, hence a table of its own: one row per username and IP,
 * looked up by its primary key at every sign-in; the `last_success_at` index serves the pruning.
 */
export class SignInKnownSources1766250000000 implements MigrationInterface {
  name = 'SignInKnownSources1766250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sign_in_known_sources (
        username         text NOT NULL,
        ip               text NOT NULL,
        last_success_at  timestamptz NOT NULL,
        PRIMARY KEY (username, ip)
      )`);
    await q.query(`CREATE INDEX sign_in_known_sources_last_success_idx ON sign_in_known_sources (last_success_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sign_in_known_sources`);
  }
}
