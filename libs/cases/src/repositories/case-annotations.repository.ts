import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface CaseFlag {
  id: string;
  /** Null (with `reasonHidden`) for a reader who may not read it (case-disclosure.ts). */
  reason: string | null;
  flaggedBy: { id: string; name: string };
  flaggedAt: Date;
  removedBy: { id: string; name: string } | null;
  removedAt: Date | null;
  removalReason: string | null;
  reasonHidden?: true;
}

export interface CaseNote {
  id: string;
  text: string;
  visibility: 'team' | 'case';
  teamId: string | null;
  author: { id: string; name: string };
  createdAt: Date;
}

const FLAG_COLUMNS = `f.id, f.reason, f.flagged_at AS "flaggedAt", f.removed_at AS "removedAt", f.removal_reason AS "removalReason",
  json_build_object('id', fb.id, 'name', fb.display_name) AS "flaggedBy",
  CASE WHEN rb.id IS NULL THEN NULL ELSE json_build_object('id', rb.id, 'name', rb.display_name) END AS "removedBy"`;

/** Flags and notes of cases. Writers hold the case row lock (CaseAccessService.lockReadable). */
@Injectable()
export class CaseAnnotationsRepository {
  constructor(private readonly ds: DataSource) {}

  flags(caseId: string, includeRemoved: boolean): Promise<CaseFlag[]> {
    return this.ds.query(
      `SELECT ${FLAG_COLUMNS} FROM case_flags f JOIN users fb ON fb.id = f.flagged_by LEFT JOIN users rb ON rb.id = f.removed_by
       WHERE f.case_id = $1 AND ($2::boolean OR f.removed_at IS NULL) ORDER BY f.flagged_at, f.id`,
      [caseId, includeRemoved],
    );
  }

  async addFlag(em: EntityManager, f: { caseId: string; reason: string; by: string; at: Date }): Promise<string> {
    const rows = await em.query(`INSERT INTO case_flags (case_id, reason, flagged_by, flagged_at) VALUES ($1,$2,$3,$4) RETURNING id`, [
      f.caseId,
      f.reason,
      f.by,
      f.at,
    ]);
    return rows[0].id;
  }

  async findFlag(em: EntityManager, caseId: string, flagId: string): Promise<{ id: string; removedAt: Date | null } | null> {
    const rows = await em.query(`SELECT id, removed_at AS "removedAt" FROM case_flags WHERE case_id = $1 AND id::text = $2`, [caseId, flagId]);
    return rows[0] ?? null;
  }

  async removeFlag(em: EntityManager, flagId: string, r: { by: string; at: Date; reason: string }): Promise<boolean> {
    const rows = await em.query(
      `WITH done AS (UPDATE case_flags SET removed_by = $2, removed_at = $3, removal_reason = $4 WHERE id = $1 AND removed_at IS NULL RETURNING id)
       SELECT id FROM done`,
      [flagId, r.by, r.at, r.reason],
    );
    return rows.length === 1;
  }

  /** Notes the reader may see: every `case` note, and `team` notes of the reader's team. */
  notes(caseId: string, readerTeamId: string | null): Promise<CaseNote[]> {
    return this.ds.query(
      `SELECT n.id, n.text, n.visibility, n.team_id AS "teamId", n.created_at AS "createdAt",
              json_build_object('id', u.id, 'name', u.display_name) AS author
       FROM case_notes n JOIN users u ON u.id = n.author_id
       WHERE n.case_id = $1 AND (n.visibility = 'case' OR n.team_id = $2) ORDER BY n.created_at, n.id`,
      [caseId, readerTeamId],
    );
  }

  async addNote(
    em: EntityManager,
    n: { caseId: string; text: string; visibility: 'team' | 'case'; teamId: string | null; by: string; at: Date },
  ): Promise<string> {
    const rows = await em.query(`INSERT INTO case_notes (case_id, text, visibility, team_id, author_id, created_at) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id`, [
      n.caseId,
      n.text,
      n.visibility,
      n.teamId,
      n.by,
      n.at,
    ]);
    return rows[0].id;
  }
}
