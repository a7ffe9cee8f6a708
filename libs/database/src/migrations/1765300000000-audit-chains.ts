import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-shard audit chains (docs/adr/0004-audit-log.md): every row gets a `chain` number and each
 * chain has its own gap-free seq, so appends to different chains no longer wait for each other.
 *
 * Rows written before this migration are not rewritten (the append-only trigger stays on): they
 * become chain 0, a frozen legacy chain, hashed as they were (without a `chain` member). A check
 * constraint freezes it at its current length, so nothing can be appended to it later. New rows go
 * to chains 1..256 (1..CMIS_AUDIT_CHAINS) and include `chain` in what is hashed.
 *
 * `ADD COLUMN … DEFAULT 0` is a catalog change (PostgreSQL stores the default for the existing
 * rows without touching them); the default is dropped at once, so every new row must name its chain
 * (an application that predates this migration fails to append instead of corrupting a chain).
 */
export class AuditChains1765300000000 implements MigrationInterface {
  name = 'AuditChains1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log ADD COLUMN chain smallint NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE audit_log ALTER COLUMN chain DROP DEFAULT`);
    await q.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_chain_range CHECK (chain BETWEEN 0 AND 256)`);
    const [{ last }] = await q.query(`SELECT coalesce(max(seq), 0)::bigint AS last FROM audit_log`);
    const legacyEnd = BigInt(last); // an integer from the database, not input
    await q.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_legacy_frozen CHECK (chain > 0 OR seq <= ${legacyEnd})`);

    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_seq_key`);
    await q.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_chain_seq_key UNIQUE (chain, seq)`);
    await q.query(`DROP INDEX audit_log_case_idx`);
    await q.query(`DROP INDEX audit_log_actor_idx`);
    // A case's trail: its chain in seq order (trailForCase); an actor's and the whole log's trail by time (trail).
    await q.query(`CREATE INDEX audit_log_case_idx ON audit_log (case_id, seq, chain)`);
    await q.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at DESC, chain, seq DESC)`);
    await q.query(`CREATE INDEX audit_log_at_idx ON audit_log (at DESC, chain, seq DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const [{ n }] = await q.query(`SELECT count(*)::int AS n FROM audit_log WHERE chain <> 0`);
    if (n > 0) {
      throw new Error(`audit_log holds ${n} entries in chains 1..N; they cannot be merged back into one chain (the log is append-only)`);
    }
    await q.query(`DROP INDEX audit_log_at_idx`);
    await q.query(`DROP INDEX audit_log_actor_idx`);
    await q.query(`DROP INDEX audit_log_case_idx`);
    await q.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, seq)`);
    await q.query(`CREATE INDEX audit_log_case_idx ON audit_log (case_id, seq)`);
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_chain_seq_key`);
    await q.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_seq_key UNIQUE (seq)`);
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_legacy_frozen`);
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_chain_range`);
    await q.query(`ALTER TABLE audit_log DROP COLUMN chain`);
  }
}
