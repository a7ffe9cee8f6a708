import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which version is current is asked on almost every request (SopRegistry, by publication time,
 * then id): these indexes answer it from the index alone, without touching the pack content.
 */
export class SopVersionOrder1766271000000 implements MigrationInterface {
  name = 'SopVersionOrder1766271000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX sop_versions_pack_latest ON sop_versions (pack_id, published_at DESC, id DESC)`);
    await q.query(`CREATE INDEX sop_versions_latest ON sop_versions (published_at DESC, id DESC) INCLUDE (pack_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX sop_versions_latest`);
    await q.query(`DROP INDEX sop_versions_pack_latest`);
  }
}
