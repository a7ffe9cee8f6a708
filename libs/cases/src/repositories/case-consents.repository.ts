import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface ConsentRecord {
  id: string;
  caseId: string;
  purpose: string;
  kind: 'consent' | 'assent';
  decision: 'granted' | 'refused' | 'withdrawn';
  givenBy: string;
  givenByName: string | null;
  method: string;
  givenAt: Date;
  recordedBy: string;
  recordedByName: string | null;
  recordedAt: Date;
  notes: string | null;
}

/** The only place that reads and writes consent records (append-only). */
@Injectable()
export class CaseConsentsRepository {
  constructor(private readonly ds: DataSource) {}

  async insert(em: EntityManager, r: Omit<ConsentRecord, 'id' | 'recordedByName'>): Promise<string> {
    const rows = await em.query(
      `INSERT INTO case_consents (case_id, purpose, kind, decision, given_by, given_by_name, method, given_at, recorded_by, recorded_at, notes)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) RETURNING id`,
      [r.caseId, r.purpose, r.kind, r.decision, r.givenBy, r.givenByName, r.method, r.givenAt, r.recordedBy, r.recordedAt, r.notes],
    );
    return rows[0].id;
  }

  /** Every record of a case, oldest first (the history of who agreed to what). */
  list(caseId: string, em: EntityManager = this.ds.manager): Promise<ConsentRecord[]> {
    return em.query(
      `SELECT k.id, k.case_id AS "caseId", k.purpose, k.kind, k.decision, k.given_by AS "givenBy", k.given_by_name AS "givenByName",
              k.method, k.given_at AS "givenAt", k.recorded_by AS "recordedBy", u.display_name AS "recordedByName",
              k.recorded_at AS "recordedAt", k.notes
       FROM case_consents k LEFT JOIN users u ON u.id = k.recorded_by
       WHERE k.case_id = $1 ORDER BY k.given_at, k.recorded_at, k.id`,
      [caseId],
    );
  }
}
