import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { DraftFinding } from './draft-findings';
import type { PatchOperation } from './json-patch';

export type DraftStatus = 'open' | 'published' | 'discarded';
export type DraftChangeKind = 'created' | 'edited' | 'imported';

export interface DraftRow {
  id: number;
  packId: string;
  status: DraftStatus;
  baseVersionId: number | null;
  baseVersion: number | null;
  files: Record<string, unknown>;
  revision: number;
  findings: DraftFinding[];
  createdByName: string;
  createdAt: Date;
  updatedAt: Date;
  closedByName: string | null;
  closedAt: Date | null;
  publishedVersionId: number | null;
  publishedVersion: number | null;
}

export interface ChangeRow {
  revision: number;
  kind: DraftChangeKind;
  operations: PatchOperation[];
  touched: string[];
  note: string | null;
  changedBy: string | null;
  changedByName: string;
  changedAt: Date;
}

const DRAFT_COLUMNS = `d.id, d.pack_id AS "packId", d.status, d.base_version_id AS "baseVersionId", b.version AS "baseVersion",
  d.revision, d.findings, d.created_by_name AS "createdByName", d.created_at AS "createdAt", d.updated_at AS "updatedAt",
  d.closed_by_name AS "closedByName", d.closed_at AS "closedAt", d.published_version_id AS "publishedVersionId", p.version AS "publishedVersion"`;
const DRAFT_FROM = `sop_drafts d LEFT JOIN sop_versions b ON b.id = d.base_version_id LEFT JOIN sop_versions p ON p.id = d.published_version_id`;
const CHANGE_COLUMNS = `revision, kind, operations, touched, note, changed_by AS "changedBy", changed_by_name AS "changedByName", changed_at AS "changedAt"`;

/** Ids are PostgreSQL integers: a larger number names no draft (rather than failing the query). */
const MAX_ID = 2_147_483_647;

/** The only place that reads and writes SOP drafts and their change logs. */
@Injectable()
export class SopDraftsRepository {
  constructor(private readonly ds: DataSource) {}

  /** Drafts without their files (newest first). */
  async list(): Promise<Array<Omit<DraftRow, 'files'>>> {
    return this.ds.query(`SELECT ${DRAFT_COLUMNS} FROM ${DRAFT_FROM} ORDER BY d.id DESC LIMIT 50`);
  }

  async find(id: number, em: EntityManager = this.ds.manager): Promise<DraftRow | null> {
    if (!Number.isInteger(id) || id < 1 || id > MAX_ID) return null;
    const rows = await em.query(`SELECT ${DRAFT_COLUMNS}, d.files FROM ${DRAFT_FROM} WHERE d.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** The draft, locked until the transaction ends: edits of one draft are applied one after another. */
  async lock(em: EntityManager, id: number): Promise<DraftRow | null> {
    if (!Number.isInteger(id) || id < 1 || id > MAX_ID) return null;
    await em.query(`SELECT 1 FROM sop_drafts WHERE id = $1 FOR UPDATE`, [id]);
    return this.find(id, em);
  }

  async openDraftId(packId: string, em: EntityManager = this.ds.manager): Promise<number | null> {
    const rows = await em.query(`SELECT id FROM sop_drafts WHERE pack_id = $1 AND status = 'open'`, [packId]);
    return rows[0]?.id ?? null;
  }

  /** Holds the pack's draft lock until the transaction ends: two administrators opening a draft at once take turns. */
  async lockPack(em: EntityManager, packId: string): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('sop_drafts:' || $1))`, [packId]);
  }

  async insert(
    em: EntityManager,
    d: { packId: string; baseVersionId: number | null; files: Record<string, unknown>; findings: DraftFinding[]; by: string | null; byName: string; at: Date },
  ): Promise<number> {
    const [row] = await em.query(
      `INSERT INTO sop_drafts (pack_id, base_version_id, files, revision, findings, created_by, created_by_name, created_at, updated_at)
       VALUES ($1, $2, $3, 1, $4, $5, $6, $7, $7) RETURNING id`,
      [d.packId, d.baseVersionId, JSON.stringify(d.files), JSON.stringify(d.findings), d.by, d.byName, d.at],
    );
    return row.id;
  }

  async update(em: EntityManager, id: number, d: { files: Record<string, unknown>; revision: number; findings: DraftFinding[]; at: Date }): Promise<void> {
    await em.query(`UPDATE sop_drafts SET files = $2, revision = $3, findings = $4, updated_at = $5 WHERE id = $1`, [
      id,
      JSON.stringify(d.files),
      d.revision,
      JSON.stringify(d.findings),
      d.at,
    ]);
  }

  async close(
    em: EntityManager,
    id: number,
    c: { status: Exclude<DraftStatus, 'open'>; byName: string; at: Date; publishedVersionId: number | null },
  ): Promise<void> {
    await em.query(`UPDATE sop_drafts SET status = $2, closed_by_name = $3, closed_at = $4, published_version_id = $5, updated_at = $4 WHERE id = $1`, [
      id,
      c.status,
      c.byName,
      c.at,
      c.publishedVersionId,
    ]);
  }

  async insertChange(
    em: EntityManager,
    draftId: number,
    c: {
      revision: number;
      kind: DraftChangeKind;
      operations: PatchOperation[];
      touched: string[];
      note: string | null;
      by: string | null;
      byName: string;
      at: Date;
    },
  ): Promise<void> {
    await em.query(
      `INSERT INTO sop_draft_changes (draft_id, revision, kind, operations, touched, note, changed_by, changed_by_name, changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [draftId, c.revision, c.kind, JSON.stringify(c.operations), JSON.stringify(c.touched), c.note, c.by, c.byName, c.at],
    );
  }

  /** The changes after `revision` (oldest first); every change when `revision` is 0. */
  async changesAfter(draftId: number, revision: number, em: EntityManager = this.ds.manager): Promise<ChangeRow[]> {
    return em.query(`SELECT ${CHANGE_COLUMNS} FROM sop_draft_changes WHERE draft_id = $1 AND revision > $2 ORDER BY revision`, [draftId, revision]);
  }
}
