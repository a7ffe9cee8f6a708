import { MigrationInterface, QueryRunner } from 'typeorm';

// Latin letters with diacritics (Romanian ă â î ș ş ț ţ among them, in both the comma-below and the
// cedilla forms) and A–Z, each to its lower-case base letter (translate() is one letter for one, and
// does not depend on the locale); lower() then takes care of other scripts (Cyrillic names stay searchable).
const FROM =
  'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžȘșȚțØøŁłĐđıĦħŦŧABCDEFGHIJKLMNOPQRSTUVWXYZ';
const TO =
  'aaaaaaceeeeiiiinooooouuuuyaaaaaaceeeeiiiinooooouuuuyyaaaaaaccccccccddeeeeeeeeeegggggggghhiiiiiiiiijjkkllllllnnnnnnoooooorrrrrrssssssssttttuuuuuuuuuuuuwwyyyzzzzzzssttoollddihhttabcdefghijklmnopqrstuvwxyz';

/**
 * Name search at national scale (issue 18): `cases.name_key` is the child's name lower-cased, accents
 * removed and anything but letters and digits turned into single spaces ("Ştirbu-Ţurcanu  Ana" →
 * "stirbu turcanu ana"). It is a stored generated column, so every write keeps it in step (the API's,
 * imports', SQL seeds') and adding it fills it for existing rows. A trigram index serves the search's
 * similarity and substring matches; the other indexes serve case-number prefixes and the caseload
 * list in its order. The function spells the folding out with translate() rather than unaccent,
 * which is not immutable and may be missing.
 */
export class CaseNameSearch1766280000000 implements MigrationInterface {
  name = 'CaseNameSearch1766280000000';

  async up(q: QueryRunner): Promise<void> {
    // A trusted extension (PostgreSQL 13+): the schema owner creates it. The family-tracing plugin asks for it the same way.
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public`);
    await q.query(`
      CREATE FUNCTION public.cmis_name_key(name text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        RETURN pg_catalog.btrim(pg_catalog.regexp_replace(pg_catalog.lower(pg_catalog.translate(name, '${FROM}', '${TO}')), '[^[:alnum:]]+', ' ', 'g'))`);
    await q.query(`ALTER TABLE cases ADD COLUMN name_key text GENERATED ALWAYS AS (public.cmis_name_key(display_name)) STORED`);
    await q.query(`CREATE INDEX cases_name_key_trgm_idx ON cases USING gin (name_key public.gin_trgm_ops)`);
    await q.query(`CREATE INDEX cases_case_number_prefix_idx ON cases (lower(case_number) text_pattern_ops)`);
    // The list's order is updated_at DESC, id: with id in the index a page is read in order and stops at its end.
    await q.query(`DROP INDEX cases_assigned_idx`);
    await q.query(`CREATE INDEX cases_assigned_idx ON cases (assigned_to, updated_at DESC, id)`);
    await q.query(`CREATE INDEX cases_assigned_status_idx ON cases (assigned_to, status, updated_at DESC, id)`);
    await q.query(`CREATE INDEX cases_updated_idx ON cases (updated_at DESC, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_updated_idx`);
    await q.query(`DROP INDEX cases_assigned_status_idx`);
    await q.query(`DROP INDEX cases_assigned_idx`);
    await q.query(`CREATE INDEX cases_assigned_idx ON cases (assigned_to, updated_at DESC)`);
    await q.query(`DROP INDEX cases_case_number_prefix_idx`);
    await q.query(`DROP INDEX cases_name_key_trgm_idx`);
    await q.query(`ALTER TABLE cases DROP COLUMN name_key`);
    await q.query(`DROP FUNCTION public.cmis_name_key(text)`);
    // pg_trgm stays: a plugin may use it too.
  }
}
