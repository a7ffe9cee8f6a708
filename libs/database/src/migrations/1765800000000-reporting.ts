import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './1765100000000-audit-log';

/**
 * Reporting exports.
 *
 * - `report_pseudonym_key`: one random 32-byte key per installation (pgcrypto), and
 *   `report_pseudonym(case id)`: the first 20 hex digits (80 bits) of HMAC-SHA256(case id, key),
 *   the pseudonymous id of the de-identified export. The same case gets the same pseudonym in every
 *   export; without the key nobody can go from a case id to its pseudonym or back. The function is
 *   SECURITY DEFINER and the application role may execute it but not read the table, so the key
 *   never leaves PostgreSQL (not even to the API). Rotating the key (UPDATE as the owner) breaks
 *   the links between earlier and later exports, which is the point of rotating it.
 * - `cases_registered_idx`: exports walk cases in registration order in keyset batches.
 */
export class Reporting1765800000000 implements MigrationInterface {
  name = 'Reporting1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_pseudonym_key (
        singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        key        bytea NOT NULL CHECK (octet_length(key) >= 32),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO report_pseudonym_key (key) VALUES (gen_random_bytes(32))`);
    // Default privileges gave the application role SELECT etc. on the new table: take them back.
    await q.query(`REVOKE ALL ON report_pseudonym_key FROM ${APP_ROLE}`);
    await q.query(`REVOKE ALL ON report_pseudonym_key FROM PUBLIC`);
    // pgcrypto lives where the initial migration created it: the function finds it through the
    // schema of the key table (search_path pinned, as a SECURITY DEFINER function must).
    const [{ schema }] = await q.query(
      `SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pgcrypto'`,
    );
    const crypto = q.connection.driver.escape(schema);
    await q.query(`
      CREATE FUNCTION report_pseudonym(case_id uuid) RETURNS text
        LANGUAGE sql STABLE STRICT SECURITY DEFINER
        SET search_path = pg_catalog, pg_temp
        AS $$ SELECT substr(encode(${crypto}.hmac(convert_to(case_id::text, 'UTF8'), k.key, 'sha256'), 'hex'), 1, 20)
              FROM ${q.connection.driver.escape(await currentSchema(q))}.report_pseudonym_key k $$`);
    await q.query(`REVOKE ALL ON FUNCTION report_pseudonym(uuid) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION report_pseudonym(uuid) TO ${APP_ROLE}`);
    await q.query(`CREATE INDEX cases_registered_idx ON cases (registered_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS cases_registered_idx`);
    await q.query(`DROP FUNCTION IF EXISTS report_pseudonym(uuid)`);
    await q.query(`DROP TABLE IF EXISTS report_pseudonym_key`);
  }
}

async function currentSchema(q: QueryRunner): Promise<string> {
  const [{ schema }] = await q.query(`SELECT current_schema() AS schema`);
  return schema;
}
