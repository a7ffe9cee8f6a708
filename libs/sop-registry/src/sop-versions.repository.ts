import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SopVersionEntity } from '@app/database';
import { locationPaths } from '@app/sop';
import type { LocationNode, OrganisationsDef } from '@app/pack-types';

/** The only place that reads and writes published SOP versions and the organisation tables they feed. */
@Injectable()
export class SopVersionsRepository {
  constructor(private readonly ds: DataSource) {}

  findById(id: number): Promise<SopVersionEntity | null> {
    return this.ds.getRepository(SopVersionEntity).findOne({ where: { id } });
  }

  findByHash(packId: string, contentHash: string, em: EntityManager = this.ds.manager): Promise<SopVersionEntity | null> {
    return em.getRepository(SopVersionEntity).findOne({ where: { packId, contentHash } });
  }

  /**
   * Ids of every version of a pack (of the latest published pack when none is named), latest
   * first (by publication time, then id): the first is the current version. Reads no pack content,
   * one statement, served by the indexes of migration 1766270000000.
   */
  async versionIds(packId?: string): Promise<number[]> {
    const rows: Array<{ id: number }> = await this.ds.query(
      `SELECT id FROM sop_versions
       WHERE pack_id = COALESCE($1::text, (SELECT pack_id FROM sop_versions ORDER BY published_at DESC, id DESC LIMIT 1))
       ORDER BY published_at DESC, id DESC`,
      [packId ?? null],
    );
    return rows.map((r) => Number(r.id));
  }

  list(packId: string): Promise<SopVersionEntity[]> {
    return this.ds.getRepository(SopVersionEntity).find({
      where: { packId },
      order: { version: 'DESC' },
      select: { id: true, packId: true, version: true, contentHash: true, publishedAt: true, publishedBy: true, note: true },
    });
  }

  /** Inserts the next version number; the pack row lock serialises concurrent publishers. */
  async insertNext(
    em: EntityManager,
    v: { packId: string; contentHash: string; files: Record<string, unknown>; publishedAt: Date; publishedBy: string | null; note: string | null },
  ): Promise<SopVersionEntity> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('sop_versions:' || $1))`, [v.packId]);
    const [{ next }] = await em.query(`SELECT COALESCE(MAX(version), 0) + 1 AS next FROM sop_versions WHERE pack_id = $1`, [v.packId]);
    const row = em.getRepository(SopVersionEntity).create({ ...v, version: Number(next) });
    return em.getRepository(SopVersionEntity).save(row);
  }

  /**
   * Every distinct form file (`forms/...`) published by any version of a pack, with its content;
   * holds the pack's publishing lock first, so the answer stays true until the transaction ends.
   */
  async publishedForms(em: EntityManager, packId: string): Promise<Array<{ name: string; content: unknown }>> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('sop_versions:' || $1))`, [packId]);
    return em.query(
      `SELECT DISTINCT f.key AS name, f.value AS content FROM sop_versions v, jsonb_each(v.files) f
       WHERE v.pack_id = $1 AND f.key LIKE 'forms/%'`,
      [packId],
    );
  }

  /** Upserts the location tree (parents first) with materialised paths `MD/CH/CH01/`. */
  async upsertLocations(em: EntityManager, root: LocationNode): Promise<void> {
    const paths = locationPaths(root);
    const walk = async (node: LocationNode, parent: { code: string; path: string } | null) => {
      const path = paths.get(node.code)!;
      await em.query(
        `INSERT INTO locations (code, parent_code, level, path, name) VALUES ($1,$2,$3,$4,$5)
         ON CONFLICT (code) DO UPDATE SET parent_code = EXCLUDED.parent_code, level = EXCLUDED.level,
           path = EXCLUDED.path, name = EXCLUDED.name`,
        [node.code, parent?.code ?? null, node.level, path, JSON.stringify(node.name)],
      );
      for (const child of node.children ?? []) await walk(child, { code: node.code, path });
    };
    await walk(root, null);
  }

  async upsertOrganisations(em: EntityManager, orgs: OrganisationsDef): Promise<void> {
    for (const a of orgs.agencies) {
      await em.query(
        `INSERT INTO agencies (id, name, location_code) VALUES ($1,$2,$3)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, location_code = EXCLUDED.location_code`,
        [a.id, JSON.stringify(a.name), a.location],
      );
    }
    for (const t of orgs.teams) {
      await em.query(
        `INSERT INTO teams (id, agency_id, name) VALUES ($1,$2,$3)
         ON CONFLICT (id) DO UPDATE SET agency_id = EXCLUDED.agency_id, name = EXCLUDED.name`,
        [t.id, t.agency, JSON.stringify(t.name)],
      );
    }
  }

  async locationPath(code: string): Promise<string | null> {
    const rows = await this.ds.query(`SELECT path FROM locations WHERE code = $1`, [code]);
    return rows[0]?.path ?? null;
  }
}
