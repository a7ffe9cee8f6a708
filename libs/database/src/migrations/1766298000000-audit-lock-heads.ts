import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An audited change locks the chains it appends to and then reads their heads: two round trips,
 * each a statement of its own because the head must be read after the lock is granted, with a
 * snapshot that sees the appends committed meanwhile. In a VOLATILE PL/pgSQL function each query
 * takes a fresh snapshot (READ COMMITTED), so one call can do both: one round trip fewer for every
 * audited write and every group commit of reads (issue 18). Chains are locked in the order given
 * (the caller sorts them, so two appenders never wait on each other in a cycle).
 */
export class AuditLockHeads1766298000000 implements MigrationInterface {
  name = 'AuditLockHeads1766298000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION public.cmis_audit_lock_heads(lock_class integer, chains integer[])
        RETURNS TABLE (chain smallint, seq bigint, hash text)
        LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        c integer;
      BEGIN
        FOREACH c IN ARRAY chains LOOP
          PERFORM pg_advisory_xact_lock(lock_class, c);
        END LOOP;
        RETURN QUERY
          SELECT h.chain, h.seq, h.hash FROM unnest(chains) AS x(c)
          CROSS JOIN LATERAL (SELECT a.chain, a.seq, a.hash FROM public.audit_log a WHERE a.chain = x.c ORDER BY a.seq DESC LIMIT 1) h;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION public.cmis_audit_lock_heads(integer, integer[])`);
  }
}
